// The request schema apps validate against: content/schemas/request.schema.json with each id list filled
// in from content/, so a request naming a recipient, purpose, kind of information or circumstance the
// notice does not list is rejected before it reaches the policy. Browser-safe.
import type { Content } from './content.ts';

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
