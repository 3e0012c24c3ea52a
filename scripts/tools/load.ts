// Under load, for `npm run bench`: a real `opa run --server` with the bundle, and the embedded runtime behind
// a minimal Node HTTP service (decision-service.ts, in a worker thread), each driven over HTTP by autocannon
// with the same mix of requests (every scenario the notice decides, in turn) on the same machine, one after
// the other. Returns BENCHMARKS.md lines.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import autocannon from 'autocannon';
import { repoRoot } from './opa.ts';
import { freePort } from './ports.ts';
import { decidedScenarios } from './scenarios.ts';

const connections = 16;

async function drive(url: string, bodies: string[], seconds: number): Promise<autocannon.Result> {
  const requests = bodies.map((body) => ({ method: 'POST' as const, path: '/v1/data/sharing/decision', headers: { 'content-type': 'application/json' }, body }));
  await autocannon({ url, connections, duration: 1, requests }); // warm-up
  return autocannon({ url, connections, duration: seconds, requests });
}

async function until(url: string): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer`);
}

export async function loadRows(options: { policyDir: string; seconds: number }): Promise<string[]> {
  const bodies = (await decidedScenarios()).map((scenario) => JSON.stringify({ input: scenario.request }));
  const port = await freePort();
  const opa = spawn('bash', [join(repoRoot, 'scripts', 'opa.sh'), 'opa', 'run', '--server', '--addr', `127.0.0.1:${port}`, '--log-level', 'error', '--bundle', join(options.policyDir, 'bundle.tar.gz')], { cwd: repoRoot, stdio: 'ignore' });
  const worker = new Worker(new URL('./decision-service.ts', import.meta.url), { workerData: { policyDir: options.policyDir } });
  try {
    await until(`http://127.0.0.1:${port}/health?bundles=true`);
    const servicePort = await new Promise<number>((resolve, reject) => worker.once('message', resolve).once('error', reject));
    const runs = [
      { name: '`opa run --server` with the bundle (Go evaluator)', result: await drive(`http://127.0.0.1:${port}`, bodies, options.seconds) },
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
    opa.kill('SIGKILL');
    await worker.terminate();
  }
}
