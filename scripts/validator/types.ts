// What the validator produces (the report every reporter formats) and what its checks share while they run.
import type { Decision, SharingPolicy } from '../../policy/runtime/core.ts';
import type { DistPolicy } from '../build/dist-policy.ts';
import type { Content, ContentLocations } from '../content/content.ts';
import type { NoticeMessage } from '../content/messages.ts';
import type { ImpactReport } from '../impact/impact.ts';
import type { SpaceCache } from '../impact/space-cache.ts';
import type { CompletenessItem } from './checks/completeness.ts';
import type { PromiseProof } from './checks/promises.ts';
import type { SectionReadability } from './checks/readability.ts';
import type { ValidateConfig } from './config.ts';
import type { MalformedRequest } from './malformed.ts';
import type { Scenario } from './scenario-files.ts';

export interface ScenarioResult {
  scenario: Scenario;
  passed: boolean;
  expected: Scenario['expect'];
  /** What the policy did: a decision, or the request was rejected. */
  actual: { outcome: Decision['outcome']; reasons: string[]; obligations: string[]; information: string[] } | { rejected: true };
  /** What was missing: the outcome, clause ids, obligation ids or the kinds of information sent. */
  missing: string[];
}

export interface ValidateReport {
  root: string;
  noticeVersion?: string;
  wasmSha256?: string;
  rebuilt: boolean;
  messages: NoticeMessage[];
  scenarios: ScenarioResult[];
  completeness: CompletenessItem[];
  readability: (SectionReadability & { grade: number; over: boolean })[];
  engines?: { compared: number; disagreements: number };
  /** The promises proven over the whole request space (and malformed requests). */
  proof?: PromiseProof;
  /** Whether every Rego rule that implements a clause was checked to be exercised: only over the whole scenario set. */
  ruleCoverage?: 'checked' | 'skipped';
  /** Scenarios that could not be run: their file or request does not match its schema. */
  invalidScenarios?: number;
  /** Which command made the report: `diff` reports the change impact alone. */
  command?: 'validate' | 'diff';
  /** With --base: what the change would newly allow or forbid, or why that could not be worked out. */
  impact?: ImpactReport | { notRun: string };
}

/** What the checks of one run share: the content, the built policy, and what earlier checks found. */
export interface CheckContext {
  root: string;
  config: ValidateConfig;
  /** The scenario files of this run. */
  files: string[];
  /** Whether this run has the whole scenario set (rule coverage is a question for the whole set only). */
  whole: boolean;
  content: Content;
  locations: ContentLocations;
  /** The checkout's dist/policy, and the runtime loaded from it. */
  dist: DistPolicy & { requestSchema: object };
  policy: SharingPolicy;
  /** The report the checks add to. */
  report: ValidateReport;
  /** Filled by the scenarios check: each valid scenario's decision on the WASM runtime. */
  decisions: Map<Scenario, Decision>;
  /** Filled by the promises check: the malformed requests the proof used, for the engines check. */
  malformed: MalformedRequest[];
  /** Where earlier runs' decisions of the space are kept (scripts/impact/space-cache.ts), if anywhere. */
  cache?: SpaceCache;
}

/** One check of `npm run validate`: it reads the context, adds messages (and its part of the report). */
export interface Check {
  id: string;
  run(context: CheckContext): Promise<void> | void;
}
