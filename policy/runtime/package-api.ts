// What every entry of the package exports besides its way of loading a policy (core.ts and the entries that
// build on it load through the OPA SDK, edge.ts by OPA's ABI alone): the types, the request check of this
// package's schema, its build's hashes, the vocabulary, the errors and the audit records. Browser-safe.
import { noProblems, serialiseRequest } from './engine.ts';
import type { RequestProblem } from './errors.ts';
import { build } from './generated/build.ts';
import type { SharingRequest } from './generated/types.ts';
import { validateRequest } from './generated/validate-request.js';
import { printableProblem } from './printable.ts';
import { describeThrown, toProblems } from './problems.ts';

export { entrypoint, explainEntrypoint, maxRequestLength, type ConsentState, type CreateOptions, type Evaluation, type Explanation, type FactChange, type Outcome, type SharingPolicy, type WasmBytes } from './engine.ts';
export type { CircumstanceId, ClauseId, Decision, InformationId, ObligationId, PurposeId, RecipientId, SharingRequest } from './generated/types.ts';
export type { PolicyData, PolicyDataInput, RequestShape } from './policy-data.ts';
export type { StandardCodes, Vocabulary } from './vocabulary.ts';
export { vocabulary } from './generated/vocabulary.ts';
export * from './errors.ts';
export { decisionId, defaultBundleName, replayDifferences, toAuditEvent, type AuditEvent, type AuditEventOptions, type DecisionLogEntry } from './audit.ts';

/** The build this package carries: its notice version and the SHA-256 of its policy.wasm and data.json. */
export { build };

/**
 * Checks a request against this package's request schema; [] when it is valid. A value that cannot be read
 * (a Proxy whose traps throw) is a problem too, not an error.
 */
export function requestProblems(request: unknown): RequestProblem[] {
  try {
    return validateRequest(request) ? noProblems : toProblems(validateRequest.errors, request);
  } catch (thrown) {
    return [printableProblem({ path: '', keyword: 'type', message: `cannot be read (${describeThrown(thrown)})`, expected: 'an object' })];
  }
}

/**
 * Whether a value is a request this package's policy decides: a type guard for requests built from
 * untrusted input (a form, a message). True exactly when `decide` with the default check would decide it:
 * plain JSON data (no toJSON, getters, class instances or boxed strings, so the value is what `decide`
 * reads) that matches the request schema; a member set to `undefined` counts as absent, as in JSON.
 */
export function isValidRequest(request: unknown): request is SharingRequest {
  try {
    const serialised = serialiseRequest(request);
    if (Array.isArray(serialised) || requestProblems(serialised.plain).length > 0) return false;
    // Read again, it writes the same text: a Proxy that answers otherwise at a later read is not what decide read.
    return JSON.stringify(request) === serialised.json;
  } catch {
    // A Proxy whose traps throw (at any read).
    return false;
  }
}
