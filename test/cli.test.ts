// The `notice` command as a user runs it: a subprocess on the built dist/scripts/notice.js.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { mustRun } from '../scripts/tools/opa.ts';
import { readTar } from '../scripts/tools/tar.ts';
import { builtPolicy, builtPolicyFiles, root } from './helpers.ts';
import { fixtureRepo, replaceIn } from './repo-fixtures.ts';

const notice = (args: string[], input?: string) =>
  spawnSync(process.execPath, [join(root, 'dist', 'scripts', 'notice.js'), ...args], { encoding: 'utf8', input, cwd: root });

/** As `notice`, without blocking this process (which may be serving what the command fetches). */
const noticeAsync = (args: string[]) =>
  new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [join(root, 'dist', 'scripts', 'notice.js'), ...args], { cwd: root });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });

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
    // A file an editor saved with a byte-order mark is read the same.
    await writeFile(file, `\uFEFF${JSON.stringify(request)}`);
    expect(notice(['decide', file]).stdout).toBe(run.stdout);
  });

  it('reads standard input with -, and prints text on request', () => {
    const run = notice(['decide', '-', '--format', 'text'], JSON.stringify({ ...request, circumstances: [{ id: 'serious-crime', status: 'confirmed' }] }));
    expect(run.status).toBe(0);
    expect(run.stdout.replace(/[0-9a-f]{64}/g, '<sha256>').replace(/notice \d+\.\d+\.\d+,/, 'notice <version>,')).toMatchInlineSnapshot(`
      "outcome: share-minimum
        because [no-consent] However, a person’s right to confidentiality is not absolute and there may be other circumstances when we must share information from your patient record with other agencies. In these rare circumstances we are not required to have your consent. Examples of this are:
        because [circumstance-serious-crime] If the information is essential for the investigation of a serious crime
        must: Share only the information needed for this purpose. [minimum-necessary]
        must: Record what was shared, with whom, when, why and on what basis. [record-disclosure]
        must: Tell the patient what was shared and with whom, unless that would put someone at risk or defeat the purpose (a police investigation, say). If you do not tell them, record why. [tell-patient]
        policy: notice <version>, wasm sha256 <sha256>, data sha256 <sha256>
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
      standard input: /consent must be equal to one of the allowed values, expected one of given, implied, refused, withdrawn, not-asked, unable-to-consent, found "yes"  enum
      "
    `);
  });

  it('tells a request file in the old shape (a claim\u2019s `confirmed`) to send `status` instead', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'notice-cli-'));
    const file = join(dir, 'old-request.json');
    await writeFile(file, JSON.stringify({ ...request, circumstances: [{ id: 'court-order', confirmed: true }] }));
    const run = notice(['decide', file]);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`${file}: /circumstances/0 must NOT have additional properties, expected a \`status\` field (waiting, confirmed or rejected) instead: \`confirmed\` was replaced by \`status\`, found {"id":"court-order","confirmed":true}  additionalProperties\n`);
  });

  it('refuses a request that names a member twice (JSON.parse would decide the last, whatever the text seems to say)', () => {
    const text = JSON.stringify({ ...request, circumstances: [{ id: 'court-order', status: 'rejected' }] }).replace('"status":"rejected"', '"status":"rejected","status":"confirmed"');
    const run = notice(['decide', '-'], text);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`the member \`status\` is named twice in one object (at character ${text.lastIndexOf('"status"') + 1}), expected each member once`);
  });

  it('exits 2 when it cannot run', () => {
    expect(notice([]).status).toBe(2);
    expect(notice(['judge', 'x.json']).status).toBe(2);
    expect(notice(['decide', '/nonexistent.json']).status).toBe(2);
    expect(notice(['decide', '-'], '{not json').status).toBe(2);
    const badWasm = notice(['decide', '-', '--wasm', join(root, 'package.json'), '--no-pin'], JSON.stringify(request));
    expect(badWasm.status).toBe(2);
    expect(badWasm.stderr).toMatch(/WASM module could not be loaded/);
  });

  it('checks the hashes of files named with --wasm and --data; --no-pin decides with them, and warns on every answer', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'notice-pin-'));
    const { data } = await builtPolicyFiles();
    // Data edited to say it is another version (as an edit that allowed marketing would be edited).
    const edited = join(dir, 'data.json');
    await writeFile(edited, JSON.stringify({ ...data, notice: { ...data.notice, version: '9.9.9' } }));
    const pinned = notice(['decide', '-', '--data', edited], JSON.stringify(request));
    expect([pinned.status, pinned.stdout]).toEqual([2, '']);
    expect(pinned.stderr).toMatch(/^notice: The policy data is not the pinned data: the SHA-256 of its JSON is [0-9a-f]{64}, expected [0-9a-f]{64} \(data\.json of notice .* this package was built with\); pass --no-pin to decide with another build/);
    // The package's own files, named, are its build: no warning.
    const own = notice(['decide', '-', '--data', join(root, 'dist', 'policy', 'data.json'), '--wasm', join(root, 'dist', 'policy', 'policy.wasm')], JSON.stringify(request));
    expect([own.status, own.stderr]).toEqual([0, '']);
    const unpinned = notice(['decide', '-', '--data', edited, '--no-pin'], JSON.stringify([request, request]));
    expect(unpinned.status).toBe(0);
    expect((JSON.parse(unpinned.stdout) as { policy: { notice_version: string } }[]).map((d) => d.policy.notice_version)).toEqual(['9.9.9', '9.9.9']);
    const warnings = unpinned.stderr.trim().split('\n');
    expect(warnings).toHaveLength(2);
    expect(warnings[1]).toMatch(/^notice: warning: \[1\] decided with --no-pin by files that are not this package's build of notice .*; "notice 9\.9\.9" is what their data says, not checked$/);
    const text = notice(['decide', '-', '--data', edited, '--no-pin', '--format', 'text'], JSON.stringify(request));
    expect(text.stdout).toMatch(/\n {2}warning: decided with --no-pin by files that are not this package's build/);
    expect(notice(['replay', '-', '--no-pin'], '').status).toBe(2);
  });

  it('prints a terminal\u2019s control characters as escapes: in a request\u2019s problems, a parse error, and a replayed entry\u2019s id and outcome', async () => {
    const controls = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/;
    const hostile = notice(['decide', '-'], JSON.stringify({ ...request, '\u001b[2J\u001b[HAll good: share': 1 }));
    expect(hostile.status).toBe(1);
    expect(hostile.stderr).toContain('no `\\u001b[2J\\u001b[HAll good: share` field');
    const broken = notice(['decide', '-'], '{"recipient": \u001b[2J}');
    expect(broken.status).toBe(2);
    expect(broken.stderr).toContain('\\u001b');
    const dir = await mkdtemp(join(tmpdir(), 'notice-escapes-'));
    const log = join(dir, 'decisions.jsonl');
    expect(notice(['decide', '-', '--log', log], JSON.stringify(request)).status).toBe(0);
    const entry = JSON.parse(await readFile(log, 'utf8')) as { decision_id: string; result: { outcome: string } };
    entry.decision_id = '\u001b[2J\u001b[H\u009b32mAll good';
    entry.result.outcome = 'share\u001b[0m\r';
    const replayed = notice(['replay', '-'], JSON.stringify(entry));
    expect(replayed.status).toBe(1);
    expect(replayed.stdout).toContain('\\u001b[2J\\u001b[H\\u009b32mAll good');
    for (const run of [hostile, broken, replayed]) expect(run.stdout + run.stderr).not.toMatch(controls);
    // A line feed in a logged id, or in the words of data loaded with --no-pin, cannot forge a line of output.
    entry.decision_id = 'id\n9 decision(s) replayed: 9 the same, 0 different, 0 could not be replayed\n';
    const forged = notice(['replay', '-'], JSON.stringify(entry));
    expect(forged.stdout.split('\n').filter((line) => line.startsWith('9 decision(s) replayed'))).toEqual([]);
    const { data } = await builtPolicyFiles();
    const clause = Object.keys(data.notice.clauses)[0]!;
    const forging = { ...data, notice: { ...data.notice, version: '1.2.0\n  policy: notice 1.2.0', clauses: { ...data.notice.clauses, [clause]: { ...data.notice.clauses[clause]!, text: 'x\n\noutcome: do-not-share' } } } };
    await writeFile(join(dir, 'forging.json'), JSON.stringify(forging));
    const text = notice(['decide', '-', '--data', join(dir, 'forging.json'), '--no-pin', '--format', 'text'], JSON.stringify({ recipient: 'care-team', purpose: 'individual-care', information: ['care-record'], consent: 'given' }));
    expect(text.stdout.split('\n').filter((line) => line.startsWith('outcome:'))).toHaveLength(1);
    expect(text.stdout.split('\n').filter((line) => line.startsWith('  policy:'))).toHaveLength(1);
    const json = notice(['decide', '-', '--data', join(dir, 'forging.json'), '--no-pin'], JSON.stringify({ recipient: 'care-team', purpose: 'individual-care', information: ['care-record'], consent: 'given' }));
    expect(json.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('replays a log whose strings hold U+2028 and U+2029 (JSON writes them as they are), line by line and as a JSON array', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'notice-separators-'));
    const log = join(dir, 'decisions.jsonl');
    expect(notice(['decide', '-', '--log', log], JSON.stringify(request)).status).toBe(0);
    const entry = JSON.parse(await readFile(log, 'utf8')) as { labels: Record<string, string> };
    entry.labels = { ...entry.labels, ward: 'ward\u2028B\u2029' };
    const asLines = notice(['replay', '-'], `${JSON.stringify(entry)}\n`);
    expect(asLines.stdout).toContain('1 decision(s) replayed: 1 the same, 0 different, 0 could not be replayed');
    const asArray = notice(['replay', '-'], JSON.stringify([entry, entry], null, 2));
    expect(asArray.stdout).toContain('2 decision(s) replayed: 2 the same, 0 different, 0 could not be replayed');
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

  it('replays with the checkout\'s own build too', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'notice-replay-checkout-'));
    const log = join(dir, 'decisions.jsonl');
    const script = join(root, 'scripts', 'notice.ts');
    expect(spawnSync(process.execPath, [script, 'decide', '-', '--log', log], { encoding: 'utf8', input: JSON.stringify(request), cwd: root }).status).toBe(0);
    const run = spawnSync(process.execPath, [script, 'replay', log], { encoding: 'utf8', cwd: root });
    expect(run.stdout).toContain('1 decision(s) replayed: 1 the same, 0 different, 0 could not be replayed');
    expect(run.status).toBe(0);
  });
});

describe('npm run notice after npm run validate rebuilt the policy', () => {
  it('decides with the rebuilt policy, not the one the last full build pinned', async () => {
    const dir = await fixtureRepo('decide-after-validate', undefined, { buildCode: true });
    const run = (args: string[]) => spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    // A full build of the policy and the compiled CLI, as npm run build leaves them.
    const { buildPolicyArtifacts } = await import('../scripts/compile/pipeline.ts');
    const { compileRuntime } = await import('../scripts/compile/runtime-build.ts');
    expect((await buildPolicyArtifacts(dir)).built).toBeDefined();
    compileRuntime(dir);
    // An edit of what is shared (a new version, so that the content is right), then npm run validate.
    await replaceIn(join(dir, 'content', 'purposes.yaml'), 'name: Emergency treatment', 'name: Emergency treatment and care');
    const { releaseNotice } = await import('../scripts/content/release.ts');
    const released = releaseNotice(await readFile(join(dir, 'content', 'notice.yaml'), 'utf8'), 'minor', '2099-01-01');
    if ('problem' in released) throw new Error(released.problem);
    await writeFile(join(dir, 'content', 'notice.yaml'), released.text.replace(/WRITE HERE[^\n]*\n[^\n]*notice it\./, 'The emergency purpose is named more fully.'));
    // (The validator's first check, which rebuilds; its other checks do not touch dist/.)
    const { validate } = await import('../scripts/validator/validate.ts');
    const validated = await validate({ root: dir, checks: ['scenarios'] });
    expect(validated.messages.filter((m) => m.severity === 'error')).toEqual([]);
    expect(validated.rebuilt).toBe(true);
    const request = join(dir, 'request.json');
    await writeFile(request, JSON.stringify({ recipient: 'gp', purpose: 'individual-care', information: ['care-record'], consent: 'given', necessary_for_care: true, sharing_agreement: true }));
    const decided = run([join(dir, 'dist', 'scripts', 'notice.js'), 'decide', request]);
    expect(decided.stderr).toBe('');
    expect(decided.status).toBe(0);
    expect(JSON.parse(decided.stdout)).toMatchObject({ outcome: 'share', policy: { notice_version: released.version } });
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
    expect(notice(['--help']).stdout).not.toMatch(/\bvalidate\b|\bdiff\b/);
  });
});

describe('decision logs, audit events and replay', () => {
  it('logs each decision (OPA\u2019s decision-log shape, with the SHA-256 of the exact request decided) and writes it as a FHIR AuditEvent', async () => {
    const policy = await builtPolicy();
    const { decision, entry } = policy.decideLogged({ recipient: 'gp', purpose: 'individual-care', information: ['care-record'], consent: 'given', necessary_for_care: true, sharing_agreement: true });
    expect(entry.result).toEqual(decision);
    expect(entry.input_sha256).toBe(createHash('sha256').update(JSON.stringify(entry.input)).digest('hex'));
    expect(entry.bundles).toEqual({ 'privacy-notice': { revision: decision.policy.notice_version } });
    const event = policy.auditEvent(entry, { patient: { reference: 'Patient/9434765919' } });
    expect(event).toMatchObject({
      resourceType: 'AuditEvent',
      id: entry.decision_id,
      recorded: entry.timestamp,
      purposeOfEvent: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: 'TREAT' }], text: 'Your treatment and care' }],
    });
    expect(event.agent.find((a) => !a.requestor)).toMatchObject({ who: { display: 'GPs' }, policy: [`urn:privacy-notice:sharing:${decision.policy.notice_version}`] });
    expect(event.entity.find((e) => e.what?.reference === 'Patient/9434765919')).toBeDefined();
    expect(event.entity.flatMap((e) => e.detail ?? []).find((d) => d.type === 'outcome')?.valueString).toBe(decision.outcome);
  });

  it('replays a log with the policy of each entry\u2019s version and lists every difference', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'notice-replay-'));
    const log = join(dir, 'decisions.jsonl');
    const requests = [request, { recipient: 'gp', purpose: 'marketing', information: ['contact-details'], consent: 'given' }];
    // A list with an invalid request: nothing is shown, so nothing is logged.
    const mixed = notice(['decide', '-', '--log', log], JSON.stringify([...requests, { ...request, consent: 'Refused' }]));
    expect([mixed.status, mixed.stdout]).toEqual([1, '']);
    expect(existsSync(log)).toBe(false);
    expect(notice(['decide', '-', '--log', log], JSON.stringify(requests)).status).toBe(0);
    const same = notice(['replay', log]);
    expect(same.stdout).toContain('2 decision(s) replayed: 2 the same, 0 different, 0 could not be replayed');
    expect(same.status).toBe(0);

    type Entry = { input: Record<string, unknown>; input_sha256: string; result: { outcome: string; reasons: { clause: string; text: string }[]; policy: Record<string, string> } };
    const [first, second] = (await readFile(log, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as Entry);
    const replayed = async (entries: unknown[], ...args: string[]) => {
      const file = join(dir, `log-${Math.random().toString(36).slice(2)}.jsonl`);
      await writeFile(file, entries.map((e) => (typeof e === 'string' ? e : JSON.stringify(e))).join('\n'));
      return args.some((arg) => arg.startsWith('http')) ? noticeAsync(['replay', file, ...args]) : notice(['replay', file, ...args]);
    };
    // A logged decision the policy of its version no longer makes; one clause written as two.
    const changed = structuredClone(second!);
    changed.result.outcome = 'share';
    const joined = structuredClone(first!);
    joined.result.reasons = [{ clause: joined.result.reasons.map((r) => r.clause).join(' '), text: '' }];
    // A request that is not the one logged (its input_sha256 says so).
    const swapped = structuredClone(first!);
    swapped.input.consent = 'given';
    const differ = await replayed([changed, joined, swapped]);
    expect(differ.status).toBe(1);
    expect(differ.stdout).toMatch(/\[0\] .*differs: outcome share \u2192 do-not-share/);
    expect(differ.stdout).toMatch(/\[1\] .*differs: clauses /);
    expect(differ.stdout).toMatch(/\[2\] .*differs: its input is not the request it logged/);

    // Entries that cannot be replayed: a version that is a path, half a pin, an empty hash, a line that is not JSON.
    const traversal = structuredClone(first!);
    traversal.result.policy.notice_version = '../../elsewhere';
    const halfPin = structuredClone(first!);
    delete halfPin.result.policy.data_sha256;
    const emptyHash = structuredClone(first!);
    emptyHash.result.policy.wasm_sha256 = '';
    const refused = await replayed([traversal, halfPin, emptyHash, '{not json', 'null'], '--versions', dir);
    expect(refused.status).toBe(1);
    expect(refused.stdout).toMatch(/\[0\] .*could not be replayed: its notice version "..\/..\/elsewhere" is not a version/);
    expect(refused.stdout).toMatch(/\[1\] .*could not be replayed: it names its policy's hashes, but not both/);
    expect(refused.stdout).toMatch(/\[2\] .*could not be replayed: it names its policy's hashes, but not both/);
    expect(refused.stdout).toMatch(/\[3\]: could not be replayed: not JSON/);
    expect(refused.stdout).toContain('4 decision(s) replayed: 0 the same, 0 different, 4 could not be replayed (1 other log line(s) passed over)');

    // An entry of another version: replayed from --versions, only with that version's data and the files of the hashes it names.
    const data = JSON.parse(await readFile(join(root, 'dist', 'policy', 'data.json'), 'utf8')) as { notice: Record<string, unknown> };
    const olderData = JSON.stringify({ ...data, notice: { ...data.notice, version: '0.9.0' } });
    const older = structuredClone(first!);
    older.result.policy = { ...older.result.policy, notice_version: '0.9.0', data_sha256: createHash('sha256').update(olderData).digest('hex') };
    const missing = await replayed([older]);
    expect(missing.stdout).toMatch(/\[0\] .*could not be replayed: notice version 0\.9\.0/);
    const versions = join(dir, 'versions');
    await mkdir(join(versions, '0.9.0'), { recursive: true });
    await writeFile(join(versions, '0.9.0', 'policy.wasm'), await readFile(join(root, 'dist', 'policy', 'policy.wasm')));
    await writeFile(join(versions, '0.9.0', 'data.json'), olderData);
    const found = await replayed([older], '--versions', versions);
    expect(found.stdout).toContain('1 decision(s) replayed: 1 the same, 0 different, 0 could not be replayed');
    expect(found.status).toBe(0);
    // The folder's files are not the ones the entry names: not replayed with them.
    await writeFile(join(versions, '0.9.0', 'data.json'), JSON.stringify({ ...JSON.parse(olderData), extra: true }));
    const wrongFiles = await replayed([older], '--versions', versions);
    expect(wrongFiles.stdout).toMatch(/\[0\] .*could not be replayed: The policy data is not the pinned data/);
    await writeFile(join(versions, '0.9.0', 'data.json'), olderData);
    // The archive's index names each file's SHA-256: a file that is not the one it names is not used.
    const sha = (bytes: string | Buffer) => createHash('sha256').update(bytes).digest('hex');
    const wasmSha = sha(await readFile(join(root, 'dist', 'policy', 'policy.wasm')));
    const index = (dataSha: string) => JSON.stringify([{ version: '0.9.0', date: '2026-01-01', files: { 'policy.wasm': wasmSha, 'data.json': dataSha } }]);
    await writeFile(join(versions, 'index.json'), index(sha('{}')));
    expect((await replayed([older], '--versions', versions)).stdout).toMatch(/\[0\] .*could not be replayed: .*data\.json is not the file the archive's index names \(its SHA-256 is [0-9a-f]{64}, the index says [0-9a-f]{64}\)/);
    await writeFile(join(versions, 'index.json'), index(sha(olderData)));
    // Published, over HTTPS (plain HTTP only to this machine): the index is required, and checked.
    const { serveStatic } = await import('../scripts/tools/static-server.ts');
    const archive = await serveStatic(versions);
    try {
      const remote = await replayed([older], '--versions', `${archive.url}/`);
      expect(remote.stdout).toContain('1 decision(s) replayed: 1 the same, 0 different, 0 could not be replayed');
      await writeFile(join(versions, '0.9.0', 'data.json'), JSON.stringify({ ...JSON.parse(olderData), extra: true }));
      const tampered = await replayed([{ ...older, result: { ...older.result, policy: { notice_version: '0.9.0' } } }], '--versions', archive.url);
      expect(tampered.stdout).toMatch(/\[0\] .*could not be replayed: http:\/\/.*\/0\.9\.0\/data\.json is not the file the archive's index names/);
      await writeFile(join(versions, '0.9.0', 'data.json'), olderData);
      await writeFile(join(versions, 'index.json'), 'not json');
      expect((await replayed([older], '--versions', archive.url)).stdout).toMatch(/could not be replayed: the version archive's index could not be read .*so its files cannot be checked/);
      await writeFile(join(versions, 'index.json'), index(sha(olderData)));
    } finally {
      await archive.close();
    }
    const plainHttp = await replayed([older], '--versions', 'http://notice.example.nhs.uk/versions');
    expect([plainHttp.status, plainHttp.stdout]).toEqual([2, '']);
    expect(plainHttp.stderr).toContain('--versions over plain HTTP is refused');

    // An OPA server's answers to malformed requests: do-not-share with problems, its input as logged whole,
    // or as the server's log mask keeps it (without the members the problems name).
    const server = (input: unknown, outcome = 'do-not-share', masked?: string[]) => ({
      decision_id: 'server', path: 'sharing/decision', input, bundles: { notice: { revision: data.notice.version } },
      result: { outcome, reasons: [], obligations: [], information: [], policy: { notice_version: data.notice.version }, problems: [{ path: '/x', keyword: 'additionalProperties' }] },
      ...(masked ? { masked } : {}),
    });
    const malformed = await replayed([server({ ...request, x: 1 }), server(request, 'do-not-share', ['/input']), server({ ...request, x: 1 }, 'share')]);
    expect(malformed.stdout).not.toMatch(/\[[01]\]/);
    expect(malformed.stdout).toMatch(/\[2\] server: differs: decided share then for a request it found malformed/);
    expect(malformed.stdout).toContain('3 decision(s) replayed: 1 the same, 1 different, 0 could not be replayed (1 refused then as malformed, whose logged input keeps only the request\'s well-formed members (an OPA server\'s log mask), so was not decided again)');
    expect(malformed.status).toBe(1);
    // Problems do not hide a decision: a valid request with problems that no mask marked, or an entry of
    // this runtime's own (which never logs problems), differs.
    const forgedOwn = structuredClone(first!) as unknown as { result: Record<string, unknown> };
    Object.assign(forgedOwn.result, { outcome: 'do-not-share', reasons: [], information: [], problems: [{ path: '/consent', keyword: 'schema' }] });
    const forged = await replayed([server(request), forgedOwn]);
    expect(forged.stdout).toMatch(/\[0\] server: differs: refused then as malformed, but the request it logged is valid and is decided refer now/);
    expect(forged.stdout).toMatch(/\[1\] .*differs: it names this runtime's hashes, yet has problems, which this runtime never logs/);
    expect(forged.status).toBe(1);
    // An entry that cannot be read is reported, and the entries after it are still replayed.
    const nullReason = structuredClone(first!) as unknown as { result: { reasons: unknown[] } };
    nullReason.result.reasons = [null];
    const noInput = structuredClone(first!) as unknown as { input?: unknown };
    delete noInput.input;
    const goesOn = await replayed([nullReason, noInput, changed]);
    expect(goesOn.stdout).toMatch(/\[0\] .*could not be replayed: /);
    expect(goesOn.stdout).toMatch(/\[1\] .*could not be replayed: /);
    expect(goesOn.stdout).toMatch(/\[2\] .*differs: outcome share \u2192 do-not-share/);
    expect(goesOn.stdout).toContain('3 decision(s) replayed: 0 the same, 1 different, 2 could not be replayed');

    // A reader that stops early (| head) ends the replay quietly.
    const many = join(dir, 'many.jsonl');
    await writeFile(many, Array.from({ length: 3000 }, () => JSON.stringify(changed)).join('\n'));
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, [join(root, 'dist', 'scripts', 'notice.js'), 'replay', many], { cwd: root });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((done) => child.on('close', done));
    expect(stderr).toBe('');
    expect(code).not.toBe(2);

    // An entry the module cannot read (a lone surrogate, which another version's policy checks itself) is
    // reported, and the entries around it are still replayed.
    const surrogate = structuredClone(older) as unknown as { input: Record<string, unknown>; input_sha256?: string };
    surrogate.input = { ...surrogate.input, '\ud800': 1 };
    delete surrogate.input_sha256;
    const around = await replayed([older, surrogate, older], '--versions', versions);
    expect(around.stdout).toMatch(/\[1\] .*differs: decided refer then; now the request is invalid for notice 0\.9\.0: \(request\) holds text that is not well-formed Unicode/);
    expect(around.stdout).toContain('3 decision(s) replayed: 2 the same, 1 different, 0 could not be replayed');
  });

  it('says, without a stack, when a decision cannot be logged or a module cites what its data lacks', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'notice-errors-'));
    // An empty value (an unset shell variable) names no file.
    const empty = notice(['decide', '-', '--log', ''], JSON.stringify(request));
    expect([empty.status, empty.stdout]).toEqual([2, '']);
    expect(empty.stderr).toContain('--log needs a value');
    const unlogged = notice(['decide', '-', '--log', join(dir, 'no-such-folder', 'log.jsonl')], JSON.stringify(request));
    expect(unlogged.status).toBe(2);
    expect(unlogged.stdout).toBe('');
    expect(unlogged.stderr).toMatch(/^notice: could not write the decision log .*no-such-folder.*ENOENT/);
    expect(unlogged.stderr).not.toContain('    at ');
    // The log itself, never through a symbolic link (which could point the audit trail at another file).
    const target = join(dir, 'elsewhere.txt');
    await writeFile(target, 'untouched\n');
    await symlink(target, join(dir, 'linked.jsonl'));
    const linked = notice(['decide', '-', '--log', join(dir, 'linked.jsonl')], JSON.stringify(request));
    expect([linked.status, linked.stdout]).toEqual([2, '']);
    expect(linked.stderr).toContain('it is a symbolic link, not the log file itself');
    expect(await readFile(target, 'utf8')).toBe('untouched\n');
    expect(notice(['decide', '-', '--log', dir], JSON.stringify(request)).stderr).toContain('it is not a regular file');
    await writeFile(join(dir, 'sharing.rego'), 'package sharing\n\n# METADATA\n# entrypoint: true\nverdict := ["share", ["no-such-clause"], [], ["care-record"]]\n');
    mustRun('opa', ['build', '-t', 'wasm', '-o', join(dir, 'bundle.tar.gz'), join(dir, 'sharing.rego')], { cwd: dir });
    await writeFile(join(dir, 'policy.wasm'), readTar(gunzipSync(await readFile(join(dir, 'bundle.tar.gz')))).get('policy.wasm')!);
    const foreign = notice(['decide', '-', '--wasm', join(dir, 'policy.wasm'), '--no-pin'], JSON.stringify(request));
    expect(foreign.status).toBe(2);
    expect(foreign.stderr.trim()).toBe('notice: The policy cited clause `no-such-clause`, which its data does not have');
    // A module loaded unpinned still may not share what was not asked for.
    await writeFile(join(dir, 'sharing.rego'), 'package sharing\n\n# METADATA\n# entrypoint: true\nverdict := ["share", ["no-consent"], [], ["care-record", "bank-details"]]\n');
    mustRun('opa', ['build', '-t', 'wasm', '-o', join(dir, 'bundle.tar.gz'), join(dir, 'sharing.rego')], { cwd: dir });
    await writeFile(join(dir, 'policy.wasm'), readTar(gunzipSync(await readFile(join(dir, 'bundle.tar.gz')))).get('policy.wasm')!);
    const unasked = notice(['decide', '-', '--wasm', join(dir, 'policy.wasm'), '--no-pin'], JSON.stringify(request));
    expect([unasked.status, unasked.stdout]).toEqual([2, '']);
    expect(unasked.stderr.trim()).toBe('notice: The policy answered share with information the request did not ask for (bank-details)');
  });
});
