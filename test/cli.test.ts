// The `notice` command as a user runs it: a subprocess on the built dist/scripts/notice.js.
import { spawnSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtPolicyFiles, root } from './helpers.ts';

const notice = (args: string[], input?: string) =>
  spawnSync(process.execPath, [join(root, 'dist', 'scripts', 'notice.js'), ...args], { encoding: 'utf8', input, cwd: root });

const request = {
  recipient: 'police-judicial',
  purpose: 'crime-investigation',
  information: ['care-record'],
  consent: 'refused',
  circumstances: [{ id: 'serious-crime' }],
};

describe('notice decide', () => {
  it('decides a request file and prints the decision as JSON', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'notice-cli-'));
    const file = join(dir, 'request.json');
    await writeFile(file, JSON.stringify(request));
    const run = notice(['decide', file]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const decision = JSON.parse(run.stdout) as { outcome: string; reasons: { clause: string }[] };
    expect(decision.outcome).toBe('refer');
    expect(decision.reasons.map((r) => r.clause)).toEqual(['no-consent', 'circumstance-serious-crime']);
  });

  it('reads standard input with -, and prints text on request', () => {
    const run = notice(['decide', '-', '--format', 'text'], JSON.stringify({ ...request, circumstances: [{ id: 'serious-crime', confirmed: true }] }));
    expect(run.status).toBe(0);
    expect(run.stdout.replace(/[0-9a-f]{64}/g, '<sha256>')).toMatchInlineSnapshot(`
      "outcome: share-minimum
        because [no-consent] However, a person’s right to confidentiality is not absolute and there may be other circumstances when we must share information from your patient record with other agencies. In these rare circumstances we are not required to have your consent. Examples of this are:
        because [circumstance-serious-crime] If the information is essential for the investigation of a serious crime
        must: Share only the information needed for this purpose. [minimum-necessary]
        must: Record what was shared, with whom, when, why and on what basis. [record-disclosure]
        policy: notice 1.0.0, wasm sha256 <sha256>
      "
    `);
  });

  it('decides an array of requests', () => {
    const run = notice(['decide', '-'], JSON.stringify([request, { ...request, purpose: 'marketing' }]));
    expect(run.status).toBe(0);
    expect((JSON.parse(run.stdout) as { outcome: string }[]).map((d) => d.outcome)).toEqual(['refer', 'do-not-share']);
  });

  it('exits 1 and lists every problem of an invalid request, with no decision', () => {
    const run = notice(['decide', '-'], JSON.stringify({ recipient: 'insurer', purpose: 'individual-care', consent: 'yes' }));
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatchInlineSnapshot(`
      "standard input: (request) must have required property 'information', expected an \`information\` field  required
      standard input: /recipient must be equal to one of the allowed values, expected one of care-team, nhs-trust, gp, independent-contractor, private-sector-provider, voluntary-sector-provider, ambulance-trust, icb-ics, social-care, nhs-england, local-authority, education, … (19 in all), found "insurer"  enum
      standard input: /consent must be equal to one of the allowed values, expected one of given, refused, withdrawn, not-asked, unable-to-consent, found "yes"  enum
      "
    `);
  });

  it('exits 2 when it cannot run', () => {
    expect(notice([]).status).toBe(2);
    expect(notice(['judge', 'x.json']).status).toBe(2);
    expect(notice(['decide', '/nonexistent.json']).status).toBe(2);
    expect(notice(['decide', '-'], '{not json').status).toBe(2);
    const badWasm = notice(['decide', '-', '--wasm', join(root, 'package.json')], JSON.stringify(request));
    expect(badWasm.status).toBe(2);
    expect(badWasm.stderr).toMatch(/WASM module could not be loaded/);
  });

  it('prints its usage', () => {
    const run = notice(['--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Usage: notice decide/);
  });
});

describe('notice decide, from the source checkout', () => {
  it('decides with the checkout\'s own build (dist/policy) when run as node scripts/notice.ts', async () => {
    const run = spawnSync(process.execPath, [join(root, 'scripts', 'notice.ts'), 'decide', '-'], { encoding: 'utf8', input: JSON.stringify(request), cwd: root });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const { data } = await builtPolicyFiles();
    expect(JSON.parse(run.stdout)).toMatchObject({ outcome: 'refer', policy: { notice_version: data.notice.version } });
  });
});

describe('notice validate and diff', () => {
  it('are not commands of the published CLI: they run in the notice\'s repository (npm run validate, npm run diff)', () => {
    for (const command of ['validate', 'diff']) {
      const run = notice([command, '--base', 'HEAD']);
      expect(run.status).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain(`\`${command}\` is not a command of the installed package`);
      expect(run.stderr).toContain(`npm run ${command} there`);
    }
    expect(notice(['--help']).stdout).not.toMatch(/validate|diff/);
  });
});
