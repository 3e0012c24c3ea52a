// Compiles the Rego policy to WebAssembly with the real OPA compiler. Node-only.
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { mustRun, repoRoot } from '../tools/opa.ts';
import { readTar, writeTar } from '../tools/tar.ts';

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

/** The roots the bundle owns on an OPA server: the policy's packages and its data. */
export const bundleRoots = ['notice', 'sharing'];

/**
 * Builds into `outDir`:
 * - `policy.wasm`, compiled by `opa build -t wasm` (entrypoint declared once, by the `entrypoint: true`
 *   annotation on `sharing.decision`), with the WASM capabilities;
 * - `bundle.tar.gz`, a standard OPA bundle: the Rego (as `opa build -t rego` writes it), the data, a
 *   manifest with the revision and roots, and `policy.wasm` beside them for apps. The manifest lists no
 *   WASM module, so any OPA server evaluates the bundle's Rego with its own evaluator.
 * Paths inside the bundle are relative to `cwd` (the checkout's root).
 */
export interface Signing {
  /** The private key (PEM) or, for HMAC algorithms, the secret: a path to a file. */
  key: string;
  /** RS256 by default; any algorithm `opa sign` takes. */
  algorithm?: string;
}

export async function buildPolicy(options: { outDir: string; dataFile: string; capabilitiesFile: string; revision: string; regoDir?: string; cwd?: string; signing?: Signing }): Promise<PolicyBuild> {
  const cwd = options.cwd ?? repoRoot;
  const regoDir = relative(cwd, options.regoDir ?? policyDir) || '.';
  const dataFile = relative(cwd, options.dataFile);
  await mkdir(options.outDir, { recursive: true });
  const scratch = await mkdtemp(join(tmpdir(), 'notice-opa-build-'));
  try {
    const common = ['--capabilities', options.capabilitiesFile, '--revision', options.revision, '--ignore', '*_test.rego'];
    mustRun('opa', ['build', '--target', 'wasm', ...common, '--output', join(scratch, 'wasm.tar.gz'), regoDir, dataFile], { cwd });
    mustRun('opa', ['build', '--target', 'rego', ...common, '--output', join(scratch, 'rego.tar.gz'), regoDir, dataFile], { cwd });
    const wasmBytes = readTar(gunzipSync(await readFile(join(scratch, 'wasm.tar.gz')))).get('policy.wasm');
    if (!wasmBytes) throw new Error('opa build -t wasm wrote no policy.wasm');
    const rego = readTar(gunzipSync(await readFile(join(scratch, 'rego.tar.gz'))));
    const manifest = { ...(JSON.parse(new TextDecoder().decode(rego.get('.manifest') ?? new Uint8Array())) as object), revision: options.revision, roots: bundleRoots };
    rego.set('.manifest', new TextEncoder().encode(JSON.stringify(manifest)));
    // The data exactly as published (opa build writes it again with its keys sorted): the bundle's data.json,
    // the package's, the site's download and the hash every decision carries are then of the same bytes.
    if (!rego.has('data.json')) throw new Error('opa build -t rego wrote no data.json');
    rego.set('data.json', await readFile(join(cwd, dataFile)));
    rego.set('policy.wasm', wasmBytes);
    if (options.signing) {
      // `opa sign` hashes every file of the bundle into .signatures.json; OPA verifies it when it loads.
      const unsigned = join(scratch, 'unsigned.tar.gz');
      await writeFile(unsigned, gzipSync(writeTar([...rego.entries()])));
      mustRun('opa', ['sign', '--signing-key', options.signing.key, '--signing-alg', options.signing.algorithm ?? 'RS256', '--bundle', unsigned, '--output-file-path', scratch], { cwd });
      rego.set('.signatures.json', await readFile(join(scratch, '.signatures.json')));
    }
    const first = ['.manifest', '.signatures.json'];
    const entries = [...rego.entries()].sort(([a], [b]) => {
      const [ia, ib] = [first.indexOf(a), first.indexOf(b)];
      return ia !== ib ? (ia === -1 ? 1 : ib === -1 ? -1 : ia - ib) : a.localeCompare(b);
    });
    const bundle = join(options.outDir, 'bundle.tar.gz');
    await writeFile(bundle, gzipSync(writeTar(entries)));
    const wasm = join(options.outDir, 'policy.wasm');
    await writeFile(wasm, wasmBytes);
    return { bundle, wasm, wasmSha256: createHash('sha256').update(wasmBytes).digest('hex') };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
