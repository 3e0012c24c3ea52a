// A worker of decideSpace (space-decide.ts): decides its share of the request space and posts it back.
// Plain JavaScript, so that a worker that finds its TypeScript in Node's compile cache (turned on here)
// starts without loading the TypeScript stripper at all.
import module from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';

module.enableCompileCache?.();
const { decideShare } = await import(workerData.decider);
parentPort.postMessage(await decideShare(workerData.job));
