// Every released version of the notice, published by the build (scripts/compile/versions.ts): on a fixture
// repository with two versions in its history, the earlier one is built from its own commit with its own
// build code, both are published with their hashes, and a decision logged under the earlier version replays
// from the published folder.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildPolicyArtifacts } from '../scripts/compile/pipeline.ts';
import { buildVersions } from '../scripts/compile/versions.ts';
import { root } from './helpers.ts';
import { fixtureRepo, replaceIn } from './repo-fixtures.ts';

describe('the versions archive', () => {
  it('publishes every version of the change log, each built from its commit, and replay reads it', async () => {
    const dir = await fixtureRepo('versions', undefined, { git: true, buildCode: true });
    const git = (...args: string[]) => spawnSync('git', args, { cwd: dir, encoding: 'utf8' });
    const commit = (message: string) => git('-c', 'user.name=CI', '-c', 'user.email=ci@example.invalid', 'commit', '-q', '-am', message);
    const notice = join(dir, 'content', 'notice.yaml');
    // The fixture's history starts at the notice's current version; the versions of its change log before
    // that are in no commit of it.
    const { current, next, before, date } = await versionsOf(notice);
    // Still the current version: a commit that changes an obligation's words and not notice.yaml. It is
    // what decided under that version last, so it is what the version publishes.
    await replaceIn(join(dir, 'content', 'obligations.yaml'), /text: >-\n(\s+)/, `text: >-\n$1Under version ${current} as last released: `);
    commit(`${current}, last`);
    const lastUnderFirst = git('rev-parse', 'HEAD').stdout.trim();
    // The next version: new words for one clause, a change-log entry for it; committed.
    await replaceIn(notice, /(\n {2}version: )\S+/, `$1${next}`);
    // (Taking effect, and reviewed, when it changed: the notice's dates must agree with its change log.)
    await replaceIn(notice, /\n {2}effective: .*\n {2}last_reviewed: .*\n/, `\n  effective: ${date}\n  last_reviewed: ${date}\n`);
    await replaceIn(notice, 'caring for you and are providing treatment', 'caring for you and giving you treatment');
    await replaceIn(notice, '\nchanges:\n', `\nchanges:\n  - version: ${next}\n    date: ${date}\n    summary: The care team clause in plainer words.\n`);
    commit(next);

    const built = await buildPolicyArtifacts(dir);
    expect(built.messages).toEqual([]);
    const out = join(await mkdtemp(join(tmpdir(), 'notice-versions-')), 'versions');
    const published = await buildVersions(dir, built.content!, out);
    expect(published.map((p) => [p.version, p.missing])).toEqual([[next, undefined], [current, undefined], ...before.map((version) => [version, 'no commit of this repository\'s history has this version of the notice'])]);
    expect(published[1]!.commit).toBe(lastUnderFirst);
    for (const version of published.filter((p) => !p.missing)) {
      for (const [name, sha] of Object.entries(version.files!)) {
        expect(createHash('sha256').update(await readFile(join(out, version.version, name))).digest('hex'), `${version.version}/${name}`).toBe(sha);
      }
      const data = JSON.parse(await readFile(join(out, version.version, 'data.json'), 'utf8')) as { notice: { version: string; clauses: Record<string, { text: string }> } };
      expect(data.notice.version).toBe(version.version);
    }
    const earlier = JSON.parse(await readFile(join(out, current, 'data.json'), 'utf8')) as { notice: { clauses: Record<string, { text: string }> } };
    expect(earlier.notice.clauses['care-team']!.text).toContain('providing treatment');
    const earlierObligations = JSON.stringify((earlier as unknown as { notice: { obligations: object } }).notice.obligations);
    expect(earlierObligations).toContain(`Under version ${current} as last released: `);
    expect(JSON.parse(await readFile(join(out, 'index.json'), 'utf8'))).toEqual(published);

    // A decision logged under the next version (this fixture's build, not the package's: --no-pin) replays from the published folder.
    const log = join(dir, 'decisions.jsonl');
    const request = { recipient: 'care-team', purpose: 'individual-care', information: ['care-record'], consent: 'given' };
    const decided = spawnSync(process.execPath, [join(root, 'scripts', 'notice.ts'), 'decide', '-', '--log', log, '--wasm', join(dir, 'dist', 'policy', 'policy.wasm'), '--data', join(dir, 'dist', 'policy', 'data.json'), '--no-pin'], { input: JSON.stringify(request), encoding: 'utf8' });
    expect(decided.status, decided.stderr).toBe(0);
    const entry = JSON.parse((await readFile(log, 'utf8')).trim()) as { result: { reasons: { text: string }[]; policy: { notice_version: string } } };
    expect(entry.result.policy.notice_version).toBe(next);
    expect(entry.result.reasons[0]!.text).toContain('giving you treatment');
    const replayed = spawnSync(process.execPath, [join(root, 'scripts', 'notice.ts'), 'replay', log, '--versions', out], { encoding: 'utf8' });
    expect(replayed.stdout).toContain('1 decision(s) replayed: 1 the same, 0 different, 0 could not be replayed');
    // Without the archive it cannot be: the next version is not the package's.
    const alone = spawnSync(process.execPath, [join(root, 'scripts', 'notice.ts'), 'replay', log], { encoding: 'utf8' });
    expect(alone.status).toBe(1);
    expect(alone.stdout).toContain(`could not be replayed: notice version ${next}`);
  });

  it('says a shallow clone lacks the history, rather than that no commit had the version', async () => {
    const dir = await fixtureRepo('versions-shallow', undefined, { git: true, buildCode: true });
    const git = (cwd: string, ...args: string[]) => spawnSync('git', args, { cwd, encoding: 'utf8' });
    const { current, next, date } = await versionsOf(join(dir, 'content', 'notice.yaml'));
    await replaceIn(join(dir, 'content', 'notice.yaml'), /(\n {2}version: )\S+/, `$1${next}`);
    await replaceIn(join(dir, 'content', 'notice.yaml'), /\n {2}effective: .*\n {2}last_reviewed: .*\n/, `\n  effective: ${date}\n  last_reviewed: ${date}\n`);
    await replaceIn(join(dir, 'content', 'notice.yaml'), '\nchanges:\n', `\nchanges:\n  - version: ${next}\n    date: ${date}\n    summary: A new version.\n`);
    git(dir, '-c', 'user.name=CI', '-c', 'user.email=ci@example.invalid', 'commit', '-q', '-am', next);
    const shallow = join(await mkdtemp(join(tmpdir(), 'notice-shallow-')), 'repo');
    expect(git(tmpdir(), 'clone', '-q', '--depth', '1', `file://${dir}`, shallow).status).toBe(0);
    const { cp, symlink } = await import('node:fs/promises');
    for (const link of ['node_modules', '.cache']) await symlink(join(root, link), join(shallow, link), 'dir');
    await cp(join(dir, 'scripts', 'content', 'generated'), join(shallow, 'scripts', 'content', 'generated'), { recursive: true }).catch(() => undefined);
    const built = await buildPolicyArtifacts(shallow);
    expect(built.messages).toEqual([]);
    const published = await buildVersions(shallow, built.content!, join(shallow, 'versions'));
    expect(published.find((p) => p.version === current)?.missing).toMatch(/shallow clone/);
  });
});

/** The notice's current version, the next minor version, and the change log's versions before the current one. */
async function versionsOf(noticeFile: string): Promise<{ current: string; next: string; before: string[]; date: string }> {
  const notice = parse(await readFile(noticeFile, 'utf8')) as { notice: { version: string; effective: string }; changes: { version: string }[] };
  const current = notice.notice.version;
  const [major, minor] = current.split('.').map(Number) as [number, number];
  // The next version takes effect when the current one does (a change log may not go back in time).
  return { current, next: `${major}.${minor + 1}.0`, before: notice.changes.map((c) => c.version).filter((v) => v !== current), date: String(notice.notice.effective) };
}
