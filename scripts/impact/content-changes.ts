// What a change does to the notice's own lists, seen against its base, besides the decisions: a release
// dated before the base commit or before today; a clause still published about a recipient, circumstance or
// purpose or kind of information the notice no longer lists; an id renamed (the old id, the new one, and the places
// still using the old one). Data for the change impact (impact.ts); reporters word it. Node-only: it reads
// the working tree.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Location } from '../content/messages.ts';
import type { PolicyData } from '../compile/policy-data.ts';
import { positionAt } from '../content/messages.ts';
import { definitionOf, namingFiles, usesOf } from '../content/id-uses.ts';

/** The lists whose ids requests, scenarios and the Rego name, and the notice's clauses. */
export type RenamedKind = 'recipient' | 'purpose' | 'circumstance' | 'information' | 'clause';

export interface EarlyRelease {
  version: string;
  date: string;
  /** What it is dated before: the base commit's date, or today's (UTC). */
  before: { what: 'base' | 'today'; date: string };
  /** The entry's `date` in content/notice.yaml. */
  location: Location;
}

export interface OrphanedClause {
  clause: string;
  /** The entries taken away that cited the clause: what it is about. */
  about: { kind: 'recipient' | 'purpose' | 'circumstance' | 'information'; id: string; name: string }[];
  location: Location;
}

export interface Renamed {
  kind: RenamedKind;
  from: string;
  to: string;
  /** Where the new id is written. */
  location: Location;
  /** The places in the working tree still using the old id (scenarios, accepted changes, Rego, content, site pages). */
  uses: Location[];
  /** A clause: how many decisions cite it under its new id and are otherwise as they were (the change impact counts them). */
  decisions?: number;
}

export interface ContentChanges {
  earlyRelease?: EarlyRelease;
  orphanedClauses: OrphanedClause[];
  renamed: Renamed[];
}

type Entry = Record<string, unknown>;

const lists = (data: PolicyData): Record<Exclude<RenamedKind, 'clause'>, Record<string, Entry>> => ({
  recipient: (data.notice.recipients ?? {}) as Record<string, Entry>,
  purpose: (data.notice.purposes ?? {}) as Record<string, Entry>,
  circumstance: (data.notice.circumstances ?? {}) as Record<string, Entry>,
  information: (data.notice.information ?? {}) as Record<string, Entry>,
});

const normalised = (text: unknown) => String(text ?? '').toLowerCase().replace(/\s+/g, ' ').trim();

/**
 * Pairs ids the base has and the head does not with ids the head has and the base does not, where the entry
 * is the same but for its id: the same name (a list entry) or the same words (a clause), or every other
 * field the same. Each id pairs once, and only where exactly one candidate fits.
 */
function renames(before: Record<string, Entry>, after: Record<string, Entry>, same: (a: Entry, b: Entry) => boolean): [string, string][] {
  const gone = Object.keys(before).filter((id) => !(id in after));
  const added = new Set(Object.keys(after).filter((id) => !(id in before)));
  const out: [string, string][] = [];
  for (const from of gone) {
    const fits = [...added].filter((to) => same(before[from]!, after[to]!));
    if (fits.length !== 1) continue;
    out.push([from, fits[0]!]);
    added.delete(fits[0]!);
  }
  return out;
}

const sameEntry = (a: Entry, b: Entry) => (a.name !== undefined && normalised(a.name) === normalised(b.name)) || JSON.stringify(a) === JSON.stringify(b);
const sameClause = (a: Entry, b: Entry) => normalised(a.text) !== '' && normalised(a.text) === normalised(b.text);

/** The content changes of a change since its base (see the file's comment). */
export function contentChanges(options: {
  root: string;
  base: PolicyData;
  head: PolicyData;
  /** The head's new change-log entry (impact.ts newEntry), if it releases a version. */
  newEntry?: { version: string; date: string };
  /** The base commit's date and today's, as YYYY-MM-DD. */
  baseDate: string;
  today: string;
}): ContentChanges {
  const { root, base, head } = options;
  const changes: ContentChanges = { orphanedClauses: [], renamed: [] };

  if (options.newEntry) {
    const { version, date } = options.newEntry;
    const before = date < options.baseDate ? { what: 'base' as const, date: options.baseDate } : date < options.today ? { what: 'today' as const, date: options.today } : undefined;
    if (before) {
      const text = existsSync(join(root, 'content', 'notice.yaml')) ? readFileSync(join(root, 'content', 'notice.yaml'), 'utf8') : '';
      const changesAt = text.search(/^changes:/m);
      const dateAt = changesAt < 0 ? -1 : text.slice(changesAt).search(/^[ \t]*(?:- )?date:/m);
      const location = dateAt < 0 ? { file: 'content/notice.yaml', line: 1, column: 1 } : (() => {
        const at = changesAt + dateAt;
        const key = /^[ \t]*(?:- )?/.exec(text.slice(at))![0].length;
        return { file: 'content/notice.yaml', ...positionAt(text.slice(0, at + key)) };
      })();
      changes.earlyRelease = { version, date, before, location };
    }
  }

  const files = namingFiles(root);
  const [baseLists, headLists] = [lists(base), lists(head)];
  const renamedFrom = new Map<string, string>();
  for (const kind of Object.keys(baseLists) as (keyof typeof baseLists)[]) {
    for (const [from, to] of renames(baseLists[kind], headLists[kind], sameEntry)) {
      renamedFrom.set(`${kind}:${from}`, to);
      changes.renamed.push({ kind, from, to, location: definitionOf(to, root) ?? { file: 'content', line: 1, column: 1 }, uses: usesOf(from, files, root) });
    }
  }
  const clauses = (data: PolicyData) => (data.notice.clauses ?? {}) as Record<string, Entry>;
  for (const [from, to] of renames(clauses(base), clauses(head), sameClause)) {
    changes.renamed.push({ kind: 'clause', from, to, location: definitionOf(to, root) ?? { file: 'content/notice.yaml', line: 1, column: 1 }, uses: usesOf(from, files, root) });
  }

  // A clause about an entry taken away (not renamed) that the notice still publishes, and that nothing the
  // head lists cites: patients would read of a recipient, circumstance or kind the notice no longer has.
  const cited = new Set(Object.values(headLists).flatMap((list) => Object.values(list).map((entry) => entry.clause)).filter((c): c is string => typeof c === 'string'));
  const orphans = new Map<string, OrphanedClause>();
  for (const kind of ['recipient', 'purpose', 'circumstance', 'information'] as const) {
    for (const [id, entry] of Object.entries(baseLists[kind])) {
      const clause = entry.clause;
      if (id in headLists[kind] || renamedFrom.has(`${kind}:${id}`) || typeof clause !== 'string') continue;
      if (!(clause in clauses(head)) || cited.has(clause)) continue;
      const orphan = orphans.get(clause) ?? { clause, about: [], location: definitionOf(clause, root) ?? { file: 'content/notice.yaml', line: 1, column: 1 } };
      orphan.about.push({ kind, id, name: String(entry.name ?? id) });
      orphans.set(clause, orphan);
    }
  }
  changes.orphanedClauses = [...orphans.values()];
  return changes;
}
