// The content loader: YAML text in, typed content and messages out. Browser-safe (no `node:` imports):
// it takes the files' text and the JSON Schemas as arguments; content-node.ts reads them from disk.
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { remark } from 'remark';
import { toString as mdastToString } from 'mdast-util-to-string';
import type { Location, NoticeMessage } from './messages.ts';
import { compareMessages } from './messages.ts';
import type {
  CircumstancesFile,
  InformationFile,
  NoticeFile,
  ObligationsFile,
  ProgrammesFile,
  PurposesFile,
  RecipientsFile,
} from './generated/content-types.ts';

export interface SourceFile {
  /** The path shown in messages, relative to the repository root (`content/recipients.yaml`). */
  path: string;
  text: string;
}

/** Each content file and the schema that describes it. */
export const contentFiles = {
  notice: 'notice.yaml',
  recipients: 'recipients.yaml',
  purposes: 'purposes.yaml',
  circumstances: 'circumstances.yaml',
  information: 'information.yaml',
  obligations: 'obligations.yaml',
  programmes: 'programmes.yaml',
} as const;
export type ContentKind = keyof typeof contentFiles;

export interface Content {
  notice: NoticeFile;
  recipients: RecipientsFile['recipients'];
  purposes: PurposesFile['purposes'];
  circumstances: CircumstancesFile['circumstances'];
  information: InformationFile['information'];
  obligations: ObligationsFile['obligations'];
  programmes: ProgrammesFile['programmes'];
}

export type Clause = NoticeFile['sections'][number]['clauses'][number];

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

/** The words of a Markdown clause as plain text (link text kept, markup dropped). */
export function plainText(text: string): string {
  return mdastToString(markdown.parse(text)).replace(/\s+/g, ' ').trim();
}

export interface LoadResult {
  /** Present only when there are no errors. */
  content?: Content;
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
    const kind = (Object.keys(contentFiles) as ContentKind[]).find((k) => contentFiles[k] === name);
    if (!kind) {
      messages.push({
        file: file.path, line: 1, column: 1, ruleId: 'unknown-file', severity: 'error',
        reason: `Unexpected content file \`${name}\``,
        expected: Object.values(contentFiles).map((n) => `\`${n}\``).join(', '),
      });
      continue;
    }
    const lines = new LineCounter();
    const doc = parseDocument(file.text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
    const [error] = doc.errors;
    if (error) {
      // Only the first: the errors after a syntax error are mostly its echoes.
      const [line, column] = error.linePos?.[0] ? [error.linePos[0].line, error.linePos[0].col] : [1, 1];
      messages.push({
        file: file.path, line, column, ruleId: 'yaml-syntax', severity: 'error',
        reason: `Invalid YAML: ${error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`,
        expected: 'well-formed YAML',
      });
      continue;
    }
    const value = doc.toJS();
    const validate = validators[kind];
    if (!validate(value)) {
      for (const error of validate.errors ?? []) messages.push(schemaMessage(file.path, doc, lines, error));
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

  if (Object.keys(parsed).length === Object.keys(contentFiles).length) {
    const content = {
      notice: parsed.notice!.value,
      recipients: (parsed.recipients!.value as RecipientsFile).recipients,
      purposes: (parsed.purposes!.value as PurposesFile).purposes,
      circumstances: (parsed.circumstances!.value as CircumstancesFile).circumstances,
      information: (parsed.information!.value as InformationFile).information,
      obligations: (parsed.obligations!.value as ObligationsFile).obligations,
      programmes: (parsed.programmes!.value as ProgrammesFile).programmes,
    } as Content;
    messages.push(...crossCheck(content, parsed as Record<ContentKind, Parsed>));
    messages.sort(compareMessages);
    return messages.some((m) => m.severity === 'error') ? { messages } : { content, messages };
  }
  messages.sort(compareMessages);
  return { messages };
}

function compileSchemas(schemas: Record<string, object>): Record<ContentKind, ValidateFunction> {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
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

/** Position of the node at a path of keys and indexes; for a missing key, its parent. */
function locate(file: string, doc: Document.Parsed, lines: LineCounter, path: readonly (string | number)[], keyOf?: string): Location {
  let node: unknown = doc.contents;
  for (const key of path) {
    const next = isMap(node) || isSeq(node) ? node.get(key, true) : undefined;
    if (next === undefined) break;
    node = next;
  }
  let offset = (node as Node | null)?.range?.[0] ?? 0;
  if (keyOf !== undefined && isMap(node)) {
    const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === keyOf);
    if (pair && isScalar(pair.key) && pair.key.range) offset = pair.key.range[0];
  }
  const { line, col } = lines.linePos(offset);
  return { file, line, column: col };
}

function pointerToPath(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function schemaMessage(file: string, doc: Document.Parsed, lines: LineCounter, error: ErrorObject): NoticeMessage {
  const path = pointerToPath(error.instancePath);
  const where = path.length ? `\`${path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i ? `.${p}` : p)).join('')}\`` : 'the document';
  const params = error.params as Record<string, unknown>;
  let location: Location;
  let reason: string;
  let expected: string | undefined;
  let actual: string | undefined;
  switch (error.keyword) {
    case 'required':
      location = locate(file, doc, lines, path);
      reason = `Missing field \`${String(params.missingProperty)}\` in ${where}`;
      expected = `a \`${String(params.missingProperty)}\` field`;
      break;
    case 'additionalProperties':
      location = locate(file, doc, lines, path, String(params.additionalProperty));
      reason = `Unexpected field \`${String(params.additionalProperty)}\` in ${where}`;
      expected = 'only the fields the schema names';
      break;
    case 'enum':
      location = locate(file, doc, lines, path);
      reason = `Unexpected value in ${where}`;
      expected = `one of ${(params.allowedValues as unknown[]).map((v) => `\`${String(v)}\``).join(', ')}`;
      actual = JSON.stringify(valueAt(doc, path));
      break;
    default:
      location = locate(file, doc, lines, path);
      reason = `Invalid ${where}`;
      expected = (error.message ?? 'must be a valid value')
        .replace(/^must be /, '')
        .replace(/^must NOT have /, 'no ')
        .replace(/^must /, 'to ');
      actual = JSON.stringify(valueAt(doc, path));
  }
  return { ...location, ruleId: 'schema', severity: 'error', reason, expected, ...(actual !== undefined ? { actual } : {}) };
}

function valueAt(doc: Document.Parsed, path: readonly (string | number)[]): unknown {
  const node = doc.getIn(path, false);
  return node === undefined ? null : node;
}

/** Ids, names, references and empty clauses: what a schema cannot see. */
function crossCheck(content: Content, parsed: Record<ContentKind, Parsed>): NoticeMessage[] {
  const messages: NoticeMessage[] = [];
  const at = (kind: ContentKind, path: (string | number)[], keyOf?: string) =>
    locate(parsed[kind].path, parsed[kind].doc, parsed[kind].lines, path, keyOf);

  // One namespace for sections and clauses: both are anchors on the published notice.
  const clauseIds = new Map<string, Location>();
  const defineId = (seen: Map<string, Location>, noun: string, id: string, where: Location) => {
    const first = seen.get(id);
    if (first) {
      messages.push({ ...where, ruleId: 'duplicate-id', severity: 'error', reason: `Unexpected duplicate ${noun} \`${id}\``, expected: 'unique ids', cause: first });
    } else seen.set(id, where);
  };
  content.notice.sections.forEach((section, s) => {
    defineId(clauseIds, 'section or clause id', section.id, at('notice', ['sections', s, 'id']));
    section.clauses.forEach((clause, c) => {
      defineId(clauseIds, 'section or clause id', clause.id, at('notice', ['sections', s, 'clauses', c, 'id']));
      checkClauseText(clause.text, at('notice', ['sections', s, 'clauses', c, 'text']), clause.id);
      (clause.items ?? []).forEach((entry, i) => {
        defineId(clauseIds, 'section or clause id', entry.id, at('notice', ['sections', s, 'clauses', c, 'items', i, 'id']));
        checkClauseText(entry.text, at('notice', ['sections', s, 'clauses', c, 'items', i, 'text']), entry.id);
      });
    });
  });
  function checkClauseText(text: string, where: Location, id: string) {
    if (plainText(text) === '') {
      messages.push({ ...where, ruleId: 'empty-clause', severity: 'error', reason: `Unexpected empty clause \`${id}\``, expected: 'words patients can read' });
    }
  }

  const lists = {
    recipients: content.recipients,
    purposes: content.purposes,
    circumstances: content.circumstances,
    information: content.information,
    obligations: content.obligations,
    programmes: content.programmes,
  } as const;
  const singular: Record<keyof typeof lists, string> = {
    recipients: 'recipient', purposes: 'purpose', circumstances: 'circumstance',
    information: 'kind of information', obligations: 'obligation', programmes: 'programme',
  };
  const ids = {} as Record<keyof typeof lists, Map<string, Location>>;
  for (const kind of Object.keys(lists) as (keyof typeof lists)[]) {
    ids[kind] = new Map();
    const names = new Map<string, Location>();
    lists[kind].forEach((entry: { id: string; name?: string }, i: number) => {
      defineId(ids[kind], `${singular[kind]} id`, entry.id, at(kind, [kind, i, 'id']));
      if (entry.name !== undefined) {
        const key = entry.name.trim().toLowerCase();
        const where = at(kind, [kind, i, 'name']);
        const first = names.get(key);
        if (first) {
          messages.push({ ...where, ruleId: 'duplicate-name', severity: 'error', reason: `Unexpected duplicate ${singular[kind]} name \`${entry.name}\``, expected: 'unique names', cause: first });
        } else names.set(key, where);
      }
    });
  }

  const refer = (kind: ContentKind, path: (string | number)[], id: string, known: Map<string, Location>, noun: string) => {
    if (!known.has(id)) {
      messages.push({ ...at(kind, path), ruleId: 'unknown-reference', severity: 'error', reason: `Unknown ${noun} \`${id}\``, expected: `the id of a ${noun} that exists` });
    }
  };
  content.recipients.forEach((r, i) => refer('recipients', ['recipients', i, 'clause'], r.clause, clauseIds, 'clause'));
  content.purposes.forEach((p, i) => p.clause !== undefined && refer('purposes', ['purposes', i, 'clause'], p.clause, clauseIds, 'clause'));
  content.information.forEach((p, i) => refer('information', ['information', i, 'clause'], p.clause, clauseIds, 'clause'));
  content.obligations.forEach((o, i) => refer('obligations', ['obligations', i, 'clause'], o.clause, clauseIds, 'clause'));
  content.circumstances.forEach((c, i) => {
    refer('circumstances', ['circumstances', i, 'clause'], c.clause, clauseIds, 'clause');
    c.recipients.forEach((r, j) => refer('circumstances', ['circumstances', i, 'recipients', j], r, ids.recipients, 'recipient'));
    c.purposes.forEach((p, j) => refer('circumstances', ['circumstances', i, 'purposes', j], p, ids.purposes, 'purpose'));
  });
  content.programmes.forEach((p, i) => {
    p.clauses.forEach((c, j) => refer('programmes', ['programmes', i, 'clauses', j], c, clauseIds, 'clause'));
    refer('programmes', ['programmes', i, 'recipient'], p.recipient, ids.recipients, 'recipient');
    p.purposes.forEach((c, j) => refer('programmes', ['programmes', i, 'purposes', j], c, ids.purposes, 'purpose'));
    (p.information ?? []).forEach((c, j) => refer('programmes', ['programmes', i, 'information', j], c, ids.information, 'kind of information'));
  });
  return messages;
}
