// The package through the bundlers app developers use, each with the recipe the package README gives:
// installed from the packed tarball into a fresh project, bundled with Vite (which follows
// `new URL(…, import.meta.url)` and emits the policy files itself) and esbuild (ESM and IIFE for browsers,
// the policy files imported as files; ESM for a Node service), then run where it runs: the browser bundles
// in Chromium over HTTP, the Node bundle in Node, away from node_modules. Each decides a request.
import { execFileSync, spawnSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic, type StaticServer } from '../scripts/tools/static-server.ts';
import { root } from './helpers.ts';

const request = "{ recipient: 'gp', purpose: 'marketing', information: ['care-record'], consent: 'given' }";

let project: string;
let browser: Browser;
const servers: StaticServer[] = [];

beforeAll(async () => {
  project = await mkdtemp(join(tmpdir(), 'notice-bundlers-'));
  const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', project, join(root, 'dist', 'package')], { cwd: root, encoding: 'utf8' })) as { filename: string }[];
  await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'an-nhs-page', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', join(project, packed[0]!.filename)], { cwd: project, encoding: 'utf8' });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
});

afterAll(async () => {
  await browser?.close();
  for (const server of servers) await server.close();
});

/** Opens a built page and waits for the outcome it writes into #outcome. */
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

const page = (script: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>App</title></head><body><p id="outcome"></p><script type="module" src="${script}"></script></body></html>`;

describe('the package in bundles', () => {
  it('Vite: loadSharingPolicy() with no arguments (Vite emits policy.wasm and data.json)', async () => {
    const app = join(project, 'vite');
    await mkdir(app, { recursive: true });
    await writeFile(join(app, 'index.html'), page('./main.js'));
    await writeFile(join(app, 'main.js'), `import { loadSharingPolicy } from '@msefnhst/privacy-notice';
const policy = await loadSharingPolicy();
document.querySelector('#outcome').textContent = policy.decide(${request}).outcome;
`);
    const { build } = await import('vite');
    await build({ root: app, logLevel: 'silent', configFile: false, build: { outDir: join(app, 'dist'), target: 'es2022' } });
    const result = await outcomeIn(join(app, 'dist'));
    expect(result.errors).toEqual([]);
    expect(result.outcome).toBe('do-not-share');
  });

  for (const format of ['esm', 'iife'] as const) {
    it(`esbuild (${format}): the policy files imported, policy.wasm as a file and data.json bundled`, async () => {
      const app = join(project, `esbuild-${format}`);
      await mkdir(app, { recursive: true });
      await writeFile(join(app, 'index.html'), format === 'esm' ? page('./main.js') : page('./main.js').replace(' type="module"', ''));
      await writeFile(join(app, 'app.js'), `import { loadSharingPolicy } from '@msefnhst/privacy-notice';
import wasm from '@msefnhst/privacy-notice/policy.wasm';
import data from '@msefnhst/privacy-notice/data.json';
loadSharingPolicy({ wasm: new URL(wasm, document.baseURI), data }).then((policy) => {
  document.querySelector('#outcome').textContent = policy.decide(${request}).outcome;
}, (error) => { document.querySelector('#outcome').textContent = 'failed: ' + error.message; });
`);
      const esbuild = await import('esbuild');
      await esbuild.build({ entryPoints: [join(app, 'app.js')], bundle: true, format, platform: 'browser', target: 'es2022', outfile: join(app, 'main.js'), loader: { '.wasm': 'file' }, absWorkingDir: project, logLevel: 'silent' });
      const result = await outcomeIn(app);
      expect(result.errors).toEqual([]);
      expect(result.outcome).toBe('do-not-share');
    });
  }

  it('esbuild for a Node service: the bundle and the policy files copied beside it, run away from node_modules', async () => {
    const app = join(project, 'service');
    const out = await mkdtemp(join(tmpdir(), 'notice-service-'));
    await mkdir(app, { recursive: true });
    await writeFile(join(app, 'service.js'), `import { loadSharingPolicy } from '@msefnhst/privacy-notice';
const policy = await loadSharingPolicy({ wasm: new URL('./policy.wasm', import.meta.url), data: new URL('./data.json', import.meta.url) });
console.log(policy.decide(${request}).outcome);
`);
    const esbuild = await import('esbuild');
    await esbuild.build({ entryPoints: [join(app, 'service.js')], bundle: true, format: 'esm', platform: 'node', target: 'node20', outfile: join(out, 'service.mjs'), absWorkingDir: project, logLevel: 'silent' });
    for (const file of ['policy.wasm', 'data.json']) await cp(join(project, 'node_modules', '@msefnhst', 'privacy-notice', 'dist', 'policy', file), join(out, file));
    const run = spawnSync(process.execPath, [join(out, 'service.mjs')], { cwd: out, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('do-not-share');
  });

  it('an IIFE bundle that passes nothing is told what to do, not crashed at import', async () => {
    const app = join(project, 'esbuild-iife-defaults');
    await mkdir(app, { recursive: true });
    await writeFile(join(app, 'index.html'), page('./main.js').replace(' type="module"', ''));
    await writeFile(join(app, 'app.js'), `import { loadSharingPolicy } from '@msefnhst/privacy-notice';
document.querySelector('#outcome').textContent = 'imported';
loadSharingPolicy().then(() => {}, (error) => { document.querySelector('#outcome').textContent = error.name + ': ' + error.message; });
`);
    const esbuild = await import('esbuild');
    await esbuild.build({ entryPoints: [join(app, 'app.js')], bundle: true, format: 'iife', platform: 'browser', target: 'es2022', outfile: join(app, 'main.js'), absWorkingDir: project, logLevel: 'silent' });
    const server = await serveStatic(app);
    servers.push(server);
    const tab = await browser.newPage();
    await tab.goto(`${server.url}/index.html`);
    await tab.waitForFunction(() => document.querySelector('#outcome')?.textContent?.startsWith('PolicyLoadError'), undefined, { timeout: 30_000 });
    expect(await tab.textContent('#outcome')).toContain('pass { wasm, data } to loadSharingPolicy');
    await tab.close();
  });
});
