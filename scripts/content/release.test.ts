// A release as an IG officer makes one: `npm run release -- minor` on a copy of the notice, the content check
// refusing the entry until it is written up, and accepting it after; the text around it untouched.
import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadContentDir } from './content-node.ts';
import { nextReviewDate, nextVersion, placeholderSummary, releaseNotice } from './release.ts';

const root = join(import.meta.dirname, '..', '..');

describe('a release of the notice', () => {
  it('works out the next version and the review a year on', () => {
    expect([nextVersion('1.2.0', 'major'), nextVersion('1.2.0', 'minor'), nextVersion('1.2.3', 'patch'), nextVersion('1.2', 'minor')]).toEqual(['2.0.0', '1.3.0', '1.2.4', undefined]);
    expect([nextReviewDate('2026-12-08'), nextReviewDate('2028-02-29')]).toEqual(['2027-12-07', '2029-02-28']);
  });

  it('is one step: the version, its dates and an entry to fill in, with the rest of the file as it was; unfilled, the content check refuses it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'release-'));
    await cp(join(root, 'content'), join(dir, 'content'), { recursive: true });
    const before = await readFile(join(dir, 'content', 'notice.yaml'), 'utf8');
    const run = spawnSync(process.execPath, [join(root, 'scripts', 'release.ts'), 'minor', '--root', dir, '--date', '2099-01-02'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const after = await readFile(join(dir, 'content', 'notice.yaml'), 'utf8');
    const version = nextVersion(/version: (\S+)/.exec(before)![1]!, 'minor')!;
    expect(run.stdout).toContain(`\u2192 ${version}, effective and reviewed 2099-01-02, next review by 2100-01-01`);
    // Only the four dates and version changed, and the entry was added: every other line is as it was.
    const removed = before.split('\n').filter((line) => !after.split('\n').includes(line));
    expect(removed.map((line) => line.split(':')[0]!.trim())).toEqual(['version', 'effective', 'last_reviewed', 'next_review']);
    expect(after).toContain(`changes:\n  - version: ${version}\n    date: 2099-01-02\n    summary: >-\n      WRITE HERE`);

    const unfilled = await loadContentDir(join(dir, 'content'), dir);
    expect(unfilled.messages.map((m) => [m.ruleId, m.reason])).toEqual([['changelog', `The change-log entry for version ${version} still has its placeholder summary`]]);
    // A second release before this one is written up is refused.
    const again = spawnSync(process.execPath, [join(root, 'scripts', 'release.ts'), 'patch', '--root', dir, '--date', '2099-01-03'], { encoding: 'utf8' });
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('still has its placeholder summary');

    const placeholder = after.slice(after.indexOf('WRITE HERE'), after.indexOf('notice it.') + 'notice it.'.length);
    expect(placeholder.replace(/\s+/g, ' ')).toBe(placeholderSummary);
    await writeFile(join(dir, 'content', 'notice.yaml'), after.replace(placeholder, 'Nothing you would notice: the words were tidied.'));
    expect((await loadContentDir(join(dir, 'content'), dir)).messages).toEqual([]);
  });

  it('refuses what it cannot do, with exit 2 and the reason', () => {
    const text = 'notice:\n  version: 1.0.0\n  effective: 2026-01-02\n  last_reviewed: 2026-01-02\n  next_review: 2027-01-01\nchanges:\n  - version: 1.0.0\n    date: 2026-01-02\n    summary: First.\n';
    expect(releaseNotice(text, 'minor', '2026-01-01')).toEqual({ problem: '2026-01-01 is before the last release (1.0.0, 2026-01-02)' });
    expect(releaseNotice(text, 'minor', '2026-02-30')).toEqual({ problem: '--date 2026-02-30 is not a date (expected YYYY-MM-DD)' });
    const bad = spawnSync(process.execPath, [join(root, 'scripts', 'release.ts'), 'huge'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('Expected one of major, minor or patch, found "huge"');
  });
});
