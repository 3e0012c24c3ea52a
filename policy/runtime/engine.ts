// The engine of the runtime: loads a compiled policy and decides requests with it, given everything it needs
// (the request check and the pin). Browser-safe, and free of the modules the build generates, so the
// repository's own tools load it in a fresh checkout; core.ts adds this package's defaults.
import type { Decision, SharingRequest } from './generated/types.ts';
import { sha256Hex, sha256HexSync } from './sha256.ts';
import { decisionId, defaultBundleName, toAuditEvent, type AuditEvent, type AuditEventOptions, type DecisionLogEntry } from './audit.ts';
import { InvalidRequestError, PolicyEvaluationError, PolicyLoadError, type RequestProblem } from './errors.ts';
import { describeFound, describeThrown, quote } from './problems.ts';
import { printableProblem } from './printable.ts';
import { serialiseRequest } from './request-text.ts';
import { encode } from './utf8.ts';

export { maxRequestLength, maxRequestValues, serialiseRequest } from './request-text.ts';

export type { CircumstanceId, ClauseId, Decision, InformationId, ObligationId, PurposeId, RecipientId, SharingRequest } from './generated/types.ts';

/** The patient's consent to a sharing, as a request states it. */
export type ConsentState = SharingRequest['consent'];
export * from './errors.ts';

import type { PolicyData, PolicyDataInput } from './policy-data.ts';
export type { PolicyData, PolicyDataInput, RequestShape } from './policy-data.ts';

/** What a decision says: `share`, `share-minimum` (only what is necessary), `do-not-share`, or `refer` (a person decides). */
export type Outcome = Decision['outcome'];

/**
 * The entrypoint the runtime evaluates: `sharing.verdict`, the decision as ids, [outcome, clause ids,
 * obligation ids] (annotated `entrypoint: true`); the runtime orders them and adds the clauses' and
 * obligations' words from the same data.
 */
export const entrypoint = 'sharing/verdict';

/** How the runtime calls the WASM module: straight through OPA's ABI 1.2 `opa_eval`, or via the SDK. */
export type Evaluation = 'abi' | 'sdk';

/** A loaded policy: decides requests, checks them, logs decisions, and says which build it is. */
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
  /**
   * Decides a request and gives its decision-log entry (OPA's decision-log shape: decision_id, path,
   * input, result, timestamp, bundles, labels, and the SHA-256 of the exact JSON decided). Throws as decide.
   */
  decideLogged(request: SharingRequest, options?: { labels?: Record<string, string>; bundleName?: string }): { decision: Decision; entry: DecisionLogEntry };
  /** A decision-log entry as a FHIR R4 AuditEvent (the purpose's HL7 code, the recipient, the notice version as agent.policy). */
  auditEvent(entry: DecisionLogEntry, options?: AuditEventOptions): AuditEvent;
  /**
   * Decides a request and says what would change the outcome: each single change of its facts (consent, the
   * sharing agreement, necessity, the processor's disclosure, an opt-out, a claimed circumstance that is
   * waiting or was rejected now confirmed)
   * that leads to another outcome, with that outcome and its reasons, worked out by the policy itself. None
   * when no single change does (what the notice never allows, or what needs two changes at once). Throws as decide.
   */
  explain(request: SharingRequest): Explanation;
}

/**
 * One change of a request's facts. `{ fact: 'status', circumstance, value: 'confirmed' }`: every claim of that
 * circumstance, waiting for a person's judgement or rejected, confirmed instead.
 */
export type FactChange =
  | { fact: 'consent'; value: SharingRequest['consent'] }
  | { fact: 'necessary_for_care' | 'sharing_agreement' | 'processor_disclosed' | 'national_data_opt_out' | 'shared_care_record'; value: boolean }
  | { fact: 'status'; circumstance: NonNullable<SharingRequest['circumstances']>[number]['id']; value: 'confirmed' };

/** A decision, and what would change it. */
export interface Explanation {
  decision: Decision;
  alternatives: { change: FactChange; outcome: Decision['outcome']; reasons: Decision['reasons']; obligations: Decision['obligations'] }[];
}

/** The entrypoint that works out what would change a decision (sharing.explain). */
export const explainEntrypoint = 'sharing/explain/alternatives';

export const noProblems: RequestProblem[] = Object.freeze([]) as unknown as RequestProblem[];

/** Bytes, as an app holds them: an ArrayBuffer (or SharedArrayBuffer), or a view of one (Uint8Array, Node's Buffer). */
export type WasmBytes = ArrayBufferLike | ArrayBufferView;

/** An ArrayBuffer or SharedArrayBuffer, from this realm or another (an iframe's, a test environment's). */
function isBuffer(value: unknown): value is ArrayBufferLike {
  const tag = Object.prototype.toString.call(value);
  return tag === '[object ArrayBuffer]' || tag === '[object SharedArrayBuffer]';
}

/** How to load a policy: its WASM bytes and data, and optionally the request check, the evaluation path and the pin. */
export interface CreateOptions {
  /** The module's bytes (a Buffer, a Uint8Array or an ArrayBuffer). */
  wasm: WasmBytes;
  /** The policy data: the object (dist/policy/data.json parsed), or its JSON text. */
  data: PolicyDataInput | string;
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
  /**
   * The SHA-256 the WASM module's bytes and the data's JSON (as JSON.stringify writes it, which is the
   * published data.json byte for byte) must have. Defaults to this package's own build (`build`); pass the
   * hashes of a build you publish yourself, or `false` to load any policy (tools that compare builds).
   */
  pin?: { wasmSha256: string; dataSha256: string } | false;
}

/** What the engine needs besides CreateOptions: the check and the pin, with nothing left to default. */
export interface EngineOptions extends CreateOptions {
  /** How the module is loaded: through the OPA SDK (sdk-module.ts) or by its ABI alone (abi.ts). */
  loader: ModuleLoader;
  checkRequest: (request: unknown) => RequestProblem[];
  pin: { wasmSha256: string; dataSha256: string } | false;
  /** Said in a pin error: whose build the pin is (\"the policy of notice 1.0.0 this package was built with\"). */
  pinnedBuild?: { noticeVersion: string };
  /**
   * Whether a share that sends nothing, or what was not asked for, is refused as no decision (the default).
   * The validator and the change impact turn it off: they report such a policy's shares as broken promises,
   * at the requests that break them.
   */
  holdSharesToRequest?: boolean;
}

/** What `sharing.verdict` answers: [outcome, clause ids, obligation ids, information ids]. */
type Verdict = [Decision['outcome'], string[], string[], string[]];

/**
 * The verdict in a result the module wrote, or undefined. Only this shape: the verdicts of builds from
 * earlier commits (without the information that may be sent) are the change impact's to read
 * (scripts/impact/space-decide.ts), never an app's: a share must say what may be sent.
 */
function readVerdict(result: unknown): Verdict | undefined {
  if (!Array.isArray(result)) return undefined;
  const [outcome, clauses, obligations, information] = result as unknown[];
  if (result.length === 4 && typeof outcome === 'string' && Array.isArray(clauses) && Array.isArray(obligations) && Array.isArray(information)) {
    return [outcome as Decision['outcome'], clauses as string[], obligations as string[], information as string[]];
  }
  return undefined;
}

const outcomes = new Set<string>(['share', 'share-minimum', 'do-not-share', 'refer']);

type Worded = Pick<Decision, 'outcome' | 'reasons' | 'obligations' | 'information'>;

/**
 * A policy module loaded with its data, as the engine uses it: its entrypoints, and an evaluator of any of
 * them from the input's JSON text to the result set's JSON text. sdk-module.ts loads one through the OPA
 * SDK (the reference); abi.ts speaks OPA's ABI itself, with no SDK (the edge entry).
 */
export interface PolicyModule {
  entrypoints: Record<string, number>;
  evaluator(entrypoint: string): (json: string) => string;
  /** How the evaluators call the module. */
  evaluation: Evaluation;
  /** The size of the module's linear memory, in bytes. */
  memoryBytes(): number;
}

/** Loads a module's bytes with the data's JSON text; rejects with PolicyLoadError when it cannot. */
export type ModuleLoader = (wasm: Uint8Array, dataText: string, evaluation: Evaluation | undefined) => Promise<PolicyModule>;

/** Bytes (an ArrayBuffer, or a view of one) copied into a buffer of their own: a caller cannot change them after. */
export function copyBytes(source: ArrayBufferLike | ArrayBufferView): Uint8Array {
  return new Uint8Array(ArrayBuffer.isView(source) ? new Uint8Array(source.buffer, source.byteOffset, source.byteLength) : new Uint8Array(source));
}

/** The data given as JSON text, parsed; text that is not JSON is a PolicyLoadError that says so briefly. */
function dataFromText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (thrown) {
    throw new PolicyLoadError(`The policy data is text (${text.length} characters) that is not JSON: ${describeThrown(thrown).slice(0, 120)}`);
  }
}

/**
 * Loads the compiled policy from its WASM bytes and data. Rejects with PolicyLoadError when the bytes are
 * not a WASM module, or are a policy without the sharing decision, or the data is not the notice's.
 */
export async function createEngine(options: EngineOptions): Promise<SharingPolicy> {
  const { checkRequest, pin, pinnedBuild } = options;
  const holdSharesToRequest = options.holdSharesToRequest !== false;
  if (options.evaluation !== undefined && options.evaluation !== 'abi' && options.evaluation !== 'sdk') {
    throw new PolicyLoadError(`The evaluation must be 'abi' or 'sdk', found ${quote(options.evaluation)}`);
  }
  if (typeof checkRequest !== 'function') throw new PolicyLoadError(`checkRequest must be a function of a request that returns its problems, found ${describeFound(checkRequest)}`);
  // What is hashed is what is loaded: the module's bytes copied once (a caller cannot change them between
  // the check and the use), the data written out once and parsed back (a toJSON or getter is read once).
  let wasm: Uint8Array<ArrayBuffer>;
  let dataText: string | undefined;
  const source = options.wasm as unknown;
  if (!isBuffer(source) && !ArrayBuffer.isView(source)) {
    const found = typeof WebAssembly !== 'undefined' && source instanceof WebAssembly.Module ? 'a compiled WebAssembly.Module, whose bytes cannot be checked against the pin' : describeFound(source);
    throw new PolicyLoadError(`The policy WASM module must be given as its bytes (an ArrayBuffer, a Uint8Array or a Buffer), found ${found}`);
  }
  try {
    wasm = copyBytes(source) as Uint8Array<ArrayBuffer>;
    // Data given as its JSON text (data.json read as text) is that object.
    dataText = JSON.stringify(typeof options.data === 'string' ? dataFromText(options.data) : options.data);
  } catch (thrown) {
    if (thrown instanceof PolicyLoadError) throw thrown;
    throw new PolicyLoadError(`The policy could not be read: ${describeThrown(thrown)}`, { cause: thrown });
  }
  const data = (dataText === undefined ? undefined : JSON.parse(dataText)) as PolicyData | undefined;
  if (typeof data?.notice?.version !== 'string' || typeof data.notice.clauses !== 'object') {
    throw new PolicyLoadError('The policy data is not the notice\'s: expected an object with notice.version and notice.clauses (dist/policy/data.json)');
  }
  const [wasmSha256, dataSha256] = await Promise.all([
    sha256Hex(wasm),
    sha256Hex(encode(dataText!)),
  ]);
  // Only the policy this package was built with (or the one the app pins) is loaded, and checked before the
  // module is compiled, so no other code runs: another module with the same entrypoint, or data with
  // marketing allowed, is refused.
  if (pin !== false) {
    if (wasmSha256 !== pin.wasmSha256) {
      throw new PolicyLoadError(`The WASM module is not the pinned policy: its SHA-256 is ${wasmSha256}, expected ${pin.wasmSha256}${pinnedBuild ? ` (the policy of notice ${pinnedBuild.noticeVersion} this package was built with)` : ''}`);
    }
    if (dataSha256 !== pin.dataSha256) {
      throw new PolicyLoadError(`The policy data is not the pinned data: the SHA-256 of its JSON is ${dataSha256}, expected ${pin.dataSha256}${pinnedBuild ? ` (data.json of notice ${pinnedBuild.noticeVersion} this package was built with)` : ''}`);
    }
  }
  const module = await options.loader(wasm, dataText!, options.evaluation);
  const { entrypoints, evaluation } = module;
  if (!(entrypoint in entrypoints)) {
    throw new PolicyLoadError(`The WASM module is not the sharing policy: it has no \`${entrypoint}\` entrypoint (found ${Object.keys(entrypoints).join(', ') || 'none'})`);
  }
  const noticeVersion = data.notice.version;
  // The result set as JSON text, from the request's exact JSON text.
  const evaluate = module.evaluator(entrypoint);
  /** The request written out once and checked as parsed back: its problems, or the JSON text to decide. */
  // Every problem it reports is printable (a member's name, a class's, a trap's message, an app's own
  // check's words are the caller's): escaped here, in the one place they all pass.
  const prepare = (request: unknown): { json: string; plain: unknown } | RequestProblem[] => {
    const serialised = serialiseRequest(request);
    if (Array.isArray(serialised)) return serialised.map(printableProblem);
    const problems: unknown = checkRequest(serialised.plain);
    // A check that answers anything but a list of problems (an ajv validate function's true or false) has
    // not said the request is valid: nothing is decided.
    if (!Array.isArray(problems) || !problems.every((p) => p !== null && typeof p === 'object' && typeof (p as RequestProblem).message === 'string')) {
      throw new PolicyEvaluationError(`checkRequest must return a list of problems ({ path, keyword, message }; [] when the request is valid), found ${describeFound(problems)}`);
    }
    return problems.length > 0 ? (problems as RequestProblem[]).map(printableProblem) : serialised;
  };

  // The words and reading order of each clause, and each obligation, looked up once: each an object with
  // its words, or the data is not the notice's.
  const wordsOf = (kind: string, entries: Record<string, unknown>) => {
    for (const [id, entry] of Object.entries(entries)) {
      if (entry === null || typeof entry !== 'object' || typeof (entry as { text?: unknown }).text !== 'string') {
        throw new PolicyLoadError(`The policy data is not the notice's: its ${kind} \`${id}\` has no words (expected an object with a text), found ${describeFound(entry)}`);
      }
    }
  };
  wordsOf('clause', data.notice.clauses);
  wordsOf('obligation', (data.notice as { obligations?: Record<string, unknown> }).obligations ?? {});
  const clauses = new Map(Object.entries(data.notice.clauses).map(([id, clause]) => [id, { text: clause.text, order: (clause as { order?: number }).order ?? 0 }]));
  const inReadingOrder = (a: string, b: string) => (clauses.get(a)?.order ?? 0) - (clauses.get(b)?.order ?? 0);
  const obligations = new Map(
    Object.entries((data.notice as { obligations?: Record<string, { text: string; clause: string }> }).obligations ?? {}).map(([id, o]) => [id, { id, text: o.text, clause: o.clause }]),
  );

  /** A verdict in words: the clauses in reading order with their texts, and the obligations. */
  const worded = (resultSet: string): Worded => {
    let verdict: Verdict | undefined;
    try {
      verdict = readVerdict((JSON.parse(resultSet) as { result?: unknown }[] | null)?.[0]?.result);
    } catch {
      verdict = undefined;
    }
    if (!verdict) throw new PolicyEvaluationError('The policy returned no decision');
    return wordVerdict(verdict);
  };

  /** A verdict in words (an alternative of an explanation too): the outcome checked, clauses and obligations from the data. */
  const wordVerdict = (verdict: Verdict): Worded => {
    if (!outcomes.has(verdict[0])) throw new PolicyEvaluationError(`The policy answered \`${String(verdict[0])}\`, which is none of ${[...outcomes].join(', ')}`);
    const [outcome, clauseIds, obligationIds, information] = verdict;
    // Each clause and obligation once, however many parts of the policy named it.
    // The ids are the data's: this package's notice's (the types' unions), or those of data loaded unpinned.
    return {
      outcome,
      // Each kind once, however many times the module wrote it.
      information: [...new Set(information)] as Decision['information'],
      reasons: [...new Set(clauseIds)].sort(inReadingOrder).map((clause) => {
        const text = clauses.get(clause)?.text;
        if (text === undefined) throw new PolicyEvaluationError(`The policy cited clause \`${clause}\`, which its data does not have`, { unknown: { kind: 'clause', id: clause } });
        return { clause: clause as Decision['reasons'][number]['clause'], text };
      }),
      obligations: [...new Set(obligationIds)].sort().map((id) => {
        const obligation = obligations.get(id);
        if (!obligation) throw new PolicyEvaluationError(`The policy named obligation \`${id}\`, which its data does not have`, { unknown: { kind: 'obligation', id } });
        return obligation as Decision['obligations'][number];
      }),
    };
  };
  // The policy has few distinct verdicts (a handful of outcomes, clauses and obligations), so each verdict's
  // words are worked out once, keyed by the exact text the module answered; every request is still
  // evaluated by the module. Bounded, in case data of another notice has many more.
  const wordedByText = new Map<string, Worded>();

  /**
   * Decides the exact JSON text of a checked request (`plain`, that text parsed). A share that sends nothing,
   * or a kind of information the request did not ask for, is no decision: this package's policy is proven
   * never to answer one, and a module loaded unpinned is held to it too.
   */
  const decideText = (json: string, plain: unknown): Decision => {
    let resultSet: string;
    try {
      resultSet = evaluate(json);
    } catch (thrown) {
      throw new PolicyEvaluationError(`The policy failed to decide: ${describeThrown(thrown)}`, { cause: thrown });
    }
    let verdict = wordedByText.get(resultSet);
    if (verdict === undefined) {
      verdict = worded(resultSet);
      if (wordedByText.size >= 4096) wordedByText.clear();
      wordedByText.set(resultSet, verdict);
    }
    if (holdSharesToRequest && (verdict.outcome === 'share' || verdict.outcome === 'share-minimum')) {
      const asked = (plain as { information?: unknown } | null)?.information;
      const unasked = verdict.information.filter((id) => !(Array.isArray(asked) && asked.includes(id)));
      if (verdict.information.length === 0 || unasked.length > 0) {
        throw new PolicyEvaluationError(`The policy answered ${verdict.outcome} with ${verdict.information.length === 0 ? 'no information to send' : `information the request did not ask for (${unasked.join(', ')})`}`);
      }
      // A share rests on the notice's words: one citing no clause is no decision.
      if (verdict.reasons.length === 0) throw new PolicyEvaluationError(`The policy answered ${verdict.outcome} citing no clause of the notice`);
    }
    // Fresh objects every time: a caller may change the decision it was given.
    return {
      outcome: verdict.outcome,
      reasons: verdict.reasons.map((reason) => ({ clause: reason.clause, text: reason.text })),
      obligations: verdict.obligations.map((obligation) => ({ id: obligation.id, text: obligation.text, clause: obligation.clause })),
      information: [...verdict.information],
      policy: { notice_version: noticeVersion, wasm_sha256: wasmSha256, data_sha256: dataSha256 },
    };
  };

  return {
    noticeVersion,
    wasmSha256,
    dataSha256,
    evaluation,
    memoryBytes: () => module.memoryBytes(),
    problems: (request) => {
      const prepared = prepare(request);
      return Array.isArray(prepared) ? prepared : noProblems;
    },
    decide(request: SharingRequest): Decision {
      const prepared = prepare(request);
      if (Array.isArray(prepared)) throw new InvalidRequestError(prepared);
      return decideText(prepared.json, prepared.plain);
    },
    decideLogged(request, options = {}) {
      const prepared = prepare(request);
      if (Array.isArray(prepared)) throw new InvalidRequestError(prepared);
      const decision = decideText(prepared.json, prepared.plain);
      const entry: DecisionLogEntry = {
        decision_id: decisionId(),
        path: 'sharing/decision',
        input: JSON.parse(prepared.json) as unknown,
        result: decision,
        timestamp: new Date().toISOString(),
        // (The options' own members only: a polluted Object.prototype labels nothing.)
        bundles: { [(Object.hasOwn(options, 'bundleName') ? options.bundleName : undefined) ?? defaultBundleName]: { revision: noticeVersion } },
        labels: { app: '@msefnhst/privacy-notice', ...(Object.hasOwn(options, 'labels') ? options.labels : {}) },
        input_sha256: sha256HexSync(encode(prepared.json)),
      };
      // (A copy of its own, as JSON: structuredClone is missing in some environments, such as Jest's jsdom.)
      return { decision: JSON.parse(JSON.stringify(decision)) as Decision, entry };
    },
    auditEvent: (entry, options) => toAuditEvent(entry, data, options),
    explain(request) {
      const prepared = prepare(request);
      if (Array.isArray(prepared)) throw new InvalidRequestError(prepared);
      const decision = decideText(prepared.json, prepared.plain);
      if (!(explainEntrypoint in entrypoints)) throw new PolicyEvaluationError(`This build of the policy cannot explain its decisions (it has no \`${explainEntrypoint}\` entrypoint)`);
      let found: unknown;
      try {
        found = (JSON.parse(module.evaluator(explainEntrypoint)(prepared.json)) as { result?: unknown }[] | null)?.[0]?.result;
      } catch (thrown) {
        throw new PolicyEvaluationError(`The policy failed to explain: ${describeThrown(thrown)}`, { cause: thrown });
      }
      if (!Array.isArray(found)) throw new PolicyEvaluationError('The policy returned no explanation');
      const alternatives = (found as { change: FactChange; outcome: string; clauses: string[]; obligations: string[] }[]).map((alternative) => {
        const verdict = readVerdict([alternative.outcome, alternative.clauses, alternative.obligations, []]);
        if (!verdict) throw new PolicyEvaluationError('The policy returned an explanation that is not one');
        const words = wordVerdict(verdict);
        return { change: alternative.change, outcome: words.outcome, reasons: words.reasons.map((r) => ({ ...r })), obligations: words.obligations.map((o) => ({ ...o })) };
      });
      return { decision, alternatives };
    },
  };
}
