// Decides every request of the space the content defines, split over worker threads (one per core): each
// worker generates the same space from the same data, takes its share of it (every n-th request) and
// decides those requests one at a time with the WASM runtime. Used by the change impact and the benchmark. Node-only.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Outcome } from '../../policy/runtime/core.ts';
import type { PolicyData } from './policy-data.ts';
import { spaceSize } from './space.ts';

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
  /** This worker decides the requests whose index in the space is `share` modulo `of`. */
  share: number;
  of: number;
}

export interface SpaceShare {
  evaluated: number;
  /** Per policy, how many requests got each outcome. */
  outcomes: Record<string, number>[];
  /** With two policies: the requests whose outcome differs, by their index in the space. */
  differences: { index: number; outcomes: Outcome[] }[];
}

export interface SpaceResult extends SpaceShare {
  workers: number;
}

/** How many workers to use: one per core, at most `size / 20000` so that small spaces stay on one or two. */
export function workerCount(size: number, requested?: number): number {
  const wanted = requested ?? availableParallelism();
  return Math.max(1, Math.min(wanted, Math.ceil(size / 20_000)));
}

const workerFile = new URL(`./space-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);

function runShare(job: SpaceJob): Promise<SpaceShare> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerFile, { workerData: job });
    let settled = false;
    worker.once('message', (share: SpaceShare) => {
      settled = true;
      resolve(share);
    });
    worker.once('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`A space worker stopped (exit ${code}) before it answered`));
    });
  });
}

/** Decides the whole space of `spaceData` with each policy, over `workers` threads (default: one per core). */
export async function decideSpace(options: { spaceData: PolicyData; policies: SpacePolicy[]; workers?: number }): Promise<SpaceResult> {
  const workers = workerCount(spaceSize(options.spaceData), options.workers);
  // Every n-th request to each worker: neighbouring requests cost alike, so each worker gets a fair share.
  const shares = await Promise.all(Array.from({ length: workers }, (_, share) => runShare({ spaceData: options.spaceData, policies: options.policies, share, of: workers })));
  const outcomes = options.policies.map(() => ({}) as Record<string, number>);
  for (const share of shares) {
    share.outcomes.forEach((counts, p) => {
      for (const [outcome, count] of Object.entries(counts)) outcomes[p]![outcome] = (outcomes[p]![outcome] ?? 0) + count;
    });
  }
  return {
    workers,
    evaluated: shares.reduce((sum, share) => sum + share.evaluated, 0),
    outcomes,
    differences: shares.flatMap((share) => share.differences),
  };
}
