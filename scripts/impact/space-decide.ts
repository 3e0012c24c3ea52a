// Decides every request of the space the content defines, split over threads (one per core): this thread
// and the worker threads it starts take stretches of the space in turn from a shared counter until none is
// left (so a worker that starts late simply takes fewer), generate those requests from the same data and
// decide them one at a time with the WASM runtime. Used by the change impact, the validator's proof of the
// promises and the benchmark. Node-only.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { createEngine, type Outcome, type SharingRequest } from '../../policy/runtime/engine.ts';
import { loadEntrypoint, loadSdkModule } from '../../policy/runtime/sdk-module.ts';
import { toProblems } from '../../policy/runtime/problems.ts';
import type { PolicyData } from '../compile/policy-data.ts';
import { plausibility, requestSpace, spaceSize } from './space.ts';

export interface SpacePolicy {
  wasm: Uint8Array<ArrayBuffer>;
  data: PolicyData;
  /** Check each request against this package's request schema before deciding it (the runtime's default). */
  checkRequests: boolean;
  /** The request schema of this policy's checkout (dist/policy/request.schema.json), which the prover compares the policy's own check with. */
  requestSchema?: object;
}

export interface SpaceJob {
  /** The data whose request space is decided. */
  spaceData: PolicyData;
  /** One policy, or two to compare (the first is the base). */
  policies: SpacePolicy[];
  /** How many requests the space has, and how many make one stretch. */
  size: number;
  stretch: number;
  /** The next stretch to take, shared by every thread (an Int32Array over a SharedArrayBuffer). */
  next: Int32Array;
  /**
   * Prove the promises with the last policy: each request is checked against that policy's request schema
   * (the space must hold only well-formed requests) and decided by `sharing/promises/check`, which answers
   * the outcome, the promises it breaks and whether the policy's own check found it malformed.
   */
  prove?: boolean;
  /**
   * Compare whole decisions (the change impact): each policy checks each request against its own request
   * schema (a request it does not know is `rejected`) and decides it through `sharing/verdict`; two
   * decisions differ when their outcome, clauses, obligations or information do.
   */
  compare?: boolean;
  /** When proving: stop every thread as soon as this promise is found broken (to show a wrong policy is caught). */
  stopOn?: string;
  /** Set to 1 by the thread that found `stopOn` broken (an Int32Array over a SharedArrayBuffer). */
  stop: Int32Array;
  /**
   * One policy, comparing (the mutation score): a hash of each request's decision key, by place in the
   * space (a Float64Array over a SharedArrayBuffer). `record` writes them; `against` compares the policy's
   * decisions with them, a difference recorded as [place, -1, key of this policy's decision].
   */
  hashes?: { mode: 'record' | 'against'; values: Float64Array };
  /** Stop every thread at the first difference (the mutation score needs only whether there is one). */
  stopOnChange?: boolean;
}

/** The entrypoint that answers [outcome, ids of the promises broken, whether the policy found the request malformed]. */
export const promisesEntrypoint = 'sharing/promises/check';

/** Per promise: how many requests of the space break it, and the places of the first few. */
export type Broken = Record<string, { count: number; first: number[] }>;

export interface SpaceShare {
  evaluated: number;
  /** Per policy, how many requests got each outcome. */
  outcomes: Record<string, number>[];
  /**
   * With two policies: the requests decided differently, as [place in the space, key of the base's
   * decision, key of the head's] triples, the keys indexing `keys` (decisionKey's text, or the outcome).
   */
  differences: number[];
  keys: string[];
  /**
   * When proving: the promises broken, and the places of requests where the request schema and the
   * policy's own check disagree (the space holds well-formed requests only: each should pass both).
   */
  broken: Broken;
  rejected: number[];
  /** When proving: the outcomes of the requests an app would plausibly send (space.ts `plausibility`). */
  plausible: Record<string, number>;
}

export interface SpaceResult extends SpaceShare {
  /** This thread and the workers beside it. */
  threads: number;
  /** Stopped early, having found `stopOn` broken: not every request was decided. */
  stopped: boolean;
}

/** How many threads to use: one per core, at most one per 20,000 requests so that a small space stays on one. */
export function threadCount(size: number, requested?: number): number {
  const wanted = requested ?? availableParallelism();
  return Math.max(1, Math.min(wanted, Math.ceil(size / 20_000)));
}

/** Decides stretches of the space with each policy until none is left (in a worker, or on this thread). */
export async function decideShare(job: SpaceJob): Promise<SpaceShare> {
  // Each policy decides through the runtime, except the last when proving, which the prover decides, and
  // every policy when comparing (the change impact), which the comparer decides as whole decisions.
  const proving = job.prove ? await prover(job.policies.at(-1)!) : undefined;
  const deciders: ((request: unknown, index: number, share: SpaceShare) => string)[] = await Promise.all(
    job.policies.map(async (p, i) => {
      if (proving && i === job.policies.length - 1) return proving;
      if (job.compare) return comparer(p);
      const policy = await createEngine({ loader: loadSdkModule, wasm: p.wasm, data: p.data as never, pin: false, checkRequest: p.checkRequests ? schemaCheck(p) : () => [], holdSharesToRequest: false });
      return (request: unknown) => policy.decide(request as SharingRequest).outcome;
    }),
  );
  const share: SpaceShare = { evaluated: 0, outcomes: deciders.map(() => ({})), differences: [], keys: [], broken: {}, rejected: [], plausible: {} };
  const keyId = interner(share.keys);
  const isPlausible = proving ? plausibility(job.spaceData) : undefined;
  const only = deciders.length === 1 && !job.hashes ? deciders[0] : undefined;
  const hashed = job.hashes && deciders.length === 1 ? { ...job.hashes, decide: deciders[0]! } : undefined;
  const counts = share.outcomes[0]!;
  for (let stretch = Atomics.add(job.next, 0, 1); stretch * job.stretch < job.size && Atomics.load(job.stop, 0) === 0; stretch = Atomics.add(job.next, 0, 1)) {
    let index = stretch * job.stretch;
    for (const request of requestSpace(job.spaceData, { from: index, to: index + job.stretch })) {
      if (only !== undefined) {
        // One policy (the proof, the benchmark): no list of outcomes to build and compare per request.
        const outcome = outcomeOf(only(request, index, share));
        counts[outcome] = (counts[outcome] ?? 0) + 1;
        if (isPlausible?.(request)) share.plausible[outcome] = (share.plausible[outcome] ?? 0) + 1;
        share.evaluated++;
        index++;
        continue;
      }
      if (hashed !== undefined) {
        // One policy against the recorded hashes of another's decisions (or recording them).
        const key = hashed.decide(request, index, share);
        const outcome = outcomeOf(key);
        counts[outcome] = (counts[outcome] ?? 0) + 1;
        if (hashed.mode === 'record') hashed.values[index] = keyHash(key);
        else if (hashed.values[index] !== keyHash(key)) {
          share.differences.push(index, -1, keyId(key));
          if (job.stopOnChange) Atomics.store(job.stop, 0, 1);
        }
        share.evaluated++;
        index++;
        continue;
      }
      const keys = deciders.map((decide) => decide(request, index, share));
      keys.forEach((key, p) => {
        const outcome = outcomeOf(key);
        share.outcomes[p]![outcome] = (share.outcomes[p]![outcome] ?? 0) + 1;
      });
      if (keys.length === 2 && !sameDecision(keys[0]!, keys[1]!)) {
        share.differences.push(index, keyId(keys[0]!), keyId(keys[1]!));
        if (job.stopOnChange) Atomics.store(job.stop, 0, 1);
      }
      share.evaluated++;
      index++;
    }
    if (job.stopOn !== undefined && share.broken[job.stopOn]) Atomics.store(job.stop, 0, 1);
  }
  return share;
}

/** A 53-bit hash of a decision key (cyrb53): two different decisions share one with a chance of about 1 in 2^53. */
export function keyHash(key: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** The outcome a decision key starts with. */
export function outcomeOf(key: string): string {
  const bar = key.indexOf('|');
  return bar < 0 ? key : key.slice(0, bar);
}

/** Whether two decision keys are the same decision; where one side does not say what may be sent (`?`, a build from before decisions did), that part is not compared. */
export function sameDecision(a: string, b: string): boolean {
  if (a === b) return true;
  if (!a.endsWith('|?') && !b.endsWith('|?')) return false;
  return a.slice(0, a.lastIndexOf('|')) === b.slice(0, b.lastIndexOf('|'));
}

/** A decision as one text: `outcome|clauses|obligations|information`, each list sorted and comma-separated (`?` where the verdict does not say what may be sent); or `rejected`. */
export interface DecisionParts {
  outcome: string;
  clauses: string[];
  obligations: string[];
  /** Undefined where the build did not say (before decisions named their information). */
  information?: string[];
}

export function decisionKey(parts: DecisionParts): string {
  const list = (ids: readonly string[]) => [...new Set(ids)].sort().join(',');
  return [parts.outcome, list(parts.clauses), list(parts.obligations), parts.information ? list(parts.information) : '?'].join('|');
}

export function parseDecisionKey(key: string): DecisionParts | 'rejected' {
  if (key === 'rejected') return key;
  const [outcome, clauses, obligations, information] = key.split('|') as [string, string, string, string];
  const list = (text: string) => (text === '' ? [] : text.split(','));
  return { outcome, clauses: list(clauses), obligations: list(obligations), ...(information === '?' ? {} : { information: list(information) }) };
}

/** A verdict as a build answers it, in any of its shapes: [outcome, clauses, obligations, information], the earlier [outcome, clauses, obligations] or {outcome, clauses, obligations}, or a decision {outcome, reasons, obligations}. */
function verdictParts(result: unknown): DecisionParts | undefined {
  if (Array.isArray(result)) {
    const [outcome, clauses, obligations, information] = result as unknown[];
    if (typeof outcome !== 'string' || !Array.isArray(clauses) || !Array.isArray(obligations)) return undefined;
    return { outcome, clauses: clauses as string[], obligations: obligations as string[], ...(Array.isArray(information) ? { information: information as string[] } : {}) };
  }
  const v = result as { outcome?: unknown; clauses?: unknown; reasons?: { clause: string }[]; obligations?: unknown[]; information?: unknown } | null | undefined;
  if (typeof v?.outcome !== 'string' || !Array.isArray(v.obligations)) return undefined;
  const clauses = Array.isArray(v.clauses) ? (v.clauses as string[]) : Array.isArray(v.reasons) ? v.reasons.map((r) => r.clause) : undefined;
  if (!clauses) return undefined;
  const obligations = v.obligations.map((o) => (typeof o === 'string' ? o : (o as { id: string }).id));
  return { outcome: v.outcome, clauses, obligations, ...(Array.isArray(v.information) ? { information: v.information as string[] } : {}) };
}

/**
 * Decides a request as one side of a change: checked against that side's own request schema (a request it
 * does not know is `rejected`), then decided by its `sharing/verdict` (or, in a build without one,
 * `sharing/decision`), as a decision key. Each distinct answer is read once; every request is evaluated.
 */
export async function comparer(policy: SpacePolicy): Promise<(request: unknown) => string> {
  let evaluate: (input: unknown) => string;
  try {
    evaluate = await loadEntrypoint({ wasm: policy.wasm, data: policy.data, entrypoint: 'sharing/verdict' });
  } catch {
    evaluate = await loadEntrypoint({ wasm: policy.wasm, data: policy.data, entrypoint: 'sharing/decision' });
  }
  const check = policy.requestSchema ? new Ajv2020({ allErrors: false, strict: false }).compile(policy.requestSchema) : undefined;
  const read = new Map<string, string>();
  return (request) => {
    if (check && !check(request)) return 'rejected';
    const text = evaluate(request);
    let key = read.get(text);
    if (key === undefined) {
      const parts = verdictParts((JSON.parse(text) as { result?: unknown }[] | null)?.[0]?.result);
      key = parts ? decisionKey(parts) : 'do-not-share||||no-verdict';
      if (read.size >= 4096) read.clear();
      read.set(text, key);
    }
    return key;
  };
}

/** A policy's request schema (its checkout's), compiled. */
function compiledSchema(policy: SpacePolicy) {
  if (!policy.requestSchema) throw new Error('A policy that checks requests (or is proven) needs its request schema');
  return new Ajv2020({ allErrors: false, strict: false }).compile(policy.requestSchema);
}

/** A policy's request check for the runtime: its request schema's problems. */
function schemaCheck(policy: SpacePolicy): (request: unknown) => ReturnType<typeof toProblems> {
  const check = compiledSchema(policy);
  return (request) => (check(request) ? [] : toProblems(check.errors as never));
}

/**
 * Decides a request with `sharing/promises/check` and records the promises it breaks. Each distinct
 * answer is read once (keyed by the exact text the module wrote); every request is still evaluated.
 */
export async function prover(policy: SpacePolicy): Promise<(request: unknown, index: number, share: Pick<SpaceShare, 'broken' | 'rejected'>) => Outcome> {
  const evaluate = await loadEntrypoint({ wasm: policy.wasm, data: policy.data, entrypoint: promisesEntrypoint });
  const check = compiledSchema(policy);
  const rejects = (request: unknown) => !check(request);
  const read = new Map<string, { outcome: Outcome; broken: string[]; malformed: boolean }>();
  return (request, index, { broken, rejected }) => {
    const text = evaluate(request);
    let answer = read.get(text);
    if (answer === undefined) {
      const result = (JSON.parse(text) as { result?: [Outcome, string[], boolean] }[] | null)?.[0]?.result;
      if (!result) throw new Error(`${promisesEntrypoint} answered nothing for ${JSON.stringify(request)}`);
      answer = { outcome: result[0], broken: result[1], malformed: result[2] };
      if (read.size >= 4096) read.clear();
      read.set(text, answer);
    }
    // Checked is decided: the policy's own check and the request schema give the same answer.
    if (answer.malformed !== rejects(request)) rejected.push(index);
    for (const id of answer.broken) {
      const entry = (broken[id] ??= { count: 0, first: [] });
      entry.count++;
      if (entry.first.length < 5) entry.first.push(index);
    }
    return answer.outcome;
  };
}

const workerFile = new URL('./space-worker.js', import.meta.url);

function inWorker(job: SpaceJob): Promise<SpaceShare> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerFile, { workerData: { decider: import.meta.url, job } });
    let answered = false;
    worker.once('message', (share: SpaceShare) => {
      answered = true;
      resolve(share);
    });
    worker.once('error', (error) => {
      answered = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!answered) reject(new Error(`A space worker stopped (exit ${code}) before it answered`));
    });
  });
}

/**
 * Decides the whole space of `spaceData` with each policy, over `threads` threads (default: one per core):
 * this one and `threads - 1` workers, which join in as soon as they have started.
 */
export async function decideSpace(options: {
  spaceData: PolicyData;
  policies: SpacePolicy[];
  threads?: number;
  prove?: boolean;
  compare?: boolean;
  stopOn?: string;
  /** With one policy, comparing: record the hashes of its decisions, or compare with hashes recorded before. */
  hashes?: SpaceJob['hashes'];
  stopOnChange?: boolean;
}): Promise<SpaceResult> {
  const size = spaceSize(options.spaceData);
  const threads = threadCount(size, options.threads);
  // Small stretches, so that the threads finish together whenever each started.
  const job: SpaceJob = {
    spaceData: options.spaceData,
    policies: options.policies,
    size,
    stretch: 2_000,
    next: new Int32Array(new SharedArrayBuffer(4)),
    stop: new Int32Array(new SharedArrayBuffer(4)),
    ...(options.prove ? { prove: true } : {}),
    ...(options.compare ? { compare: true } : {}),
    ...(options.stopOn !== undefined ? { stopOn: options.stopOn } : {}),
    ...(options.hashes ? { hashes: options.hashes } : {}),
    ...(options.stopOnChange ? { stopOnChange: true } : {}),
  };
  const workers = Array.from({ length: threads - 1 }, () => inWorker(job));
  workers.forEach((worker) => worker.catch(() => undefined)); // rejections are awaited below
  const shares = [await decideShare(job), ...(await Promise.all(workers))];
  const evaluated = shares.reduce((sum, share) => sum + share.evaluated, 0);
  const stopped = Atomics.load(job.stop, 0) === 1;
  if (evaluated !== size && !stopped) throw new Error(`The space has ${size} requests but its threads decided ${evaluated}`);
  const outcomes = options.policies.map(() => ({}) as Record<string, number>);
  for (const share of shares) {
    share.outcomes.forEach((counts, p) => {
      for (const [outcome, count] of Object.entries(counts)) outcomes[p]![outcome] = (outcomes[p]![outcome] ?? 0) + count;
    });
  }
  const broken: Broken = {};
  const plausible: Record<string, number> = {};
  for (const share of shares) {
    for (const [outcome, count] of Object.entries(share.plausible)) plausible[outcome] = (plausible[outcome] ?? 0) + count;
    for (const [id, entry] of Object.entries(share.broken)) {
      const total = (broken[id] ??= { count: 0, first: [] });
      total.count += entry.count;
      total.first = [...total.first, ...entry.first].sort((a, b) => a - b).slice(0, 5);
    }
  }
  return {
    threads,
    stopped,
    evaluated,
    outcomes,
    ...mergeDifferences(shares),
    broken,
    rejected: shares.flatMap((share) => share.rejected).sort((a, b) => a - b),
    plausible,
  };
}

/** The threads' differences as one list over one table of keys, by place in the space. */
function mergeDifferences(shares: readonly SpaceShare[]): Pick<SpaceShare, 'differences' | 'keys'> {
  const keys: string[] = [];
  const keyId = interner(keys);
  const triples: [number, number, number][] = [];
  for (const share of shares) {
    const remap = share.keys.map(keyId);
    for (let i = 0; i < share.differences.length; i += 3) triples.push([share.differences[i]!, share.differences[i + 1]! < 0 ? -1 : remap[share.differences[i + 1]!]!, remap[share.differences[i + 2]!]!]);
  }
  triples.sort((a, b) => a[0] - b[0]);
  return { differences: triples.flat(), keys };
}

/** A function giving each distinct text its place in `keys`, adding it there the first time. */
function interner(keys: string[]): (key: string) => number {
  const ids = new Map(keys.map((key, id) => [key, id]));
  return (key) => {
    let id = ids.get(key);
    if (id === undefined) {
      id = keys.push(key) - 1;
      ids.set(key, id);
    }
    return id;
  };
}
