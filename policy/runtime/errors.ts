import { printable, printableProblem } from './printable.ts';

/** One thing wrong with a request, as the request schema sees it. */
export interface RequestProblem {
  /** JSON Pointer to the offending value ("" for the request itself, "/consent", "/circumstances/0/id"). */
  path: string;
  /** The schema keyword that failed (`required`, `enum`, `additionalProperties`, `type`, …). */
  keyword: string;
  /** What was wrong, in words. */
  message: string;
  /** What was expected, where the schema says (the allowed values, the missing field). */
  expected?: string;
  /** The value found there, as JSON text (shortened when long). */
  found?: string;
}

/**
 * The request does not match the request schema. No decision was made. Each problem's text is printable:
 * a member's name or value that holds a terminal's control characters is written with them escaped (as
 * `\u001b`), so an app that logs or prints the problems logs no escape sequence from its caller.
 */
export class InvalidRequestError extends Error {
  override readonly name = 'InvalidRequestError';
  /** The same for every InvalidRequestError, for logs and for apps that test errors by code. */
  readonly code = 'invalid-request';
  /** What is wrong, each with its place in the request: at most twenty, then one that counts the rest. */
  readonly problems: readonly RequestProblem[];
  constructor(problems: readonly RequestProblem[]) {
    const shown = problems.map(printableProblem);
    super(`Invalid sharing request: ${shown.map((p) => `${p.path || '(request)'} ${p.message}`).join('; ')}`);
    this.problems = shown;
  }
}

/** The policy (WASM module or data) could not be loaded. */
export class PolicyLoadError extends Error {
  override readonly name = 'PolicyLoadError';
  /** The same for every PolicyLoadError, for logs and for apps that test errors by code. */
  readonly code = 'policy-load';
  constructor(message: string, options?: { cause?: unknown }) {
    super(printable(message), options);
  }
}

/** The policy failed while deciding. No decision was made. */
export class PolicyEvaluationError extends Error {
  override readonly name = 'PolicyEvaluationError';
  /** The same for every PolicyEvaluationError, for logs and for apps that test errors by code. */
  readonly code = 'policy-evaluation';
  /** The clause or obligation the policy cited that its data does not have, when that is what failed. */
  readonly unknown?: { kind: 'clause' | 'obligation'; id: string };
  constructor(message: string, options?: { cause?: unknown; unknown?: { kind: 'clause' | 'obligation'; id: string } }) {
    super(printable(message), options);
    if (options?.unknown) this.unknown = options.unknown;
  }
}
