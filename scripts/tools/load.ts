// Under load, for `npm run bench`: a real `opa run --server` with the bundle, and the embedded runtime behind
// a minimal Node HTTP service (decision-service.ts, in a worker thread), each driven over HTTP by autocannon
// with the same mix of requests (every scenario the notice decides, in turn) on the same machine, one after
// the other. Returns BENCHMARKS.md lines.
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import autocannon from 'autocannon';
import { started, startOpa } from './opa-server.ts';
import { decidedScenarios } from './scenarios.ts';

const connections = 16;

async function drive(url: string, bodies: string[], seconds: number): Promise<autocannon.Result> {
  const requests = bodies.map((body) => ({ method: 'POST' as const, path: '/v1/data/sharing/decision', headers: { 'content-type': 'application/json' }, body }));
  await autocannon({ url, connections, duration: 1, requests }); // warm-up
  return autocannon({ url, connections, duration: seconds, requests });
}

export async function loadRows(options: { policyDir: string; seconds: number }): Promise<string[]> {
  const bodies = (await decidedScenarios()).map((scenario) => JSON.stringify({ input: scenario.request }));
  let spawned: ChildProcess | undefined;
  const opa = started(await startOpa(['--bundle', join(options.policyDir, 'bundle.tar.gz')], { onSpawn: (server) => (spawned = server) }).catch((error: unknown) => {
    spawned?.kill('SIGKILL');
    throw error;
  }));
  const worker = new Worker(new URL('./decision-service.ts', import.meta.url), { workerData: { policyDir: options.policyDir } });
  try {
    const servicePort = await new Promise<number>((resolve, reject) => worker.once('message', resolve).once('error', reject));
    const runs = [
      { name: '`opa run --server` with the bundle (Go evaluator)', result: await drive(opa.url, bodies, options.seconds) },
      { name: 'the embedded runtime behind Node\u2019s `http` server (one thread)', result: await drive(`http://127.0.0.1:${servicePort}`, bodies, options.seconds) },
    ];
    const lines = [
      '## Under load over HTTP',
      '',
      `Each server in turn, on loopback, driven by autocannon (${connections} connections, ${options.seconds} s after a 1 s warm-up) with the ${bodies.length} scenario requests the notice decides, in turn, as \`POST /v1/data/sharing/decision\` with \`{"input": …}\`. The load generator shares the machine's two cores with the server.`,
      '',
      '| server | requests per second | p50 latency | p99 latency | non-2xx or errors |',
      '| --- | ---: | ---: | ---: | ---: |',
    ];
    for (const { name, result } of runs) {
      lines.push(`| ${name} | ${Math.round(result.requests.average).toLocaleString('en-GB')} | ${result.latency.p50} ms | ${result.latency.p99} ms | ${result.non2xx + result.errors} |`);
    }
    const [opaRun, embedded] = runs.map((r) => r.result.requests.average) as [number, number];
    lines.push('', `The embedded runtime answers ${(embedded / opaRun).toFixed(1)}× the requests per second of an OPA server on the same machine.`);
    return lines;
  } finally {
    opa.stop();
    await worker.terminate();
  }
}
