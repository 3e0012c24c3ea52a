// `node cli.mjs <server url>` decides the request read from stdin (JSON), with the token from
// NOTICE_OPA_TOKEN, and prints the decision; `node cli.mjs <server url> --ready` exits 0 when the server
// has loaded its bundle.
import { decide, isReady } from './client.mjs';

const [url, flag] = process.argv.slice(2);
if (!url) {
  console.error('usage: node cli.mjs <server url> [--ready] < request.json');
  process.exitCode = 2;
} else if (flag === '--ready') {
  process.exitCode = (await isReady(url)) ? 0 : 1;
} else {
  let input = '';
  for await (const chunk of process.stdin) input += chunk;
  console.log(JSON.stringify(await decide(JSON.parse(input), { url, token: process.env.NOTICE_OPA_TOKEN })));
}
