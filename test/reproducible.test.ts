// Two builds of the same source give a byte-identical policy.wasm, equal to the one in dist/.
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPolicy, wasmCapabilities } from '../scripts/compile/policy-build.ts';
import { distPolicy } from './helpers.ts';

const sha256 = async (file: string) => createHash('sha256').update(await readFile(file)).digest('hex');

describe('policy.wasm', () => {
  it('is reproducible: two builds, one sha256', async () => {
    const capabilitiesFile = join(await mkdtemp(join(tmpdir(), 'caps-')), 'capabilities.json');
    await writeFile(capabilitiesFile, await wasmCapabilities());
    const builds = [];
    for (const n of [1, 2]) {
      const outDir = await mkdtemp(join(tmpdir(), `policy-build-${n}-`));
      builds.push(await buildPolicy({ outDir, dataFile: distPolicy('data.json'), capabilitiesFile, revision: '1.0.0' }));
    }
    expect(builds[0]!.wasmSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(builds[1]!.wasmSha256).toBe(builds[0]!.wasmSha256);
    expect(await sha256(builds[1]!.wasm)).toBe(builds[0]!.wasmSha256);
    expect(await sha256(distPolicy('policy.wasm'))).toBe(builds[0]!.wasmSha256);
  });

  it('is built with capabilities cut down to what the WASM SDK implements', async () => {
    const capabilities = JSON.parse(await readFile(distPolicy('capabilities.json'), 'utf8')) as { builtins: { name: string }[] };
    const names = capabilities.builtins.map((b) => b.name);
    expect(names).toContain('count');
    expect(names).not.toContain('http.send');
    expect(names).not.toContain('time.now_ns');
  });

  it('fails to build a policy that calls a builtin the WASM SDK lacks', async () => {
    const { mustRun } = await import('../scripts/tools/opa.ts');
    const dir = await mkdtemp(join(tmpdir(), 'bad-policy-'));
    await writeFile(join(dir, 'bad.rego'), 'package bad\n\n# METADATA\n# entrypoint: true\nallow if http.send({"method": "GET", "url": "http://127.0.0.1:1"}).status_code == 200\n');
    await writeFile(join(dir, 'caps.json'), await wasmCapabilities());
    expect(() => mustRun('opa', ['build', '-t', 'wasm', '--capabilities', join(dir, 'caps.json'), '-o', join(dir, 'b.tar.gz'), join(dir, 'bad.rego')])).toThrow(/http\.send/);
  });
});
