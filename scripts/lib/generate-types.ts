// TypeScript types generated from the JSON Schemas (one schema source). Node-only: a build step.
import { compile, type JSONSchema } from 'json-schema-to-typescript';
import { readSchemas } from './content-node.ts';

const banner = '// Generated from content/schemas by scripts/generate.ts. Do not edit: edit the schema and run `npm run build`.';

/** One .ts module of types: each named schema becomes an exported type. */
export async function typesFor(schemas: Record<string, object>, names: Record<string, string>, schemaDir: string): Promise<string> {
  const parts: string[] = [banner];
  for (const [schemaId, typeName] of Object.entries(names)) {
    const schema = structuredClone(schemas[schemaId]) as JSONSchema;
    if (!schema) throw new Error(`No schema ${schemaId} in ${schemaDir}`);
    schema.title = typeName;
    const ts = await compile(schema, typeName, {
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
              const found = schemas[name];
              if (!found) throw new Error(`Unresolved $ref ${file.url}`);
              return JSON.stringify(found);
            },
          },
        },
      } as never,
    });
    parts.push(ts.trim());
  }
  return `${parts.join('\n\n')}\n`;
}

export const contentTypeNames = {
  'notice.schema.json': 'NoticeFile',
  'recipients.schema.json': 'RecipientsFile',
  'purposes.schema.json': 'PurposesFile',
  'circumstances.schema.json': 'CircumstancesFile',
  'information.schema.json': 'InformationFile',
  'obligations.schema.json': 'ObligationsFile',
  'programmes.schema.json': 'ProgrammesFile',
};

export async function contentTypes(schemaDir: string): Promise<string> {
  return typesFor(await readSchemas(schemaDir), contentTypeNames, schemaDir);
}

