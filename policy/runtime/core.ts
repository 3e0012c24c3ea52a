// The browser-safe core of the runtime: no `node:` imports, no network. It takes the WASM bytes and the
// policy data as arguments; node.ts and browser.ts find them for you.
import { loadPolicy } from '@open-policy-agent/opa-wasm';
import type { Decision, SharingRequest } from './generated/types.ts';
import { validateRequest } from './generated/validate-request.js';
import { describeThrown, InvalidRequestError, PolicyEvaluationError, PolicyLoadError, type RequestProblem } from './errors.ts';

export type { Decision, SharingRequest } from './generated/types.ts';
export * from './errors.ts';

/** The policy's data document (dist/policy/data.json), generated from content/. */
export interface PolicyData {
  notice: { id: string; version: string; clauses: Record<string, { text: string }>; [list: string]: unknown };
}

export type Outcome = Decision['outcome'];

/** The entrypoint the policy declares (`sharing.decision`, annotated `entrypoint: true`). */
export const entrypoint = 'sharing/decision';

export interface SharingPolicy {
  /** Decides a request. Throws InvalidRequestError for a request that does not match the schema. */
  decide(request: SharingRequest): Decision;
  /** Checks a request against the request schema without deciding it; [] when it is valid. */
  problems(request: unknown): RequestProblem[];
  readonly noticeVersion: string;
  readonly wasmSha256: string;
  readonly dataSha256: string;
}

type LoadedPolicy = Awaited<ReturnType<typeof loadPolicy>>;

export async function sha256Hex(bytes: BufferSource): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** ajv errors as request problems. */
export function toProblems(errors: typeof validateRequest.errors): RequestProblem[] {
  return (errors ?? []).map((error) => {
    const params = error.params as Record<string, unknown>;
    let expected: string | undefined;
    if (error.keyword === 'enum') expected = `one of ${(params.allowedValues as unknown[]).map(String).join(', ')}`;
    else if (error.keyword === 'required') expected = `a \`${String(params.missingProperty)}\` field`;
    else if (error.keyword === 'additionalProperties') expected = `no \`${String(params.additionalProperty)}\` field`;
    else if (error.keyword === 'type') expected = String(params.type);
    return { path: error.instancePath, keyword: error.keyword, message: error.message ?? 'is invalid', ...(expected ? { expected } : {}) };
  });
}

/** Checks a request against the request schema; [] when it is valid. */
export function requestProblems(request: unknown): RequestProblem[] {
  return validateRequest(request) ? [] : toProblems(validateRequest.errors);
}

/**
 * Loads the compiled policy from its WASM bytes and data. Rejects with PolicyLoadError when the bytes are
 * not a WASM module, or are a policy without the sharing decision, or the data is not the notice's.
 */
export interface CreateOptions {
  wasm: BufferSource;
  data: PolicyData;
  /**
   * Checks a request before it is decided; [] when it is valid. Defaults to the request schema generated
   * with this package's notice. Pass your own when you load data of another version of the notice.
   */
  checkRequest?: (request: unknown) => RequestProblem[];
}

export async function createSharingPolicy(options: CreateOptions): Promise<SharingPolicy> {
  const { wasm, data } = options;
  const checkRequest = options.checkRequest ?? requestProblems;
  if (typeof data?.notice?.version !== 'string' || typeof data.notice.clauses !== 'object') {
    throw new PolicyLoadError('The policy data is not the notice\'s: expected an object with notice.version and notice.clauses (dist/policy/data.json)');
  }
  let policy: LoadedPolicy;
  try {
    policy = await loadPolicy(wasm as ArrayBuffer);
  } catch (thrown) {
    throw new PolicyLoadError(`The policy WASM module could not be loaded: ${describeThrown(thrown)}`, { cause: thrown });
  }
  const entrypoints = (policy as unknown as { entrypoints: Record<string, number> }).entrypoints ?? {};
  if (!(entrypoint in entrypoints)) {
    throw new PolicyLoadError(`The WASM module is not the sharing policy: it has no \`${entrypoint}\` entrypoint (found ${Object.keys(entrypoints).join(', ') || 'none'})`);
  }
  try {
    policy.setData(data);
  } catch (thrown) {
    throw new PolicyLoadError(`The policy data could not be loaded: ${describeThrown(thrown)}`, { cause: thrown });
  }
  const [wasmSha256, dataSha256] = await Promise.all([
    sha256Hex(wasm),
    sha256Hex(new TextEncoder().encode(JSON.stringify(data))),
  ]);
  const noticeVersion = data.notice.version;
  const provenance = { notice_version: noticeVersion, wasm_sha256: wasmSha256, data_sha256: dataSha256 };

  return {
    noticeVersion,
    wasmSha256,
    dataSha256,
    problems: checkRequest,
    decide(request: SharingRequest): Decision {
      const problems = checkRequest(request);
      if (problems.length > 0) throw new InvalidRequestError(problems);
      let resultSet: unknown;
      try {
        resultSet = policy.evaluate(request, entrypoint);
      } catch (thrown) {
        throw new PolicyEvaluationError(`The policy failed to decide: ${describeThrown(thrown)}`, { cause: thrown });
      }
      const result = (resultSet as { result?: unknown }[] | undefined)?.[0]?.result as Omit<Decision, 'policy'> | undefined;
      if (!result || typeof result.outcome !== 'string') {
        throw new PolicyEvaluationError('The policy returned no decision');
      }
      return { outcome: result.outcome, reasons: result.reasons, obligations: result.obligations, policy: provenance };
    },
  };
}
