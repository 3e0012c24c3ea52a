// The package apps install, assembled in dist/package: its own package.json (the package fields of the
// repository's, so they are written once), the users' README (policy/runtime/README.md), the API reference (API.md, written from the runtime's
// TypeScript), the LICENSE, the
// compiled runtime, the policy files its exports name, and the `notice decide` command. Nothing of the
// repository's own tooling. `npm pack ./dist/package` packs it. Node-only: a build step.
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { apiMarkdown } from './api-docs.ts';

/** The fields of the repository's package.json that describe the published package. */
// (typesVersions: TypeScript resolving without exports, as `module: commonjs` does, still finds /core's types and data.json.)
const packageFields = ['name', 'version', 'description', 'keywords', 'license', 'type', 'engines', 'sideEffects', 'exports', 'types', 'typesVersions', 'bin', 'dependencies'] as const;

/** The files of dist/ the package carries (its exports and bin name them; a test checks each is there). */
const packageFiles = [
  'dist/policy/policy.wasm',
  'dist/policy/data.json',
  'dist/policy/request.schema.json',
  'dist/policy/decision.schema.json',
  'dist/policy/bundle.tar.gz',
  'dist/policy/runtime',
  'dist/scripts/notice.js',
  'dist/scripts/tools/json-members.js',
];

/** The type of the policy file imported as a module: its URL, as bundlers give a file (esbuild's file loader, Vite's `?url`). */
const policyWasmDeclaration = `/** The compiled policy, imported as a file: the URL the bundler gives it (esbuild's file loader, Vite's ?url). Pass it to loadSharingPolicy({ wasm: new URL(it, document.baseURI), data }). */
declare const policyWasm: string;
export default policyWasm;
`;

export async function assemblePackage(root: string): Promise<string> {
  const out = join(root, 'dist', 'package');
  await rm(out, { recursive: true, force: true });
  const repository = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
  const published = Object.fromEntries(packageFields.filter((field) => repository[field] !== undefined).map((field) => [field, repository[field]]));
  await mkdir(out, { recursive: true });
  await writeFile(join(out, 'package.json'), `${JSON.stringify(published, null, 2)}\n`);
  await cp(join(root, 'policy', 'runtime', 'README.md'), join(out, 'README.md'));
  await cp(join(root, 'LICENSE'), join(out, 'LICENSE'));
  await writeFile(join(out, 'API.md'), apiMarkdown(join(root, 'policy', 'runtime')));
  for (const file of packageFiles) {
    await mkdir(dirname(join(out, file)), { recursive: true });
    await cp(join(root, file), join(out, file), { recursive: true });
  }
  // `import wasm from '@msefnhst/privacy-notice/policy.wasm'` in TypeScript: what a bundler gives for it.
  await writeFile(join(out, 'dist', 'policy', 'policy.wasm.d.ts'), policyWasmDeclaration);
  return out;
}
