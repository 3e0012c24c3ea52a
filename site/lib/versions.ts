// Earlier versions of the notice as patients read them then: from the version archive the build publishes
// (site/public/versions/<version>/: its notice.yaml and the data its policy read, whose clauses are the
// notice's words in reading order, lists included), with a word-level comparison to the version after it.
// Build time only.
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import type { PublishedVersion } from '../../scripts/compile/versions.ts';
import { wordDiff, type WordChange } from '../../scripts/impact/word-diff.ts';
import { root } from './notice.ts';

export interface VersionClause {
  id: string;
  text: string;
  /** The clause this one is an entry of (a list's entries follow it). */
  parent?: string;
}

export interface VersionSection {
  id: string;
  title: string;
  clauses: VersionClause[];
}

export interface ReadableVersion {
  version: string;
  date: string;
  /** What the change log said of it. */
  summary: string;
  sections: VersionSection[];
  /** The version after it, and each clause whose words differ (added, changed or taken away), word by word. */
  next?: { version: string; changes: { id: string; words: WordChange[] }[] };
}

const archive = `${root}site/public/versions`;

async function readVersion(entry: PublishedVersion): Promise<Omit<ReadableVersion, 'next'>> {
  const notice = parse(await readFile(`${archive}/${entry.version}/notice.yaml`, 'utf8')) as { sections: { id: string; title: string }[]; changes: { version: string; summary: string }[] };
  const data = JSON.parse(await readFile(`${archive}/${entry.version}/data.json`, 'utf8')) as { notice: { clauses: Record<string, { text: string; section: string; order: number; parent?: string }> } };
  const clauses = Object.entries(data.notice.clauses).sort(([, a], [, b]) => a.order - b.order);
  return {
    version: entry.version,
    date: entry.date,
    summary: notice.changes.find((c) => c.version === entry.version)?.summary ?? '',
    sections: notice.sections.map((section) => ({
      id: section.id,
      title: section.title,
      clauses: clauses.filter(([, c]) => c.section === section.id).map(([id, c]) => ({ id, text: c.text, ...(c.parent ? { parent: c.parent } : {}) })),
    })),
  };
}

/** Every published version, newest first, each compared word by word with the one after it. */
export async function readableVersions(): Promise<ReadableVersion[]> {
  const published = (JSON.parse(await readFile(`${archive}/index.json`, 'utf8')) as PublishedVersion[]).filter((entry) => entry.files?.['notice.yaml'] && entry.files['data.json']);
  const versions: ReadableVersion[] = await Promise.all(published.map(readVersion));
  versions.forEach((version, i) => {
    const after = versions[i - 1];
    if (!after) return;
    const words = (v: Omit<ReadableVersion, 'next'>) => new Map(v.sections.flatMap((s) => s.clauses.map((c) => [c.id, c.text] as const)));
    const [before, later] = [words(version), words(after)];
    const ids = [...new Set([...before.keys(), ...later.keys()])];
    const changes = ids.filter((id) => before.get(id) !== later.get(id)).map((id) => ({ id, words: wordDiff(before.get(id) ?? '', later.get(id) ?? '') }));
    version.next = { version: after.version, changes };
  });
  return versions;
}
