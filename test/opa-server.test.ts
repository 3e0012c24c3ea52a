// The bundle on a fleet of OPA servers: a real `opa run --server` (the pinned OPA, on loopback) loads
// dist/policy/bundle.tar.gz and answers every scenario over OPA's REST API exactly as the WASM runtime
// does; a signed bundle is verified at load, and a tampered one refused.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { stringify } from 'yaml';
import { createServer as createHttpServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { buildPolicy, wasmCapabilities } from '../scripts/compile/policy-build.ts';
import { evalWithInput } from '../scripts/tools/opa.ts';
import { readTar, writeTar } from '../scripts/tools/tar.ts';
import { canonical } from '../scripts/tools/canonical.ts';
import { malformedRequests } from '../scripts/validator/malformed.ts';
import type { PolicyData } from '../scripts/compile/policy-data.ts';
import { builtPolicy, builtPolicyFiles, distPolicy } from './helpers.ts';
import { scenarioRequests, startOpa } from './opa-servers.ts';

async function decideOverRest(url: string, input: unknown): Promise<unknown> {
  const response = await fetch(`${url}/v1/data/sharing/decision`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ input }) });
  expect(response.status).toBe(200);
  return ((await response.json()) as { result: unknown }).result;
}

describe('the bundle on an OPA server', () => {
  it('logs a decision as the runtime logs one: the same fields, input, result and revision, so both land in one log pipeline', async () => {
    const started = await startOpa(['--log-level', 'info', '--log-format', 'json', '--set', 'decision_logs.console=true', '--bundle', distPolicy('bundle.tar.gz')]);
    if (!('url' in started)) throw new Error(started.log);
    const request = { recipient: 'police-judicial', purpose: 'crime-investigation', information: ['care-record'], consent: 'refused', circumstances: [{ id: 'serious-crime', status: 'confirmed' }] };
    await decideOverRest(started.url, request);
    let line: string | undefined;
    for (let attempt = 0; attempt < 100 && !line; attempt++) {
      line = started.output().split('\n').find((l) => l.includes('"msg":"Decision Log"'));
      if (!line) await new Promise((r) => setTimeout(r, 100));
    }
    const server = JSON.parse(line!) as Record<string, unknown> & { bundles: Record<string, { revision: string }>; result: { policy: object } };
    const { entry } = (await builtPolicy()).decideLogged(request as never);
    for (const field of ['decision_id', 'path', 'input', 'result', 'timestamp', 'bundles', 'labels']) expect(server, field).toHaveProperty(field);
    expect(Object.keys(entry).filter((k) => !(k in server))).toEqual(['input_sha256']);
    expect(entry.path).toBe(server.path);
    expect(entry.input).toEqual(server.input);
    const { policy: provenance, ...result } = entry.result;
    expect({ ...result, policy: { notice_version: provenance.notice_version } }).toEqual(server.result);
    expect(Object.values(entry.bundles)[0]!.revision).toBe(Object.values(server.bundles)[0]!.revision);
    for (const id of [entry.decision_id, server.decision_id as string]) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    for (const time of [entry.timestamp, server.timestamp as string]) expect(Number.isNaN(Date.parse(time))).toBe(false);
  });

  it('answers every scenario over the REST API as the WASM runtime does', async () => {
    const started = await startOpa(['--bundle', distPolicy('bundle.tar.gz')]);
    expect(started).toHaveProperty('url');
    const { url } = started as { url: string };
    const policy = await builtPolicy();
    const requests = await scenarioRequests();
    expect(requests.length).toBeGreaterThanOrEqual(80);
    for (const request of requests) {
      const { policy: provenance, ...decision } = policy.decide(request as never);
      // The server knows the notice version, not the sha256 of a wasm it does not run.
      expect(canonical(await decideOverRest(url, request))).toBe(canonical({ ...decision, policy: { notice_version: provenance.notice_version } }));
    }
  });

  it('never shares a malformed request: each one the runtime rejects, the server answers do-not-share with its problems', async () => {
    const started = await startOpa(['--bundle', distPolicy('bundle.tar.gz')]);
    expect(started).toHaveProperty('url');
    const { url } = started as { url: string };
    const policy = await builtPolicy();
    const data = (await builtPolicyFiles()).data as unknown as PolicyData;
    const careTeam = { recipient: 'care-team', purpose: 'individual-care', information: ['care-record'], consent: 'not-asked' };
    const returns = { recipient: 'nhs-england', purpose: 'nhs-contract-returns', information: ['diagnoses'], consent: 'not-asked' };
    // The forms outsiders found an OPA server sharing on, then every way of breaking two requests that share.
    const malformed: unknown[] = [
      { ...careTeam, consent: 'Refused' },
      { ...careTeam, consent: 'refused ' },
      { ...careTeam, consent: null },
      { ...careTeam, consent: ['refused'] },
      { ...returns, opt_outs: { national_data_opt_out: 'true' } },
      ...malformedRequests(data, [careTeam, returns]).map((m) => m.request),
    ];
    expect(malformed.length).toBeGreaterThan(250);
    const shared: unknown[] = [];
    for (const request of malformed) {
      expect(policy.problems(request).length, JSON.stringify(request)).toBeGreaterThan(0);
      const decision = (await decideOverRest(url, request)) as { outcome: string; problems?: unknown[] };
      if (decision.outcome !== 'do-not-share' || !decision.problems?.length) shared.push({ request, decision });
    }
    expect(shared).toEqual([]);
  });

  describe('signed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'notice-signed-'));
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    await writeFile(join(dir, 'private.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
    await writeFile(join(dir, 'public.pem'), publicKey.export({ type: 'spki', format: 'pem' }));
    await writeFile(join(dir, 'capabilities.json'), await wasmCapabilities());
    const signed = await buildPolicy({ outDir: join(dir, 'signed'), dataFile: distPolicy('data.json'), capabilitiesFile: join(dir, 'capabilities.json'), revision: '1.0.0', signing: { key: join(dir, 'private.pem') } });

    it('carries a signature that OPA verifies when it loads the bundle', async () => {
      const files = readTar(gunzipSync(await readFile(signed.bundle)));
      expect([...files.keys()].slice(0, 2)).toEqual(['.manifest', '.signatures.json']);
      const started = await startOpa(['--verification-key', join(dir, 'public.pem'), '--bundle', signed.bundle]);
      expect(started).toHaveProperty('url');
      const decision = (await decideOverRest((started as { url: string }).url, { recipient: 'gp', purpose: 'marketing', information: ['contact-details'], consent: 'given' })) as { outcome: string };
      expect(decision.outcome).toBe('do-not-share');
    });

    it('is refused when a file was changed after signing', async () => {
      const files = readTar(gunzipSync(await readFile(signed.bundle)));
      const rego = files.get('policy/sharing/prohibitions/prohibitions.rego')!;
      const original = new TextDecoder().decode(rego);
      const changed = original.replace('request.purpose(req).forbidden == true', 'request.purpose(req).forbidden == false');
      expect(changed).not.toBe(original);
      files.set('policy/sharing/prohibitions/prohibitions.rego', new TextEncoder().encode(changed));
      const tampered = join(dir, 'tampered.tar.gz');
      await writeFile(tampered, gzipSync(writeTar([...files.entries()])));
      const started = await startOpa(['--verification-key', join(dir, 'public.pem'), '--bundle', tampered]);
      expect(started).toMatchObject({ exit: expect.any(Number) });
      expect((started as { exit: number }).exit).not.toBe(0);
      expect((started as { log: string }).log).toMatch(/digest mismatch|signature|verif/i);
    });

    it('is pulled from a bundle service, verified, and served, as a fleet of OPA servers would', async () => {
      const bundleServer = createHttpServer((request, response) => {
        if (request.url === '/bundles/privacy-notice.tar.gz') {
          void readFile(signed.bundle).then((bytes) => response.writeHead(200, { 'content-type': 'application/gzip' }).end(bytes));
        } else response.writeHead(404).end();
      });
      await new Promise<void>((resolve) => bundleServer.listen(0, '127.0.0.1', resolve));
      const { port } = bundleServer.address() as { port: number };
      try {
        const config = {
          services: { trust: { url: `http://127.0.0.1:${port}` } },
          bundles: { 'privacy-notice': { service: 'trust', resource: 'bundles/privacy-notice.tar.gz', polling: { min_delay_seconds: 10, max_delay_seconds: 20 }, signing: { keyid: 'notice-signing' } } },
          keys: { 'notice-signing': { algorithm: 'RS256', key: await readFile(join(dir, 'public.pem'), 'utf8') } },
        };
        await writeFile(join(dir, 'opa-config.yaml'), stringify(config));
        const started = await startOpa(['--config-file', join(dir, 'opa-config.yaml')]);
        expect(started).toHaveProperty('url');
        const decision = (await decideOverRest((started as { url: string }).url, { recipient: 'care-team', purpose: 'individual-care', information: ['care-record'], consent: 'not-asked' })) as { outcome: string };
        expect(decision.outcome).toBe('share');
      } finally {
        bundleServer.close();
      }
    });

    it('is refused unsigned when servers require a signature', async () => {
      const started = await startOpa(['--verification-key', join(dir, 'public.pem'), '--bundle', distPolicy('bundle.tar.gz')]);
      expect((started as { exit: number }).exit).not.toBe(0);
      expect((started as { log: string }).log).toMatch(/signature/i);
    });
  });
});

describe('explanations on both engines', () => {
  it('are the same alternatives in the same order from OPA\u2019s Go evaluator as from the WASM runtime', async () => {
    const policy = await builtPolicy();
    const requests = (await scenarioRequests()).filter((request) => policy.problems(request).length === 0);
    const go = (await evalWithInput(['--bundle', distPolicy('bundle.tar.gz')], requests, 'answers := [data.sharing.explain.changes(r) | some r in input]')) as { result: { bindings: { answers: { change: object; outcome: string }[][] } }[] };
    const answers = go.result[0]!.bindings.answers;
    requests.forEach((request, i) => {
      const wasm = policy.explain(request as never).alternatives.map((a) => [a.change, a.outcome]);
      expect(wasm, JSON.stringify(request)).toEqual(answers[i]!.map((a) => [a.change, a.outcome]));
    });
    expect(answers.some((a) => a.length > 1)).toBe(true);
  });
});
