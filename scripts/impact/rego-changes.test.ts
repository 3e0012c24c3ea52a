// Where a change of the Rego is reported (impact.ts regoChangesSince): the first changed line that says
// something, never a comment or a blank line; a stretch only taken away at the line after it, within the file.
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { regoChangesSince } from './rego-changes.ts';

async function repo(files: Record<string, string>): Promise<{ dir: string; write: (files: Record<string, string>) => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'rego-changes-'));
  const write = async (next: Record<string, string>) => {
    for (const [file, text] of Object.entries(next)) {
      await mkdir(join(dir, file, '..'), { recursive: true });
      await writeFile(join(dir, file), text);
    }
  };
  await write(files);
  const git = (...args: string[]) => spawnSync('git', args, { cwd: dir, encoding: 'utf8' });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('-c', 'user.name=CI', '-c', 'user.email=ci@example.invalid', 'commit', '-q', '-m', 'base');
  return { dir, write };
}

const a = 'package sharing.a\n\n# A rule.\nallow if {\n\tinput.x == 1\n}\n\ndeny if input.y\n';

describe('where a Rego change is reported', () => {
  it('at the first line that says something, not at a comment or a blank line; nothing for a comment alone', async () => {
    const { dir, write } = await repo({ 'policy/sharing/a/a.rego': a, 'policy/sharing/b/b.rego': a.replace('sharing.a', 'sharing.b') });
    await write({ 'policy/sharing/a/a.rego': a.replace('# A rule.', '# A rule, reworded.') });
    expect(regoChangesSince(dir, 'HEAD')).toEqual([]);
    await write({ 'policy/sharing/b/b.rego': a.replace('sharing.a', 'sharing.b').replace('\tinput.x == 1\n', '\n# why\n\tinput.x == 2\n') });
    expect(regoChangesSince(dir, 'HEAD')).toEqual([{ file: 'policy/sharing/b/b.rego', line: 7, column: 1 }]);
  });

  it('a stretch only taken away, at the line after it, within the file', async () => {
    const { dir, write } = await repo({ 'policy/sharing/a/a.rego': a });
    await write({ 'policy/sharing/a/a.rego': a.replace('\ndeny if input.y\n', '') });
    expect(regoChangesSince(dir, 'HEAD')).toEqual([{ file: 'policy/sharing/a/a.rego', line: 6, column: 1 }]);
  });
});
