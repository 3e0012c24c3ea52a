// A request as the module reads it: plain JSON data, written out once. Used by the engine (decide, problems)
// and by isValidRequest, so that the two accept exactly the same values. Browser-safe.
import type { RequestProblem } from './errors.ts';
import { article, describeThrown, quote } from './problems.ts';

/** The largest request, as JSON text, that is checked and decided; a sharing request is a few hundred characters. */
export const maxRequestLength = 64 * 1024;

/** How many values (members and entries, at any depth) a request may hold before it is written out at all. */
export const maxRequestValues = 4096;

const plainExpected = 'plain JSON data (objects, lists, strings, booleans and null), as JSON.parse gives';

/**
 * A request as the module will read it: plain JSON data (objects and lists of no class of their own, own
 * enumerable data members, no toJSON, getters, functions or symbols as values), written out once as JSON, and that text parsed
 * back into the value the request schema checks. What is checked is then exactly what is decided, and what
 * the app holds: a class instance, a boxed string or a getter is refused, not written out as something
 * else. A member set to `undefined` is absent, as in JSON. Oversize input is refused before anything else
 * (before the schema checks each entry of a huge list), in time that does not grow with its size.
 */
export function serialiseRequest(request: unknown): { json: string; plain: unknown } | RequestProblem[] {
  const tooBig: RequestProblem[] = [{ path: '', keyword: 'maxLength', message: 'is too large to be a sharing request', expected: `at most ${maxRequestLength} characters of JSON` }];
  let json: string | undefined;
  try {
    // (Inside the try: a Proxy's traps may throw while the request is looked through, as while it is written.)
    const walked = walkRequest(request, maxRequestValues, false);
    // (Only a request found wrong is looked through again, for where: building paths costs every request time.)
    if (walked !== undefined && 'problem' in walked) return [(walkRequest(request, maxRequestValues, true) as { problem: RequestProblem }).problem];
    if (walked !== undefined) {
      // (A cycle counts as too many values; only then is it looked for, to say so.)
      return holdsItself(request) ? [{ path: '', keyword: 'type', message: 'holds itself (a cycle), so it cannot be written as JSON', expected: 'plain JSON data' }] : tooBig;
    }
    json = JSON.stringify(request);
  } catch (thrown) {
    return [{ path: '', keyword: 'type', message: `cannot be written as JSON (${describeThrown(thrown)})`, expected: 'an object' }];
  }
  if (json === undefined) return [{ path: '', keyword: 'type', message: 'is not a JSON value', expected: 'an object', found: quote(String(request)) }];
  if (json.length > maxRequestLength) return tooBig;
  // JSON.stringify writes a lone surrogate as an escape (\ud800), which OPA's WASM reader refuses; no id of
  // a request holds one, so the request is refused here, as OPA's Go evaluator refuses it.
  if (json.includes('\\ud') && loneSurrogate.test(json)) {
    return [{ path: '', keyword: 'type', message: 'holds text that is not well-formed Unicode (a lone surrogate)', expected: 'well-formed Unicode text' }];
  }
  return { json, plain: JSON.parse(json) as unknown };
}

/** A surrogate escape in JSON text (an even run of backslashes before it is text, not an escape). */
const loneSurrogate = /(?<!\\)(?:\\\\)*\\ud[89a-f][0-9a-f]{2}/;

/** A member's name as a part of a JSON Pointer. */
const pointerPart = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/** What a value of no plain kind is, for a message: "a String object", "an instance of Request". */
function kindOf(value: object): string {
  const name = (Object.getPrototypeOf(value) as { constructor?: { name?: unknown } } | null)?.constructor?.name;
  if (typeof name !== 'string' || name === '') return 'an object of a class of its own';
  if (name === 'Object') return 'an object that inherits members from another';
  return ['String', 'Number', 'Boolean', 'Date', 'RegExp', 'Map', 'Set'].includes(name) ? `${article(name)} ${name} object` : `an instance of ${name}`;
}

/**
 * Looks through a request, each value once, without calling a getter or toJSON: undefined when it is plain
 * JSON data of at most `limit` values; `{ tooMany }` past that (a cycle too) or for text longer than a
 * whole request may be; or the first problem found (with its path when `withPaths`)
 * (a value of a class of its own, a getter, a toJSON, a function, a symbol, a list with an empty slot).
 * Members JSON does not write (named by a symbol, not enumerable) are not part of the request: passed over.
 * A list longer than `limit` is refused by its length, without looking at its entries.
 */
function walkRequest(request: unknown, limit: number, withPaths: boolean): { tooMany: true } | { problem: RequestProblem } | undefined {
  const notPlain = (path: string, message: string): { problem: RequestProblem } => ({ problem: { path, keyword: 'type', message, expected: plainExpected } });
  // (Two stacks, the paths kept only when asked for: this runs before every decision.)
  const values: unknown[] = [request];
  const paths: string[] = [''];
  let count = 0;
  // The length of all text (strings and member names) seen so far: more than a whole request may hold is
  // refused before it is written out (a thousand strings of 64 Ki characters each, say).
  let text = 0;
  while (values.length > 0) {
    const value = values.pop();
    const path = withPaths ? paths.pop()! : '';
    if (++count > limit) return { tooMany: true };
    if (value === null) continue;
    const type = typeof value;
    if (type === 'function' || type === 'symbol' || type === 'bigint') return notPlain(path, `is ${article(type)} ${type}, which JSON does not have`);
    if (type !== 'object') {
      // (Text longer than a whole request is refused by its length, before it is written out.)
      if (type === 'string' && (text += (value as string).length) > maxRequestLength) return { tooMany: true };
      continue;
    }
    const object = value as object;
    // JSON.stringify calls a toJSON it finds anywhere on the way up, an inherited one too (a polluted prototype's).
    if ('toJSON' in object) return notPlain(path, 'has a toJSON, so it would be written out as something other than itself');
    const prototype = Object.getPrototypeOf(object) as unknown;
    if (Array.isArray(object)) {
      // Array.prototype, of this realm or another (an iframe's), is itself a list; a subclass's is not.
      if (!Array.isArray(prototype)) return notPlain(path, `is ${kindOf(object)}, not a plain list`);
      if (object.length > limit) return { tooMany: true };
      for (let i = object.length - 1; i >= 0; i--) {
        const entry = Object.getOwnPropertyDescriptor(object, i);
        // A list with an empty slot: JSON.stringify would write it from Array.prototype (a polluted one could
        // fill it with a claim), so what is decided would not be what the app holds.
        if (entry === undefined) return { problem: { path, keyword: 'type', message: 'holds a list with an empty slot (a sparse array)', expected: 'lists with every entry present' } };
        if (!('value' in entry)) return notPlain(`${path}/${i}`, 'is a getter or setter, not a value');
        values.push(entry.value);
        if (withPaths) paths.push(`${path}/${i}`);
      }
      continue;
    }
    // Object.prototype, of this realm or another: it has no prototype of its own (a class's prototype has
    // one) and has Object.prototype's own members (an object of defaults made with Object.create(null) has
    // not: its members would be inherited, which JSON does not write).
    if (prototype !== null && !isObjectPrototype(prototype as object)) return notPlain(path, `is ${kindOf(object)}, not a plain object`);
    // (Object.keys lists them all first: faster for a request, which has a few, than counting them one by
    // one, and an object of a million members costs its maker as much to build.)
    const keys = Object.keys(object);
    if (keys.length > limit) return { tooMany: true };
    for (const key of keys) {
      if ((text += key.length) > maxRequestLength) return { tooMany: true };
      const member = Object.getOwnPropertyDescriptor(object, key)!;
      if (!('value' in member)) return notPlain(`${path}/${pointerPart(key)}`, 'is a getter or setter, not a value');
      values.push(member.value);
      if (withPaths) paths.push(`${path}/${pointerPart(key)}`);
    }
  }
  return undefined;
}

/** Whether an object is Object.prototype, of this realm or another. */
function isObjectPrototype(prototype: object): boolean {
  return Object.getPrototypeOf(prototype) === null && Object.hasOwn(prototype, 'hasOwnProperty') && Object.hasOwn(prototype, 'isPrototypeOf') && Object.hasOwn(prototype, 'propertyIsEnumerable');
}

/** Whether a value holds itself, at any depth of its own enumerable members (looked at without calling a getter). */
function holdsItself(value: unknown, within: Set<object> = new Set(), depth = 0, budget = { steps: 2 * maxRequestValues }): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (within.has(value)) return true;
  // Deeper, or longer to look through, than any request (a list of a million, an object shared down many
  // levels): the count of values refuses it as too large, and this stops looking.
  if (depth > 64 || --budget.steps < 0) return false;
  within.add(value);
  // (A list's entries by index, as far as the budget goes: its keys, written out as names, would cost time
  // in proportion to its length.)
  const names: (string | number)[] = Array.isArray(value) ? Array.from({ length: Math.min(value.length, budget.steps + 1) }, (_, i) => i) : Object.keys(value);
  for (const name of names) {
    if (budget.steps < 0) break;
    const member = Object.getOwnPropertyDescriptor(value, name);
    if (member && 'value' in member && holdsItself(member.value, within, depth + 1, budget)) return true;
  }
  within.delete(value);
  return false;
}
