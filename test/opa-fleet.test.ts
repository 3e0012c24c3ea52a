// OPA servers as a trust runs them, with the configuration it ships (policy/server/config.yaml) and OPA's own
// authorization policy (policy/system/authz): pulled from a bundle service, not ready (and not deciding)
// until the bundle is loaded, only the decision path with the trust's token, bodies over the limit refused,
// TLS, and decision logs to a collector that count every decision answered, once, across a bundle update
// and a collector outage; past its buffer OPA drops the oldest and says so. The client is examples/opa-client.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { mustRun } from '../scripts/tools/opa.ts';
import { freePort } from '../scripts/tools/ports.ts';
import { readTar, writeTar } from '../scripts/tools/tar.ts';
import { decide, isReady } from '../examples/opa-client/client.mjs';
import { distPolicy, gpForCare, root } from './helpers.ts';
import { collector, listen, scenarioRequests, started, startOpa, type StartedOpa } from './opa-servers.ts';

type Decided = { outcome: string; decision_id?: string; unavailable?: { cause: string; detail: string } };
const decideOn = decide as (request: unknown, options: { url: string; token?: string }) => Promise<Decided>;
const ready = isReady as (url: string) => Promise<boolean>;

const token = randomBytes(24).toString('hex');
const config = join(root, 'policy', 'server', 'config.yaml');
const authz = join(root, 'policy', 'system', 'authz', 'authz.rego');
const logMask = join(root, 'policy', 'system', 'log', 'log.rego');
/** The bundle's revision is the notice's version. */
const revision = (JSON.parse(await readFile(distPolicy('data.json'), 'utf8')) as { notice: { version: string } }).notice.version;
const updated = `${revision}+updated`;

/** The trust's bundle-signing key pair: the servers are given the public key, as the README says. */
const keys = await mkdtemp(join(tmpdir(), 'notice-fleet-keys-'));
const signingKey = join(keys, 'private.pem');
const publicKey = join(keys, 'public.pem');
{
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  await writeFile(signingKey, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }));
  await writeFile(publicKey, pair.publicKey.export({ type: 'spki', format: 'pem' }));
}

/** A bundle's files signed with the trust's key (`opa sign`, as `NOTICE_SIGNING_KEY=… npm run build` signs), as a bundle. */
async function signed(files: Map<string, Uint8Array>): Promise<Uint8Array> {
  const dir = await mkdtemp(join(tmpdir(), 'notice-fleet-sign-'));
  files.delete('.signatures.json');
  await writeFile(join(dir, 'unsigned.tar.gz'), gzipSync(writeTar([...files.entries()])));
  mustRun('opa', ['sign', '--signing-key', signingKey, '--bundle', join(dir, 'unsigned.tar.gz'), '--output-file-path', dir], { cwd: dir });
  files.set('.signatures.json', await readFile(join(dir, '.signatures.json')));
  return gzipSync(writeTar([...files.entries()]));
}

/**
 * The published bundle, signed; the same under another revision, as the next release would be; the same
 * unsigned; and a signed bundle of an earlier notice version, as a replay of an older release would be.
 */
async function bundles(): Promise<{ current: Uint8Array; next: Uint8Array; unsigned: Uint8Array; older: Uint8Array }> {
  const unsigned = await readFile(distPolicy('bundle.tar.gz'));
  const files = () => readTar(gunzipSync(unsigned));
  const manifest = JSON.parse(new TextDecoder().decode(files().get('.manifest'))) as { revision: string };
  expect(manifest.revision).toBe(revision);
  const next = files();
  next.set('.manifest', new TextEncoder().encode(JSON.stringify({ ...manifest, revision: updated })));
  const older = files();
  const data = JSON.parse(new TextDecoder().decode(older.get('data.json'))) as { notice: { version: string } };
  older.set('data.json', new TextEncoder().encode(JSON.stringify({ ...data, notice: { ...data.notice, version: '0.9.0' } })));
  older.set('.manifest', new TextEncoder().encode(JSON.stringify({ ...manifest, revision: '0.9.0' })));
  return { current: await signed(files()), next: await signed(next), unsigned, older: await signed(older) };
}

/** A bundle service whose answer the test changes: nothing yet (404), then a bundle. */
async function bundleService(): Promise<{ url: string; serve: (bytes: Uint8Array | null) => void }> {
  let served: Uint8Array | null = null;
  const url = await listen((request) => (request.url === '/bundle.tar.gz' && served ? { status: 200, body: served, headers: { 'content-type': 'application/gzip' } } : { status: 404 }));
  return { url, serve: (bytes) => (served = bytes) };
}

/** `opa run --server` with the shipped configuration and authorization, faster polls for the test. */
function fleetArgs(sets: string[] = []): string[] {
  const fast = ['bundles.privacy-notice.polling.min_delay_seconds=1', 'bundles.privacy-notice.polling.max_delay_seconds=1', 'decision_logs.reporting.max_delay_seconds=2', ...sets];
  return ['--config-file', config, '--set-file', `keys.notice-signing.key=${publicKey}`, '--optimize-store-for-read-speed', ...fast.flatMap((set) => ['--set', set]), '--authentication=token', '--authorization=basic', authz, logMask];
}

async function until(condition: () => boolean | Promise<boolean>, what: string, seconds = 30): Promise<void> {
  for (let waited = 0; waited < seconds * 10; waited++) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function post(url: string, body: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  const response = await fetch(`${url}/v1/data/sharing/decision`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers }, body });
  return { status: response.status, text: await response.text() };
}

describe('an OPA server as a trust runs it', () => {
  let opa: StartedOpa;
  let service: Awaited<ReturnType<typeof bundleService>>;
  let logs: Awaited<ReturnType<typeof collector>>;

  beforeAll(async () => {
    service = await bundleService();
    logs = await collector();
    opa = started(await startOpa(fleetArgs(), { env: { NOTICE_OPA_TOKEN: token, NOTICE_MIN_VERSION: revision, NOTICE_BUNDLE_URL: service.url, NOTICE_DECISION_LOG_URL: logs.url }, readiness: '/health' }));
  });

  it('is not ready before its bundle is loaded, answers {} meanwhile, and the client takes that as do-not-share', async () => {
    expect((await fetch(`${opa.url}/health?bundles=true`)).status).toBe(500);
    expect(await ready(opa.url)).toBe(false);
    const raw = await post(opa.url, JSON.stringify({ input: gpForCare }));
    expect(raw.status).toBe(200);
    expect((JSON.parse(raw.text) as { result?: unknown }).result).toBeUndefined();
    // Before the bundle there is no decision, and the log keeps only what the notice's request has (nothing yet).
    const paddedEarly = JSON.parse((await post(opa.url, JSON.stringify({ input: { ...gpForCare, padding: 'x'.repeat(50_000) } }))).text) as { decision_id: string };
    await until(() => logs.events.some((event) => event.decision_id === paddedEarly.decision_id), 'the early decision to be logged');
    expect(logs.events.find((event) => event.decision_id === paddedEarly.decision_id)!.input).toEqual({});
    const early = await decideOn(gpForCare, { url: opa.url, token });
    expect(early).toMatchObject({ outcome: 'do-not-share', reasons: [], information: [], unavailable: { cause: 'undefined' } });

    service.serve((await bundles()).current);
    await until(() => ready(opa.url), 'the bundle to load');
    const decided = await decideOn(gpForCare, { url: opa.url, token });
    expect(decided.outcome).toBe('share');
    expect(decided.unavailable).toBeUndefined();
    expect(decided.decision_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers only the decision, and only with the trust\u2019s token', async () => {
    expect((await decideOn(gpForCare, { url: opa.url })).unavailable).toMatchObject({ cause: 'refused', detail: expect.stringMatching(/^HTTP 401/) });
    expect((await decideOn(gpForCare, { url: opa.url, token: `${token}x` })).unavailable).toMatchObject({ cause: 'refused' });
    const refused: string[] = [];
    for (const [method, path, body] of [
      ['GET', '/v1/data', undefined],
      ['GET', '/v1/data/notice', undefined],
      ['POST', '/v1/data/sharing/verdict', JSON.stringify({ input: gpForCare })],
      ['POST', '/v1/data/sharing/explain/alternatives', JSON.stringify({ input: gpForCare })],
      ['GET', '/v1/data/sharing/decision', undefined],
      ['PUT', '/v1/policies/evil', 'package evil\n'],
      ['PUT', '/v1/data/notice', '{}'],
      ['POST', '/v1/query', JSON.stringify({ query: 'data' })],
      ['POST', '/v1/compile', JSON.stringify({ query: 'data.sharing.decision' })],
      ['GET', '/v1/policies', undefined],
      ['GET', '/v1/status', undefined],
      ['GET', '/metrics', undefined],
      ['POST', '/', JSON.stringify(gpForCare)],
      // Query parameters on the decision path: the trace of the policy, metrics, provenance.
      ...['explain=full', 'explain=debug', 'metrics', 'instrument', 'provenance', 'pretty'].map((query) => ['POST', `/v1/data/sharing/decision?${query}`, JSON.stringify({ input: gpForCare })] as const),
    ] as const) {
      const response = await fetch(`${opa.url}${path}`, { method, headers: { authorization: `Bearer ${token}` }, body });
      if (response.status !== 401) refused.push(`${method} ${path}: ${response.status}`);
    }
    expect(refused).toEqual([]);
    // The body only as JSON: OPA would read YAML too (yes is true there, and keys may repeat).
    // Each of these OPA reads as YAML (the header holds "yaml"), though some start as JSON's does.
    for (const contentType of ['application/x-yaml', 'application/json; yaml', 'application/json+yaml', 'application/jsonyaml']) {
      const asYaml = await fetch(`${opa.url}/v1/data/sharing/decision`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': contentType }, body: 'input:\n  recipient: gp\n' });
      expect([contentType, asYaml.status]).toEqual([contentType, 401]);
    }
    const asJson = await fetch(`${opa.url}/v1/data/sharing/decision`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify({ input: gpForCare }) });
    expect(((await asJson.json()) as { result: { outcome: string } }).result.outcome).toBe('share');
    expect((await fetch(`${opa.url}/health?bundles=true`)).status).toBe(200);
  });

  it('keeps in its decision log only what of a request matches the request schema, and the decision says what did not', async () => {
    const padded = JSON.parse((await post(opa.url, JSON.stringify({ input: { ...gpForCare, padding: 'x'.repeat(60_000), 'a/b c': 1 } }))).text) as { decision_id: string; result: { outcome: string; problems: { path: string }[] } };
    expect(padded.result.outcome).toBe('do-not-share');
    expect(padded.result.problems.map((p) => p.path).sort()).toEqual(['/a/b c', '/padding']);
    const text = JSON.parse((await post(opa.url, JSON.stringify({ input: 'y'.repeat(30_000) }))).text) as { decision_id: string };
    // Padding in the members' names: the decision's problems name them, the log only counts them.
    const names = { ...gpForCare, ['k'.repeat(30_000)]: 1, ...Object.fromEntries(Array.from({ length: 600 }, (_, i) => [`unknown-${i}-${'z'.repeat(40)}`, i])) };
    const named = JSON.parse((await post(opa.url, JSON.stringify({ input: names }))).text) as { decision_id: string; result: { problems: unknown[] } };
    expect(named.result.problems.length).toBe(601);
    await until(() => logs.events.some((event) => event.decision_id === named.decision_id), 'the padded names to be logged');
    const namedEvent = logs.events.find((event) => event.decision_id === named.decision_id)!;
    expect(namedEvent.input).toEqual(gpForCare);
    expect(namedEvent.result?.problems).toEqual([{ path: '', keyword: 'additionalProperties', count: 601 }]);
    expect(JSON.stringify(namedEvent).length).toBeLessThan(4_000);
    // So padding cannot fill the buffer: compressed, as OPA keeps it, the padded request's entry is no
    // larger than a well-formed request's (whose decision carries its clauses' words).
    const plain = JSON.parse((await post(opa.url, JSON.stringify({ input: gpForCare }))).text) as { decision_id: string };
    await until(() => logs.events.some((event) => event.decision_id === plain.decision_id), 'the well-formed request to be logged');
    const compressed = (id: string) => gzipSync(JSON.stringify(logs.events.find((event) => event.decision_id === id))).length;
    expect(compressed(named.decision_id)).toBeLessThanOrEqual(compressed(plain.decision_id));
    await until(() => [padded.decision_id, text.decision_id].every((id) => logs.events.some((event) => event.decision_id === id)), 'both decisions to be logged');
    const logged = (id: string) => logs.events.find((event) => event.decision_id === id)!;
    expect(logged(padded.decision_id).input).toEqual(gpForCare);
    expect(logged(padded.decision_id).result?.outcome).toBe('do-not-share');
    expect(logged(padded.decision_id).result?.problems).toEqual([{ path: '', keyword: 'additionalProperties', count: 2 }]);
    expect(logged(text.decision_id).input).toBeUndefined();
    expect(JSON.stringify(logged(padded.decision_id)).length).toBeLessThan(4_000);
  });

  it('refuses a body over 64 KiB before reading it, with or without a length', async () => {
    const big = JSON.stringify({ input: { ...gpForCare, padding: 'x'.repeat(70_000) } });
    const withLength = await post(opa.url, big);
    expect(withLength.status).toBe(400);
    expect(withLength.text).toMatch(/too large/);
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 10; i++) controller.enqueue(new TextEncoder().encode(i === 0 ? big.slice(0, 7_000) : 'x'.repeat(7_000)));
        controller.close();
      },
    });
    const response = await fetch(`${opa.url}/v1/data/sharing/decision`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: chunks, duplex: 'half' } as RequestInit);
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/too large/);
    expect((await decideOn({ ...gpForCare, padding: 'x'.repeat(70_000) }, { url: opa.url, token })).unavailable).toMatchObject({ cause: 'refused', detail: expect.stringMatching(/^HTTP 400/) });
  });

  it('logs every decision it answered exactly once, with the bundle revision, across a bundle update and a collector outage', async () => {
    // The decisions of the tests before are sent within the reporting delay (2 s here); then they are set aside.
    await new Promise((r) => setTimeout(r, 3000));
    const earlier = logs.events.length;
    const requests = await scenarioRequests();
    const answered: { id: string; phase: string }[] = [];
    const failures: string[] = [];
    let phase = 'before';
    let stop = false;
    const worker = async (offset: number) => {
      for (let i = offset; !stop; i += 4) {
        const response = await post(opa.url, JSON.stringify({ input: requests[i % requests.length] }));
        const body = JSON.parse(response.text) as { decision_id?: string; result?: { outcome: string } };
        if (response.status !== 200 || !body.result || !body.decision_id) failures.push(`${response.status} ${response.text.slice(0, 100)}`);
        else answered.push({ id: body.decision_id, phase });
      }
    };
    const load = Promise.all([0, 1, 2, 3].map(worker));
    const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
    await pause(1500);
    const { next } = await bundles();
    service.serve(next);
    phase = 'updating';
    // The update is in place once a decision is logged under the new revision.
    await until(() => logs.events.some((event) => event.bundles?.['privacy-notice']?.revision === updated), 'the updated bundle to decide');
    phase = 'collector down';
    logs.down = true;
    await pause(3500);
    logs.down = false;
    phase = 'after';
    await pause(1500);
    stop = true;
    await load;
    expect(failures).toEqual([]);
    await until(() => logs.events.length - earlier >= answered.length, `${answered.length} decisions to be logged (${logs.events.length} so far)`, 60);
    await pause(2500); // a duplicate would arrive late

    const events = logs.events.slice(earlier);
    const ids = events.map((event) => event.decision_id);
    expect(new Set(ids).size, 'no decision logged twice').toBe(ids.length);
    expect(new Set(ids)).toEqual(new Set(answered.map((a) => a.id)));
    expect(events.every((event) => event.path === 'sharing/decision' && event.result?.outcome)).toBe(true);
    const revisionOf = new Map(events.map((event) => [event.decision_id, event.bundles?.['privacy-notice']?.revision]));
    expect(answered.filter((a) => a.phase === 'before').every((a) => revisionOf.get(a.id) === revision)).toBe(true);
    expect(answered.filter((a) => a.phase === 'after').every((a) => revisionOf.get(a.id) === updated)).toBe(true);
    expect(answered.filter((a) => a.phase === 'collector down').length).toBeGreaterThan(100);
    // The outage was real: OPA tried to upload while the collector was away, and was refused.
    expect(logs.uploads.some((upload) => upload.status === 503)).toBe(true);
    // Each entry, compressed on its own (as OPA's buffer holds them, in chunks of many), is under 1 KiB, so
    // the README's buffer figure holds whatever the scenarios asked.
    const largest = Math.max(...logs.events.map((event) => gzipSync(JSON.stringify(event)).length));
    expect(largest).toBeLessThan(1024);
    const bytes = logs.uploads.filter((u) => u.status === 200).reduce((sum, u) => sum + u.bytes, 0);
    console.log(`decision logs: ${answered.length} decisions answered and logged once each; ${(bytes / events.length).toFixed(0)} compressed bytes per decision; the largest entry ${largest} bytes compressed alone`);
  });
});

describe('the example client', () => {
  it('always resolves to a decision: not following redirects, through a dropped connection or a timeout, and with no token over plain HTTP', async () => {
    const shares = await listen(() => ({ status: 200, body: JSON.stringify({ result: { outcome: 'share', reasons: [{ clause: 'care-team', text: 'The team who are caring for you.' }], obligations: [], information: ['care-record'] } }) }));
    const redirects = await listen(() => ({ status: 307, headers: { location: `${shares}/v1/data/sharing/decision` } }));
    expect(await decideOn(gpForCare, { url: redirects, token })).toMatchObject({ outcome: 'do-not-share', unavailable: { cause: 'unreachable' } });
    const dropping = createServer((_, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"result": {"outcome": "sh');
      setTimeout(() => response.socket?.destroy(), 50);
    });
    await new Promise<void>((resolve) => dropping.listen(0, '127.0.0.1', resolve));
    const droppingUrl = `http://127.0.0.1:${(dropping.address() as { port: number }).port}`;
    expect(await decideOn(gpForCare, { url: droppingUrl, token })).toMatchObject({ outcome: 'do-not-share', unavailable: { cause: 'unreachable' } });
    const stalled = createServer((_, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"result":');
    });
    await new Promise<void>((resolve) => stalled.listen(0, '127.0.0.1', resolve));
    const stalledUrl = `http://127.0.0.1:${(stalled.address() as { port: number }).port}`;
    const timedOut = await (decide as (r: unknown, o: object) => Promise<Decided>)(gpForCare, { url: stalledUrl, token, signal: AbortSignal.timeout(300) });
    expect(timedOut).toMatchObject({ outcome: 'do-not-share', unavailable: { cause: 'unreachable' } });
    expect(await decideOn(gpForCare, { url: 'http://opa.example.nhs.uk', token })).toMatchObject({ outcome: 'do-not-share', unavailable: { cause: 'insecure' } });
    expect(await decideOn(gpForCare, { url: `${shares}/`, token })).toMatchObject({ outcome: 'share' });
    // Without a signal of the caller's: its own timeout, for a server that never answers and one that
    // answers a byte at a time.
    const call = decide as (r: unknown, o?: object) => Promise<Decided>;
    const started = Date.now();
    expect(await call(gpForCare, { url: stalledUrl, token, timeout: 400 })).toMatchObject({ outcome: 'do-not-share', unavailable: { cause: 'unreachable' } });
    const dripping = createServer((_, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      const drip = setInterval(() => (response.writableEnded ? clearInterval(drip) : response.write(' ')), 100);
      response.on('close', () => clearInterval(drip));
    });
    await new Promise<void>((resolve) => dripping.listen(0, '127.0.0.1', resolve));
    const drippingUrl = `http://127.0.0.1:${(dripping.address() as { port: number }).port}`;
    expect(await call(gpForCare, { url: drippingUrl, token, timeout: 400 })).toMatchObject({ outcome: 'do-not-share', unavailable: { cause: 'unreachable' } });
    expect(Date.now() - started).toBeLessThan(5000);
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const silentUrl = `http://127.0.0.1:${(silent.address() as { port: number }).port}`;
    expect(await call(gpForCare, { url: silentUrl, token, timeout: 400 })).toMatchObject({ outcome: 'do-not-share', unavailable: { cause: 'unreachable' } });
    expect(await (isReady as (u: string, o?: object) => Promise<boolean>)(silentUrl, { timeout: 400 })).toBe(false);
    silent.closeAllConnections();
    silent.close();
    // An answer larger than any decision is not read to its end.
    const huge = await listen(() => ({ status: 200, body: `{"result": ${' '.repeat(2 * 1024 * 1024)}}` }));
    expect(await decideOn(gpForCare, { url: huge, token })).toMatchObject({ outcome: 'do-not-share', unavailable: { cause: 'unreachable', detail: expect.stringMatching(/larger than/) } });
    // A result that is not a decision of this notice: problems with an outcome that shares, lists missing.
    const odd = await listen(() => ({ status: 200, body: JSON.stringify({ result: { outcome: 'share', reasons: [], obligations: [], information: [], problems: [{ path: '', keyword: 'required' }] } }) }));
    expect(await decideOn(gpForCare, { url: odd, token })).toMatchObject({ outcome: 'do-not-share', unavailable: { cause: 'unexpected' } });
    const bare = await listen(() => ({ status: 200, body: JSON.stringify({ result: { outcome: 'share' } }) }));
    expect(await decideOn(gpForCare, { url: bare, token })).toMatchObject({ outcome: 'do-not-share', unavailable: { cause: 'unexpected' } });
    // A share is held to the request, as the runtime holds a module's: kinds it did not ask for, nothing to
    // send, or no clause to rest on is no decision.
    const shareOf = (information: string[], reasons: object[]) => listen(() => ({ status: 200, body: JSON.stringify({ result: { outcome: 'share', reasons, obligations: [], information } }) }));
    const reason = { clause: 'care-team', text: 'The team who are caring for you.' };
    expect(await decideOn(gpForCare, { url: await shareOf(['care-record', 'bank-details'], [reason]), token })).toMatchObject({ outcome: 'do-not-share', unavailable: { cause: 'unexpected', detail: expect.stringMatching(/did not ask for \("bank-details"\)/) } });
    expect(await decideOn(gpForCare, { url: await shareOf([], [reason]), token })).toMatchObject({ outcome: 'do-not-share', unavailable: { cause: 'unexpected', detail: expect.stringMatching(/no information to send/) } });
    expect(await decideOn(gpForCare, { url: await shareOf(['care-record'], []), token })).toMatchObject({ outcome: 'do-not-share', unavailable: { cause: 'unexpected', detail: expect.stringMatching(/without the clauses/) } });
    expect(await decideOn(gpForCare, { url: await shareOf(['care-record'], [{ clause: '', text: '' }]), token })).toMatchObject({ outcome: 'do-not-share', unavailable: { cause: 'unexpected' } });
    expect(await decideOn(gpForCare, { url: await shareOf(['care-record'], [reason]), token })).toMatchObject({ outcome: 'share', information: ['care-record'] });
    // Information only with a share; obligations with their ids.
    const answering = (result: object) => listen(() => ({ status: 200, body: JSON.stringify({ result }) }));
    expect(await decideOn(gpForCare, { url: await answering({ outcome: 'refer', reasons: [reason], obligations: [], information: ['care-record'] }), token })).toMatchObject({ outcome: 'do-not-share', unavailable: { cause: 'unexpected' } });
    expect(await decideOn(gpForCare, { url: await answering({ outcome: 'share', reasons: [reason], obligations: [null, 5], information: ['care-record'] }), token })).toMatchObject({ outcome: 'do-not-share', unavailable: { cause: 'unexpected' } });
    // No options at all: still a decision, not a rejection.
    expect(await call(gpForCare)).toMatchObject({ outcome: 'do-not-share', unavailable: { cause: 'unreachable' } });
    dripping.closeAllConnections();
    dripping.close();
    dropping.closeAllConnections();
    stalled.closeAllConnections();
    dropping.close();
    stalled.close();
  });
});

describe('an OPA server and the bundles it is served', () => {
  it('activates only a bundle signed with the trust\u2019s key, keeps the one it has when another is not, and decides nothing with an older release', async () => {
    const service = await bundleService();
    const logs = await collector();
    const served = await bundles();
    const opa = started(await startOpa(fleetArgs(), { env: { NOTICE_OPA_TOKEN: token, NOTICE_MIN_VERSION: revision, NOTICE_BUNDLE_URL: service.url, NOTICE_DECISION_LOG_URL: logs.url }, readiness: '/health' }));
    const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const noticeVersion = async () => (JSON.parse((await post(opa.url, JSON.stringify({ input: gpForCare }))).text) as { result?: { policy: { notice_version: string } } }).result?.policy.notice_version;
    // Unsigned, as shipped by the build without a key: never activated (polled each second here).
    service.serve(served.unsigned);
    await pause(3500);
    expect(await ready(opa.url)).toBe(false);
    expect(await noticeVersion()).toBeUndefined();
    expect(opa.output()).toMatch(/signature|verif/i);
    // Signed with the trust's key: activated.
    service.serve(served.current);
    await until(() => ready(opa.url), 'the signed bundle to load');
    expect(await noticeVersion()).toBe(revision);
    // An unsigned replacement (here one that says it is another version): the server keeps what it has.
    const evil = readTar(gunzipSync(served.unsigned));
    const evilData = JSON.parse(new TextDecoder().decode(evil.get('data.json'))) as { notice: object };
    evil.set('data.json', new TextEncoder().encode(JSON.stringify({ ...evilData, notice: { ...evilData.notice, version: '9.9.9' } })));
    service.serve(gzipSync(writeTar([...evil.entries()])));
    await pause(3500);
    expect(await noticeVersion()).toBe(revision);
    expect((await decideOn(gpForCare, { url: opa.url, token })).outcome).toBe('share');
    // A validly signed bundle of an earlier release, served again (a rollback): it verifies, and every
    // decision is refused while it is loaded (older than NOTICE_MIN_VERSION); the client takes that as do-not-share.
    service.serve(served.older);
    await until(async () => (await post(opa.url, JSON.stringify({ input: gpForCare }))).status === 401, 'the older release to be refused');
    expect(await decideOn(gpForCare, { url: opa.url, token })).toMatchObject({ outcome: 'do-not-share', unavailable: { cause: 'refused' } });
    service.serve(served.current);
    await until(async () => (await noticeVersion()) === revision, 'the current release to decide again');
    opa.stop();
  });
});

/** nginx in front of an OPA server, with the shipped configuration (policy/server/nginx), on loopback. */
async function nginxFront(opaUrl: string): Promise<{ url: string; stop: () => void }> {
  const dir = await mkdtemp(join(tmpdir(), 'notice-nginx-'));
  const port = await freePort();
  const shipped = join(root, 'policy', 'server', 'nginx');
  await writeFile(join(dir, 'notice-token.conf'), `set $notice_token "Bearer ${token}";\n`);
  await writeFile(join(dir, 'nginx.conf'), `daemon off;
master_process off;
worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log stderr error;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path ${join(dir, 'body')};
  proxy_temp_path ${join(dir, 'proxy')};
  fastcgi_temp_path ${join(dir, 'fastcgi')};
  uwsgi_temp_path ${join(dir, 'uwsgi')};
  scgi_temp_path ${join(dir, 'scgi')};
  include ${join(shipped, 'notice-http.conf')};
  upstream notice_opa { server ${new URL(opaUrl).host}; }
  server {
    listen 127.0.0.1:${port};
    include ${join(shipped, 'notice-server.conf')};
  }
}
`);
  const nginx = spawn('nginx', ['-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  nginx.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  await until(async () => {
    if (nginx.exitCode !== null) throw new Error(`nginx stopped: ${log}`);
    return fetch(`${url}/health`).then((response) => response.status < 500, () => false);
  }, 'nginx to listen', 20);
  return { url, stop: () => nginx.kill('SIGKILL') };
}

/** The resident memory of the process listening on a loopback port's OPA server, in bytes (Linux). */
function opaMemory(opaUrl: string): number {
  const pid = execFileSync('pgrep', ['-f', '--', `run --server --addr 127.0.0.1:${new URL(opaUrl).port}`], { encoding: 'utf8' }).trim().split('\n').at(-1)!;
  const rss = /VmRSS:\s+(\d+) kB/.exec(execFileSync('cat', [`/proc/${pid}/status`], { encoding: 'utf8' }))!;
  return Number(rss[1]) * 1024;
}

describe('an OPA server behind the shipped nginx front (policy/server/nginx)', () => {
  it('is never handed a body without the token, a body that is not JSON or a compressed one: an alias bomb, plain and gzipped, six at once', async () => {
    const service = await bundleService();
    service.serve((await bundles()).current);
    const logs = await collector();
    const opa = started(await startOpa(fleetArgs(), { env: { NOTICE_OPA_TOKEN: token, NOTICE_MIN_VERSION: revision, NOTICE_BUNDLE_URL: service.url, NOTICE_DECISION_LOG_URL: logs.url } }));
    const front = await nginxFront(opa.url);
    try {
      // Through the front: a decision with the token, and readiness.
      expect((await decideOn(gpForCare, { url: front.url, token })).outcome).toBe('share');
      expect((await fetch(`${front.url}/health?bundles=true`)).status).toBe(200);
      // 64 KiB of YAML aliases, which OPA would expand to about 60 MB as it read the body.
      const bomb = `a0: &a0 "${'x'.repeat(60_000)}"\ninput: [${Array.from({ length: 980 }, () => '*a0').join(', ')}]\n`;
      const gzipped = new Uint8Array(gzipSync(bomb));
      const before = opaMemory(opa.url);
      const attempts: { body: string | Uint8Array<ArrayBuffer>; headers: Record<string, string> }[] = [
        { body: bomb, headers: { 'content-type': 'application/x-yaml' } },
        { body: bomb, headers: { 'content-type': 'application/json; yaml' } },
        { body: gzipped, headers: { 'content-type': 'application/x-yaml', 'content-encoding': 'gzip' } },
        { body: gzipped, headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' } },
        { body: bomb, headers: { 'content-type': 'application/x-yaml', authorization: `Bearer ${token}` } },
        { body: gzipped, headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', authorization: `Bearer ${token}` } },
      ];
      const statuses = await Promise.all(attempts.map(async ({ body, headers }) => (await fetch(`${front.url}/v1/data/sharing/decision`, { method: 'POST', headers, body })).status));
      // Without the token, 401; with it, a body that is not plain JSON is 415. None reached OPA.
      expect(statuses).toEqual([401, 401, 401, 401, 415, 415]);
      expect(opaMemory(opa.url) - before).toBeLessThan(20 * 1024 * 1024);
      // The token as it is, case and all; the path as nginx normalised it, however the client spelt it.
      expect((await fetch(`${front.url}/v1/data/sharing/decision`, { method: 'POST', headers: { authorization: `bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ input: gpForCare }) })).status).toBe(401);
      const spelt = await fetch(`${front.url}/v1/data/sharing%2Fdecisio%6E`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ input: gpForCare }) });
      expect(((await spelt.json()) as { result: { outcome: string } }).result.outcome).toBe('share');
      // Everything but the decision and readiness is not passed at all.
      for (const path of ['/v1/data', '/v1/policies', '/v1/query', '/metrics', '/v1/data/sharing/verdict']) expect((await fetch(`${front.url}${path}`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(404);
      expect((await fetch(`${front.url}/v1/data/sharing/decision?explain=full`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ input: gpForCare }) })).status).toBe(400);
      expect((await fetch(`${front.url}/v1/data/sharing/decision`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ input: { ...gpForCare, padding: 'x'.repeat(70_000) } }) })).status).toBe(413);
    } finally {
      front.stop();
      opa.stop();
    }
  });
});

describe('an OPA server whose collector stays away past its buffer', () => {
  it('drops the oldest decisions, keeps the newest, and says so in its log', async () => {
    const service = await bundleService();
    service.serve((await bundles()).current);
    const logs = await collector();
    logs.down = true;
    const opa = started(
      await startOpa(fleetArgs(['decision_logs.reporting.buffer_size_limit_bytes=4096', 'decision_logs.reporting.upload_size_limit_bytes=1024']), {
        env: { NOTICE_OPA_TOKEN: token, NOTICE_MIN_VERSION: revision, NOTICE_BUNDLE_URL: service.url, NOTICE_DECISION_LOG_URL: logs.url },
      }),
    );
    const answered: string[] = [];
    const requests = await scenarioRequests();
    for (let i = 0; i < 400; i++) {
      const body = JSON.parse((await post(opa.url, JSON.stringify({ input: requests[i % requests.length] }))).text) as { decision_id: string };
      answered.push(body.decision_id);
    }
    await until(() => /Dropped \d+ chunks from buffer/.test(opa.output()), 'OPA to report the drop');
    logs.down = false;
    await until(() => logs.events.length > 0, 'the buffered decisions to be sent');
    await new Promise((r) => setTimeout(r, 4000));
    const ids = logs.events.map((event) => event.decision_id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => answered.includes(id))).toBe(true);
    expect(ids.length).toBeLessThan(answered.length);
    expect(ids).toContain(answered.at(-1));
    expect(ids).not.toContain(answered[0]);
    opa.stop();
  });
});

describe('an OPA server over TLS', () => {
  it('decides over HTTPS for a client that trusts its certificate authority, and not over plain HTTP', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'notice-tls-'));
    const [key, cert] = [join(dir, 'server.key'), join(dir, 'server.crt')];
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'pipe' });
    const ca = await readFile(cert);
    const service = await bundleService();
    service.serve((await bundles()).current);
    const logs = await collector();
    const probe = (url: string) =>
      new Promise<boolean>((resolve, reject) => {
        httpsRequest(url, { ca }, (response) => {
          response.resume();
          resolve(response.statusCode === 200);
        })
          .on('error', reject)
          .end();
      });
    const opa = started(
      await startOpa([...fleetArgs(), '--tls-cert-file', cert, '--tls-private-key-file', key], {
        env: { NOTICE_OPA_TOKEN: token, NOTICE_MIN_VERSION: revision, NOTICE_BUNDLE_URL: service.url, NOTICE_DECISION_LOG_URL: logs.url },
        scheme: 'https',
        probe,
      }),
    );
    const client = (url: string, env: NodeJS.ProcessEnv) =>
      JSON.parse(spawnSync(process.execPath, [join(root, 'examples', 'opa-client', 'cli.mjs'), url], { input: JSON.stringify(gpForCare), encoding: 'utf8', env: { ...process.env, NOTICE_OPA_TOKEN: token, ...env } }).stdout) as Decided;
    expect(client(opa.url, { NODE_EXTRA_CA_CERTS: cert }).outcome).toBe('share');
    expect(client(opa.url, { NODE_EXTRA_CA_CERTS: '' }).unavailable).toMatchObject({ cause: 'unreachable' });
    expect(client(opa.url.replace('https:', 'http:'), { NODE_EXTRA_CA_CERTS: cert })).toMatchObject({ outcome: 'do-not-share', unavailable: { cause: expect.stringMatching(/refused|unreachable/) } });
    opa.stop();
  });
});
