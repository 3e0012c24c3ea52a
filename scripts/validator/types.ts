// What the validator's checks share while they run (the report they fill in is report.ts).
import type { Decision, SharingPolicy } from '../../policy/runtime/core.ts';
import type { DistPolicy } from '../compile/dist-policy.ts';
import type { Content, ContentLocations } from '../content/content.ts';
import type { SpaceCache } from '../impact/space-cache.ts';
import type { ValidateConfig } from './config.ts';
import type { MalformedRequest } from './malformed.ts';
import type { ValidateReport } from './report.ts';
import type { Scenario } from '../content/scenario-files.ts';

export type { CompletenessItem, PromiseProof, ScenarioResult, SectionReadability, ValidateReport } from './report.ts';

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
