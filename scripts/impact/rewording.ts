// What the notice publishes that differs between the two sides of a change: each part (clause,
// obligation, recipient, purpose, circumstance, kind of information, programme, promise, choice, the
// notice's own fields, the change log), added, taken away, moved or with changed fields, each changed text
// compared word by word, located where it is now. Data for the change impact. Node-only: reads the checkout.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Location } from '../content/messages.ts';
import { locate, parseSource, type ParsedSource } from '../content/yaml-source.ts';
import type { PolicyData } from '../compile/policy-data.ts';
// (JSON with its keys sorted: two builds that write the same fields in another order agree.)
import { canonical } from '../tools/canonical.ts';
import { wordDiff, type WordChange } from './word-diff.ts';

/** The parts of the published notice, each in its content file. */
const publishedParts = {
  notice: 'notice.yaml',
  section: 'notice.yaml',
  release: 'notice.yaml',
  clause: 'notice.yaml',
  obligation: 'obligations.yaml',
  recipient: 'recipients.yaml',
  purpose: 'purposes.yaml',
  circumstance: 'circumstances.yaml',
  information: 'information.yaml',
  programme: 'programmes.yaml',
  promise: 'promises.yaml',
  choice: 'promises.yaml',
  patients: 'patients.yaml',
} as const;

/** The content files a change's base is read from besides its data (the parts data.json does not carry). */
export const baseContentFiles = ['notice.yaml', 'promises.yaml', 'patients.yaml', 'recipients.yaml', 'purposes.yaml', 'circumstances.yaml', 'information.yaml', 'programmes.yaml'] as const;

/**
 * A part of the published notice that changed between the two sides: its words or any other field
 * (`changed`), or the whole of it added or taken away. Located where it is now, or, taken away, at the
 * notice's version (where the change must be recorded).
 */
export interface Reworded extends Location {
  kind: keyof typeof publishedParts;
  id: string;
  change?: 'changed' | 'added' | 'removed' | 'moved';
  /** For a change: each field that changed (no name: the value itself, such as a section's title), with its value before and now, shortened. */
  fields?: FieldChange[];
}

export interface FieldChange {
  name?: string;
  /** The value before and now, whole (text as it is, anything else as JSON). */
  before?: string;
  after?: string;
  /** Where both are text: the words compared (word-diff.ts), for reporters to show every changed word. */
  words?: WordChange[];
}

/** A value as a reviewer reads it in a report: text as it is (its spaces evened), anything else as JSON; whole. */
function shownValue(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value.replace(/\s+/g, ' ').trim() : canonical(value);
}

/** Which fields of a published part changed, and from what to what. */
function fieldChanges(before: unknown, after: unknown): FieldChange[] {
  const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
  const change = (name: string | undefined, a: unknown, b: unknown): FieldChange => ({
    ...(name !== undefined ? { name } : {}),
    ...(a !== undefined ? { before: shownValue(a) } : {}),
    ...(b !== undefined ? { after: shownValue(b) } : {}),
    ...(typeof a === 'string' && typeof b === 'string' ? { words: wordDiff(shownValue(a)!, shownValue(b)!) } : {}),
  });
  if (!isRecord(before) || !isRecord(after)) return [change(undefined, before, after)];
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()
    .filter((name) => canonical(before[name]) !== canonical(after[name]))
    .map((name) => change(name, before[name], after[name]));
}

/**
 * What the notice publishes that differs between the two sides: each clause, obligation, recipient,
 * purpose, circumstance, kind of information, programme (from each side's data.json, with the fields its
 * content file publishes that the data does not carry, such as a circumstance's `basis_plain`), each promise
 * and choice (from each side's content/promises.yaml), and each part of content/patients.yaml (the first
 * layer, each "In short", the rights, complaints, contacts and easy read) whose words or fields changed, or
 * that was added or taken away. A decision cites them by id, so a change of words changes no outcome, yet it is what patients and
 * apps read, and an archived version must keep meaning what it said.
 */
export async function rewording(root: string, baseTexts: ReadonlyMap<string, string>, before: PolicyData, after: PolicyData): Promise<Reworded[]> {
  const out: Reworded[] = [];
  // The working tree's content files, each parsed once, for positions (as idLocations finds them).
  const sources = new Map<string, { file: string; text: string; source?: ParsedSource }>();
  const sourceOf = async (name: string) => {
    if (!sources.has(name)) {
      const file = `content/${name}`;
      const text = await readFile(join(root, file), 'utf8').catch(() => '');
      const parsed = parseSource({ path: file, text });
      sources.set(name, { file, text, ...('message' in parsed ? {} : { source: parsed }) });
    }
    return sources.get(name)!;
  };
  const locateIn = async (name: string, path: readonly (string | number)[], key?: string): Promise<Location> => {
    const { file, source } = await sourceOf(name);
    return source ? locate(file, source.doc, source.lines, path, key) : { file, line: 1, column: 1 };
  };
  /** The `id:` of the entry with that id, at any depth (a clause may be an entry of another's list). */
  const at = async (name: string, id: string): Promise<Location> => {
    const { source } = await sourceOf(name);
    const path = source && pathOfId(source.doc.toJS(), id);
    return path ? locateIn(name, path, 'id') : locateIn(name, []);
  };
  const version = () => locateIn('notice.yaml', ['notice'], 'version');
  const compare = async (kind: Reworded['kind'], earlier: Record<string, unknown>, now: Record<string, unknown>) => {
    for (const [id, entry] of Object.entries(now)) {
      if (!(id in earlier)) out.push({ kind, id, change: 'added', ...(await at(publishedParts[kind], id)) });
      else if (canonical(earlier[id]) !== canonical(entry)) out.push({ kind, id, change: 'changed', fields: fieldChanges(earlier[id], entry), ...(await at(publishedParts[kind], id)) });
    }
    for (const id of Object.keys(earlier)) if (!(id in now)) out.push({ kind, id, change: 'removed', ...(await version()) });
  };
  const parts = [['obligation', 'obligations'], ['recipient', 'recipients'], ['purpose', 'purposes'], ['circumstance', 'circumstances'], ['information', 'information'], ['programme', 'programmes']] as const;
  const partOf = (data: PolicyData, key: string) => ((data.notice as Record<string, unknown>)[key] ?? {}) as Record<string, unknown>;
  const byId = (list: unknown) => Object.fromEntries(((Array.isArray(list) ? list : []) as { id: string }[]).map((entry) => [entry.id, entry]));
  // Each entry as published: its data, and the fields of its content file's entry that the data does not
  // carry (the policy reads the data; the site also shows these).
  const published = (data: Record<string, unknown>, text: string | undefined, key: string) => {
    const written = byId(readYaml<Record<string, unknown>>(text)[key]);
    return Object.fromEntries(Object.entries(data).map(([id, entry]) => {
      const extra = Object.entries(written[id] ?? {}).filter(([field]) => field !== 'id' && !(field in (entry as object)));
      return [id, extra.length > 0 ? { ...(entry as object), ...Object.fromEntries(extra) } : entry];
    }));
  };
  for (const [kind, key] of parts) {
    const file = publishedParts[kind];
    const [earlier, now] = [published(partOf(before, key), baseTexts.get(file), key), published(partOf(after, key), (await sourceOf(file)).text, key)];
    await compare(kind, earlier, now);
  }
  // Clauses without their place (a clause added or taken away moves every clause after it), then whether
  // the clauses both sides have are in another order.
  const [earlierClauses, laterClauses] = [partOf(before, 'clauses'), partOf(after, 'clauses')];
  const placeless = (clauses: Record<string, unknown>) => Object.fromEntries(Object.entries(clauses).map(([id, clause]) => [id, { ...(clause as object), order: undefined }]));
  await compare('clause', placeless(earlierClauses), placeless(laterClauses));
  const inOrder = (clauses: Record<string, unknown>, keep: (id: string) => boolean) =>
    Object.entries(clauses).filter(([id]) => keep(id)).sort(([, a], [, b]) => ((a as { order?: number }).order ?? 0) - ((b as { order?: number }).order ?? 0)).map(([id]) => id);
  const [was, is] = [inOrder(earlierClauses, (id) => id in laterClauses), inOrder(laterClauses, (id) => id in earlierClauses)];
  const moved = is.findIndex((id, i) => was[i] !== id);
  if (moved >= 0) out.push({ kind: 'clause', id: is[moved]!, change: 'moved', ...(await at('notice.yaml', is[moved]!)) });
  // Promises and choices are published on the site from content/promises.yaml, not in data.json.
  type PromisesYaml = { promises?: unknown; choices?: unknown };
  const [earlierPromises, laterPromises] = [readYaml<PromisesYaml>(baseTexts.get('promises.yaml')), readYaml<PromisesYaml>((await sourceOf('promises.yaml')).text)];
  await compare('promise', byId(earlierPromises.promises), byId(laterPromises.promises));
  await compare('choice', byId(earlierPromises.choices), byId(laterPromises.choices));
  // notice.yaml's own words: the notice's title, controller and effective date, each section's title, and
  // the change log. A released version's entry stays as it was, whatever the version now.
  type NoticeYaml = { notice?: Record<string, unknown>; sections?: { id: string; title?: string }[]; changes?: { version: string }[] };
  const [wasNotice, isNotice] = [readYaml<NoticeYaml>(baseTexts.get('notice.yaml')), readYaml<NoticeYaml>((await sourceOf('notice.yaml')).text)];
  for (const key of ['title', 'controller', 'effective']) {
    if (canonical(wasNotice.notice?.[key]) !== canonical(isNotice.notice?.[key])) out.push({ kind: 'notice', id: key, change: 'changed', fields: fieldChanges(wasNotice.notice?.[key], isNotice.notice?.[key]), ...(await locateIn('notice.yaml', ['notice'], key)) });
  }
  await compare('section', Object.fromEntries((wasNotice.sections ?? []).map((x) => [x.id, x.title])), Object.fromEntries((isNotice.sections ?? []).map((x) => [x.id, x.title])));
  // content/patients.yaml: each part; a list's entries each on their own, by what names them (a clause's
  // "In short" by its clause, a right by its id, a heading's words by the heading), so a changed sentence
  // is shown word by word where it is written.
  type PatientsYaml = Record<string, unknown>;
  const [wasPatients, isPatients] = [readYaml<PatientsYaml>(baseTexts.get('patients.yaml')), readYaml<PatientsYaml>((await sourceOf('patients.yaml')).text)];
  const nameOf = (entry: unknown, index: number) => {
    const named = entry as { clause?: unknown; id?: unknown; heading?: unknown } | null;
    return String(named?.clause ?? named?.id ?? named?.heading ?? index);
  };
  const nameKey = (entry: unknown) => ['clause', 'id', 'heading'].find((key) => typeof (entry as Record<string, unknown> | null)?.[key] === 'string');
  const patientParts = (yaml: PatientsYaml): Record<string, unknown> => Object.fromEntries(Object.entries(yaml).flatMap(([key, value]) =>
    Array.isArray(value) ? value.map((entry, index) => [`${key}.${nameOf(entry, index)}`, entry]) : [[key, value]]));
  const [wasParts, isParts] = [patientParts(wasPatients), patientParts(isPatients)];
  const patientsAt = (id: string) => {
    const key = id.slice(0, Math.max(0, id.indexOf('.')));
    const list: unknown[] = Array.isArray(isPatients[key]) ? isPatients[key] : [];
    const index = list.findIndex((entry, i) => `${key}.${nameOf(entry, i)}` === id);
    return index >= 0 ? locateIn('patients.yaml', [key, index], nameKey(list[index])) : locateIn('patients.yaml', [], id);
  };
  for (const [id, value] of Object.entries(isParts)) {
    if (!(id in wasParts)) out.push({ kind: 'patients', id, change: 'added', ...(await patientsAt(id)) });
    else if (canonical(wasParts[id]) !== canonical(value)) out.push({ kind: 'patients', id, change: 'changed', fields: fieldChanges(wasParts[id], value), ...(await patientsAt(id)) });
  }
  for (const id of Object.keys(wasParts)) if (!(id in isParts)) out.push({ kind: 'patients', id, change: 'removed', ...(await version()) });
  const released = (isNotice.changes ?? []).map((entry) => String(entry.version));
  for (const entry of wasNotice.changes ?? []) {
    const index = released.indexOf(String(entry.version));
    if (index >= 0 && canonical(isNotice.changes![index]) === canonical(entry)) continue;
    const where = index >= 0 ? await locateIn('notice.yaml', ['changes', index], 'version') : await locateIn('notice.yaml', [], 'changes');
    out.push({ kind: 'release', id: String(entry.version), change: index >= 0 ? 'changed' : 'removed', ...(index >= 0 ? { fields: fieldChanges(entry, isNotice.changes![index]) } : {}), ...where });
  }
  return out;
}

/** A YAML file's value, or nothing when it is missing or does not parse (its own problems are the content check's). */
export function readYaml<T extends object>(text: string | undefined): T {
  try {
    return ((text ? parse(text) : undefined) ?? {}) as T;
  } catch {
    return {} as T;
  }
}

/** The path to the first object with this `id`, searched depth first. */
function pathOfId(value: unknown, id: string, path: (string | number)[] = []): (string | number)[] | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  if (!Array.isArray(value) && (value as { id?: unknown }).id === id) return path;
  for (const [key, entry] of Object.entries(value)) {
    const found = pathOfId(entry, id, [...path, Array.isArray(value) ? Number(key) : key]);
    if (found) return found;
  }
  return undefined;
}
