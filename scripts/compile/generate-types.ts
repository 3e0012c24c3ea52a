// TypeScript types generated from the JSON Schemas (one schema source). Node-only: a build step.
import { compile, type JSONSchema } from 'json-schema-to-typescript';
import { readSchemas } from '../content/content-node.ts';

const banner = '// Generated from content/schemas by scripts/generate.ts. Do not edit: edit the schema and run `npm run build`.';

/**
 * One .ts module of types: each named schema becomes an exported type. The schemas are compiled as one
 * document (a wrapper that refers to each), so a definition they share is declared once.
 */
export async function typesFor(schemas: Record<string, object>, names: Record<string, string>, schemaDir: string): Promise<string> {
  const titled: Record<string, object> = {};
  for (const [id, schema] of Object.entries(schemas)) titled[id] = { ...schema, ...(names[id] ? { title: names[id] } : {}) };
  const wrapper = {
    title: 'Schemas',
    type: 'object',
    additionalProperties: false,
    properties: Object.fromEntries(Object.entries(names).map(([id, typeName]) => [typeName, { $ref: id }])),
  } as JSONSchema;
  for (const id of Object.keys(names)) if (!titled[id]) throw new Error(`No schema ${id} in ${schemaDir}`);
  const ts = await compile(wrapper, 'Schemas', {
    bannerComment: '',
    cwd: schemaDir,
    additionalProperties: false,
    unreachableDefinitions: false,
    ignoreMinAndMaxItems: true,
    format: true,
    style: { singleQuote: true, printWidth: 110 },
    $refOptions: {
      resolve: {
        file: false,
        http: false,
        defs: {
          order: 1,
          canRead: /\.schema\.json$/,
          read: (file: { url: string }) => {
            const name = file.url.split('/').pop() ?? '';
            const found = titled[name];
            if (!found) throw new Error(`Unresolved $ref ${file.url}`);
            return JSON.stringify(found);
          },
        },
      },
    } as never,
  });
  // The wrapper itself is scaffolding, not a type anyone uses.
  const withoutWrapper = ts.replace(/export interface Schemas \{[\s\S]*?\n\}\n/, '');
  return `${banner}\n\n${declaredOnce(withoutWrapper).trim()}\n`;
}

/**
 * A definition reached by two $refs is emitted twice by json-schema-to-typescript (`ClauseId` and
 * `ClauseId1`): the copy is dropped and its uses renamed, after checking the two are the same type.
 */
function declaredOnce(ts: string): string {
  const declaration = (name: string) => new RegExp(`(?:/\\*\\*(?:(?!\\*/)[\\s\\S])*\\*/\\n)?export type ${name} =([\\s\\S]*?);\\n`);
  let out = ts;
  for (const [, name, n] of ts.matchAll(/export type ([A-Z][A-Za-z]*?)(\d+) =/g)) {
    const original = declaration(name!).exec(out);
    const copy = declaration(`${name}${n}`).exec(out);
    if (!original || !copy) continue;
    if (original[1] !== copy[1]) throw new Error(`generated types: ${name} and ${name}${n} differ`);
    out = out.replace(copy[0], '').replace(new RegExp(`\\b${name}${n}\\b`, 'g'), name!);
  }
  return out;
}

export const contentTypeNames = {
  'notice.schema.json': 'NoticeFile',
  'recipients.schema.json': 'RecipientsFile',
  'purposes.schema.json': 'PurposesFile',
  'circumstances.schema.json': 'CircumstancesFile',
  'information.schema.json': 'InformationFile',
  'obligations.schema.json': 'ObligationsFile',
  'programmes.schema.json': 'ProgrammesFile',
  'promises.schema.json': 'PromisesFile',
  'patients.schema.json': 'PatientsFile',
};

export async function contentTypes(schemaDir: string): Promise<string> {
  return typesFor(await readSchemas(schemaDir), contentTypeNames, schemaDir);
}

