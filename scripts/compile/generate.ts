// Everything generated from content/ and content/schemas: the policy data, the request schema with the
// notice's ids, TypeScript types, and the ajv standalone request validator (no eval at run time, so it
// works under a strict Content-Security-Policy). Node-only.
import { Ajv2020 } from 'ajv/dist/2020.js';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Content } from '../content/content.ts';
import { contentTypeNames, typesFor } from './generate-types.ts';
import { readSchemas } from '../content/content-node.ts';
import { repoRoot } from '../tools/opa.ts';
import { toPolicyData } from './policy-data.ts';
import { enumeratedDecisionSchema, enumeratedRequestSchema, requestShape } from './request-schema.ts';
import { malformedRego, malformedRegoPath } from './request-rego.ts';

export const schemaDir = join(repoRoot, 'content', 'schemas');
export const generatedContentTypes = join(repoRoot, 'scripts', 'content', 'generated', 'content-types.ts');

async function writeIfChanged(path: string, text: string): Promise<void> {
  const old = await readFile(path, 'utf8').catch(() => undefined);
  if (old === text) return;
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
}

/** Types of the content files; needed before the content loader is type-checked. */
export async function generateContentTypes(): Promise<void> {
  await writeIfChanged(generatedContentTypes, await typesFor(await readSchemas(schemaDir), contentTypeNames, schemaDir));
}

export const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/**
 * The request's lists as readonly arrays, so an app may pass a request written `as const` (a mutable array is
 * still accepted). Throws when the generated SharingRequest no longer has the shape this expects.
 */
function readonlyRequestLists(types: string): string {
  const start = types.indexOf('export interface SharingRequest {');
  const end = types.indexOf('\n}\n', start);
  if (start < 0 || end < 0) throw new Error('generated types: no SharingRequest interface');
  const request = types.slice(start, end);
  const readonly = request
    .replace(/\n {2}information: InformationId\[\];/, '\n  information: readonly InformationId[];')
    .replace(/\n {2}circumstances\?: \{\n([\s\S]*?)\n {2}\}\[\];/, '\n  circumstances?: readonly {\n$1\n  }[];');
  if ((readonly.match(/readonly /g) ?? []).length !== 2) throw new Error('generated types: SharingRequest.information and .circumstances were not found as arrays');
  return types.slice(0, start) + readonly + types.slice(end);
}

/** The runtime's vocabulary (policy/runtime/vocabulary.ts): the content's lists and the request schema's consent states, opt-outs and facts. */
function vocabularyModule(content: Content, requestSchema: Record<string, unknown>): string {
  const properties = (requestSchema as { properties: Record<string, { enum?: string[]; description?: string; properties?: Record<string, { description?: string }> }> }).properties;
  const described = (id: string, schema: { description?: string } | undefined) => ({ id, description: (schema?.description ?? '').replace(/ Absent means no\.$/, '') });
  const vocabulary = {
    noticeVersion: content.notice.notice.version,
    recipients: content.recipients.map((r) => ({ id: r.id, name: r.name, kind: r.kind, clause: r.clause, ...(r.codes ? { codes: r.codes } : {}) })),
    purposes: content.purposes.map((p) => ({ id: p.id, name: p.name, ...(p.clause ? { clause: p.clause } : {}), forbidden: p.forbidden === true, benefitsCare: p.benefits_care === true, ...(p.codes ? { codes: p.codes } : {}) })),
    information: content.information.map((i) => ({ id: i.id, name: i.name, clause: i.clause })),
    circumstances: content.circumstances.map((c) => ({ id: c.id, name: c.name, clause: c.clause, needsConfirming: c.needs_review === true })),
    consent: properties.consent?.enum ?? [],
    optOuts: Object.entries(properties.opt_outs?.properties ?? {}).map(([id, schema]) => described(id, schema)),
    facts: ['necessary_for_care', 'sharing_agreement', 'processor_disclosed'].map((id) => described(id, properties[id])),
  };
  return `// Generated from content/ and the request schema by scripts/compile/generate.ts. Do not edit.
import type { Vocabulary } from '../vocabulary.ts';

/** The notice's words for a request, by id: recipients, purposes, kinds of information, circumstances, consent states, opt-outs and facts. */
export const vocabulary: Vocabulary = ${JSON.stringify(vocabulary, null, 2)};
`;
}

/** Writes data.json, request.schema.json and decision.schema.json into `policyOut`, and the runtime's generated modules. */
export async function generateFromContent(content: Content, policyOut: string, root = repoRoot): Promise<void> {
  const runtimeGeneratedDir = join(root, 'policy', 'runtime', 'generated');
  const schemas = await readSchemas(join(root, 'content', 'schemas'));
  const requestSchema = enumeratedRequestSchema(schemas['request.schema.json']!, content);
  const decisionSchema = enumeratedDecisionSchema(schemas['decision.schema.json']!, content);
  // data.json exactly as JSON.stringify writes it (compact, no newline): an app that parses it and hands it
  // to the runtime gets the same bytes back, so the SHA-256 a decision carries is the published file's.
  const shape = requestShape(requestSchema);
  await writeIfChanged(join(policyOut, 'data.json'), JSON.stringify(toPolicyData(content, shape)));
  // The policy's own request check, compiled from the same schema (before the Rego is built).
  await writeIfChanged(join(root, malformedRegoPath), malformedRego(shape));
  await writeIfChanged(join(policyOut, 'request.schema.json'), json(requestSchema));
  await writeIfChanged(join(policyOut, 'decision.schema.json'), json(decisionSchema));

  const types = await typesFor(
    { 'request.schema.json': requestSchema, 'decision.schema.json': decisionSchema },
    { 'request.schema.json': 'SharingRequest', 'decision.schema.json': 'Decision' },
    schemaDir,
  );
  await writeIfChanged(join(runtimeGeneratedDir, 'types.ts'), readonlyRequestLists(types));
  await writeIfChanged(join(runtimeGeneratedDir, 'vocabulary.ts'), vocabularyModule(content, requestSchema));

  const ajv = new Ajv2020({ allErrors: true, strict: true, ownProperties: true, code: { source: true, esm: true, optimize: true } });
  ajv.compile(requestSchema);
  const code = standaloneCode.default(ajv, { validateRequest: 'request.schema.json' });
  await writeIfChanged(
    join(runtimeGeneratedDir, 'validate-request.js'),
    `// Generated from the request schema by scripts/compile/generate.ts (ajv standalone). Do not edit.\n${code}\n`,
  );
  await writeIfChanged(
    join(runtimeGeneratedDir, 'validate-request.d.ts'),
    `// Generated by scripts/compile/generate.ts. Do not edit. Self-contained: the package does not depend on ajv.
export declare const validateRequest: {
  (request: unknown): boolean;
  errors?: { keyword: string; instancePath: string; params: Record<string, unknown>; message?: string }[] | null;
};
`,
  );
}

/**
 * The build's own hashes, which the runtime checks the WASM module and the data it loads against by default
 * (policy/runtime/generated/build.ts): written once policy.wasm is built.
 */
export async function generateBuildHashes(root: string, build: { noticeVersion: string; wasmSha256: string; dataSha256: string }): Promise<void> {
  await writeIfChanged(
    join(root, 'policy', 'runtime', 'generated', 'build.ts'),
    `// Generated by npm run build (scripts/compile/generate.ts) once policy.wasm is built. Do not edit.
/** The notice version and the SHA-256 of policy.wasm and data.json as this package was built. */
export const build = ${JSON.stringify(build, null, 2).replace(/"([a-zA-Z0-9]+)":/g, '$1:').replace(/"/g, "'")} as const;
`,
  );
}
