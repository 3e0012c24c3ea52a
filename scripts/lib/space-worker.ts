// A worker of decideSpace (space-decide.ts): decides its share of the request space and posts it back.
import { parentPort, workerData } from 'node:worker_threads';
import { decideShare, type SpaceJob } from './space-decide.ts';

parentPort!.postMessage(await decideShare(workerData as SpaceJob));
