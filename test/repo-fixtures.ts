// Fixture repositories for the validator's tests: a copy of this repository's notice (content, Rego,
// scenarios, accepted changes), optionally committed as a base, then edited; and `notice` run on them
// as CI runs it, as a subprocess.
import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from './helpers.ts';

/**
 * A copy of this repository's notice in a temporary folder. With `git`, committed as the base before `edit`.
 * With `buildCode`, the repository's own tools come too (scripts/, the runtime, package.json, node_modules
 * and the built OPA linked), so the copy builds and validates itself, as a clone does.
 */
export async function fixtureRepo(name: string, edit?: (dir: string) => Promise<void>, options: { git?: boolean; buildCode?: boolean } = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `notice-repo-${name}-`));
  for (const path of ['content', 'policy/sharing', 'test/scenarios', 'test/accepted-changes.yaml']) await cp(join(root, path), join(dir, path), { recursive: true });
  if (options.buildCode) {
    await cp(join(root, 'scripts'), join(dir, 'scripts'), { recursive: true, filter: (source) => !source.includes(`${join('scripts', 'content', 'generated')}`) });
    await cp(join(root, 'policy', 'runtime'), join(dir, 'policy', 'runtime'), { recursive: true, filter: (source) => !source.includes(join('runtime', 'generated')) });
    for (const file of ['package.json', 'tsconfig.json', 'tsconfig.build.json']) await cp(join(root, file), join(dir, file));
    for (const link of ['node_modules', '.cache']) await symlink(join(root, link), join(dir, link), 'dir');
    await writeFile(join(dir, '.gitignore'), 'node_modules\n.cache\ndist/\nscripts/content/generated/\npolicy/runtime/generated/\n');
  }
  if (options.git) {
    const git = (...args: string[]) => spawnSync('git', args, { cwd: dir, encoding: 'utf8' });
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('-c', 'user.name=CI', '-c', 'user.email=ci@example.invalid', 'commit', '-q', '-m', 'base');
  }
  if (edit) await edit(dir);
  return dir;
}

/** Replaces text in a fixture's file; throws when the text is not there (so a fixture cannot silently stop breaking anything). */
export async function replaceIn(file: string, from: string | RegExp, to: string): Promise<void> {
  const text = await readFile(file, 'utf8');
  if (typeof from === 'string' ? !text.includes(from) : !from.test(text)) throw new Error(`fixture edit: ${String(from)} not in ${file}`);
  await writeFile(file, text.replace(from, to));
}

/** Runs a repository command as CI does: `notice(['validate', ...])` is `node scripts/validate.ts ...` (npm run validate), `diff` likewise. */
export function notice(args: string[], cwd = root) {
  const [command, ...rest] = args;
  const entry = command === 'validate' || command === 'diff' ? [`${command}.ts`, ...rest] : ['notice.ts', ...args];
  return spawnSync(process.execPath, [join(root, 'scripts', entry[0]!), ...entry.slice(1)], { cwd, encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024 });
}
