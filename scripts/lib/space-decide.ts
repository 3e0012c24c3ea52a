// Decides every request of the space the content defines, split over threads (one per core): this thread
// and the worker threads it starts take stretches of the space in turn from a shared counter until none is
// left (so a worker that starts late simply takes fewer), generate those requests from the same data and
// decide them one at a time with the WASM runtime. Used by the change impact and the benchmark. Node-only.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { createSharingPolicy, type Outcome, type SharingRequest } from '../../policy/runtime/core.ts';
import type { PolicyData } from './policy-data.ts';
import { requestSpace, spaceSize } from './space.ts';

export interface SpacePolicy {
  wasm: Uint8Array<ArrayBuffer>;
  data: PolicyData;
  /** Check each request against this package's request schema before deciding it (the runtime's default). */
  checkRequests: boolean;
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
}

export interface SpaceShare {
  evaluated: number;
  /** Per policy, how many requests got each outcome. */
  outcomes: Record<string, number>[];
  /** With two policies: the requests whose outcome differs, by their place in the space. */
  differences: { index: number; outcomes: Outcome[] }[];
}

export interface SpaceResult extends SpaceShare {
  /** This thread and the workers beside it. */
  threads: number;
}

/** How many threads to use: one per core, at most one per 20,000 requests so that a small space stays on one. */
export function threadCount(size: number, requested?: number): number {
  const wanted = requested ?? availableParallelism();
  return Math.max(1, Math.min(wanted, Math.ceil(size / 20_000)));
}

/** Decides stretches of the space with each policy until none is left (in a worker, or on this thread). */
export async function decideShare(job: SpaceJob): Promise<SpaceShare> {
  const policies = await Promise.all(
    job.policies.map((p) => createSharingPolicy({ wasm: p.wasm, data: p.data as never, ...(p.checkRequests ? {} : { checkRequest: () => [] }) })),
  );
  const share: SpaceShare = { evaluated: 0, outcomes: policies.map(() => ({})), differences: [] };
  for (let stretch = Atomics.add(job.next, 0, 1); stretch * job.stretch < job.size; stretch = Atomics.add(job.next, 0, 1)) {
    let index = stretch * job.stretch;
    for (const request of requestSpace(job.spaceData, { from: index, to: index + job.stretch })) {
      const outcomes: Outcome[] = policies.map((policy) => policy.decide(request as SharingRequest).outcome);
      outcomes.forEach((outcome, p) => {
        share.outcomes[p]![outcome] = (share.outcomes[p]![outcome] ?? 0) + 1;
      });
      if (outcomes.some((outcome) => outcome !== outcomes[0])) share.differences.push({ index, outcomes });
      share.evaluated++;
      index++;
    }
  }
  return share;
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
export async function decideSpace(options: { spaceData: PolicyData; policies: SpacePolicy[]; threads?: number }): Promise<SpaceResult> {
  const size = spaceSize(options.spaceData);
  const threads = threadCount(size, options.threads);
  // Small stretches, so that the threads finish together whenever each started.
  const job: SpaceJob = { spaceData: options.spaceData, policies: options.policies, size, stretch: 2_000, next: new Int32Array(new SharedArrayBuffer(4)) };
  const workers = Array.from({ length: threads - 1 }, () => inWorker(job));
  workers.forEach((worker) => worker.catch(() => undefined)); // rejections are awaited below
  const shares = [await decideShare(job), ...(await Promise.all(workers))];
  const evaluated = shares.reduce((sum, share) => sum + share.evaluated, 0);
  if (evaluated !== size) throw new Error(`The space has ${size} requests but its threads decided ${evaluated}`);
  const outcomes = options.policies.map(() => ({}) as Record<string, number>);
  for (const share of shares) {
    share.outcomes.forEach((counts, p) => {
      for (const [outcome, count] of Object.entries(counts)) outcomes[p]![outcome] = (outcomes[p]![outcome] ?? 0) + count;
    });
  }
  return {
    threads,
    evaluated,
    outcomes,
    differences: shares.flatMap((share) => share.differences),
  };
}
