// One worker of decideSpace (space-decide.ts): decides its share of the request space with each policy
// and posts the counts back, with the requests whose outcomes differ between two policies.
import { parentPort, workerData } from 'node:worker_threads';
import { createSharingPolicy, type Outcome, type SharingRequest } from '../../policy/runtime/core.ts';
import type { SpaceJob, SpaceShare } from './space-decide.ts';
import { requestSpace } from './space.ts';

const job = workerData as SpaceJob;
const policies = await Promise.all(
  job.policies.map((p) => createSharingPolicy({ wasm: p.wasm, data: p.data as never, ...(p.checkRequests ? {} : { checkRequest: () => [] }) })),
);
const share: SpaceShare = { evaluated: 0, outcomes: policies.map(() => ({})), differences: [] };
let index = 0;
for (const request of requestSpace(job.spaceData)) {
  if (index % job.of === job.share) {
    const outcomes: Outcome[] = policies.map((policy) => policy.decide(request as SharingRequest).outcome);
    outcomes.forEach((outcome, p) => {
      share.outcomes[p]![outcome] = (share.outcomes[p]![outcome] ?? 0) + 1;
    });
    if (outcomes.some((outcome) => outcome !== outcomes[0])) share.differences.push({ index, outcomes });
    share.evaluated++;
  }
  index++;
}
parentPort!.postMessage(share);
