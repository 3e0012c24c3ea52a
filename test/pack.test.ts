// As an app developer meets the package: `npm pack ./dist/package` (what `npm run build` assembles), install the tarball into a fresh project, import it by
// name and decide a request, under the machine's own Node 20 and under the tooling's Node 24.
import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiExports } from '../scripts/compile/api-docs.ts';
import { root } from './helpers.ts';

/** The first `node` on PATH outside any node_modules: the machine's own. */
function machineNode(): string {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir || dir.includes('node_modules')) continue;
    const candidate = join(dir, 'node');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  throw new Error('No machine Node.js on PATH');
}

const app = `
import { loadSharingPolicy, InvalidRequestError } from '@msefnhst/privacy-notice';
const policy = await loadSharingPolicy();
const decision = policy.decide({
  recipient: 'social-care', purpose: 'safeguarding', information: ['care-record'], consent: 'refused',
  circumstances: [{ id: 'child-at-risk' }],
});
let rejected = false;
try { policy.decide({ recipient: 'insurer' }); } catch (error) { rejected = error instanceof InvalidRequestError; }
console.log(JSON.stringify({ node: process.version, outcome: decision.outcome, reasons: decision.reasons.map((r) => r.clause), rejected }));
`;

const typed = `
import { isValidRequest, loadSharingPolicy, vocabulary, type ClauseId, type Decision, type ObligationId, type RecipientId, type SharingRequest } from '@msefnhst/privacy-notice';
import { loadSharingPolicy as loadEdge } from '@msefnhst/privacy-notice/edge';
// A request written \`as const\` (readonly lists) is a SharingRequest.
const request = { recipient: 'gp', purpose: 'individual-care', information: ['care-record'], consent: 'given', circumstances: [{ id: 'court-order', status: 'confirmed' }] } as const;
const decision: Decision = (await loadSharingPolicy()).decide(request);
const outcome: 'share' | 'share-minimum' | 'do-not-share' | 'refer' = decision.outcome;
const clause: ClauseId | undefined = decision.reasons[0]?.clause;
const obligation: ObligationId | undefined = decision.obligations[0]?.id;
const recipient: RecipientId = vocabulary.recipients[0]!.id;
const purposeCode: string | undefined = vocabulary.purposes.find((p) => p.id === 'individual-care')?.codes?.hl7;
const input: unknown = JSON.parse('{}');
const guarded: SharingRequest | undefined = isValidRequest(input) ? input : undefined;
// @ts-expect-error: the notice lists no such recipient
const wrong: SharingRequest = { recipient: 'insurer', purpose: 'individual-care', information: ['care-record'], consent: 'given' };
// @ts-expect-error: the notice has no such clause
const noClause: ClauseId = 'no-such-clause';
// The edge entry (no OPA SDK) has the same API and types.
const edgeOutcome: Decision['outcome'] = (await loadEdge()).decide(request).outcome;
export { outcome, clause, obligation, recipient, purposeCode, guarded, wrong, noClause, edgeOutcome };
`;

/** The bundler recipes as written: data.json imported as a JSON module (TypeScript widens its literals), bytes as an app holds them. */
const typedBundler = `
import { loadSharingPolicy, toAuditEvent, type DecisionLogEntry } from '@msefnhst/privacy-notice';
import { createSharingPolicy } from '@msefnhst/privacy-notice/core';
import data from '@msefnhst/privacy-notice/data.json';
declare const wasm: Uint8Array;
declare const entry: DecisionLogEntry;
export const loaded = loadSharingPolicy({ wasm, data });
export const created = createSharingPolicy({ wasm: wasm.buffer, data });
export const audited = toAuditEvent(entry, data);
`;

/** The oldest TypeScript's \`tsc --init\` settings (CommonJS, which resolves packages without their exports): both entries' types, and data.json. */
const typedCommonJs = `
import { isValidRequest } from '@msefnhst/privacy-notice';
import { createSharingPolicy, type SharingRequest } from '@msefnhst/privacy-notice/core';
import data from '@msefnhst/privacy-notice/data.json';
import requestSchema from '@msefnhst/privacy-notice/request.schema.json';
import { createSharingPolicy as createEdgePolicy } from '@msefnhst/privacy-notice/edge';
declare const wasm: Uint8Array;
export const check: (request: unknown) => request is SharingRequest = isValidRequest;
export const created = createSharingPolicy({ wasm, data });
export const schemaId: string = requestSchema.$id;
export const edge = createEdgePolicy({ wasm, data });
`;

/**
 * The JavaScript examples of the package README as one module: each block in its own scope (the first at the
 * top, as it loads the policy the others use), the imports hoisted and merged, and each comment that states
 * a value (`// decision.outcome  'share-minimum'`, a list of texts, null) turned into a check of it.
 */
export function readmeExamples(readme: string): string {
  const imports = new Map<string, { names: Set<string>; attributes: string }>();
  const bodies: string[] = [];
  // (Blocks at the start of a line: an indented one is a bundler's recipe, not Node's.)
  for (const [, block] of readme.matchAll(/^```js\n([\s\S]*?)^```/gm)) {
    const body: string[] = [];
    for (const line of block!.split('\n')) {
      const imported = /^import (?:\{ ([^}]*) \}|(\w+)) from '([^']+)'( with \{[^}]*\})?;$/.exec(line);
      if (imported) {
        const entry = imports.get(imported[3]!) ?? { names: new Set<string>(), attributes: imported[4] ?? '' };
        if (imported[1]) for (const name of imported[1].split(',')) entry.names.add(name.trim());
        else entry.names.add(`default as ${imported[2]}`);
        imports.set(imported[3]!, entry);
        continue;
      }
      const stated = /^\/\/ ([A-Za-z_$][\w$.]*)\s{2,}('[^']*'|\[(?:'[^']*'(?:, )?)*\]|null|true|false)(?:\s|$)/.exec(line);
      body.push(stated ? `check(${JSON.stringify(stated[1])}, ${stated[1]}, ${stated[2]});` : line);
    }
    bodies.push(body.join('\n'));
  }
  const importLines = [...imports].map(([from, { names, attributes }]) => `import { ${[...names].join(', ')} } from '${from}'${attributes};`);
  const check = "const checked = []; function check(what, actual, expected) { if (JSON.stringify(actual) !== JSON.stringify(expected)) throw new Error(`README: ${what} is ${JSON.stringify(actual)}, the README says ${JSON.stringify(expected)}`); checked.push(what); }";
  return [...importLines, check, bodies[0], ...bodies.slice(1).map((body) => `{\n${body}\n}`), 'console.log(JSON.stringify(checked));', ''].join('\n');
}

/** A project whose types have neither the DOM's lib nor @types/node (no global URL): the entries' types, and the policy file imported. */
const typedBare = `
import { loadSharingPolicy } from '@msefnhst/privacy-notice';
import { createSharingPolicy } from '@msefnhst/privacy-notice/core';
import { loadSharingPolicy as loadEdge } from '@msefnhst/privacy-notice/edge';
import wasm from '@msefnhst/privacy-notice/policy.wasm';
export const fromPackage = loadSharingPolicy();
export const fromEdge = loadEdge({ data: '{}' });
export const wasmUrl: string = wasm;
export { createSharingPolicy };
`;

/** The oldest TypeScript the README says the package's types work with. */
const oldestTypeScript = '5.0.4';

interface Packed {
  filename: string;
  files: { path: string }[];
}

let project: string;
let packed: Packed[];
/** The README's ajv example runs with the ajv this repository has (so the install needs no download). */
const ajvVersion = (JSON.parse(await readFile(join(root, 'node_modules', 'ajv', 'package.json'), 'utf8')) as { version: string }).version;
beforeAll(async () => {
  project = await mkdtemp(join(tmpdir(), 'notice-app-'));
  packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', project, join(root, 'dist', 'package')], { cwd: root, encoding: 'utf8' })) as Packed[];
  await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'an-nhs-app', private: true, type: 'module' }));
  // The oldest TypeScript the README states, beside the package.
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', join(project, packed[0]!.filename), `typescript@${oldestTypeScript}`, '@types/node@20', `ajv@${ajvVersion}`], { cwd: project, encoding: 'utf8' });
  await writeFile(join(project, 'app.mjs'), app);
  await writeFile(join(project, 'typed.ts'), typed);
  await writeFile(join(project, 'typed-bundler.ts'), typedBundler);
  await writeFile(join(project, 'typed-commonjs.ts'), typedCommonJs);
  // A CommonJS file of a TypeScript project set for Node 20 (module node20), which requires ES modules.
  await writeFile(join(project, 'typed-require.cts'), "import { loadSharingPolicy, type Decision } from '@msefnhst/privacy-notice';\nexport const decided: Promise<Decision> = loadSharingPolicy().then((policy) => policy.decide({ recipient: 'gp', purpose: 'marketing', information: ['care-record'], consent: 'given' }));\n");
  await mkdir(join(project, 'bare'));
  await writeFile(join(project, 'bare', 'typed-bare.ts'), typedBare);
  await writeFile(join(project, 'bare', 'tsconfig.json'), JSON.stringify({ compilerOptions: { noEmit: true, strict: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', lib: ['es2022'], types: [] }, files: ['typed-bare.ts'] }));
  await writeFile(join(project, 'app.cjs'), "const { loadSharingPolicy } = require('@msefnhst/privacy-notice');\nloadSharingPolicy().then((policy) => console.log(policy.decide({ recipient: 'gp', purpose: 'marketing', information: ['care-record'], consent: 'given' }).outcome));\n");
});

describe('the packed package, installed into a fresh project', () => {
  const nodes = { 'the machine\u2019s Node': machineNode(), 'the tooling\u2019s Node 24': process.execPath };
  for (const [name, node] of Object.entries(nodes)) {
    it(`decides a request under ${name}`, () => {
      const run = spawnSync(node, ['app.mjs'], { cwd: project, encoding: 'utf8' });
      expect(run.stderr).toBe('');
      const result = JSON.parse(run.stdout) as { node: string; outcome: string; reasons: string[]; rejected: boolean };
      expect(result).toMatchObject({ outcome: 'share-minimum', reasons: ['no-consent', 'circumstance-child-at-risk'], rejected: true });
      if (node === process.execPath) expect(result.node).toMatch(/^v24\./);
      else expect(Number(result.node.slice(1).split('.')[0])).toBeGreaterThanOrEqual(20);
    });
  }

  it('runs every JavaScript example of its README, and of the repository\u2019s, as written, and each value a comment states holds', async () => {
    const readmes = {
      package: await readFile(join(project, 'node_modules', '@msefnhst', 'privacy-notice', 'README.md'), 'utf8'),
      repository: await readFile(join(root, 'README.md'), 'utf8'),
    };
    const checked: Record<string, string[]> = {};
    for (const [name, readme] of Object.entries(readmes)) {
      await writeFile(join(project, `readme-${name}.mjs`), readmeExamples(readme));
      const run = spawnSync(machineNode(), [`readme-${name}.mjs`], { cwd: project, encoding: 'utf8' });
      expect(run.stderr, name).toBe('');
      checked[name] = JSON.parse(run.stdout) as string[];
    }
    expect(checked.package).toEqual(expect.arrayContaining(['decision.outcome', 'decision.information', 'isDecision.errors']));
    expect(checked.repository).toEqual(expect.arrayContaining(['decision.outcome', 'gp.outcome']));
  });

  it('types a CommonJS TypeScript file that imports it, with module node20 (TypeScript 5.8 and later: Node 20 requires ES modules)', () => {
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const run = spawnSync(process.execPath, [tsc, '--noEmit', '--strict', '--module', 'node20', '--moduleResolution', 'node16', '--target', 'es2022', '--types', 'node', 'typed-require.cts'], { cwd: project, encoding: 'utf8' });
    expect(run.stdout + run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('runs its notice command', () => {
    const run = spawnSync(machineNode(), [join(project, 'node_modules', '.bin', 'notice'), 'decide', '-'], {
      cwd: project,
      encoding: 'utf8',
      input: JSON.stringify({ recipient: 'gp', purpose: 'marketing', information: ['contact-details'], consent: 'given' }),
    });
    expect(run.status).toBe(0);
    expect((JSON.parse(run.stdout) as { outcome: string }).outcome).toBe('do-not-share');
  });

  // TypeScript's defaults (skipLibCheck off): the shipped declarations must check, on the oldest
  // TypeScript the README states and on this repository's.
  for (const [name, tsc] of [[`TypeScript ${oldestTypeScript}`, () => join(project, 'node_modules', 'typescript', 'bin', 'tsc')], ['this repository\u2019s TypeScript', () => join(root, 'node_modules', 'typescript', 'bin', 'tsc')]] as const) {
    it(`gives ${name} users the request and decision types, the id unions and a guard, with the declarations checked`, () => {
      const run = spawnSync(process.execPath, [tsc(), '--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', 'typed.ts'], { cwd: project, encoding: 'utf8' });
      expect(run.stdout + run.stderr).toBe('');
      expect(run.status).toBe(0);
    });

    it(`checks the bundler recipes' data.json import and bytes under ${name}, in a Node project without the DOM's types`, () => {
      const run = spawnSync(process.execPath, [tsc(), '--noEmit', '--strict', '--module', 'esnext', '--moduleResolution', 'bundler', '--resolveJsonModule', '--target', 'es2022', '--lib', 'es2022', '--types', 'node', 'typed-bundler.ts'], { cwd: project, encoding: 'utf8' });
      expect(run.stdout + run.stderr).toBe('');
      expect(run.status).toBe(0);
    });

    it(`checks the entries' types and the policy file's import with neither the DOM's lib nor @types/node under ${name}`, () => {
      const run = spawnSync(process.execPath, [tsc(), '-p', join(project, 'bare')], { cwd: project, encoding: 'utf8' });
      expect(run.stdout + run.stderr).toBe('');
      expect(run.status).toBe(0);
    });

    it(`resolves both entries' types with CommonJS settings (the oldest TypeScript's tsc --init) under ${name}`, () => {
      const run = spawnSync(process.execPath, [tsc(), '--noEmit', '--strict', '--module', 'commonjs', '--esModuleInterop', '--resolveJsonModule', '--target', 'es2016', 'typed-commonjs.ts'], { cwd: project, encoding: 'utf8' });
      expect(run.stdout + run.stderr).toBe('');
      expect(run.status).toBe(0);
    });
  }

  it('carries the users\u2019 README, the licence, the files its exports name and nothing of the repository\u2019s tooling', async () => {
    const files = packed[0]!.files.map((f) => f.path).sort();
    expect(files).toEqual(expect.arrayContaining(['README.md', 'LICENSE', 'package.json', 'dist/policy/policy.wasm', 'dist/policy/data.json', 'dist/policy/request.schema.json', 'dist/policy/decision.schema.json', 'dist/policy/bundle.tar.gz', 'dist/scripts/notice.js']));
    expect(files.filter((f) => /capabilities\.json|source\.sha256|\.test\.|^scripts\/|^content\//.test(f))).toEqual([]);
    const manifest = JSON.parse(await readFile(join(project, 'node_modules', '@msefnhst', 'privacy-notice', 'package.json'), 'utf8')) as { private?: boolean; sideEffects?: boolean; scripts?: unknown; exports: Record<string, unknown>; engines: { node: string } };
    expect(manifest).toMatchObject({ sideEffects: false, engines: { node: '^20.19.0 || >=22.12.0' } });
    expect(manifest.private).toBeUndefined();
    expect(manifest.scripts).toBeUndefined();
    // Every file an export names is in the package.
    const targets = Object.values(manifest.exports).flatMap((target) => (typeof target === 'string' ? [target] : Object.values(target as Record<string, string>)));
    for (const target of targets) expect(files, target).toContain(target.replace(/^\.\//, ''));
    const readme = await readFile(join(project, 'node_modules', '@msefnhst', 'privacy-notice', 'README.md'), 'utf8');
    expect(readme).toMatch(/^# @msefnhst\/privacy-notice\n/);
    expect(readme).not.toContain('npm run validate');
  });

  it('documents every export of its entries in API.md, each with its doc comment', async () => {
    const api = await readFile(join(project, 'node_modules', '@msefnhst', 'privacy-notice', 'API.md'), 'utf8');
    for (const entry of apiExports(join(root, 'policy', 'runtime'))) {
      expect(api).toContain(`## \`${entry.specifier}\``);
      for (const item of entry.exports) {
        expect(item.doc, `${entry.specifier} ${item.name} has no doc comment`).not.toBe('');
        expect(api).toContain(`### \`${item.name}\` (${item.kind})\n\n${item.doc}`);
      }
    }
    // The error classes' members, each with its doc comment.
    expect(api).toMatch(/class InvalidRequestError extends Error \{[\s\S]*?\/\*\* What is wrong[^\n]*\*\/\n {2}readonly problems: readonly RequestProblem\[\];/);
    expect(api).toContain('  readonly code: "invalid-request";');
    expect(api).toMatch(/class PolicyEvaluationError extends Error \{[\s\S]*?readonly unknown\?: \{ kind: 'clause' \| 'obligation'; id: string \};/);
    // Declarations whole: SharingPolicy's last members too.
    expect(api).not.toContain('\n…');
    expect(api).toMatch(/interface SharingPolicy \{[\s\S]*\n {2}explain\(request: SharingRequest\): Explanation;/);
    const names = JSON.parse(spawnSync(process.execPath, ['--input-type=module', '-e', "console.log(JSON.stringify(Object.keys(await import('@msefnhst/privacy-notice'))))"], { cwd: project, encoding: 'utf8' }).stdout) as string[];
    for (const name of names) expect(api, name).toContain(`### \`${name}\``);
  });

  it('is refused from the repository\u2019s root, which is not the package', () => {
    const run = spawnSync('npm', ['pack', '--dry-run'], { cwd: root, encoding: 'utf8' });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('npm pack ./dist/package');
  });

  it('loads with require() on Node 20.19 and later (require of ES modules)', () => {
    const run = spawnSync(machineNode(), ['app.cjs'], { cwd: project, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('do-not-share');
  });

  it('keeps its internal helpers internal', () => {
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', "console.log(JSON.stringify(Object.keys(await import('@msefnhst/privacy-notice')).sort()))"], { cwd: project, encoding: 'utf8' });
    const names = JSON.parse(run.stdout) as string[];
    for (const internal of ['sha256Hex', 'toProblems', 'describeThrown', 'quote']) expect(names).not.toContain(internal);
    expect(names).toEqual(expect.arrayContaining(['createSharingPolicy', 'loadSharingPolicy', 'isValidRequest', 'InvalidRequestError', 'PolicyLoadError', 'vocabulary']));
  });
});
