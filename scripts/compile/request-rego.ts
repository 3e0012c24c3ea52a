// The request schema compiled to Rego, as ajv's standalone code compiles it to JavaScript: the policy's own
// check of a request (`sharing.wellformed.malformed`), with each member of the request named in the code.
// Each member present is checked by the body for its name (OPA indexes a function's constant arguments),
// so a decision looks only at what the request holds, in a few steps on both engines: OPA's Go evaluator,
// which pays for every generic lookup and call, and the WASM module. The id lists are read from
// data.notice.request (they change with content/); the members, their types, bounds and required members
// are the schema's, written into the code. Browser-safe.
import type { RequestShape } from './request-schema.ts';

type ObjectShape = Extract<RequestShape, { type: 'object' }>;

/** Where the generated module lives, from the checkout's root. */
export const malformedRegoPath = 'policy/sharing/wellformed/malformed.rego';

/** A Rego reference to `name` under `base`: `base.name`, or `base["name"]` when name is not an identifier. */
function member(base: string, name: string): string {
  return /^[a-z_][a-z0-9_]*$/i.test(name) ? `${base}.${name}` : `${base}[${JSON.stringify(name)}]`;
}

/** A rule: `head if expression`, or a body of expressions. */
function rule(head: string, body: string[]): string {
  return body.length === 1 ? `${head} if ${body[0]}\n` : `${head} if {\n${body.map((e) => `\t${e}\n`).join('')}}\n`;
}

/** The test that a required member is there. (No member of the other types is ever false, so `not` tells missing from present for them.) */
function present(shape: RequestShape, value: string, name: string): string {
  return shape.type === 'boolean' ? `_has(${value}, ${JSON.stringify(name)})` : member(value, name);
}

/** What a single value (a string the notice lists, or a boolean) must be. */
function single(shape: RequestShape, value: string, at: string): string {
  if (shape.type === 'string') return `${member(at, 'enum')}[${value}]`;
  if (shape.type === 'boolean') return `is_boolean(${value})`;
  throw new Error(`request shape: ${shape.type} is not a single value`);
}

class Module {
  readonly groups = new Map<string, string[]>();
  readonly names = new Set<string>();

  /** A helper's name for a member path, unique in the module. */
  name(path: string[], what: string): string {
    const name = `_${[...path, what].join('_').replace(/[^a-z0-9_]/gi, '_')}`;
    if (this.names.has(name)) throw new Error(`request shape: two members compile to the helper ${name}`);
    this.names.add(name);
    return name;
  }

  add(group: string, text: string): void {
    this.groups.set(group, [...(this.groups.get(group) ?? []), text]);
  }

  /** Bodies that an object of single values at `at` (the Rego ref of its shape) is checked with: its fields by name. */
  object(shape: ObjectShape, at: string, path: string[], value: string): string[] {
    const fieldOk = this.name(path, 'field_ok');
    const badField = this.name(path, 'bad_field');
    for (const [name, field] of Object.entries(shape.fields)) this.add(fieldOk, rule(`${fieldOk}(${JSON.stringify(name)}, field)`, [single(field, 'field', member(member(at, 'fields'), name))]));
    this.add(badField, rule(`${badField}(value)`, ['some name, field in value', `not ${fieldOk}(name, field)`]));
    return [`is_object(${value})`, ...shape.required.map((name) => present(shape.fields[name]!, value, name)), `not ${badField}(${value})`];
  }

  /** Bodies that a member's value (`value`) is checked with. */
  member(shape: RequestShape, at: string, path: string[]): string[] {
    if (shape.type === 'string' || shape.type === 'boolean') return [single(shape, 'value', at)];
    if (shape.type === 'object') return this.object(shape, at, path, 'value');
    const body = ['is_array(value)'];
    if (shape.minItems > 0) body.push(`count(value) >= ${shape.minItems}`);
    if (shape.maxItems < Number.MAX_SAFE_INTEGER) body.push(`count(value) <= ${shape.maxItems}`);
    if (shape.uniqueItems) {
      const repeats = this.name(path, 'repeats');
      this.add(repeats, rule(`${repeats}(value)`, ['some i, entry in value', 'some j, other in value', 'i < j', 'entry == other']));
      body.push(`not ${repeats}(value)`);
    }
    const badEntry = this.name(path, 'bad_entry');
    const items = member(at, 'items');
    if (shape.items.type === 'object') {
      const entryOk = this.name(path, 'entry_ok');
      this.add(entryOk, rule(`${entryOk}(entry)`, this.object(shape.items, items, [...path, 'entry'], 'entry')));
      this.add(badEntry, rule(`${badEntry}(value)`, ['some entry in value', `not ${entryOk}(entry)`]));
    } else {
      this.add(badEntry, rule(`${badEntry}(value)`, ['some entry in value', `not ${single(shape.items, 'entry', items)}`]));
    }
    body.push(`not ${badEntry}(value)`);
    return body;
  }
}

/** The module, formatted as `opa fmt` writes it. */
export function malformedRego(shape: RequestShape): string {
  if (shape.type !== 'object') throw new Error('request shape: the request must be an object');
  for (const name of shape.required) if (!shape.fields[name]) throw new Error(`request shape: required member ${name} is not one of its fields`);
  const module = new Module();
  const memberOk: string[] = [];
  for (const [name, field] of Object.entries(shape.fields)) memberOk.push(rule(`_member_ok(${JSON.stringify(name)}, value)`, module.member(field, member('_fields', name), [name])));
  const malformed = [
    rule('malformed(req)', ['not is_object(req)']),
    ...shape.required.map((name) => rule('malformed(req)', [`not ${present(shape.fields[name]!, 'req', name)}`])),
    rule('malformed(req)', ['some name, value in req', 'not _member_ok(name, value)']),
  ];
  return `# Generated from the request schema by scripts/compile/request-rego.ts (npm run build). Do not edit.
package sharing.wellformed

_fields := data.notice.request.fields

# METADATA
# description: |
#   The request does not match the request schema: it is not an object, a required member is missing,
#   or a member is unknown or does not match its schema. The schema compiled to Rego (as ajv compiles it
#   to JavaScript for the runtime): each member present is checked by the body for its name; the ids
#   come from data.notice.request. \`problems\` says where, from the same schema.
# scope: document
${malformed.join('\n')}
# A member of the request, by its name: an unknown name has no body.
${memberOk.join('\n')}${[...module.groups.values()].map((rules) => `\n${rules.join('\n')}`).join('')}`;
}
