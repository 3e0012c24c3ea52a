// What a change does to the notice's lists besides decisions (content-changes.ts), on copies of this
// repository's content edited as the rule fixtures edit them: the data of each side built as the build
// builds it, the places read from the copy.
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadContentDir } from '../content/content-node.ts';
import { toPolicyData, type PolicyData } from '../compile/policy-data.ts';
import { root, distPolicy } from '../../test/helpers.ts';
import { contentChanges } from './content-changes.ts';

const shape = (JSON.parse(await readFile(distPolicy('data.json'), 'utf8')) as { request: Parameters<typeof toPolicyData>[1] }).request;

async function dataOf(dir: string): Promise<PolicyData> {
  const loaded = await loadContentDir(join(dir, 'content'), dir);
  expect(loaded.messages.filter((m) => m.severity === 'error')).toEqual([]);
  return toPolicyData(loaded.content!, shape);
}

/** A copy of the notice with a rule fixture's edits. */
async function edited(fixture: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'content-changes-'));
  for (const path of ['content', 'policy/sharing', 'test/scenarios', 'test/accepted-changes.yaml', 'site']) await cp(join(root, path), join(dir, path), { recursive: true });
  const { edits } = JSON.parse(await readFile(join(root, 'test', 'fixtures', 'validate', fixture, 'fixture.json'), 'utf8')) as { edits: { file: string; from: string; to: string }[] };
  for (const edit of edits) {
    const text = await readFile(join(dir, edit.file), 'utf8');
    expect(text).toContain(edit.from);
    await writeFile(join(dir, edit.file), text.replace(edit.from, edit.to));
  }
  return dir;
}

describe('the content changes of a change', async () => {
  const base = await dataOf(root);
  const days = { baseDate: '2026-12-07', today: '2026-12-07' };

  it('finds nothing between the notice and itself', () => {
    expect(contentChanges({ root, base, head: base, newEntry: { version: '9.9.9', date: '2026-12-07' }, ...days })).toEqual({ orphanedClauses: [], renamed: [] });
  });

  it('finds a release dated before the base commit, or before today, at its date', async () => {
    const dir = await edited('release-dated-early');
    const head = await dataOf(dir);
    const newEntry = { version: '1.3.0', date: '2026-12-08' };
    const at = { file: 'content/notice.yaml', line: 125, column: 5 };
    expect(contentChanges({ root: dir, base, head, newEntry, baseDate: '2026-12-09', today: '2026-12-10' }).earlyRelease).toEqual({ ...newEntry, before: { what: 'base', date: '2026-12-09' }, location: at });
    expect(contentChanges({ root: dir, base, head, newEntry, baseDate: '2026-12-08', today: '2026-12-10' }).earlyRelease).toEqual({ ...newEntry, before: { what: 'today', date: '2026-12-10' }, location: at });
    expect(contentChanges({ root: dir, base, head, newEntry, ...days }).earlyRelease).toBeUndefined();
    expect(await readFile(join(dir, at.file), 'utf8').then((t) => t.split('\n')[at.line - 1]!.slice(at.column - 1))).toBe('date: 2026-12-08');
  });

  it('reports a misspelt clause id where it is written as a rename, with every place still using the old id', async () => {
    const dir = await edited('id-renamed');
    const { renamed, orphanedClauses } = contentChanges({ root: dir, base, head: await dataOf(dir), ...days });
    expect(orphanedClauses).toEqual([]);
    expect(renamed.map(({ uses, ...rest }) => rest)).toEqual([{ kind: 'clause', from: 'recipient-gps', to: 'recipient-gsp', location: { file: 'content/recipients.yaml', line: 33, column: 13 } }]);
    const files = new Set(renamed[0]!.uses.map((u) => u.file));
    expect([...files].sort()).toEqual(expect.arrayContaining(['policy/sharing/organisations/organisations_test.rego', 'test/scenarios/organisations.yaml', 'test/scenarios/practice.yaml', 'test/scenarios/programmes.yaml']));
    // Each place is the id itself.
    for (const use of renamed[0]!.uses) {
      const line = (await readFile(join(dir, use.file), 'utf8')).split('\n')[use.line - 1]!;
      expect(line.slice(use.column - 1, use.column - 1 + 'recipient-gps'.length)).toBe('recipient-gps');
    }
  });

  it('finds a recipient renamed (the same name under a new id), and not prose that spells the old id', async () => {
    const head = structuredClone(base);
    const { education, ...others } = head.notice.recipients;
    head.notice.recipients = { ...others, 'education-services': education! };
    const { renamed } = contentChanges({ root, base, head, ...days });
    expect(renamed.map((r) => [r.kind, r.from, r.to])).toEqual([['recipient', 'education', 'education-services']]);
    expect(renamed[0]!.uses.length).toBeGreaterThan(0);
    expect(renamed[0]!.uses.every((u) => !u.file.endsWith('.md'))).toBe(true);
  });

  it('finds a clause still published about a circumstance taken away, and not one that another entry still cites', async () => {
    const dir = await edited('orphaned-clause');
    const { orphanedClauses, renamed } = contentChanges({ root: dir, base, head: await dataOf(dir), ...days });
    expect(renamed).toEqual([]);
    expect(orphanedClauses).toEqual([{
      clause: 'circumstance-public-health',
      about: [{ kind: 'purpose', id: 'public-health', name: 'Notifying a disease or other matter for public health or other legal reasons' }, { kind: 'circumstance', id: 'public-health', name: 'Notifiable for public health or other legal reasons' }],
      location: { file: 'content/notice.yaml', line: 67, column: 17 },
    }]);
    // The purpose of the same name still citing it: the clause is not about nothing.
    const head = structuredClone(base);
    delete (head.notice.circumstances as Record<string, unknown>)['public-health'];
    expect(contentChanges({ root, base, head, ...days }).orphanedClauses).toEqual([]);
  });
});
