// The examples (examples/*), as app developers would use them: the package packed from dist/package, each
// example copied into a fresh folder with the tarball as its dependency, installed, built and run where it
// runs: scripts and services in Node (the bundled service away from node_modules), pages in Chromium over
// HTTP, the Jest example by Jest. The recipes of the package README are these examples.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic, type StaticServer } from '../scripts/tools/static-server.ts';
import { root } from './helpers.ts';

let tarball: string;
let browser: Browser;
const servers: StaticServer[] = [];

beforeAll(async () => {
  const packs = await mkdtemp(join(tmpdir(), 'notice-pack-'));
  const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', packs, join(root, 'dist', 'package')], { cwd: root, encoding: 'utf8' })) as { filename: string }[];
  tarball = join(packs, packed[0]!.filename);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
});

afterAll(async () => {
  await browser?.close();
  for (const server of servers) await server.close();
});

/** A copy of an example with the packed package as its dependency, installed. */
async function installed(name: string): Promise<string> {
  const dir = join(await mkdtemp(join(tmpdir(), `notice-example-${name}-`)), name);
  await cp(join(root, 'examples', name), dir, { recursive: true, filter: (source) => !/[/\\](node_modules|dist)$/.test(source) });
  const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  manifest.dependencies['@msefnhst/privacy-notice'] = `file:${tarball}`;
  await writeFile(join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: dir, encoding: 'utf8', stdio: 'pipe' });
  return dir;
}

const npm = (dir: string, script: string, env: Record<string, string> = {}) => {
  const run = spawnSync('npm', ['run', '-s', script], { cwd: dir, encoding: 'utf8', env: { ...process.env, ...env } });
  expect(run.status, `${script}: ${run.stdout}${run.stderr}`).toBe(0);
  return run;
};

/** The address a service prints ("listening on <url>"), once it does. */
function listening(service: ChildProcess): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let output = '';
    service.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const found = /listening on (\S+)/.exec(output);
      if (found) resolve(found[1]!);
    });
    service.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    service.once('exit', (code) => reject(new Error(`the service stopped (${code}): ${output}`)));
  });
}

/** Runs a service that prints its address, and checks it decides over HTTP and answers an invalid request 400. */
async function expectServiceDecides(script: string, cwd: string): Promise<void> {
  const service = spawn(process.execPath, [script], { cwd, env: { ...process.env, PORT: '0' } });
  try {
    const url = await listening(service);
    const decide = (body: unknown, type = 'application/json') => fetch(`${url}/decide`, { method: 'POST', headers: { 'content-type': type }, body: JSON.stringify(body) });
    const shared = await decide({ recipient: 'gp', purpose: 'individual-care', information: ['care-record'], consent: 'given', necessary_for_care: true, sharing_agreement: true });
    expect(shared.status).toBe(200);
    expect(((await shared.json()) as { outcome: string }).outcome).toBe('share');
    const invalid = await decide({ recipient: 'insurer', purpose: 'individual-care', information: ['care-record'], consent: 'given' });
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { problems: { path: string }[] }).problems[0]!.path).toBe('/recipient');
    expect((await decide({ recipient: 'gp' }, 'text/plain')).status).toBeGreaterThanOrEqual(400);
  } finally {
    service.kill();
  }
}

/** Builds a page example and checks, in Chromium, that it decides with no error. */
async function expectPageDecides(dir: string, served = dir): Promise<void> {
  const result = await outcomeIn(served);
  expect(result.errors).toEqual([]);
  expect(result.outcome).toBe('do-not-share');
}

/** Opens a built page and reads the outcome it writes into #outcome. */
async function outcomeIn(dir: string): Promise<{ outcome: string; errors: string[] }> {
  const server = await serveStatic(dir);
  servers.push(server);
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${server.url}/index.html`);
  await page.waitForFunction(() => document.querySelector('#outcome')?.textContent !== '', undefined, { timeout: 30_000 }).catch((error: Error) => {
    throw new Error(`${error.message}; the page's errors: ${errors.join(' | ') || 'none'}`);
  });
  const outcome = (await page.textContent('#outcome')) ?? '';
  await page.close();
  return { outcome, errors };
}

describe('the examples, from the packed package', () => {
  it('node-script: decides, logs the decision and writes its FHIR AuditEvent', async () => {
    const dir = await installed('node-script');
    const result = JSON.parse(npm(dir, 'start').stdout) as { outcome: string; reasons: string[]; obligations: string[]; decision_id: string; audit: { resourceType: string; purposeOfUse: string } };
    expect(result).toMatchObject({ outcome: 'share-minimum', reasons: ['no-consent', 'circumstance-serious-crime'], audit: { resourceType: 'AuditEvent' } });
    expect(result.obligations).toContain('record-disclosure');
    expect(result.decision_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('node-service: bundled into one file with the policy files beside it, run away from node_modules, decides over HTTP', async () => {
    const dir = await installed('node-service');
    npm(dir, 'build');
    const away = await mkdtemp(join(tmpdir(), 'notice-service-'));
    await cp(join(dir, 'dist'), away, { recursive: true });
    await rm(dir, { recursive: true });
    await expectServiceDecides(join(away, 'service.mjs'), away);
  });

  it('vite-page: loadSharingPolicy() with no arguments, in Chromium', async () => {
    const dir = await installed('vite-page');
    npm(dir, 'build');
    await expectPageDecides(dir, join(dir, 'dist'));
  });

  it('webpack-page: loadSharingPolicy() with no arguments, webpack emitting the policy files, in Chromium', async () => {
    const dir = await installed('webpack-page');
    npm(dir, 'build');
    await expectPageDecides(dir);
  });

  it('fastify-service: decides over HTTP, and answers an invalid request 400 with its problems', async () => {
    const dir = await installed('fastify-service');
    await expectServiceDecides(join(dir, 'service.mjs'), dir);
  });

  it('esbuild-page: the policy files imported and passed, as an IIFE and as a module, in Chromium', async () => {
    const dir = await installed('esbuild-page');
    npm(dir, 'build');
    await expectPageDecides(dir);
    npm(dir, 'build', { FORMAT: 'esm' });
    await writeFile(join(dir, 'index.html'), (await readFile(join(dir, 'index.html'), 'utf8')).replace('<script src=', '<script type="module" src='));
    await expectPageDecides(dir);
  });

  it('jest: the example\u2019s tests pass (Jest\u2019s ES module mode)', async () => {
    const dir = await installed('jest');
    const run = npm(dir, 'test');
    expect(`${run.stdout}${run.stderr}`).toMatch(/Tests:\s+2 passed, 2 total/);
  });

  it('jest-jsdom: the example\u2019s tests pass in Jest\u2019s jsdom environment (no Response, no TextEncoder), with both entries', async () => {
    const dir = await installed('jest-jsdom');
    const run = npm(dir, 'test');
    expect(`${run.stdout}${run.stderr}`).toMatch(/Tests:\s+3 passed, 3 total/);
  });

  it('rollup-page: the edge entry bundled by Rollup with node-resolve alone, in Chromium', async () => {
    const dir = await installed('rollup-page');
    npm(dir, 'build');
    await expectPageDecides(dir);
    // No OPA SDK in the bundle, and nothing of CommonJS to convert.
    expect(await readFile(join(dir, 'dist', 'app.js'), 'utf8')).not.toMatch(/opa-wasm|require\(/);
  });

  it('a bundle with no import.meta.url that passes nothing is told what to do when it loads the policy, not crashed at import', async () => {
    const dir = await installed('esbuild-page');
    await writeFile(join(dir, 'app.js'), `import { loadSharingPolicy } from '@msefnhst/privacy-notice';
document.querySelector('#outcome').textContent = 'imported';
loadSharingPolicy().then(() => {}, (error) => { document.querySelector('#outcome').textContent = error.name + ': ' + error.message; });
`);
    npm(dir, 'build');
    const server = await serveStatic(dir);
    servers.push(server);
    const tab = await browser.newPage();
    await tab.goto(`${server.url}/index.html`);
    await tab.waitForFunction(() => document.querySelector('#outcome')?.textContent?.startsWith('PolicyLoadError'), undefined, { timeout: 30_000 });
    expect(await tab.textContent('#outcome')).toContain('pass { wasm, data } to loadSharingPolicy');
    await tab.close();
  });
});
