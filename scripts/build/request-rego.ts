// The request schema compiled to Rego, as ajv's standalone code compiles it to JavaScript: the policy's own
// fast check (`sharing.wellformed.malformed`) with each member of the request named in the code, so that
// OPA's Go evaluator, which pays for every generic lookup and function call, decides it in a few steps.
// The id lists are read from data.notice.request (they change with content/); the members, their types,
// bounds and required members are the schema's, written into the code. Browser-safe.
import type { RequestShape } from './request-schema.ts';

type ObjectShape = Extract<RequestShape, { type: 'object' }>;

/** Where the generated module lives, from the checkout's root. */
export const malformedRegoPath = 'policy/sharing/wellformed/malformed.rego';

const fieldsRef = 'data.notice.request.fields';

/** A Rego reference to `name` under `base`: `base.name`, or `base["name"]` when name is not an identifier. */
function member(base: string, name: string): string {
  return /^[a-z_][a-z0-9_]*$/i.test(name) ? `${base}.${name}` : `${base}[${JSON.stringify(name)}]`;
}

/**
 * Bodies (each a list of expressions over `value`, the member's value in a body where it is defined) that
 * hold when a single value does not match: a string the notice lists, or a boolean.
 */
function singleBroken(shape: RequestShape, value: string, at: string): string[] {
  if (shape.type === 'string') return [`not ${member(at, 'enum')}[${value}]`];
  if (shape.type === 'boolean') return [`not is_boolean(${value})`];
  throw new Error(`request shape: ${shape.type} is not a single value`);
}

/**
 * A body that holds when the member `name` of `value` is missing. (Not a negated lookup of what it should
 * be: OPA reads `value.name` before the negation, so a missing member would fail the body instead.) No
 * member of the other types is ever false, so `not` tells missing from present for them.
 */
function missing(shape: RequestShape, value: string, name: string): string[] {
  return shape.type === 'boolean' ? [`not _has(${value}, ${JSON.stringify(name)})`] : [`not ${member(value, name)}`];
}

/** Bodies that hold when an object of single values (`value`, defined) does not match `shape` at `at`. */
function objectBroken(shape: ObjectShape, value: string, at: string): string[][] {
  const fields = member(at, 'fields');
  const bodies: string[][] = [[`some name, _ in ${value}`, `not ${fields}[name]`]];
  for (const name of shape.required) bodies.push(missing(shape.fields[name]!, value, name));
  for (const [name, field] of Object.entries(shape.fields)) bodies.push([`field := ${member(value, name)}`, ...singleBroken(field, 'field', member(fields, name))]);
  return bodies;
}

/** Bodies that hold when the member `name` of the request (`req`), where present, does not match. */
function memberBroken(name: string, shape: RequestShape): string[][] {
  const at = member(fieldsRef, name);
  const ref = member('req', name);
  if (shape.type === 'string' || shape.type === 'boolean') return [[`value := ${ref}`, ...singleBroken(shape, 'value', at)]];
  if (shape.type === 'object') {
    return [[`value := ${ref}`, 'not is_object(value)'], ...objectBroken(shape, ref, at)];
  }
  const bodies: string[][] = [[`value := ${ref}`, 'not is_array(value)']];
  // (Counted only once it is a list: count of a number is an error, which an engine need not answer alike.)
  if (shape.minItems > 0) bodies.push([`is_array(${ref})`, `count(${ref}) < ${shape.minItems}`]);
  if (shape.maxItems < Number.MAX_SAFE_INTEGER) bodies.push([`is_array(${ref})`, `count(${ref}) > ${shape.maxItems}`]);
  if (shape.uniqueItems) bodies.push([`some i, entry in ${ref}`, `some j, other in ${ref}`, 'i < j', 'entry == other']);
  const items = member(at, 'items');
  if (shape.items.type === 'object') {
    bodies.push([`some entry in ${ref}`, 'not is_object(entry)']);
    for (const body of objectBroken(shape.items, 'entry', items)) bodies.push([`some entry in ${ref}`, ...body]);
  } else {
    bodies.push([`some entry in ${ref}`, ...singleBroken(shape.items, 'entry', items)]);
  }
  return bodies;
}

function rule(body: string[]): string {
  return body.length === 1 ? `malformed(req) if ${body[0]}\n` : `malformed(req) if {\n${body.map((e) => `\t${e}\n`).join('')}}\n`;
}

/** The module, formatted as `opa fmt` writes it. */
export function malformedRego(shape: RequestShape): string {
  if (shape.type !== 'object') throw new Error('request shape: the request must be an object');
  for (const name of shape.required) if (!shape.fields[name]) throw new Error(`request shape: required member ${name} is not one of its fields`);
  const bodies: string[][] = [['not is_object(req)'], ['some name, _ in req', `not ${fieldsRef}[name]`]];
  for (const name of shape.required) bodies.push(missing(shape.fields[name]!, 'req', name));
  for (const [name, field] of Object.entries(shape.fields)) bodies.push(...memberBroken(name, field));
  const [first, ...rest] = bodies.map(rule);
  return `# Generated from the request schema by scripts/build/request-rego.ts (npm run build). Do not edit.
package sharing.wellformed

# METADATA
# description: |
#   The request does not match the request schema: it is not an object, a member is unknown, a required
#   member is missing, or a member does not match its schema. Each member is named in the code (the
#   schema compiled to Rego, as ajv compiles it to JavaScript for the runtime); the ids come from
#   data.notice.request. \`problems\` says where, from the same schema.
# scope: document
${[first, ...rest].join('\n')}`;
}
