// As an app developer meets the package: `npm pack`, install the tarball into a fresh project, import it by
// name and decide a request, under the machine's own Node 20 and under the tooling's Node 24.
import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { root } from './helpers.ts';

/** The first `node` on PATH outside any node_modules: the machine's own. */
function machineNode(): string {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir || dir.includes('node_modules')) continue;
    const candidate = join(dir, 'node');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  throw new Error('No machine Node.js on PATH');
}

const app = `
import { loadSharingPolicy, InvalidRequestError } from '@msefnhst/privacy-notice';
const policy = await loadSharingPolicy();
const decision = policy.decide({
  recipient: 'social-care', purpose: 'safeguarding', information: ['care-record'], consent: 'refused',
  circumstances: [{ id: 'child-at-risk' }],
});
let rejected = false;
try { policy.decide({ recipient: 'insurer' }); } catch (error) { rejected = error instanceof InvalidRequestError; }
console.log(JSON.stringify({ node: process.version, outcome: decision.outcome, reasons: decision.reasons.map((r) => r.clause), rejected }));
`;

const typed = `
import { loadSharingPolicy, type Decision, type SharingRequest } from '@msefnhst/privacy-notice';
const request: SharingRequest = { recipient: 'gp', purpose: 'individual-care', information: ['care-record'], consent: 'given' };
const decision: Decision = (await loadSharingPolicy()).decide(request);
const outcome: 'share' | 'share-minimum' | 'do-not-share' | 'refer' = decision.outcome;
// @ts-expect-error: the notice lists no such recipient
const wrong: SharingRequest = { recipient: 'insurer', purpose: 'individual-care', information: ['care-record'], consent: 'given' };
export { outcome, wrong };
`;

let project: string;
beforeAll(async () => {
  project = await mkdtemp(join(tmpdir(), 'notice-app-'));
  const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', project], { cwd: root, encoding: 'utf8' })) as { filename: string }[];
  await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'an-nhs-app', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', join(project, packed[0]!.filename)], { cwd: project, encoding: 'utf8' });
  await writeFile(join(project, 'app.mjs'), app);
  await writeFile(join(project, 'typed.ts'), typed);
});

describe('the packed package, installed into a fresh project', () => {
  const nodes = { 'the machine\u2019s Node': machineNode(), 'the tooling\u2019s Node 24': process.execPath };
  for (const [name, node] of Object.entries(nodes)) {
    it(`decides a request under ${name}`, () => {
      const run = spawnSync(node, ['app.mjs'], { cwd: project, encoding: 'utf8' });
      expect(run.stderr).toBe('');
      const result = JSON.parse(run.stdout) as { node: string; outcome: string; reasons: string[]; rejected: boolean };
      expect(result).toMatchObject({ outcome: 'share-minimum', reasons: ['no-consent', 'circumstance-child-at-risk'], rejected: true });
      if (node === process.execPath) expect(result.node).toMatch(/^v24\./);
      else expect(Number(result.node.slice(1).split('.')[0])).toBeGreaterThanOrEqual(20);
    });
  }

  it('runs its notice command', () => {
    const run = spawnSync(machineNode(), [join(project, 'node_modules', '.bin', 'notice'), 'decide', '-'], {
      cwd: project,
      encoding: 'utf8',
      input: JSON.stringify({ recipient: 'gp', purpose: 'marketing', information: ['contact-details'], consent: 'given' }),
    });
    expect(run.status).toBe(0);
    expect((JSON.parse(run.stdout) as { outcome: string }).outcome).toBe('do-not-share');
  });

  it('gives TypeScript users the request and decision types', () => {
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const run = spawnSync(process.execPath, [tsc, '--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--skipLibCheck', 'typed.ts'], { cwd: project, encoding: 'utf8' });
    expect(run.stdout + run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});
