// The browser-safe core of the runtime: no `node:` imports, no network. It takes the WASM bytes and the
// policy data as arguments; node.ts and browser.ts find them for you. The engine (engine.ts) with this
// package's defaults: its request schema's check and the pin of its own build.
import { createEngine, noProblems, serialiseRequest, type CreateOptions, type SharingPolicy } from './engine.ts';
import { PolicyLoadError, type RequestProblem } from './errors.ts';
import { build } from './generated/build.ts';
import type { SharingRequest } from './generated/types.ts';
import { validateRequest } from './generated/validate-request.js';
import { describeThrown, ownMembers, quote, refuseNull, toProblems } from './problems.ts';

export { entrypoint, explainEntrypoint, loadEntrypoint, maxRequestLength, type ConsentState, type CreateOptions, type Evaluation, type Explanation, type FactChange, type Outcome, type SharingPolicy, type WasmBytes } from './engine.ts';
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
    return [{ path: '', keyword: 'type', message: `cannot be read (${describeThrown(thrown)})`, expected: 'an object' }];
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

/**
 * Loads the compiled policy from its WASM bytes and data. Rejects with PolicyLoadError when the bytes are
 * not a WASM module, or are a policy without the sharing decision, or the data is not the notice's, or
 * (unless `pin` says otherwise) they are not this package's own build. Only the options' own members
 * are read: a polluted Object.prototype cannot turn the pin off or give other data.
 */
export async function createSharingPolicy(options: CreateOptions): Promise<SharingPolicy> {
  refuseNull(options);
  const own = ownMembers(options, ['wasm', 'data', 'pin', 'evaluation', 'checkRequest']);
  const given = own.pin as unknown;
  // A pin's hashes are its own members, each 64 lowercase hex digits (not a list holding one, say).
  const hashOf = (key: 'wasmSha256' | 'dataSha256'): string | undefined => {
    const value = given !== null && typeof given === 'object' && Object.hasOwn(given, key) ? (given as Record<string, unknown>)[key] : undefined;
    return typeof value === 'string' && /^[0-9a-f]{64}$/.test(value) ? value : undefined;
  };
  const [wasmSha256, dataSha256] = [hashOf('wasmSha256'), hashOf('dataSha256')];
  if (given !== undefined && given !== false && !(wasmSha256 && dataSha256)) {
    throw new PolicyLoadError(`The pin must be false or { wasmSha256, dataSha256 }, each 64 lowercase hex digits, found ${quote(given)}`);
  }
  const pin = given === undefined ? undefined : given === false ? false : { wasmSha256: wasmSha256!, dataSha256: dataSha256! };
  return createEngine({
    wasm: own.wasm as CreateOptions['wasm'],
    data: own.data as CreateOptions['data'],
    ...(own.evaluation !== undefined ? { evaluation: own.evaluation } : {}),
    checkRequest: own.checkRequest ?? requestProblems,
    pin: pin === undefined ? build : pin,
    ...(pin === undefined ? { pinnedBuild: build } : {}),
    // An app's policy, pinned or not, never shares nothing or what was not asked for.
    holdSharesToRequest: true,
  });
}
