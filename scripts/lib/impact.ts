// Change impact: builds the policy at a base git ref (in a temporary worktree) and in the working tree,
// decides every request of the space the content defines with both (over worker threads, one per core),
// and lists each request whose outcome changed, worded for a reviewer and marked where a scenario pins it.
// Node-only.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Decision } from '../../policy/runtime/core.ts';
import { buildPolicyArtifacts, isStale } from './pipeline.ts';
import type { PolicyData } from './policy-data.ts';
import { describeRequest, requestAt, requestKey, type SpaceRequest } from './space.ts';
import { decideSpace, type SpacePolicy } from './space-decide.ts';
import { ConfigError } from './validate.ts';
import { parseSource } from './yaml-source.ts';

export interface Change {
  request: SpaceRequest;
  words: string;
  before: Decision['outcome'];
  after: Decision['outcome'];
  /** A scenario file states this request, so the change was meant (and is checked). */
  pinned: boolean;
}

export interface ChangeGroup {
  recipient: string;
  purpose: string;
  before: Decision['outcome'];
  after: Decision['outcome'];
  heading: string;
  changes: Change[];
}

export interface ImpactReport {
  base: string;
  baseVersion: string;
  headVersion: string;
  evaluated: number;
  changes: Change[];
  groups: ChangeGroup[];
  unpinned: number;
  seconds: number;
}

function git(root: string, args: string[]): string {
  const run = spawnSync('git', args, { cwd: root, encoding: 'utf8' });
  if (run.status !== 0) throw new ConfigError(`git ${args.join(' ')}: ${run.stderr.trim() || `exit ${String(run.status)}`}`);
  return run.stdout.trim();
}

/** Every scenario request in the given files, keyed as the space keys them. */
async function scenarioKeys(root: string, files: readonly string[]): Promise<Set<string>> {
  const keys = new Set<string>();
  for (const file of files) {
    const source = parseSource({ path: relative(root, file), text: await readFile(file, 'utf8') });
    if ('message' in source) continue;
    const value = source.doc.toJS() as { scenarios?: { request?: Partial<SpaceRequest> }[] };
    for (const scenario of value?.scenarios ?? []) if (scenario.request) keys.add(requestKey(scenario.request));
  }
  return keys;
}

/** A built policy's WASM and data, as the space's workers load them (no request checks: ids the base does not know are its policy's to refuse). */
async function readPolicy(policyDir: string): Promise<SpacePolicy> {
  const [wasm, data] = await Promise.all([readFile(join(policyDir, 'policy.wasm')), readFile(join(policyDir, 'data.json'), 'utf8')]);
  return { wasm: new Uint8Array(wasm), data: JSON.parse(data) as PolicyData, checkRequests: false };
}

/**
 * Builds the policy of the base checkout with the base's own build code (its content loader, generator and
 * Rego), so that a base from before a content file or field existed still builds as it did then. The
 * worktree borrows this checkout's node_modules and its built OPA (.cache). A base without the build code
 * (a repository of the notice alone) is built by this checkout's.
 */
async function buildBase(worktree: string, root: string, base: string): Promise<void> {
  const pipeline = join(worktree, 'scripts', 'lib', 'pipeline.ts');
  if (!existsSync(pipeline)) {
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

export async function impact(options: { root: string; base: string; scenarioFiles: readonly string[] }): Promise<ImpactReport> {
  const started = performance.now();
  const { root, base } = options;
  git(root, ['rev-parse', '--verify', '--quiet', `${base}^{commit}`]);
  if (await isStale(root)) {
    const head = await buildPolicyArtifacts(root);
    if (!head.built) throw new ConfigError(`The working tree's content does not load (run notice validate): ${head.messages.length} problem(s)`);
  }
  const worktree = await mkdtemp(join(tmpdir(), 'notice-base-'));
  let baseSide: SpacePolicy;
  try {
    git(root, ['worktree', 'add', '--detach', '--force', worktree, base]);
    await buildBase(worktree, root, base);
    baseSide = await readPolicy(join(worktree, 'dist', 'policy'));
  } finally {
    spawnSync('git', ['worktree', 'remove', '--force', worktree], { cwd: root });
    await rm(worktree, { recursive: true, force: true });
    spawnSync('git', ['worktree', 'prune'], { cwd: root });
  }
  // Requests come from the working tree's content: an id the base does not know is the base policy's to
  // refuse (it fails closed), not a reason to stop.
  const headSide = await readPolicy(join(root, 'dist', 'policy'));
  const pinned = await scenarioKeys(root, options.scenarioFiles);

  // Both policies decide every request, over worker threads; the requests whose outcome differs come back
  // by their place in the space.
  const decided = await decideSpace({ spaceData: headSide.data, policies: [baseSide, headSide] });
  const changes: Change[] = [...decided.differences].sort((a, b) => a.index - b.index).map(({ index, outcomes }) => {
    const request = requestAt(headSide.data, index);
    const [before, after] = outcomes as [Decision['outcome'], Decision['outcome']];
    return { request, words: describeRequest(request, headSide.data), before, after, pinned: pinned.has(requestKey(request)) };
  });
  const evaluated = decided.evaluated;

  const groups = new Map<string, ChangeGroup>();
  for (const change of changes) {
    const key = [change.request.recipient, change.request.purpose, change.before, change.after].join('|');
    let group = groups.get(key);
    if (!group) {
      const recipient = headSide.data.notice.recipients[change.request.recipient]?.name ?? change.request.recipient;
      const purpose = (headSide.data.notice.purposes[change.request.purpose]?.name ?? change.request.purpose).toLowerCase();
      group = { recipient: change.request.recipient, purpose: change.request.purpose, before: change.before, after: change.after, heading: `${recipient}, ${purpose}: ${change.before} \u2192 ${change.after}`, changes: [] };
      groups.set(key, group);
    }
    group.changes.push(change);
  }
  return {
    base,
    baseVersion: baseSide.data.notice.version,
    headVersion: headSide.data.notice.version,
    evaluated,
    changes,
    groups: [...groups.values()].sort((a, b) => b.changes.length - a.changes.length || a.heading.localeCompare(b.heading)),
    unpinned: changes.filter((c) => !c.pinned).length,
    seconds: (performance.now() - started) / 1000,
  };
}

const examples = 3;

export function impactPretty(report: ImpactReport): string {
  const lines = [`Change impact against ${report.base} (notice ${report.baseVersion} \u2192 ${report.headVersion}): ${report.evaluated} requests decided by both policies in ${report.seconds.toFixed(1)} s.`];
  if (report.changes.length === 0) lines.push('No decision changed.');
  for (const group of report.groups) {
    lines.push('', `${group.heading} (${group.changes.length} request${group.changes.length === 1 ? '' : 's'})`);
    for (const change of group.changes.slice(0, examples)) lines.push(`  ${change.pinned ? 'pinned  ' : 'unpinned'}  ${change.words}: ${change.before} \u2192 ${change.after}`);
    if (group.changes.length > examples) lines.push(`  \u2026 and ${group.changes.length - examples} more`);
  }
  lines.push('', `${report.changes.length} decision(s) changed, ${report.unpinned} not pinned by a scenario.`);
  return lines.join('\n');
}

export function impactMarkdown(report: ImpactReport): string {
  const lines = [
    `## Privacy notice: what this change would newly allow or forbid`,
    '',
    `Against \`${report.base}\` (notice ${report.baseVersion} \u2192 ${report.headVersion}): ${report.evaluated} requests decided by both policies.`,
    '',
  ];
  if (report.changes.length === 0) {
    lines.push('No decision changed.');
    return `${lines.join('\n')}\n`;
  }
  lines.push(`**${report.changes.length} decision(s) changed**, ${report.unpinned} not pinned by a scenario.`, '', '| change | requests | not pinned | for example |', '| --- | --- | --- | --- |');
  for (const group of report.groups) {
    const example = group.changes.find((c) => !c.pinned) ?? group.changes[0]!;
    lines.push(`| ${group.heading.replace(/\|/g, '\\|')} | ${group.changes.length} | ${group.changes.filter((c) => !c.pinned).length} | ${example.words.replace(/\|/g, '\\|')} |`);
  }
  lines.push('');
  return lines.join('\n');
}

export function impactJson(report: ImpactReport): string {
  return JSON.stringify(report, null, 2);
}
