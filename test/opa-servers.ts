// Real OPA servers for the tests: the pinned `opa run --server` on loopback, and the small loopback
// services a trust runs beside them (a bundle service, a decision-log collector).
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll } from 'vitest';
import { freePort } from '../scripts/tools/ports.ts';
import { decidedScenarios } from '../scripts/tools/scenarios.ts';
import { root } from './helpers.ts';

const running: ChildProcess[] = [];
const listening: Server[] = [];
afterAll(() => {
  for (const server of running) server.kill('SIGKILL');
  for (const server of listening) server.close();
});

export interface StartedOpa {
  url: string;
  output: () => string;
  stop: () => void;
}

/**
 * Starts `opa run --server` on loopback; resolves with its address once `readiness` answers 200 (by default
 * `/health?bundles=true`, ready to decide), or with its exit and log if it stops first. `probe` asks the
 * readiness path (for a TLS server, over TLS).
 */
export async function startOpa(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; readiness?: string; scheme?: 'http' | 'https'; probe?: (url: string) => Promise<boolean> } = {},
): Promise<StartedOpa | { exit: number | null; log: string }> {
  const port = await freePort();
  const server = spawn('bash', [join(root, 'scripts', 'opa.sh'), 'opa', 'run', '--server', '--addr', `127.0.0.1:${port}`, '--log-level', 'error', ...args], { cwd: root, env: { ...process.env, ...options.env } });
  running.push(server);
  let log = '';
  server.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
  server.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const exited = new Promise<{ exit: number | null; log: string }>((resolve) => server.once('exit', (code) => resolve({ exit: code, log })));
  const url = `${options.scheme ?? 'http'}://127.0.0.1:${port}`;
  const probe = options.probe ?? (async (address: string) => (await fetch(address)).ok);
  const healthy = (async () => {
    for (let attempt = 0; attempt < 300; attempt++) {
      try {
        if (await probe(`${url}${options.readiness ?? '/health?bundles=true'}`)) return { url, output: () => log, stop: () => server.kill('SIGKILL') };
      } catch {
        // not listening yet
      }
      if (server.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    return exited.then((result) => (result.exit === null ? Promise.reject(new Error(`opa did not become ready: ${log}`)) : result));
  })();
  return Promise.race([healthy, exited]);
}

export function started(result: StartedOpa | { exit: number | null; log: string }): StartedOpa {
  if (!('url' in result)) throw new Error(`opa stopped (exit ${result.exit}):\n${result.log}`);
  return result;
}

/** Listens on loopback with `handler`; resolves with its base URL. Closed after the test file. */
export async function listen(handler: (request: IncomingMessage, body: Buffer) => { status: number; body?: Uint8Array | string; headers?: Record<string, string> }): Promise<string> {
  const server = createHttpServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const answer = handler(request, Buffer.concat(chunks));
      response.writeHead(answer.status, answer.headers).end(answer.body);
    });
  });
  listening.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

export interface DecisionLogEvent {
  decision_id: string;
  path: string;
  bundles?: Record<string, { revision: string }>;
  input?: unknown;
  result?: { outcome: string };
}

/**
 * A decision-log collector as OPA's decision-log API has it: `POST /logs` with a gzip-compressed JSON
 * array of events; status reports (`POST /status`) are kept too. While `down` it answers 503 and keeps
 * nothing, as a collector that is away would.
 */
export async function collector(): Promise<{ url: string; events: DecisionLogEvent[]; statuses: unknown[]; uploads: { status: number; events: number; bytes: number }[]; down: boolean }> {
  const state = { url: '', events: [] as DecisionLogEvent[], statuses: [] as unknown[], uploads: [] as { status: number; events: number; bytes: number }[], down: false };
  state.url = await listen((request, body) => {
    const json = () => JSON.parse((request.headers['content-encoding'] ?? '').includes('gzip') ? gunzipSync(body).toString('utf8') : body.toString('utf8')) as unknown;
    if (request.method === 'POST' && request.url === '/logs') {
      const events = json() as DecisionLogEvent[];
      state.uploads.push({ status: state.down ? 503 : 200, events: events.length, bytes: body.length });
      if (state.down) return { status: 503 };
      state.events.push(...events);
      return { status: 200 };
    }
    if (request.method === 'POST' && request.url === '/status') {
      if (!state.down) state.statuses.push(json());
      return { status: state.down ? 503 : 200 };
    }
    return { status: 404 };
  });
  return state;
}

/** The request of every scenario the notice decides (not those the runtime rejects). */
export async function scenarioRequests(): Promise<unknown[]> {
  return (await decidedScenarios()).map((scenario) => scenario.request);
}
