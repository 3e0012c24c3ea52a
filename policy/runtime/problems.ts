// Internal to the runtime (not exported by its entries): request problems worded from ajv's errors, and
// anything thrown turned into a message.
import { PolicyLoadError, type RequestProblem } from './errors.ts';
import { printable, printableProblem } from './printable.ts';

/** An error of an ajv validator, as far as a request problem needs it. */
export interface AjvError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
}

/** How many problems an InvalidRequestError lists, and how much of a value or list a problem quotes. */
const maxProblems = 20;
const maxQuoted = 80;
const maxListed = 12;

/** A value as short JSON text for a message: at most maxQuoted characters, printable. */
export function quote(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return printable(text.length > maxQuoted ? `${text.slice(0, maxQuoted)}\u2026 (${text.length} characters)` : text);
}

/** The value at a JSON Pointer of a plain value (undefined where there is none). */
function valueAt(value: unknown, pointer: string): unknown {
  let at = value;
  for (const part of pointer.split('/').slice(1)) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return at;
}

/** The indefinite article of a word, for a message: "an" before a vowel, else "a". */
export const article = (word: string) => (/^[aeiou]/i.test(word) ? 'an' : 'a');

/**
 * Fields an earlier request schema had, and what replaced them: a request of the old shape is told what to
 * send instead of only that the field is not allowed. `within`: where the field was (the JSON Pointer of the
 * object that held it); `by`: the field that replaced it; `send`: what to send, in words.
 */
const replacedFields: readonly { within: RegExp; field: string; by: string; send: string }[] = [
  // A claim was `{ id, confirmed: true }`; it is `{ id, status: 'confirmed' }` (or waiting, or rejected).
  { within: /^\/circumstances\/\d+$/, field: 'confirmed', by: 'status', send: 'a `status` field (waiting, confirmed or rejected)' },
];

/**
 * What to send instead of a field of an earlier request shape (at the JSON Pointer of the object holding
 * it); undefined for any other field. `holder`, the object holding it, where known: one that already has
 * the new field is told to drop the old one.
 */
export function replacement(instancePath: string, field: string, holder?: unknown): string | undefined {
  const replaced = replacedFields.find((r) => r.field === field && r.within.test(instancePath));
  if (!replaced) return undefined;
  if (holder !== null && typeof holder === 'object' && Object.hasOwn(holder, replaced.by)) return `no \`${replaced.field}\` field beside \`${replaced.by}\`, which replaced it`;
  return `${replaced.send} instead: \`${replaced.field}\` was replaced by \`${replaced.by}\``;
}

/** What an additionalProperties error expects: the field that replaced it, for a field of an earlier shape; otherwise none of that name. */
function expectedInstead(instancePath: string, field: string, holder: unknown): string {
  return replacement(instancePath, field, holder) ?? `no \`${field}\` field`;
}

/**
 * ajv errors as request problems: each names the value found (quoted, capped) and what was allowed (a
 * capped list); at most maxProblems of them, the last saying how many more there were.
 */
export function toProblems(errors: readonly AjvError[] | null | undefined, request?: unknown): RequestProblem[] {
  const all = errors ?? [];
  const problems = all.slice(0, maxProblems).map((error): RequestProblem => {
    const params = error.params as Record<string, unknown>;
    let expected: string | undefined;
    if (error.keyword === 'enum') {
      const allowed = (params.allowedValues as unknown[]).map(String);
      expected = `one of ${allowed.slice(0, maxListed).join(', ')}${allowed.length > maxListed ? `, \u2026 (${allowed.length} in all)` : ''}`;
    } else if (error.keyword === 'required') expected = `${article(String(params.missingProperty))} \`${String(params.missingProperty)}\` field`;
    else if (error.keyword === 'additionalProperties') expected = expectedInstead(error.instancePath, String(params.additionalProperty), request === undefined ? undefined : valueAt(request, error.instancePath));
    else if (error.keyword === 'type') expected = String(params.type);
    const found = request === undefined || error.keyword === 'required' ? undefined : valueAt(request, error.instancePath);
    return {
      path: error.instancePath,
      keyword: error.keyword,
      message: error.message ?? 'is invalid',
      ...(expected ? { expected } : {}),
      ...(found !== undefined ? { found: quote(found) } : {}),
    };
  });
  if (all.length > maxProblems) {
    problems.push({ path: '', keyword: 'maxProblems', message: `and ${all.length - maxProblems} more problem(s), not listed` });
  }
  return problems.map(printableProblem);
}

/** The OPA SDK throws strings and plain objects; turn anything thrown into a message. */
export function describeThrown(thrown: unknown): string {
  if (thrown instanceof Error) return thrown.message;
  if (typeof thrown === 'string') return thrown;
  try {
    return JSON.stringify(thrown);
  } catch {
    return String(thrown);
  }
}

/** A value that is not what was expected, for a message: "nothing", "null", "an array", "a Blob", "number 42". */
export function describeFound(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  const name = typeof value === 'object' ? (value as { constructor?: { name?: unknown } }).constructor?.name : undefined;
  if (typeof name === 'string' && name !== 'Object') return `${article(name)} ${name}`;
  return `${typeof value} ${quote(value)}`;
}

/** Options that are not an object, or `wasm` or `data` given as null (a lookup that found nothing, not a request for the package's own). */
export function refuseNull(options: { wasm?: unknown; data?: unknown }): void {
  if (options === null || typeof options !== 'object') throw new PolicyLoadError(`The options must be an object ({ wasm, data, pin }, each optional), found ${describeFound(options)}`);
  for (const name of ['wasm', 'data'] as const) {
    if (Object.hasOwn(options, name) && options[name] === null) throw new PolicyLoadError(`The policy's ${name} is null: pass it, or leave it out for the package's own`);
  }
}

/** The options' own members of these names: not what a polluted Object.prototype holds. */
export function ownMembers<T extends object, K extends keyof T>(options: T, keys: readonly K[]): Partial<Pick<T, K>> {
  // (With no prototype: a name left out reads as undefined, not as the polluted prototype's.)
  const out = Object.create(null) as Partial<Pick<T, K>>;
  for (const key of keys) if (Object.hasOwn(options, key)) out[key] = options[key];
  return out;
}
