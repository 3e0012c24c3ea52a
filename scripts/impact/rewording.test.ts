// What a change publishes differently (rewording.ts), on a copy of this repository's content with the
// words for patients and a circumstance's plain-words basis edited: parts the policy's data does not carry.
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PolicyData } from '../compile/policy-data.ts';
import { root, distPolicy } from '../../test/helpers.ts';
import { baseContentFiles, rewording } from './rewording.ts';

const data = JSON.parse(await readFile(distPolicy('data.json'), 'utf8')) as PolicyData;
const baseTexts = new Map(await Promise.all(baseContentFiles.map(async (file) => [file, await readFile(join(root, 'content', file), 'utf8')] as const)));

async function editedCopy(edits: { file: string; from: string; to: string }[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'rewording-'));
  await cp(join(root, 'content'), join(dir, 'content'), { recursive: true });
  for (const edit of edits) {
    const path = join(dir, 'content', edit.file);
    const text = await readFile(path, 'utf8');
    expect(text).toContain(edit.from);
    await writeFile(path, text.replace(edit.from, edit.to));
  }
  return dir;
}

describe('what a change publishes differently', () => {
  it('finds nothing between the notice and itself', async () => {
    expect(await rewording(root, baseTexts, data, data)).toEqual([]);
  });

  it('names the words for patients and a circumstance\u2019s plain-words basis when they change, where they are written, word by word', async () => {
    const dir = await editedCopy([
      { file: 'patients.yaml', from: 'You can ask to see your information, and to correct it.', to: 'You can ask to see your information.' },
      { file: 'patients.yaml', from: 'We share\n      it with them only if you agree and it is needed.', to: 'We share\n      it with them when it is needed.' },
      { file: 'circumstances.yaml', from: 'The law lets us share to protect you from serious harm,', to: 'The law lets us share whenever we think best,' },
    ]);
    const found = await rewording(dir, baseTexts, data, data);
    expect(found.map((r) => `${r.kind} ${r.id} ${r.change} ${r.file}:${r.line} ${r.fields?.map((f) => f.name ?? '').join(',')}`)).toEqual([
      `circumstance harm-to-self changed content/circumstances.yaml:${lineOf(baseTexts.get('circumstances.yaml')!, '- id: harm-to-self')} basis_plain`,
      `patients summary.Your rights changed content/patients.yaml:${lineOf(baseTexts.get('patients.yaml')!, '- heading: Your rights')} text`,
      `patients in_short.other-professionals changed content/patients.yaml:${lineOf(baseTexts.get('patients.yaml')!, '- clause: other-professionals')} text`,
    ]);
    const basis = found[0]!.fields![0]!;
    expect(basis.words?.filter((w) => w.op !== 'same')).toEqual([
      { op: 'removed', text: 'to protect you from serious harm,' },
      { op: 'added', text: 'whenever we think best,' },
    ]);
  });
});

const lineOf = (text: string, line: string) => text.split('\n').findIndex((l) => l.trim() === line) + 1;
