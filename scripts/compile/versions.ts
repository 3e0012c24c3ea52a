// Every released version of the notice, as published: for each version of the change log, its notice, its
// policy.wasm, data and request and decision schemas, with their SHA-256, in site/public/versions/<version>/
// (the site's /versions/), and an index.json of them. The current version is this build's; an earlier one is
// built from the last commit released under it, with that commit's own build code (as the change impact
// builds a base). A version the repository's history does not hold (or a shallow clone) is listed as missing.
// Node-only.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Content } from '../content/content.ts';
import { withBuiltCommit } from './commit-build.ts';

/** The files of a version, as published. */
export const versionFiles = ['policy.wasm', 'data.json', 'request.schema.json', 'decision.schema.json'] as const;

export interface PublishedVersion {
  version: string;
  date: string;
  /** The commit it was built from (absent for this build's own version). */
  commit?: string;
  /** Each published file's SHA-256 (with notice.yaml, the notice as it was written). */
  files?: Record<string, string>;
  /** Why it is not published. */
  missing?: string;
}

const git = (root: string, args: string[]) => spawnSync('git', args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

/**
 * For each notice version, the last commit released under it: walking the history from the newest commit
 * (first parents, the published line), the newest commit whose content/notice.yaml has that version. A
 * commit that changed only the Rego or the build code under a version counts as much as one that changed
 * the notice: the last of them is what decided under the version.
 */
function lastCommitByVersion(root: string, wanted: ReadonlySet<string>): Map<string, string> {
  const out = new Map<string, string>();
  const list = git(root, ['rev-list', '--first-parent', 'HEAD']);
  if (list.status !== 0) return out;
  for (const commit of list.stdout.split('\n').filter(Boolean)) {
    if ([...wanted].every((version) => out.has(version))) break;
    const shown = git(root, ['show', `${commit}:content/notice.yaml`]);
    if (shown.status !== 0) continue;
    try {
      const version = (parse(shown.stdout) as { notice?: { version?: unknown } } | null)?.notice?.version;
      if (typeof version === 'string' && wanted.has(version) && !out.has(version)) out.set(version, commit);
    } catch {
      // a notice.yaml that did not parse then has no version to publish
    }
  }
  return out;
}

async function publish(from: string, noticeYaml: string, to: string): Promise<Record<string, string>> {
  await mkdir(to, { recursive: true });
  const files: Record<string, string> = {};
  for (const name of versionFiles) {
    const bytes = await readFile(join(from, name)).catch(() => undefined);
    if (!bytes) continue;
    await writeFile(join(to, name), bytes);
    files[name] = createHash('sha256').update(bytes).digest('hex');
  }
  await writeFile(join(to, 'notice.yaml'), noticeYaml);
  files['notice.yaml'] = createHash('sha256').update(noticeYaml).digest('hex');
  return files;
}

export async function buildVersions(root: string, content: Content, outDir = join(root, 'site', 'public', 'versions')): Promise<PublishedVersion[]> {
  await rm(outDir, { recursive: true, force: true });
  const current = content.notice.notice.version;
  const earlier = new Set(content.notice.changes.map((c) => c.version).filter((version) => version !== current));
  const commits = earlier.size > 0 ? lastCommitByVersion(root, earlier) : new Map<string, string>();
  const shallow = earlier.size > 0 && git(root, ['rev-parse', '--is-shallow-repository']).stdout.trim() === 'true';
  const published: PublishedVersion[] = [];
  for (const change of content.notice.changes) {
    const entry: PublishedVersion = { version: change.version, date: change.date };
    if (change.version === current) {
      entry.files = await publish(join(root, 'dist', 'policy'), await readFile(join(root, 'content', 'notice.yaml'), 'utf8'), join(outDir, change.version));
    } else {
      const commit = commits.get(change.version);
      if (!commit) {
        entry.missing = shallow
          ? 'this checkout has only part of the repository\'s history (a shallow clone: fetch it all, e.g. fetch-depth: 0)'
          : 'no commit of this repository\'s history has this version of the notice';
      } else {
        try {
          entry.files = await withBuiltCommit(root, commit, async (worktree) => publish(join(worktree, 'dist', 'policy'), await readFile(join(worktree, 'content', 'notice.yaml'), 'utf8'), join(outDir, change.version)));
          entry.commit = commit;
        } catch (error) {
          // A short reason for the page; the whole error for whoever runs the build.
          entry.missing = `its last commit (${commit.slice(0, 12)}) does not build`;
          console.error(`version ${change.version}: the commit ${commit} does not build:\n${(error as Error).message}`);
        }
      }
    }
    published.push(entry);
  }
  await mkdir(outDir, { recursive: true });
  await writeFile(join(outDir, 'index.json'), `${JSON.stringify(published, null, 2)}\n`);
  return published;
}
