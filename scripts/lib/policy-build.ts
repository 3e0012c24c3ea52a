// Compiles the Rego policy to WebAssembly with the real OPA compiler. Node-only.
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { mustRun, repoRoot } from './opa.ts';
import { readTar } from './tar.ts';

export const policyDir = join(repoRoot, 'policy', 'sharing');

/**
 * The capabilities the compiled policy may use: OPA's own, with the builtins cut down to those that the
 * WASM module and the JS SDK implement (the SDK ships that list), so a policy that calls anything else
 * fails to build instead of failing on a patient's request.
 */
export async function wasmCapabilities(): Promise<string> {
  const current = JSON.parse(mustRun('opa', ['capabilities', '--current'])) as { builtins: { name: string }[] };
  // The SDK's package.json does not export capabilities.json; find it beside the package's main file.
  const require = createRequire(join(repoRoot, 'package.json'));
  const sdkPath = join(dirname(require.resolve('@open-policy-agent/opa-wasm')), '..', 'capabilities.json');
  const sdk = JSON.parse(await readFile(sdkPath, 'utf8')) as { builtins: { name: string }[] };
  const supported = new Set(sdk.builtins.map((b) => b.name));
  const capabilities = { ...current, builtins: current.builtins.filter((b) => supported.has(b.name)) };
  return `${JSON.stringify(capabilities, null, 2)}\n`;
}

export interface PolicyBuild {
  bundle: string;
  wasm: string;
  wasmSha256: string;
}

/**
 * Builds `bundle.tar.gz` (rego, data, wasm, manifest) and `policy.wasm` into `outDir` from the Rego in
 * policy/sharing and the data file. The entrypoint is declared once, by the `entrypoint: true`
 * annotation on `sharing.decision`.
 */
export async function buildPolicy(options: { outDir: string; dataFile: string; capabilitiesFile: string; revision: string; regoDir?: string }): Promise<PolicyBuild> {
  await mkdir(options.outDir, { recursive: true });
  const bundle = join(options.outDir, 'bundle.tar.gz');
  mustRun('opa', [
    'build', '--target', 'wasm', '--capabilities', options.capabilitiesFile, '--revision', options.revision,
    '--ignore', '*_test.rego', '--output', bundle, options.regoDir ?? policyDir, options.dataFile,
  ]);
  const files = readTar(gunzipSync(await readFile(bundle)));
  const wasmBytes = files.get('policy.wasm');
  if (!wasmBytes) throw new Error(`${bundle} holds no policy.wasm`);
  const wasm = join(options.outDir, 'policy.wasm');
  await writeFile(wasm, wasmBytes);
  return { bundle, wasm, wasmSha256: createHash('sha256').update(wasmBytes).digest('hex') };
}
