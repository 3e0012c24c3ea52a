// YAML sources with positions: parse with a line counter, and turn JSON paths and ajv errors into
// file:line:col messages. Browser-safe.
import { closest, normalisedId } from './suggest.ts';
import type { ErrorObject } from 'ajv';
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml';
import type { Location, NoticeMessage } from './messages.ts';

export interface SourceFile {
  /** The path shown in messages, relative to the repository root (`content/recipients.yaml`). */
  path: string;
  text: string;
}

export interface ParsedSource {
  doc: Document.Parsed;
  lines: LineCounter;
}

/** How many alias uses a document may make when read (the yaml library's own default). */
const maxAliases = 100;

/** Parses YAML; on a syntax error returns the first error as a message (the rest are mostly its echoes). */
export function parseSource(file: SourceFile): ParsedSource | { message: NoticeMessage } {
  const lines = new LineCounter();
  const doc = parseDocument(file.text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  const [error] = doc.errors;
  if (!error) {
    // Aliases that expand into a great many values (a "billion laughs") are refused when the document is
    // read, with a message at the first alias rather than a stack trace.
    try {
      doc.toJS({ maxAliasCount: maxAliases });
    } catch (thrown) {
      let at = 0;
      visit(doc, { Alias: (_key, node) => (isAlias(node) && node.range ? ((at = node.range[0]), visit.BREAK) : undefined) });
      const { line, col } = lines.linePos(at);
      return {
        message: {
          file: file.path, line, column: col, ruleId: 'yaml-aliases', severity: 'error',
          reason: `YAML aliases expand into too many values (${thrown instanceof Error ? thrown.message : String(thrown)})`,
          expected: `at most ${maxAliases} uses of aliases, and no nesting of them that multiplies the document`,
        },
      };
    }
    return { doc, lines };
  }
  const [line, column] = error.linePos?.[0] ? [error.linePos[0].line, error.linePos[0].col] : [1, 1];
  const message: NoticeMessage = {
    file: file.path, line, column, ruleId: 'yaml-syntax', severity: 'error',
    reason: `Invalid YAML: ${error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`,
    expected: 'well-formed YAML',
  };
  const sourceLines = file.text.split('\n');
  if (error.code === 'DUPLICATE_KEY') {
    // The key, and where the mapping first has it: the nearest line above at the same indent with that key,
    // with no line between them indented less (which would end the mapping).
    // Where a line's key starts (after its indent and a list item's dash), and the key.
    const keyOf = (text: string) => {
      const found = /^(\s*(?:-\s+)?)("[^"]*"|'[^']*'|[^\s:#][^:#]*?)\s*:(?:\s|$)/.exec(text);
      return found ? { at: found[1]!.length + 1, key: found[2]! } : undefined;
    };
    const key = keyOf(sourceLines[line - 1] ?? '')?.key;
    let first: number | undefined;
    for (let at = line - 2; at >= 0 && key !== undefined; at--) {
      const above = sourceLines[at]!;
      if (above.trim() === '' || above.trimStart().startsWith('#')) continue;
      const found = keyOf(above);
      const starts = found?.at ?? above.length - above.trimStart().length + 1;
      if (starts < column) break;
      if (found && found.at === column && found.key === key) {
        first = at + 1;
        break;
      }
    }
    return {
      message: {
        ...message,
        reason: key !== undefined ? `Unexpected duplicate key \`${key}\`` : 'Unexpected duplicate key',
        expected: 'each key once in a mapping (the second would silently replace the first)',
        ...(first !== undefined ? { cause: { file: file.path, line: first, column } } : {}),
      },
    };
  }
  if (error.code === 'TAB_AS_INDENT') {
    return { message: { ...message, reason: 'Invalid YAML: a tab indents this line', expected: 'spaces to indent (YAML does not allow tabs): replace the tab with spaces' } };
  }
  const quote = error.code === 'MISSING_CHAR' ? /Missing closing (["'])quote/.exec(error.message)?.[1] : undefined;
  if (quote !== undefined) {
    // The parser finds the quote unclosed where the file ends; it was opened at the last quote of its kind
    // before that (everything after it was read as the quoted text), not escaped (\") or doubled ('').
    let open = -1;
    for (let at = Math.min(error.pos[0], file.text.length) - 1; at >= 0; at--) {
      if (file.text[at] !== quote) continue;
      if (quote === '"' && file.text[at - 1] === '\\') continue;
      if (quote === "'" && (file.text[at - 1] === "'" || file.text[at + 1] === "'")) continue;
      open = at;
      break;
    }
    if (open >= 0) {
      const opened = lines.linePos(open);
      return {
        message: {
          ...message, line: opened.line, column: opened.col,
          reason: `Invalid YAML: the quote opened at ${opened.line}:${opened.col} is never closed, so the rest of the file is read as its text`,
          expected: `close the quote opened at ${opened.line}:${opened.col} (${quote}) where its text ends`,
        },
      };
    }
  }
  if (error.code === 'BLOCK_AS_IMPLICIT_KEY' && /:\s/.test((sourceLines[line - 1] ?? '').slice(column - 1))) {
    return { message: { ...message, reason: 'Invalid YAML: a colon and a space inside a value start a new key', expected: 'the value in quotes ("…"), or written as a block (>-) on the lines below' } };
  }
  return { message };
}

/** Position of the node at a path of keys and indexes; for a missing key, its parent. */
export function locate(file: string, doc: Document.Parsed, lines: LineCounter, path: readonly (string | number)[], keyOf?: string): Location {
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

export function pointerToPath(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/**
 * ajv's errors with each failed `oneOf` told by the branch that came nearest (the fewest errors, then the
 * fewest of type or a missing field), instead of every branch's errors and the oneOf's own: one mistake
 * (`outcome: share_minimum`) is one message, not one per branch ("Missing field `rejected`", "Unexpected
 * field `outcome`"). A branch's errors are those just before the oneOf's, at or under its value.
 */
export function nearestBranchErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const out: ErrorObject[] = [];
  const within = (path: string, under: string) => path === under || path.startsWith(`${under}/`);
  for (const error of errors) {
    if (error.keyword !== 'oneOf') {
      out.push(error);
      continue;
    }
    let start = out.length;
    while (start > 0 && within(out[start - 1]!.instancePath, error.instancePath)) start--;
    const candidates = out.splice(start);
    if (candidates.length === 0) {
      out.push(error);
      continue;
    }
    // By branch, where the schema path says (a branch behind a $ref says nothing: they count as one).
    const prefix = `${error.schemaPath}/`;
    const branches = new Map<string, ErrorObject[]>();
    for (const candidate of candidates) {
      const branch = candidate.schemaPath.startsWith(prefix) ? candidate.schemaPath.slice(prefix.length).split('/')[0]! : '$ref';
      branches.set(branch, [...(branches.get(branch) ?? []), candidate]);
    }
    const shapeErrors = (list: ErrorObject[]) => list.filter((e) => e.keyword === 'type' || e.keyword === 'required').length;
    const nearest = [...branches.values()].sort((a, b) => a.length - b.length || shapeErrors(a) - shapeErrors(b))[0]!;
    out.push(...nearest);
  }
  return out;
}

export function schemaMessage(file: string, doc: Document.Parsed, lines: LineCounter, error: ErrorObject): NoticeMessage {
  const path = pointerToPath(error.instancePath);
  const dotted = (at: readonly (string | number)[]) => at.map((p, i) => (typeof p === 'number' ? `[${p}]` : i ? `.${p}` : p)).join('');
  const where = path.length ? `\`${dotted(path)}\`` : 'the document';
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
    case 'additionalProperties': {
      location = locate(file, doc, lines, path, String(params.additionalProperty));
      const field = String(params.additionalProperty);
      const fields = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      if (field === '<<') {
        reason = `Unexpected YAML merge key \`<<\` in ${where}`;
        expected = 'the fields written out in full (merge keys are not supported; an alias of a whole value is)';
        break;
      }
      const meant = closest(field, fields);
      reason = `Unexpected field \`${field}\` in ${where}`;
      expected = meant ? `\`${meant}\`, the nearest field the schema names` : fields.length ? `only the fields the schema names: ${fields.map((f) => `\`${f}\``).join(', ')}` : 'only the fields the schema names';
      break;
    }
    case 'discriminator': {
      // A field that says which shape the rest must have (a choice's `status`): missing, or none of its values.
      const tag = String(params.tag);
      const values = ((error.parentSchema as { oneOf?: { properties?: Record<string, { const?: unknown; enum?: unknown[] }> }[] } | undefined)?.oneOf ?? [])
        .flatMap((branch) => {
          const property = branch.properties?.[tag];
          return property?.const !== undefined ? [property.const] : (property?.enum ?? []);
        })
        .map((v) => `\`${String(v)}\``);
      const oneOf = values.length ? `one of ${values.join(', ')}` : 'one of the values the schema names';
      const present = valueAt(doc, [...path, tag]) !== null;
      location = locate(file, doc, lines, present ? [...path, tag] : path);
      reason = present ? `Unexpected value in \`${dotted([...path, tag])}\`` : `Missing field \`${tag}\` in ${where}`;
      expected = present ? oneOf : `a \`${tag}\` field: ${oneOf}`;
      if (present) actual = JSON.stringify(valueAt(doc, [...path, tag]));
      break;
    }
    case 'enum':
      location = locate(file, doc, lines, path);
      reason = `Unexpected value in ${where}`;
      expected = `one of ${(params.allowedValues as unknown[]).map((v) => `\`${String(v)}\``).join(', ')}`;
      actual = JSON.stringify(valueAt(doc, path));
      break;
    case 'type':
      if (path.length === 0 && valueAt(doc, path) === null) {
        location = locate(file, doc, lines, path);
        reason = 'The file is empty';
        expected = `its fields (${String(error.message ?? '').replace(/^must be /, 'an ')})`;
        break;
      }
    // falls through
    default: {
      location = locate(file, doc, lines, path);
      reason = path.length ? `Invalid ${where}` : 'Invalid file: its top level';
      expected = (error.message ?? 'must be a valid value')
        .replace(/^must be /, '')
        .replace(/^must NOT have /, 'no ')
        .replace(/^must /, 'to ');
      const found = valueAt(doc, path);
      actual = JSON.stringify(found);
      if (error.keyword === 'type') {
        const kinds: Record<string, string> = { object: 'fields (a mapping: `name: value` lines)', array: 'a list (`- ` lines)', string: 'text', boolean: 'true or false', integer: 'a whole number', number: 'a number' };
        expected = String(params.type).split(',').map((t) => kinds[t] ?? t).join(' or ');
        // YAML reads 1.0 as the number 1, and yes or no as true or false.
        if (String(params.type) === 'string' && (typeof found === 'number' || typeof found === 'boolean')) expected += ' (YAML reads an unquoted 1.0 as a number, and yes or no as true or false: put the value in quotes)';
      }
      // A pattern the schema gives examples of: the examples, not the regular expression.
      const examples = (error.parentSchema as { examples?: unknown[] } | undefined)?.examples;
      if (error.keyword === 'pattern' && Array.isArray(examples) && examples.length > 0) expected = `text like ${examples.map((e) => `\`${String(e)}\``).join(' or ')}`;
      // An id written with capitals, spaces or underscores: the id it most likely means.
      if (error.keyword === 'pattern' && typeof found === 'string') {
        const meant = normalisedId(found);
        if (new RegExp(String(params.pattern), 'u').test(meant)) expected += ` (such as \`${meant}\`)`;
      }
    }
  }
  // A value quoted in a message is cut: a whole file read as one string (UTF-16, say) is not a message.
  if (actual !== undefined && actual.length > 200) actual = `${actual.slice(0, 199)}\u2026`;
  return { ...location, ruleId: 'schema', severity: 'error', reason, expected, ...(actual !== undefined ? { actual } : {}) };
}

function valueAt(doc: Document.Parsed, path: readonly (string | number)[]): unknown {
  const node = doc.getIn(path, false);
  return node === undefined ? null : node;
}

