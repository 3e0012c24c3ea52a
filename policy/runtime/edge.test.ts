// The edge entry (edge.ts): the main entry's API with the module loaded by OPA's ABI alone (abi.ts), no OPA
// SDK. It must decide exactly as the SDK path (the reference) does, and its bundle must hold no SDK.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { build as esbuild } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { mustRun } from '../../scripts/tools/opa.ts';
import { readTar } from '../../scripts/tools/tar.ts';
import { requestSpace, spaceSize } from '../../scripts/impact/space.ts';
import { builtPolicyFiles, gpForCare, root } from '../../test/helpers.ts';
import { scenarioRequests } from '../../test/opa-servers.ts';
import { createSharingPolicy as createWithSdk, InvalidRequestError, PolicyLoadError, type SharingPolicy, type SharingRequest } from './core.ts';
import { createSharingPolicy as createWithAbi, loadSharingPolicy } from './edge.ts';

let sdk: SharingPolicy;
let edge: SharingPolicy;
beforeAll(async () => {
  const files = await builtPolicyFiles();
  // The reference: the SDK's own evaluate.
  sdk = await createWithSdk({ ...files, evaluation: 'sdk' });
  edge = await createWithAbi(files);
});

/** A decision, or the problems that refused it, as comparable data (the hashes are the same files'). */
function answer(policy: SharingPolicy, request: unknown): unknown {
  try {
    return policy.decide(request as SharingRequest);
  } catch (error) {
    if (error instanceof InvalidRequestError) return { invalid: error.problems };
    throw error;
  }
}

describe('the edge entry (no OPA SDK)', () => {
  it('loads the package\u2019s own build, pinned, and says it evaluates through the ABI', () => {
    expect(edge.evaluation).toBe('abi');
    expect(edge.wasmSha256).toBe(sdk.wasmSha256);
    expect(edge.decide(gpForCare).outcome).toBe('share');
  });

  it('decides every scenario, and explains it, exactly as the SDK path does', async () => {
    const requests = await scenarioRequests();
    expect(requests.length).toBeGreaterThan(50);
    for (const request of requests) {
      expect(answer(edge, request)).toEqual(answer(sdk, request));
      expect(edge.explain(request as SharingRequest)).toEqual(sdk.explain(request as SharingRequest));
    }
  });

  it('decides requests across the whole space exactly as the SDK path does (every 97th, and malformed ones)', async () => {
    const { data } = await builtPolicyFiles();
    const size = spaceSize(data);
    let compared = 0;
    for (let from = 0; from < size; from += 97 * 200) {
      let i = 0;
      for (const request of requestSpace(data, { from, to: Math.min(size, from + 97 * 200) })) {
        if (i++ % 97 !== 0) continue;
        expect(answer(edge, request)).toEqual(answer(sdk, request));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(20_000);
    for (const malformed of [null, {}, { ...gpForCare, recipient: 'insurer' }, { ...gpForCare, extra: 1 }, { ...gpForCare, information: [] }]) {
      expect(answer(edge, malformed)).toEqual(answer(sdk, malformed));
    }
  });

  it('takes the data as its JSON text too, and says briefly when text is not JSON', async () => {
    const { wasm, data } = await builtPolicyFiles();
    const text = JSON.stringify(data);
    expect((await createWithAbi({ wasm, data: text })).decide(gpForCare)).toEqual(edge.decide(gpForCare));
    expect((await loadSharingPolicy({ wasm, data: text })).decide(gpForCare).outcome).toBe('share');
    const error = await createWithAbi({ wasm, data: `${text}}` }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(PolicyLoadError);
    expect((error as Error).message.length).toBeLessThan(300);
    expect((error as Error).message).toMatch(/^The policy data is text \(\d+ characters\) that is not JSON/);
  });

  it('refuses what only the OPA SDK can run: evaluation sdk, and a module that needs the SDK\u2019s built-in functions', async () => {
    const files = await builtPolicyFiles();
    await expect(createWithAbi({ ...files, evaluation: 'sdk' })).rejects.toThrow(/evaluation 'sdk' needs the OPA SDK/);
    const dir = await mkdtemp(join(tmpdir(), 'notice-edge-'));
    await writeFile(join(dir, 'sharing.rego'), 'package sharing\n\n# METADATA\n# entrypoint: true\nverdict := ["share", ["no-consent"], [], [x]] if x := sprintf("%s", [input.information[0]])\n');
    mustRun('opa', ['build', '-t', 'wasm', '-o', join(dir, 'bundle.tar.gz'), join(dir, 'sharing.rego')], { cwd: dir });
    const wasm = readTar(gunzipSync(await readFile(join(dir, 'bundle.tar.gz')))).get('policy.wasm')!;
    await expect(createWithAbi({ wasm, data: files.data, pin: false })).rejects.toThrow(/needs built-in functions that only the OPA SDK provides \(sprintf\)/);
    // The SDK path runs it.
    expect((await createWithSdk({ wasm, data: files.data, pin: false })).decide(gpForCare).outcome).toBe('share');
  });

  it('refuses, as PolicyLoadError as the main entry does, a WASM module that is not an OPA policy and data the module cannot read', async () => {
    const { data } = await builtPolicyFiles();
    const empty = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
    const wasm = (await builtPolicyFiles()).wasm;
    const unreadable = { ...data, notice: { ...data.notice, note: 'lone \ud800 surrogate' } };
    for (const create of [createWithAbi, createWithSdk]) {
      await expect(create({ wasm: empty, data, pin: false })).rejects.toThrow(PolicyLoadError);
      await expect(create({ wasm, data: unreadable, pin: false })).rejects.toThrow(PolicyLoadError);
    }
    await expect(createWithAbi({ wasm: empty, data, pin: false })).rejects.toThrow(/not an OPA policy of ABI 1\.2 or later \(found undefined\.undefined, without opa_eval/);
  });

  it('bundles for a browser with no OPA SDK and no YAML parser, in at most 15 kB gzipped', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'notice-edge-bundle-'));
    await writeFile(join(dir, 'app.js'), `import { loadSharingPolicy } from ${JSON.stringify(join(root, 'dist', 'policy', 'runtime', 'edge.js'))};\nconst policy = await loadSharingPolicy();\nconsole.log(policy.decide({ recipient: 'gp', purpose: 'individual-care', information: ['care-record'], consent: 'given' }).outcome);\n`);
    const result = await esbuild({ entryPoints: [join(dir, 'app.js')], bundle: true, minify: true, format: 'esm', platform: 'browser', write: false, metafile: true, logLevel: 'silent' });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((input) => /opa-wasm|node_modules\/yaml\//.test(input))).toEqual([]);
    expect(gzipSync(result.outputFiles[0]!.contents).length).toBeLessThanOrEqual(15 * 1024);
  });
});
