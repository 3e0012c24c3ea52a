// The validator's report: what every reporter formats, and what the validator and its checks fill in. Types
// only, importing no check, so that the checks, the validator and the reporters all read it from below.
import type { Decision } from '../../policy/runtime/core.ts';
import type { NoticeMessage } from '../content/messages.ts';
import type { ImpactReport } from '../impact/impact.ts';
import type { Reused } from '../impact/space-cache.ts';
import type { SpaceCoverage } from '../impact/space.ts';
import type { Scenario } from '../content/scenario-files.ts';

export interface CompletenessItem {
  id: string;
  article: string;
  text: string;
  /** The clauses that say they cover it. */
  clauses: string[];
  /** The fields of content/patients.yaml that cover it (`rights`, `complaints`, `contacts.dpo`). Missing from the notice when both are empty. */
  patients?: string[];
}

export interface SectionReadability {
  section: string;
  title: string;
  sentences: number;
  words: number;
  fleschKincaidGrade: number;
  smogGrade: number;
}

export interface PromiseProof {
  /**
   * Requests of the space, each decided and checked against every promise: a proof for the shapes the
   * space holds (`coverage`), and for those only.
   */
  space: number;
  /** What the space holds and what it does not (space.ts spaceCoverage). */
  coverage?: SpaceCoverage;
  threads: number;
  seconds: number;
  /** The space's part was worked out by an earlier run over the same policy and deciding code (space-cache.ts), not by this one. */
  reused?: Reused;
  /** How many requests of the space got each outcome. */
  outcomes: Record<string, number>;
  /** The requests an app would plausibly send (see space.ts `plausible`), and their outcomes. */
  plausible: { requests: number; outcomes: Record<string, number> };
  /** Malformed requests checked besides the space. */
  malformed: number;
  /** Well-formed requests beyond the space's shapes (space.ts beyondSpace), checked besides it. */
  beyond?: number;
  /** Per promise id: how many requests break it (0 for each promise kept). */
  broken: Record<string, number>;
  /** Requests where the policy's own check and the request schema disagree. */
  disagreements: number;
}

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
