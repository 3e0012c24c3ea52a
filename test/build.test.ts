// `npm run build` is what publishes: it refuses what npm run validate refuses between the notice and the
// Rego, run as CI runs it on a copy of this checkout with one thing broken.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdtemp, readFile, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readTar } from '../scripts/tools/tar.ts';
import { builtPolicy, distPolicy, gpForCare, root } from './helpers.ts';
import { replaceIn } from './repo-fixtures.ts';

async function checkoutCopy(name: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `notice-build-${name}-`));
  for (const path of ['content', 'policy', 'scripts', 'site', 'package.json', 'tsconfig.json', 'tsconfig.build.json', 'astro.config.mjs']) {
    await cp(join(root, path), join(dir, path), { recursive: true, filter: (source) => !source.includes(`${join('policy', 'runtime', 'generated')}`) });
  }
  for (const path of ['node_modules', '.cache']) await symlink(join(root, path), join(dir, path), 'dir');
  return dir;
}

describe('npm run build', () => {
  it('refuses a rule whose METADATA names a clause the notice does not have, and publishes nothing', async () => {
    const dir = await checkoutCopy('unknown-clause');
    await replaceIn(join(dir, 'policy', 'sharing', 'careteam', 'careteam.rego'), /#   clause: care-team\n/, '#   clause: care-teem\n');
    const run = spawnSync(process.execPath, [join(dir, 'scripts', 'build.ts')], { cwd: dir, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(1);
    expect(run.stderr).toMatch(/^ {0}policy\/sharing\/careteam\/careteam\.rego:\d+:1 {2}error {2}Rule `data\.sharing\.careteam\.[a-z_]+` cites clause `care-teem`, which the notice does not have, expected the id of a clause in content\/notice\.yaml {2}unknown-clause$/m);
    expect(run.stderr).toContain('the site was not built');
    expect(spawnSync('test', ['-e', join(dir, 'dist', 'site')]).status).not.toBe(0);
  });
});

describe('what the build publishes', () => {
  it('is one data.json: the bundle\u2019s, the package\u2019s, the site\u2019s download and the hash every decision carries are of the same bytes', async () => {
    const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
    const published = sha256(await readFile(distPolicy('data.json')));
    const inBundle = readTar(gunzipSync(await readFile(distPolicy('bundle.tar.gz')))).get('data.json');
    expect(inBundle).toBeDefined();
    expect(sha256(inBundle!)).toBe(published);
    expect(sha256(await readFile(join(root, 'dist', 'package', 'dist', 'policy', 'data.json')))).toBe(published);
    expect(sha256(await readFile(join(root, 'dist', 'site', 'downloads', 'data.json')))).toBe(published);
    expect((await builtPolicy()).decide(gpForCare).policy.data_sha256).toBe(published);
  });
});
