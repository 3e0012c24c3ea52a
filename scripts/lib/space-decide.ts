// Decides every request of the space the content defines, split over threads (one per core): this thread
// and worker threads each generate their share of the same space from the same data (every n-th request)
// and decide those requests one at a time with the WASM runtime. Used by the change impact and the
// benchmark. Node-only.
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
  /** This share is the requests whose place in the space is `share` modulo `of`. */
  share: number;
  of: number;
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

/** Decides one share of the space with each policy (in a worker, or on this thread). */
export async function decideShare(job: SpaceJob): Promise<SpaceShare> {
  const policies = await Promise.all(
    job.policies.map((p) => createSharingPolicy({ wasm: p.wasm, data: p.data as never, ...(p.checkRequests ? {} : { checkRequest: () => [] }) })),
  );
  const share: SpaceShare = { evaluated: 0, outcomes: policies.map(() => ({})), differences: [] };
  // The n-th request of this share is the (share + n * of)-th of the space.
  let index = job.share;
  for (const request of requestSpace(job.spaceData, { share: job.share, of: job.of })) {
    const outcomes: Outcome[] = policies.map((policy) => policy.decide(request as SharingRequest).outcome);
    outcomes.forEach((outcome, p) => {
      share.outcomes[p]![outcome] = (share.outcomes[p]![outcome] ?? 0) + 1;
    });
    if (outcomes.some((outcome) => outcome !== outcomes[0])) share.differences.push({ index, outcomes });
    share.evaluated++;
    index += job.of;
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
 * this one and `threads - 1` workers, which start while this thread decides its own share.
 */
export async function decideSpace(options: { spaceData: PolicyData; policies: SpacePolicy[]; threads?: number }): Promise<SpaceResult> {
  const threads = threadCount(spaceSize(options.spaceData), options.threads);
  const job = (share: number): SpaceJob => ({ spaceData: options.spaceData, policies: options.policies, share, of: threads });
  // Every n-th request to each thread: neighbouring requests cost alike, so each gets a fair share.
  const workers = Array.from({ length: threads - 1 }, (_, i) => inWorker(job(i + 1)));
  workers.forEach((worker) => worker.catch(() => undefined)); // rejections are awaited below
  const shares = [await decideShare(job(0)), ...(await Promise.all(workers))];
  const outcomes = options.policies.map(() => ({}) as Record<string, number>);
  for (const share of shares) {
    share.outcomes.forEach((counts, p) => {
      for (const [outcome, count] of Object.entries(counts)) outcomes[p]![outcome] = (outcomes[p]![outcome] ?? 0) + count;
    });
  }
  return {
    threads,
    evaluated: shares.reduce((sum, share) => sum + share.evaluated, 0),
    outcomes,
    differences: shares.flatMap((share) => share.differences),
  };
}
