// The request schema apps validate against: content/schemas/request.schema.json with each id list filled
// in from content/, so a request naming a recipient, purpose, kind of information or circumstance the
// notice does not list is rejected before it reaches the policy. Browser-safe.
import type { RequestShape } from '../../policy/runtime/policy-data.ts';
import { clausesOf, type Content } from '../content/content.ts';

type Schema = Record<string, unknown> & { $defs: Record<string, Record<string, unknown>> };

export function enumeratedRequestSchema(base: object, content: Content): Schema {
  const schema = structuredClone(base) as Schema;
  const lists = {
    recipientId: content.recipients,
    purposeId: content.purposes,
    informationId: content.information,
    circumstanceId: content.circumstances,
  };
  for (const [name, list] of Object.entries(lists)) {
    const def = schema.$defs[name];
    if (!def) throw new Error(`request.schema.json has no $defs.${name}`);
    schema.$defs[name] = {
      title: name.charAt(0).toUpperCase() + name.slice(1),
      description: `${list.map((entry) => `\`${entry.id}\`: ${entry.name}`).join('; ')}.`,
      enum: list.map((entry) => entry.id),
    };
  }
  schema.$id = 'request.schema.json';
  schema.description = `${String(schema.description ?? '')} Generated for notice version ${content.notice.notice.version}.`.trim();
  return schema;
}

/**
 * The decision schema with the notice's ids filled in: a reason's clause, an obligation's id and clause, and
 * the information that may be sent are ids of this notice, so the generated Decision type names them
 * (ClauseId, ObligationId, and the request schema's InformationId) and a decision can be checked against the
 * published schemas.
 */
export function enumeratedDecisionSchema(base: object, content: Content): Schema {
  const schema = structuredClone(base) as Schema & { properties: Record<string, { items?: { properties?: Record<string, object> } & Record<string, unknown> }> };
  const clauseIds = clausesOf(content.notice).map(({ clause }) => clause.id);
  schema.$defs = {
    ...(schema.$defs ?? {}),
    clauseId: { title: 'ClauseId', description: 'The id of a clause of the notice: an anchor on the published notice.', enum: clauseIds },
    obligationId: { title: 'ObligationId', description: `${content.obligations.map((o) => `\`${o.id}\``).join(', ')}.`, enum: content.obligations.map((o) => o.id) },
  };
  const { reasons, obligations, information } = schema.properties;
  if (!reasons?.items?.properties || !obligations?.items?.properties || !information) throw new Error('decision.schema.json: expected reasons, obligations and information');
  reasons.items.properties.clause = { ...reasons.items.properties.clause, type: undefined, $ref: '#/$defs/clauseId' };
  obligations.items.properties.id = { $ref: '#/$defs/obligationId' };
  obligations.items.properties.clause = { $ref: '#/$defs/clauseId' };
  information.items = { $ref: 'request.schema.json#/$defs/informationId' };
  schema.description = `${String(schema.description ?? '')} Generated for notice version ${content.notice.notice.version}.`.trim();
  return JSON.parse(JSON.stringify(schema)) as Schema;
}

/** A part of the request as the Rego's own check reads it (data.notice.request): see requestShape. */
export type { RequestShape };

/** Keywords that only describe: they check nothing, so the Rego need not read them. */
const annotations = new Set(['$schema', '$id', '$defs', '$comment', 'title', 'description']);

/**
 * The request schema as data the Rego checks every request against (sharing.wellformed), so that an OPA
 * server with no schema in front of it fails closed exactly where the runtime's ajv check rejects. It is
 * generated from the same enumerated schema ajv compiles, and refuses any keyword the Rego does not
 * interpret: a rule added to the schema cannot be silently skipped by the policy.
 */
export function requestShape(schema: Schema): RequestShape {
  const resolve = (node: Record<string, unknown>, at: string): Record<string, unknown> => {
    const ref = node.$ref;
    if (ref === undefined) return node;
    const match = /^#\/\$defs\/(.+)$/.exec(String(ref));
    const target = match ? schema.$defs[match[1]!] : undefined;
    if (!target) throw new Error(`request.schema.json ${at}: $ref ${String(ref)} is not one of its own $defs`);
    const { $ref: _ref, ...rest } = node;
    return { ...target, ...rest };
  };
  const shape = (raw: Record<string, unknown>, at: string): RequestShape => {
    const node = resolve(raw, at);
    for (const keyword of Object.keys(node)) {
      const known = ['type', 'enum', 'properties', 'required', 'additionalProperties', 'items', 'minItems', 'maxItems', 'uniqueItems'];
      if (!known.includes(keyword) && !annotations.has(keyword)) {
        throw new Error(`request.schema.json ${at}: keyword \`${keyword}\` is not read by the policy's own request check (sharing.wellformed); express the rule with ${known.join(', ')}`);
      }
    }
    if (Array.isArray(node.enum)) {
      if (!node.enum.every((v) => typeof v === 'string') || (node.type !== undefined && node.type !== 'string')) {
        throw new Error(`request.schema.json ${at}: only string enums are read by the policy's request check`);
      }
      return { type: 'string', enum: Object.fromEntries(node.enum.map((v) => [v, true as const])) };
    }
    switch (node.type) {
      case 'boolean':
        return { type: 'boolean' };
      case 'array':
        return {
          type: 'array',
          items: shape(node.items as Record<string, unknown>, `${at}/items`),
          // Always stated, so that the Rego compares without looking up a default.
          minItems: typeof node.minItems === 'number' ? node.minItems : 0,
          maxItems: typeof node.maxItems === 'number' ? node.maxItems : Number.MAX_SAFE_INTEGER,
          uniqueItems: node.uniqueItems === true,
        };
      case 'object':
        if (node.additionalProperties !== false) throw new Error(`request.schema.json ${at}: objects must say additionalProperties: false`);
        return {
          type: 'object',
          fields: Object.fromEntries(Object.entries((node.properties ?? {}) as Record<string, Record<string, unknown>>).map(([name, sub]) => [name, shape(sub, `${at}/properties/${name}`)])),
          required: (node.required as string[] | undefined) ?? [],
        };
      default:
        throw new Error(`request.schema.json ${at}: type ${JSON.stringify(node.type)} is not read by the policy's request check`);
    }
  };
  const top = shape(schema, '#');
  // The levels sharing.wellformed reads (it has a function per level): members that are single values,
  // lists of single values or objects, or objects; objects of single values only.
  const single = (s: RequestShape) => s.type === 'string' || s.type === 'boolean';
  const flat = (s: RequestShape, at: string) => {
    if (s.type === 'object') for (const [name, field] of Object.entries(s.fields)) if (!single(field)) throw new Error(`request.schema.json ${at}/${name}: an object's members must be strings or booleans for the policy's request check`);
  };
  if (top.type !== 'object') throw new Error('request.schema.json: the request must be an object');
  for (const [name, member] of Object.entries(top.fields)) {
    if (member.type === 'array') {
      if (member.items.type !== 'string' && member.items.type !== 'object') throw new Error(`request.schema.json #/properties/${name}/items: list entries must be strings or objects for the policy's request check`);
      flat(member.items, `#/properties/${name}/items`);
    } else flat(member, `#/properties/${name}`);
  }
  return top;
}
