// The content loader: YAML text in, typed content and messages out. Browser-safe (no `node:` imports):
// it takes the files' text and the JSON Schemas as arguments; content-node.ts reads them from disk.
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { Document, LineCounter } from 'yaml';
import { locate, nearestBranchErrors, parseSource, schemaMessage, type SourceFile } from './yaml-source.ts';
import { remark } from 'remark';
import { toString as mdastToString } from 'mdast-util-to-string';
import type { Location, NoticeMessage } from './messages.ts';
import { closest } from './suggest.ts';
import { compareMessages } from './messages.ts';
import { placeholderSummary } from './release.ts';
import { gdprItems } from './gdpr-items.ts';
import type {
  CircumstancesFile,
  InformationFile,
  NoticeFile,
  ObligationsFile,
  ProgrammesFile,
  PatientsFile,
  PromisesFile,
  PurposesFile,
  RecipientsFile,
} from './generated/content-types.ts';

export type { SourceFile } from './yaml-source.ts';

/** Each content file and the schema that describes it. */
export const contentFiles = {
  notice: 'notice.yaml',
  recipients: 'recipients.yaml',
  purposes: 'purposes.yaml',
  circumstances: 'circumstances.yaml',
  information: 'information.yaml',
  obligations: 'obligations.yaml',
  programmes: 'programmes.yaml',
  promises: 'promises.yaml',
  patients: 'patients.yaml',
} as const;
export type ContentKind = keyof typeof contentFiles;

/** An absolute https:// address with a host name: the only kind of web link patients are sent to. */
const httpsAddress = /^https:\/\/[^\s/]+\.[^\s/]+/;
/** A page of the site, from the words written for patients (`/your-rights/`, `/your-rights/#complain`). */
const sitePage = /^\/(?:[a-z0-9]+(?:-[a-z0-9]+)*\/)*(?:#[a-z0-9]+(?:-[a-z0-9]+)*)?$/;

/** Markdown the site publishes as it is (the accessibility statement): its links are checked as the clauses' are. */
export const markdownFiles: readonly string[] = ['accessibility.md'];

/** The links of a published Markdown file that a patient should not follow: only https:// and mailto: addresses. */
function markdownLinks(file: SourceFile): NoticeMessage[] {
  const messages: NoticeMessage[] = [];
  visit(markdown.parse(file.text), (node) => {
    const image = imageOf(node);
    const { url, position } = node as unknown as { url: string; position?: { start: { line: number; column: number } } };
    if (image !== undefined) {
      messages.push({ file: file.path, line: position?.start.line ?? 1, column: position?.start.column ?? 1, ruleId: 'markdown-link', severity: 'error', reason: `Unexpected image \`${image}\` in ${name(file.path)}`, expected: noImage });
      return;
    }
    if (node.type !== 'link' && node.type !== 'definition') return;
    if (httpsAddress.test(url) || /^mailto:[^\s@]+@[^\s@]+$/.test(url)) return;
    messages.push({
      file: file.path, line: position?.start.line ?? 1, column: position?.start.column ?? 1, ruleId: 'markdown-link', severity: 'error',
      reason: `Unexpected link \`${url}\` in ${name(file.path)}`,
      expected: 'an absolute https:// address, or a mailto: address',
    });
  });
  return messages;
}

const name = (path: string) => path.split('/').pop() ?? path;

/** The address of an image in Markdown (`![…](url)`, or `![…][label]` by its label); undefined for anything else. */
function imageOf(node: { type: string }): string | undefined {
  if (node.type === 'image') return (node as unknown as { url: string }).url;
  if (node.type === 'imageReference') return `[${(node as unknown as { label?: string; identifier: string }).label ?? (node as unknown as { identifier: string }).identifier}]`;
  return undefined;
}

const noImage = 'words, not an image: the notice publishes none (it would be loaded from another site, which the site\'s policy refuses)';

export interface Content {
  notice: NoticeFile;
  recipients: RecipientsFile['recipients'];
  purposes: PurposesFile['purposes'];
  circumstances: CircumstancesFile['circumstances'];
  information: InformationFile['information'];
  obligations: ObligationsFile['obligations'];
  programmes: ProgrammesFile['programmes'];
  promises: PromisesFile['promises'];
  choices: PromisesFile['choices'];
  /** Words written for patients beside the notice's own (patients.yaml). */
  patients: PatientsFile;
}

/** Every clause of the notice in reading order, list entries after the clause that holds them. */
export function clausesOf(notice: NoticeFile): { clause: { id: string; text: string; rule?: boolean }; section: string; parent?: string }[] {
  const out: { clause: { id: string; text: string; rule?: boolean }; section: string; parent?: string }[] = [];
  for (const section of notice.sections) {
    for (const clause of section.clauses) {
      out.push({ clause, section: section.id });
      for (const entry of clause.items ?? []) out.push({ clause: entry, section: section.id, parent: clause.id });
    }
  }
  return out;
}

const markdown = remark();
const gdprItemIds = new Set<string>(gdprItems.map((i) => i.id));

/** Whether Markdown holds words a patient sees: a letter or digit in its text, not only in HTML (comments, tags) or invisible characters. */
export function readable(text: string): boolean {
  let found = false;
  visit(markdown.parse(text), (node) => {
    const value = (node as { value?: unknown }).value;
    if ((node.type === 'text' || node.type === 'inlineCode') && typeof value === 'string' && /[\p{L}\p{N}]/u.test(value.replace(/\p{Cf}/gu, ''))) found = true;
  });
  return found;
}

/** The words of a Markdown clause as plain text (link text kept, markup dropped). */
export function plainText(text: string): string {
  return mdastToString(markdown.parse(text)).replace(/\s+/g, ' ').trim();
}

export interface ContentLocations {
  /** Where each section and clause id is defined. */
  clauses: Map<string, Location>;
  /** Where each section's title is. */
  sectionTitles: Map<string, Location>;
  /** The `notice:` block of notice.yaml. */
  notice: Location;
  /** Where each promise id is defined (promises.yaml). */
  promises: Map<string, Location>;
  /** Where each choice's `status` is written (promises.yaml), by choice id, and its `confirmed_on` when confirmed. */
  choices: Map<string, { status: Location; confirmedOn?: Location }>;
  /** The `summary:` of patients.yaml (the first layer). */
  summary: Location;
}

export interface LoadResult {
  /** Present only when there are no errors. */
  content?: Content;
  /** Present with `content`. */
  locations?: ContentLocations;
  messages: NoticeMessage[];
}

interface Parsed {
  path: string;
  doc: Document.Parsed;
  lines: LineCounter;
  value: unknown;
}

/**
 * Loads the content files. `files` holds one entry per content file (named as in `contentFiles`);
 * `schemas` maps each schema's `$id` (`notice.schema.json`, `defs.schema.json`, …) to the schema.
 * Every problem is reported; none stops the others from being found.
 */
export function loadContent(files: readonly SourceFile[], schemas: Record<string, object>): LoadResult {
  const messages: NoticeMessage[] = [];
  const validators = compileSchemas(schemas);
  const parsed: Partial<Record<ContentKind, Parsed>> = {};

  for (const file of files) {
    const name = file.path.split('/').pop() ?? file.path;
    if (markdownFiles.includes(name)) {
      messages.push(...markdownLinks(file));
      continue;
    }
    const kind = (Object.keys(contentFiles) as ContentKind[]).find((k) => contentFiles[k] === name);
    if (!kind) {
      messages.push({
        file: file.path, line: 1, column: 1, ruleId: 'unknown-file', severity: 'error',
        reason: `Unexpected content file \`${name}\``,
        expected: Object.values(contentFiles).map((n) => `\`${n}\``).join(', '),
      });
      continue;
    }
    const source = parseSource(file);
    if ('message' in source) {
      messages.push(source.message);
      continue;
    }
    const { doc, lines } = source;
    const value = doc.toJS();
    const validate = validators[kind];
    if (!validate(value)) {
      for (const error of nearestBranchErrors(validate.errors ?? [])) messages.push(schemaMessage(file.path, doc, lines, error));
      continue;
    }
    parsed[kind] = { path: file.path, doc, lines, value };
  }

  for (const kind of Object.keys(contentFiles) as ContentKind[]) {
    if (!files.some((f) => f.path.endsWith(`/${contentFiles[kind]}`) || f.path === contentFiles[kind])) {
      messages.push({
        file: `content/${contentFiles[kind]}`, line: 1, column: 1, ruleId: 'missing-file', severity: 'error',
        reason: `Missing content file \`${contentFiles[kind]}\``, expected: 'every content file to be present',
      });
    }
  }

  // The cross-checks of the files that loaded, whichever did not: every problem is listed at once. A
  // reference into a file that did not load is not checked (its ids are unknown, not missing).
  const content = {
    notice: (parsed.notice?.value ?? { sections: [] }) as NoticeFile,
    recipients: (parsed.recipients?.value as RecipientsFile | undefined)?.recipients ?? [],
    purposes: (parsed.purposes?.value as PurposesFile | undefined)?.purposes ?? [],
    circumstances: (parsed.circumstances?.value as CircumstancesFile | undefined)?.circumstances ?? [],
    information: (parsed.information?.value as InformationFile | undefined)?.information ?? [],
    obligations: (parsed.obligations?.value as ObligationsFile | undefined)?.obligations ?? [],
    programmes: (parsed.programmes?.value as ProgrammesFile | undefined)?.programmes ?? [],
    promises: (parsed.promises?.value as PromisesFile | undefined)?.promises ?? [],
    choices: (parsed.promises?.value as PromisesFile | undefined)?.choices ?? [],
    patients: parsed.patients?.value as PatientsFile | undefined,
  } as Content;
  const generated = expandLists(content, parsed);
  const checked = crossCheck(content, parsed, generated);
  messages.push(...checked.messages);
  messages.sort(compareMessages);
  const complete = Object.keys(parsed).length === Object.keys(contentFiles).length;
  return !complete || messages.some((m) => m.severity === 'error') ? { messages } : { content, locations: checked.locations, messages };
}

function compileSchemas(schemas: Record<string, object>): Record<ContentKind, ValidateFunction> {
  // verbose: each error carries its schema, so a message can name the fields a schema has. discriminator:
  // a choice is checked against the shape its `status` names only (proposed, or confirmed with who and
  // when), so one mistake is one message, not one per shape.
  const ajv = new Ajv2020({ allErrors: true, strict: true, verbose: true, discriminator: true });
  addFormats.default(ajv);
  for (const [id, schema] of Object.entries(schemas)) if (!ajv.getSchema(id)) ajv.addSchema(schema, id);
  const out = {} as Record<ContentKind, ValidateFunction>;
  for (const kind of Object.keys(contentFiles) as ContentKind[]) {
    const validate = ajv.getSchema(`${kind}.schema.json`);
    if (!validate) throw new Error(`No schema \`${kind}.schema.json\` was given to loadContent`);
    out[kind] = validate;
  }
  return out;
}

type NoticeClause = NoticeFile['sections'][number]['clauses'][number];
type Recipient = RecipientsFile['recipients'][number] & { listed?: { in: string; as?: string; rule?: boolean } };

/**
 * Lists written once elsewhere: a clause with `items_from: recipients` gets, as its entries, the
 * recipients listed in it (`listed.in`), in their order, each as its `listed.as` words or its name, with
 * its `clause` as the entry's id. Returns where each generated entry is written (the recipient's `listed`).
 */
function expandLists(content: Content, parsed: Partial<Record<ContentKind, Parsed>>): Map<string, Location> {
  const where = new Map<string, Location>();
  for (const section of content.notice.sections) {
    for (const clause of section.clauses as (NoticeClause & { items_from?: string })[]) {
      if (clause.items_from !== 'recipients') continue;
      clause.items = [];
      (content.recipients as Recipient[]).forEach((recipient, i) => {
        if (recipient.listed?.in !== clause.id) return;
        clause.items!.push({ id: recipient.clause, text: recipient.listed.as ?? recipient.name, ...(recipient.listed.rule ? { rule: true } : {}) });
        const source = parsed.recipients!;
        where.set(recipient.clause, locate(source.path, source.doc, source.lines, ['recipients', i, 'listed']));
      });
    }
  }
  return where;
}

/** Letters of other scripts that look like Latin ones (Cyrillic and Greek), as a reader would take them. */
const lookalikes: Record<string, string> = Object.fromEntries(
  [...'аеорсухіјѕԁАВЕКМНОРСТХІЈЅΑΒΕΖΗΙΚΜΝΟΡΤΥΧ'].map((c, i) => [c, 'aeopcyxijsdABEKMHOPCTXIJSABEZHIKMNOPTYX'[i]!]),
);

/**
 * A name as a reader tells names apart: without case, punctuation, spacing or a plural, with `&` read as
 * "and" and look-alike letters of other scripts as the Latin ones, so that "GP's", "G.P.s", "GPs" and "gp"
 * are one name, and so are "Local Authority" and "Local Authorities". An acronym keeps its last letter
 * ("NHS").
 */
export function nameKey(name: string): string {
  return name
    .normalize('NFKC')
    .replace(/[\u0370-\u03ff\u0400-\u04ff\u0500-\u052f]/g, (c) => lookalikes[c] ?? c)
    .replace(/&/g, ' and ')
    .replace(/[\u2018\u2019'`.]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .map((word) => (/^[\p{Lu}\p{N}]+$/u.test(word) ? word.toLowerCase() : singular(word.toLowerCase())))
    .join(' ');
}

function singular(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 2 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

/** Ids, names, references and empty clauses: what a schema cannot see. */
function crossCheck(content: Content, parsed: Partial<Record<ContentKind, Parsed>>, generated: Map<string, Location>): { messages: NoticeMessage[]; locations: ContentLocations } {
  const messages: NoticeMessage[] = [];
  // Only entries of files that loaded are located (the lists of the others are empty).
  const at = (kind: ContentKind, path: (string | number)[], keyOf?: string) =>
    parsed[kind] ? locate(parsed[kind].path, parsed[kind].doc, parsed[kind].lines, path, keyOf) : { file: `content/${contentFiles[kind]}`, line: 1, column: 1 };

  // One namespace for sections and clauses: both are anchors on the published notice.
  const clauseIds = new Map<string, Location>();
  const sectionTitles = new Map<string, Location>();
  const links: { url: string; where: Location; place: string; image?: true; page?: true }[] = [];
  const clauseTexts = new Map<string, { id: string; where: Location; count: number }>();
  const defineId = (seen: Map<string, Location>, noun: string, id: string, where: Location) => {
    const first = seen.get(id);
    if (first) {
      messages.push({ ...where, ruleId: 'duplicate-id', severity: 'error', reason: `Unexpected duplicate ${noun} \`${id}\``, expected: 'unique ids', cause: first });
    } else seen.set(id, where);
  };
  content.notice.sections.forEach((section, s) => {
    defineId(clauseIds, 'section or clause id', section.id, at('notice', ['sections', s, 'id']));
    sectionTitles.set(section.id, at('notice', ['sections', s, 'title']));
    section.clauses.forEach((clause, c) => {
      defineId(clauseIds, 'section or clause id', clause.id, at('notice', ['sections', s, 'clauses', c, 'id']));
      checkClauseText(clause.text, at('notice', ['sections', s, 'clauses', c, 'text']), clause.id);
      // A list's entries, written in the notice or generated from another list: each once, and no two
      // entries a reader would take for the same.
      const entryNames = new Map<string, Location>();
      (clause.items ?? []).forEach((entry, i) => {
        const idAt = generated.get(entry.id) ?? at('notice', ['sections', s, 'clauses', c, 'items', i, 'id']);
        const textAt = generated.get(entry.id) ?? at('notice', ['sections', s, 'clauses', c, 'items', i, 'text']);
        defineId(clauseIds, 'section or clause id', entry.id, idAt);
        checkClauseText(entry.text, textAt, entry.id);
        const key = nameKey(plainText(entry.text));
        const first = entryNames.get(key);
        if (first) {
          messages.push({ ...textAt, ruleId: 'duplicate-name', severity: 'error', reason: `Unexpected repeated entry \`${plainText(entry.text)}\` in the list of clause \`${clause.id}\``, expected: 'each entry once (names that differ only in case, spacing, punctuation or a plural are the same)', cause: first });
        } else if (key) entryNames.set(key, textAt);
      });
    });
  });
  function checkClauseText(text: string, where: Location, id: string) {
    visit(markdown.parse(text), (node) => {
      if (node.type === 'link' || node.type === 'definition') links.push({ url: (node as unknown as { url: string }).url, where, place: `clause \`${id}\`` });
      const image = imageOf(node);
      if (image !== undefined) links.push({ url: image, where, place: `clause \`${id}\``, image: true });
    });
    if (plainText(text) === '') {
      messages.push({ ...where, ruleId: 'empty-clause', severity: 'error', reason: `Unexpected empty clause \`${id}\``, expected: 'words patients can read' });
    } else if (!readable(text)) {
      messages.push({ ...where, ruleId: 'empty-clause', severity: 'error', reason: `Unexpected clause \`${id}\` with no words a patient can read (only markup, HTML comments or invisible characters)`, expected: 'words patients can read' });
    } else {
      // The same words twice is a copying mistake (the original notice listed two organisations twice).
      const key = plainText(text).toLowerCase();
      const first = clauseTexts.get(key);
      if (first) {
        first.count++;
        if (first.count === 2) messages.push({ ...where, ruleId: 'duplicate-clause', severity: 'error', reason: `Unexpected clause \`${id}\` with the same words as clause \`${first.id}\``, expected: 'each clause once', cause: first.where });
      } else clauseTexts.set(key, { id, where, count: 1 });
    }
  }

  const lists = {
    recipients: content.recipients,
    purposes: content.purposes,
    circumstances: content.circumstances,
    information: content.information,
    obligations: content.obligations,
    programmes: content.programmes,
    promises: content.promises,
    choices: content.choices,
  } as const;
  const singular: Record<keyof typeof lists, string> = {
    recipients: 'recipient', purposes: 'purpose', circumstances: 'circumstance',
    information: 'kind of information', obligations: 'obligation', programmes: 'programme',
    promises: 'promise', choices: 'choice',
  };
  // The file each list is written in (promises and choices share promises.yaml).
  const fileOf = (kind: keyof typeof lists): ContentKind => (kind === 'choices' ? 'promises' : kind);
  const ids = {} as Record<keyof typeof lists, Map<string, Location>>;
  for (const kind of Object.keys(lists) as (keyof typeof lists)[]) {
    ids[kind] = new Map();
    const names = new Map<string, Location>();
    lists[kind].forEach((entry: { id: string; name?: string }, i: number) => {
      defineId(ids[kind], `${singular[kind]} id`, entry.id, at(fileOf(kind), [kind, i, 'id']));
      if (entry.name !== undefined) {
        const key = nameKey(entry.name);
        const where = at(fileOf(kind), [kind, i, 'name']);
        const first = names.get(key);
        if (first) {
          messages.push({ ...where, ruleId: 'duplicate-name', severity: 'error', reason: `Unexpected duplicate ${singular[kind]} name \`${entry.name}\``, expected: 'unique names (names that differ only in case, spacing, punctuation or a plural are the same)', cause: first });
        } else names.set(key, where);
      }
    });
  }

  // The file that defines each kind of id a reference names.
  const definedIn: Record<string, ContentKind> = { clause: 'notice', recipient: 'recipients', purpose: 'purposes', 'kind of information': 'information', choice: 'promises' };
  // Clause ids come from the notice, and from the recipients where a list is generated from them.
  const generatesFromRecipients = content.notice.sections.some((section) => section.clauses.some((c) => (c as { items_from?: string }).items_from === 'recipients'));
  const refer = (kind: ContentKind, path: (string | number)[], id: string, known: Map<string, Location>, noun: string) => {
    if (!parsed[definedIn[noun]!]) return;
    if (noun === 'clause' && generatesFromRecipients && !parsed.recipients) return;
    if (!known.has(id)) {
      const meant = closest(id, known.keys());
      messages.push({ ...at(kind, path), ruleId: 'unknown-reference', severity: 'error', reason: `Unknown ${noun} \`${id}\``, expected: meant ? `\`${meant}\`, the nearest id of a ${noun} that exists` : `the id of a ${noun} that exists` });
    }
  };
  // The lists a recipient says it is in: a clause whose entries are generated from the recipients.
  const listClauses = new Set(content.notice.sections.flatMap((section) => section.clauses.filter((c) => (c as { items_from?: string }).items_from === 'recipients').map((c) => c.id)));
  const clauseOwners = new Map<string, Location>();
  (content.recipients as Recipient[]).forEach((r, i) => {
    if (r.listed && parsed.notice && !listClauses.has(r.listed.in)) {
      messages.push({ ...at('recipients', ['recipients', i, 'listed', 'in']), ruleId: 'unknown-reference', severity: 'error', reason: `Unknown list \`${r.listed.in}\``, expected: 'the id of a clause with `items_from: recipients`' });
    }
    // The notice names every organisation it shares with: an organisation the policy decides but the
    // published list leaves out is a promise patients cannot read.
    if (r.kind === 'organisation' && !r.listed && listClauses.size > 0) {
      messages.push({ ...at('recipients', ['recipients', i, 'id']), ruleId: 'not-listed', severity: 'error', reason: `Organisation \`${r.id}\` is not in the notice's list of organisations`, expected: `\`listed: { in: ${[...listClauses][0]} }\`: the notice names every organisation it shares with` });
    }
    // The words a list uses for a recipient name it: most of the words of its name appear in them.
    if (r.listed?.as !== undefined) {
      const minor = new Set(['and', 'of', 'the', 'other', 'service', 'provider', 'such', 'as']);
      const words = [...new Set(nameKey(r.name).split(' '))].filter((w) => !minor.has(w));
      const shown = new Set(nameKey(plainText(r.listed.as)).split(' '));
      if (words.length > 0 && words.filter((w) => shown.has(w)).length * 2 < words.length) {
        messages.push({ ...at('recipients', ['recipients', i, 'listed', 'as']), ruleId: 'listed-as', severity: 'error', reason: `The notice would list recipient \`${r.id}\` (${r.name}) as \`${r.listed.as}\`, which does not name it`, expected: 'words that name the recipient (most of the words of its name)' });
      }
    }
    // A clause speaks for one recipient: two recipients citing the same clause could not be told apart.
    const owner = clauseOwners.get(r.clause);
    if (owner) messages.push({ ...at('recipients', ['recipients', i, 'clause']), ruleId: 'shared-clause', severity: 'error', reason: `Recipient \`${r.id}\` cites clause \`${r.clause}\`, which another recipient cites`, expected: 'a clause of its own', cause: owner });
    else clauseOwners.set(r.clause, at('recipients', ['recipients', i, 'clause']));
  });
  content.recipients.forEach((r, i) => {
    refer('recipients', ['recipients', i, 'clause'], r.clause, clauseIds, 'clause');
    (r.purposes ?? []).forEach((p, j) => refer('recipients', ['recipients', i, 'purposes', j], p, ids.purposes, 'purpose'));
  });
  for (const kind of ['promises', 'choices'] as const) {
    content[kind].forEach((entry, i) => entry.clauses.forEach((c, j) => refer('promises', [kind, i, 'clauses', j], c, clauseIds, 'clause')));
  }
  content.promises.forEach((promise, i) => (promise.purposes ?? []).forEach((p, j) => refer('promises', ['promises', i, 'purposes', j], p, ids.purposes, 'purpose')));
  content.promises.forEach((promise, i) => (promise.circumstances ?? []).forEach((c, j) => refer('promises', ['promises', i, 'circumstances', j], c, ids.circumstances, 'circumstance')));
  content.promises.forEach((promise, i) => (promise.choices ?? []).forEach((c, j) => refer('promises', ['promises', i, 'choices', j], c, ids.choices, 'choice')));
  content.purposes.forEach((p, i) => p.clause !== undefined && refer('purposes', ['purposes', i, 'clause'], p.clause, clauseIds, 'clause'));
  content.information.forEach((p, i) => refer('information', ['information', i, 'clause'], p.clause, clauseIds, 'clause'));
  content.obligations.forEach((o, i) => refer('obligations', ['obligations', i, 'clause'], o.clause, clauseIds, 'clause'));
  content.circumstances.forEach((c, i) => {
    refer('circumstances', ['circumstances', i, 'clause'], c.clause, clauseIds, 'clause');
    c.recipients.forEach((r, j) => refer('circumstances', ['circumstances', i, 'recipients', j], r, ids.recipients, 'recipient'));
    c.purposes.forEach((p, j) => refer('circumstances', ['circumstances', i, 'purposes', j], p, ids.purposes, 'purpose'));
    (c.information ?? []).forEach((k, j) => refer('circumstances', ['circumstances', i, 'information', j], k, ids.information, 'kind of information'));
    (c.obligations ?? []).forEach((o, j) => refer('circumstances', ['circumstances', i, 'obligations', j], o, ids.obligations, 'obligation'));
  });
  content.programmes.forEach((p, i) => {
    p.clauses.forEach((c, j) => refer('programmes', ['programmes', i, 'clauses', j], c, clauseIds, 'clause'));
    refer('programmes', ['programmes', i, 'recipient'], p.recipient, ids.recipients, 'recipient');
    p.purposes.forEach((c, j) => refer('programmes', ['programmes', i, 'purposes', j], c, ids.purposes, 'purpose'));
    (p.information ?? []).forEach((c, j) => refer('programmes', ['programmes', i, 'information', j], c, ids.information, 'kind of information'));
  });
  content.notice.sections.forEach((section, s) =>
    section.clauses.forEach((clause, c) =>
      ((clause as { covers?: string[] }).covers ?? []).forEach((item, j) => {
        if (!gdprItemIds.has(item)) {
          messages.push({
            ...at('notice', ['sections', s, 'clauses', c, 'covers', j]), ruleId: 'unknown-reference', severity: 'error',
            reason: `Unknown notice item \`${item}\``, expected: `one of ${[...gdprItemIds].map((i) => `\`${i}\``).join(', ')}`,
          });
        }
      }),
    ),
  );

  // The change log: the notice's version has the newest entry, each entry is for an older version than the
  // one above it, and none is dated before the entry below it.
  if (parsed.notice) {
    const { version } = content.notice.notice;
    const changes = content.notice.changes;
    const semver = (v: string) => v.split('.').map(Number);
    const newer = (a: string, b: string) => {
      const [x, y] = [semver(a), semver(b)];
      for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i]! > y[i]!;
      return false;
    };
    if (!changes.some((c) => c.version === version)) {
      messages.push({ ...at('notice', ['notice', 'version']), ruleId: 'changelog', severity: 'error', reason: `Version ${version} has no entry in the change log`, expected: 'an entry under `changes` for the notice\'s version, first' });
    } else if (changes[0]!.version !== version) {
      messages.push({ ...at('notice', ['changes', 0, 'version']), ruleId: 'changelog', severity: 'error', reason: `The newest change-log entry is for version ${changes[0]!.version}, not the notice's version ${version}`, expected: `the entry for ${version} first` });
    }
    changes.forEach((change, i) => {
      // A release made by `npm run release` and not yet written up.
      if (String(change.summary).trim() === placeholderSummary) {
        messages.push({ ...at('notice', ['changes', i, 'summary']), ruleId: 'changelog', severity: 'error', reason: `The change-log entry for version ${change.version} still has its placeholder summary`, expected: 'what changes for patients in this version, in plain words' });
      }
      const older = changes[i + 1];
      if (!older) return;
      if (!newer(change.version, older.version)) {
        messages.push({ ...at('notice', ['changes', i + 1, 'version']), ruleId: 'changelog', severity: 'error', reason: `Change-log entry ${older.version} is listed below ${change.version} but is not older`, expected: 'entries from the newest version down' });
      }
      if (String(change.date) < String(older.date)) {
        messages.push({ ...at('notice', ['changes', i, 'date']), ruleId: 'changelog', severity: 'error', reason: `Version ${change.version} is dated ${String(change.date)}, before version ${older.version} (${String(older.date)})`, expected: 'each version dated on or after the one before it' });
      }
    });
    // The dates the site shows beside the notice agree with each other and with the newest entry: it takes
    // effect when it is written or later, it was reviewed when it last changed or later, and its next
    // review comes after its last.
    const { effective, last_reviewed: lastReviewed, next_review: nextReview } = content.notice.notice as { effective?: unknown; last_reviewed?: unknown; next_review?: unknown };
    const newest = changes.find((c) => c.version === version);
    if (newest && effective !== undefined && String(effective) < String(newest.date)) {
      messages.push({ ...at('notice', ['notice', 'effective']), ruleId: 'changelog', severity: 'error', reason: `Version ${version} takes effect on ${String(effective)}, before its change-log date (${String(newest.date)})`, expected: `an effective date on or after ${String(newest.date)}` });
    }
    if (newest && lastReviewed !== undefined && String(lastReviewed) < String(newest.date)) {
      messages.push({ ...at('notice', ['notice', 'last_reviewed']), ruleId: 'changelog', severity: 'error', reason: `The notice was last reviewed on ${String(lastReviewed)}, before version ${version} changed it (${String(newest.date)})`, expected: `a review date on or after ${String(newest.date)}` });
    }
    if (effective !== undefined && nextReview !== undefined && String(nextReview) <= String(effective)) {
      messages.push({ ...at('notice', ['notice', 'next_review']), ruleId: 'changelog', severity: 'error', reason: `The next review (${String(nextReview)}) is not after the notice takes effect (${String(effective)})`, expected: `a date after ${String(effective)}` });
    } else if (lastReviewed !== undefined && nextReview !== undefined && String(nextReview) <= String(lastReviewed)) {
      messages.push({ ...at('notice', ['notice', 'next_review']), ruleId: 'changelog', severity: 'error', reason: `The next review (${String(nextReview)}) is not after the last (${String(lastReviewed)})`, expected: `a date after ${String(lastReviewed)}` });
    }
  }

  // The change log is published too (/changes/): its links are checked as the clauses' are.
  (content.notice.changes ?? []).forEach((change, i) => {
    visit(markdown.parse(change.summary), (node) => {
      if (node.type === 'link' || node.type === 'definition') links.push({ url: (node as unknown as { url: string }).url, where: at('notice', ['changes', i, 'summary']), place: `the change-log entry for ${change.version}` });
      const image = imageOf(node);
      if (image !== undefined) links.push({ url: image, where: at('notice', ['changes', i, 'summary']), place: `the change-log entry for ${change.version}`, image: true });
    });
  });

  // The words written for patients: each "in short" summarises a clause that exists, once; their links
  // are checked as the clauses' are, and may also go to a page of the site (linkinator checks it exists).
  const patients = content.patients as PatientsFile | undefined;
  const summarised = new Map<string, Location>();
  patients?.in_short.forEach((entry, i) => {
    refer('patients', ['in_short', i, 'clause'], entry.clause, clauseIds, 'clause');
    defineId(summarised, '"in short" for clause', entry.clause, at('patients', ['in_short', i, 'clause']));
  });
  const patientTexts: [string, (string | number)[], string][] = [
    ...(patients?.summary ?? []).map((entry, i): [string, (string | number)[], string] => [entry.text, ['summary', i, 'text'], `the summary's \`${entry.heading}\``]),
    ...(patients?.in_short ?? []).map((entry, i): [string, (string | number)[], string] => [entry.text, ['in_short', i, 'text'], `"in short" for clause \`${entry.clause}\``]),
    ...(patients?.rights ?? []).map((entry, i): [string, (string | number)[], string] => [entry.text, ['rights', i, 'text'], `right \`${entry.id}\``]),
  ];
  for (const [text, path, place] of patientTexts) {
    visit(markdown.parse(text), (node) => {
      if (node.type === 'link' || node.type === 'definition') links.push({ url: (node as unknown as { url: string }).url, where: at('patients', path), place, page: true });
      const image = imageOf(node);
      if (image !== undefined) links.push({ url: image, where: at('patients', path), place, image: true });
    });
  }

  // Links patients follow: absolute https addresses, or an anchor of a clause on the notice (and, from the
  // words written for patients, a page of the site).
  for (const link of links) {
    if (link.image) {
      messages.push({ ...link.where, ruleId: 'markdown-link', severity: 'error', reason: `Unexpected image \`${link.url}\` in ${link.place}`, expected: noImage });
      continue;
    }
    const anchor = /^#(.+)$/.exec(link.url);
    const ok = anchor ? clauseIds.has(anchor[1]!) : httpsAddress.test(link.url) || (link.page === true && sitePage.test(link.url));
    if (!ok) {
      messages.push({
        ...link.where, ruleId: 'markdown-link', severity: 'error',
        reason: `Unexpected link \`${link.url}\` in ${link.place}`,
        expected: anchor ? 'the anchor of a clause that exists' : link.page ? 'an absolute https:// address, or a page of the site (`/your-rights/`)' : 'an absolute https:// address',
      });
    }
  }
  // Where each choice says whether the Caldicott Guardian has confirmed it (the validator's choice-proposed).
  const choices = new Map<string, { status: Location; confirmedOn?: Location }>();
  content.choices.forEach((choice, i) => {
    if (choices.has(choice.id)) return;
    choices.set(choice.id, {
      status: at('promises', ['choices', i, 'status']),
      ...(choice.status === 'confirmed' ? { confirmedOn: at('promises', ['choices', i, 'confirmed_on']) } : {}),
    });
  });
  return { messages, locations: { clauses: clauseIds, sectionTitles, notice: at('notice', ['notice']), promises: ids.promises, choices, summary: at('patients', ['summary']) } };
}

function visit(node: { type: string; children?: unknown[] }, enter: (node: { type: string }) => void): void {
  enter(node);
  for (const child of node.children ?? []) visit(child as { type: string; children?: unknown[] }, enter);
}
