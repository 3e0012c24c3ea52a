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
  notice: { id: string; version: string; clauses: Record<string, { text: string; order?: number }>; [list: string]: unknown };
}

export type Outcome = Decision['outcome'];

/**
 * The entrypoint the runtime evaluates: `sharing.verdict`, the decision as ids (annotated
 * `entrypoint: true`); the runtime adds the clauses' and obligations' words from the same data.
 */
export const entrypoint = 'sharing/verdict';

/** How the runtime calls the WASM module: straight through OPA's ABI 1.2 `opa_eval`, or via the SDK. */
export type Evaluation = 'abi' | 'sdk';

export interface SharingPolicy {
  /** Decides a request. Throws InvalidRequestError for a request that does not match the schema. */
  decide(request: SharingRequest): Decision;
  /** Checks a request against the request schema without deciding it; [] when it is valid. */
  problems(request: unknown): RequestProblem[];
  readonly noticeVersion: string;
  /** How this instance calls the WASM module. */
  readonly evaluation: Evaluation;
  /** The size of the WASM module's linear memory, in bytes. */
  memoryBytes(): number;
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

export interface CreateOptions {
  wasm: BufferSource;
  data: PolicyData;
  /**
   * Checks a request before it is decided; [] when it is valid. Defaults to the request schema generated
   * with this package's notice. Pass your own when you load data of another version of the notice.
   */
  checkRequest?: (request: unknown) => RequestProblem[];
  /**
   * `abi` (the default when the module supports ABI 1.2) writes the request straight into the module's
   * memory and calls `opa_eval` with the data loaded once; `sdk` goes through the SDK's `evaluate`.
   */
  evaluation?: Evaluation;
}

interface Verdict {
  outcome: Decision['outcome'];
  clauses: string[];
  obligations: string[];
}

/** The SDK's loaded policy, as far as the ABI fast path needs it (SDK 1.10 internals, pinned). */
interface SdkInternals {
  minorVersion: number;
  mem: WebAssembly.Memory;
  wasmInstance: WebAssembly.Instance & { exports: { opa_eval?: (...args: number[]) => number } };
  dataAddr: number;
  dataHeapPtr: number;
  entrypoints: Record<string, number>;
}

/**
 * Evaluates through OPA's ABI 1.2 directly: one `opa_eval` call a decision, the input encoded straight
 * into linear memory above the data, the heap reset by the call itself (so memory does not grow).
 */
function abiEvaluator(sdk: SdkInternals): ((request: unknown) => Verdict) | undefined {
  // These are the SDK's internals (pinned at 1.10); anything unexpected falls back to the SDK's evaluate.
  const opaEval = sdk.wasmInstance?.exports?.opa_eval;
  const id = sdk.entrypoints?.[entrypoint];
  if (!(sdk.minorVersion >= 2) || typeof opaEval !== 'function' || id === undefined) return undefined;
  if (!(sdk.mem instanceof WebAssembly.Memory) || typeof sdk.dataAddr !== 'number' || typeof sdk.dataHeapPtr !== 'number') return undefined;
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  const { mem, dataAddr } = sdk;
  const inputAddr = sdk.dataHeapPtr;
  let view = new Uint8Array(mem.buffer);
  return (request) => {
    const json = JSON.stringify(request);
    // UTF-8 takes at most three bytes per UTF-16 unit; leave room for the result above the input.
    const room = inputAddr + json.length * 3 + 65536 - mem.buffer.byteLength;
    if (room > 0) mem.grow(Math.ceil(room / 65536));
    if (view.buffer !== mem.buffer) view = new Uint8Array(mem.buffer);
    const { written } = encoder.encodeInto(json, view.subarray(inputAddr));
    const resultAddr = opaEval(0, id, dataAddr, inputAddr, written, inputAddr + written, 0);
    if (view.buffer !== mem.buffer) view = new Uint8Array(mem.buffer);
    const end = view.indexOf(0, resultAddr);
    const resultSet = JSON.parse(decoder.decode(view.subarray(resultAddr, end))) as { result?: Verdict }[];
    return resultSet[0]?.result as Verdict;
  };
}

/**
 * Loads the compiled policy from its WASM bytes and data. Rejects with PolicyLoadError when the bytes are
 * not a WASM module, or are a policy without the sharing decision, or the data is not the notice's.
 */
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

  const sdkEvaluate = (request: unknown): Verdict => (policy.evaluate(request, entrypoint) as { result?: Verdict }[] | undefined)?.[0]?.result as Verdict;
  const evaluate = (options.evaluation === 'sdk' ? undefined : abiEvaluator(policy as unknown as SdkInternals)) ?? sdkEvaluate;
  const evaluation: Evaluation = evaluate === sdkEvaluate ? 'sdk' : 'abi';

  // The words and reading order of each clause, and each obligation, looked up once.
  const clauses = new Map(Object.entries(data.notice.clauses).map(([id, clause]) => [id, { text: clause.text, order: (clause as { order?: number }).order ?? 0 }]));
  const inReadingOrder = (a: string, b: string) => (clauses.get(a)?.order ?? 0) - (clauses.get(b)?.order ?? 0);
  const obligations = new Map(
    Object.entries((data.notice as { obligations?: Record<string, { text: string; clause: string }> }).obligations ?? {}).map(([id, o]) => [id, { id, text: o.text, clause: o.clause }]),
  );

  return {
    noticeVersion,
    wasmSha256,
    dataSha256,
    evaluation,
    memoryBytes: () => (policy as unknown as SdkInternals).mem.buffer.byteLength,
    problems: checkRequest,
    decide(request: SharingRequest): Decision {
      const problems = checkRequest(request);
      if (problems.length > 0) throw new InvalidRequestError(problems);
      let verdict: Verdict | undefined;
      try {
        verdict = evaluate(request);
      } catch (thrown) {
        throw new PolicyEvaluationError(`The policy failed to decide: ${describeThrown(thrown)}`, { cause: thrown });
      }
      if (!verdict || typeof verdict.outcome !== 'string' || !Array.isArray(verdict.clauses) || !Array.isArray(verdict.obligations)) {
        throw new PolicyEvaluationError('The policy returned no decision');
      }
      return {
        outcome: verdict.outcome,
        reasons: verdict.clauses.sort(inReadingOrder).map((clause) => {
          const text = clauses.get(clause)?.text;
          if (text === undefined) throw new PolicyEvaluationError(`The policy cited clause \`${clause}\`, which its data does not have`);
          return { clause, text };
        }),
        obligations: verdict.obligations.map((id) => {
          const obligation = obligations.get(id);
          if (!obligation) throw new PolicyEvaluationError(`The policy named obligation \`${id}\`, which its data does not have`);
          return { ...obligation };
        }),
        policy: provenance,
      };
    },
  };
}
