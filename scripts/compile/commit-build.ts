// Building a commit of the notice as it was built then: in a temporary git worktree, with that commit's own
// build code (its content loader, generator and Rego). The change impact builds its base this way, and the
// versions archive each earlier version. Node-only.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError } from '../tools/config-error.ts';
import { buildPolicyArtifacts } from './pipeline.ts';

/** Runs git in `root`; its output, or a ConfigError saying what git said. */
export function git(root: string, args: string[]): string {
  const run = spawnSync('git', args, { cwd: root, encoding: 'utf8' });
  if (run.status !== 0) throw new ConfigError(`git ${args.join(' ')}: ${run.stderr.trim() || `exit ${String(run.status)}`}`);
  return run.stdout.trim();
}

/**
 * Builds the policy of the base checkout with the base's own build code (its content loader, generator and
 * Rego), so that a base from before a content file or field existed still builds as it did then. The
 * worktree borrows this checkout's node_modules and its built OPA (.cache). A base without the build code
 * (a repository of the notice alone) is built by this checkout's.
 */
export const buildCodePlaces = ['scripts/compile/pipeline.ts', 'scripts/build/pipeline.ts', 'scripts/lib/pipeline.ts'];

async function buildBase(worktree: string, root: string, base: string): Promise<void> {
  // Where the build code has lived: scripts/compile/ now, scripts/build/ before that, scripts/lib/ before the
  // validator's folders.
  const pipeline = buildCodePlaces.map((place) => join(worktree, place)).find((file) => existsSync(file));
  if (!pipeline) {
    // A repository that keeps only the notice (content, Rego, scenarios): this code builds it.
    const built = await buildPolicyArtifacts(worktree);
    if (!built.built) throw new ConfigError(`The content at ${base} does not load: ${built.messages.map((m) => `${m.file}:${m.line}:${m.column} ${m.reason}`).join('; ')}`);
    return;
  }
  for (const dir of ['node_modules', '.cache']) if (existsSync(join(root, dir))) await symlink(join(root, dir), join(worktree, dir), 'dir');
  const script = `const { buildPolicyArtifacts } = await import(${JSON.stringify(pathToFileURL(pipeline).href)});
const built = await buildPolicyArtifacts(${JSON.stringify(worktree)});
if (!built.built) { console.error(built.messages.map((m) => m.file + ':' + m.line + ':' + m.column + ' ' + m.reason).join('; ')); process.exit(1); }`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: worktree, encoding: 'utf8' });
  if (run.status !== 0) throw new ConfigError(`The policy at ${base} does not build: ${(run.stderr || run.stdout).trim()}`);
}


/**
 * Builds a commit in a temporary git worktree, with that commit's own build code (buildBase), hands the
 * worktree to `use` (its dist/policy is built), and removes it afterwards. The change impact builds its base
 * this way, and the versions archive each earlier version.
 */
export async function withBuiltCommit<T>(root: string, ref: string, use: (worktree: string) => Promise<T>): Promise<T> {
  const worktree = await mkdtemp(join(tmpdir(), 'notice-base-'));
  try {
    git(root, ['worktree', 'add', '--detach', '--force', worktree, ref]);
    await buildBase(worktree, root, ref);
    return await use(worktree);
  } finally {
    spawnSync('git', ['worktree', 'remove', '--force', worktree], { cwd: root });
    await rm(worktree, { recursive: true, force: true });
    spawnSync('git', ['worktree', 'prune'], { cwd: root });
  }
}
