// An HTTP service that decides sharing requests: POST /decide with a request as JSON. Bundled into one file
// (build.mjs) with policy.wasm and data.json copied beside it, and loaded from there.
import { createServer } from 'node:http';
import { InvalidRequestError, loadSharingPolicy } from '@msefnhst/privacy-notice';

const policy = await loadSharingPolicy({ wasm: new URL('./policy.wasm', import.meta.url), data: new URL('./data.json', import.meta.url) });

const server = createServer(async (request, response) => {
  if (request.method !== 'POST' || request.url !== '/decide') {
    response.writeHead(404).end();
    return;
  }
  let body = '';
  for await (const chunk of request) {
    body += chunk;
    if (body.length > 64 * 1024) return response.writeHead(413).end();
  }
  try {
    const decision = policy.decide(JSON.parse(body));
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(decision));
  } catch (error) {
    // An invalid request is never decided: its problems, and no decision.
    const problems = error instanceof InvalidRequestError ? error.problems : [{ path: '', message: 'is not JSON' }];
    response.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ problems }));
  }
});
server.listen(Number(process.env.PORT ?? 8080), '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${server.address().port}`));
