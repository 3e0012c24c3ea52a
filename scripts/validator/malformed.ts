// Requests that are not well-formed, each breaking the request schema in one way, generated from the
// request's shape (data.notice.request, itself generated from the request schema) and a few well-formed
// requests to break: the forms an app or a hand-written request gets wrong (a wrong case, a stray space,
// null, a list for a value, "true" for true, a field too many or missing, duplicates, too many entries).
// The validator and the OPA server test check that the runtime rejects each one and that every engine
// decides each one do-not-share. Browser-safe.
import type { PolicyData } from '../compile/policy-data.ts';
import type { RequestShape } from '../compile/request-schema.ts';

export interface MalformedRequest {
  /** What was broken, for a reviewer: "consent: `Refused`". */
  what: string;
  request: unknown;
}

/** Wrong values for a single value of this shape (a string the notice lists, or a boolean). */
function wrongSingles(shape: RequestShape, value: unknown): unknown[] {
  if (shape.type === 'string') {
    const text = typeof value === 'string' ? value : Object.keys(shape.enum)[0]!;
    return [text.charAt(0).toUpperCase() + text.slice(1), `${text} `, ` ${text}`, text.toUpperCase(), '', 'unknown-id', 1, null, true, [text], { [text]: true }];
  }
  return ['true', 'false', 1, 0, null, 'yes', [true], {}];
}

/** Every way of breaking the member `name` of `request` once. */
function breakMember(name: string, shape: RequestShape, request: Record<string, unknown>): MalformedRequest[] {
  const out: MalformedRequest[] = [];
  const put = (what: string, value: unknown) => out.push({ what: `${name}: ${what}`, request: { ...request, [name]: value } });
  const value = request[name];
  if (shape.type === 'string' || shape.type === 'boolean') {
    for (const wrong of wrongSingles(shape, value)) put(`\`${JSON.stringify(wrong)}\``, wrong);
  } else if (shape.type === 'array') {
    const entries = Array.isArray(value) && value.length > 0 ? value : [sampleEntry(shape.items)];
    for (const wrong of [null, 'x', entries[0], {}, true]) put(`\`${JSON.stringify(wrong)}\` for a list`, wrong);
    if (shape.minItems > 0) put('an empty list', []);
    put(`more than ${shape.maxItems} entries`, Array.from({ length: shape.maxItems + 1 }, (_, i) => (shape.uniqueItems ? distinctEntry(shape.items, i) : entries[0])));
    if (shape.uniqueItems) put('an entry twice', [entries[0], entries[0]]);
    if (shape.items.type === 'object') {
      const entry = entries[0] as Record<string, unknown>;
      for (const broken of breakObject(shape.items, entry)) put(`an entry with ${broken.what}`, [broken.request]);
    } else {
      for (const wrong of wrongSingles(shape.items, entries[0])) put(`an entry \`${JSON.stringify(wrong)}\``, [wrong]);
    }
  } else {
    const object = (value && typeof value === 'object' && !Array.isArray(value) ? value : {}) as Record<string, unknown>;
    for (const wrong of [null, 'true', true, [], 1]) put(`\`${JSON.stringify(wrong)}\` for an object`, wrong);
    for (const broken of breakObject(shape, object)) put(broken.what, broken.request);
  }
  return out;
}

/** An object of single values broken once: a member missing, one too many, each member wrong. */
function breakObject(shape: Extract<RequestShape, { type: 'object' }>, object: Record<string, unknown>): MalformedRequest[] {
  const out: MalformedRequest[] = [];
  for (const name of shape.required) {
    const { [name]: _dropped, ...rest } = object;
    out.push({ what: `no \`${name}\``, request: rest });
  }
  out.push({ what: 'an unknown member', request: { ...object, note: 'x' } });
  for (const [name, field] of Object.entries(shape.fields)) {
    for (const wrong of wrongSingles(field, object[name])) out.push({ what: `${name} \`${JSON.stringify(wrong)}\``, request: { ...object, [name]: wrong } });
  }
  return out;
}

function sampleEntry(shape: RequestShape): unknown {
  if (shape.type === 'string') return Object.keys(shape.enum)[0];
  if (shape.type === 'object') return Object.fromEntries(shape.required.map((name) => [name, sampleEntry(shape.fields[name]!)]));
  return true;
}

/** The i-th distinct entry, or a made-up one past the list (still too many, and each wrong). */
function distinctEntry(shape: RequestShape, i: number): unknown {
  if (shape.type === 'string') return Object.keys(shape.enum)[i] ?? `kind-${i}`;
  return sampleEntry(shape);
}

/**
 * The malformed requests built from each well-formed request in `bases`: not an object at all, each
 * required member missing, an unknown member (also a known one in the wrong case), and each member of the
 * shape broken in each way (members the base leaves out are added, wrongly).
 */
export function malformedRequests(data: PolicyData, bases: readonly Record<string, unknown>[]): MalformedRequest[] {
  const shape = data.notice.request;
  if (shape.type !== 'object') return [];
  const out: MalformedRequest[] = [null, [], 'share', 1, true].map((request) => ({ what: `the request \`${JSON.stringify(request)}\``, request }));
  for (const base of bases) {
    for (const name of shape.required) {
      const { [name]: _dropped, ...rest } = base;
      out.push({ what: `no \`${name}\``, request: rest });
    }
    out.push({ what: 'an unknown member `Consent`', request: { ...base, Consent: 'refused' } });
    out.push({ what: 'an unknown member `purpose_of_use`', request: { ...base, purpose_of_use: 'TREAT' } });
    for (const [name, member] of Object.entries(shape.fields)) out.push(...breakMember(name, member, base));
  }
  return out;
}
