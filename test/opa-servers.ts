// Real OPA servers for the tests: the pinned `opa run --server` on loopback, and the small loopback
// services a trust runs beside them (a bundle service, a decision-log collector).
import type { ChildProcess } from 'node:child_process';
import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterAll } from 'vitest';
import { startOpa as startOpaServer } from '../scripts/tools/opa-server.ts';
import { decidedScenarios } from '../scripts/tools/scenarios.ts';

export { started, type StartedOpa } from '../scripts/tools/opa-server.ts';

const running: ChildProcess[] = [];
const listening: Server[] = [];
afterAll(() => {
  for (const server of running) server.kill('SIGKILL');
  for (const server of listening) server.close();
});

/** startOpa (scripts/tools/opa-server.ts), its server stopped after the test file. */
export function startOpa(args: string[], options: Parameters<typeof startOpaServer>[1] = {}): ReturnType<typeof startOpaServer> {
  return startOpaServer(args, { ...options, onSpawn: (server) => running.push(server) });
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
  result?: { outcome: string; problems?: unknown[] };
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
