// The embedded runtime behind a minimal Node HTTP service, in a worker thread, for `npm run bench`: the
// same API as an OPA server (`POST /v1/data/sharing/decision` with `{ "input": request }`, answered
// `{ "result": decision }`), so one load generator drives both the same way. A request the runtime
// rejects is answered 400 with its problems. The worker posts the port it listens on.
import { createServer } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import { createSharingPolicy, InvalidRequestError, type SharingRequest } from '../../policy/runtime/core.ts';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

const { policyDir } = workerData as { policyDir: string };
const [wasm, data] = await Promise.all([readFile(join(policyDir, 'policy.wasm')), readFile(join(policyDir, 'data.json'), 'utf8').then((text) => JSON.parse(text) as unknown)]);
const policy = await createSharingPolicy({ wasm, data: data as never });

const server = createServer(async (request, response) => {
  if (request.method !== 'POST' || request.url !== '/v1/data/sharing/decision') return void response.writeHead(404).end();
  let body = '';
  for await (const chunk of request) {
    body += chunk;
    if (body.length > 64 * 1024) return void response.writeHead(413).end();
  }
  try {
    const { input } = JSON.parse(body) as { input: SharingRequest };
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ result: policy.decide(input) }));
  } catch (error) {
    const problems = error instanceof InvalidRequestError ? error.problems : [{ path: '', message: 'is not JSON' }];
    response.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ problems }));
  }
});
server.listen(0, '127.0.0.1', () => parentPort!.postMessage((server.address() as { port: number }).port));
