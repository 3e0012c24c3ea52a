// Loading a policy module through the OPA SDK (@open-policy-agent/opa-wasm): the reference path, which the
// package's main entries use and the tests compare the SDK-free path (abi.ts) with. With evaluation `abi`
// (the default) each evaluation still goes straight through `opa_eval` over the SDK's instance; with `sdk`,
// through the SDK's own `evaluate`. Browser-safe.
import { loadPolicy } from '@open-policy-agent/opa-wasm';
import { loadAbiModule, textEvaluator } from './abi.ts';
import { copyBytes, type ModuleLoader, type PolicyModule, type WasmBytes } from './engine.ts';
import { PolicyLoadError } from './errors.ts';
import { describeThrown } from './problems.ts';
import { encode } from './utf8.ts';

/** The SDK's loaded policy, as far as the ABI fast path needs it (SDK 1.10 internals, pinned). */
interface SdkInternals {
  minorVersion: number;
  mem: WebAssembly.Memory;
  wasmInstance: WebAssembly.Instance & { exports: { opa_eval?: (...args: number[]) => number } };
  dataAddr: number;
  dataHeapPtr: number;
  entrypoints: Record<string, number>;
}

export const loadSdkModule: ModuleLoader = async (wasm, dataText, evaluation) => {
  // The SDK needs fetch's Response and TextDecoder, which some environments lack (Jest's jsdom): there the
  // module is loaded by OPA's ABI alone, as the edge entry loads it (the tests hold the two to the same
  // decisions), unless the SDK's own evaluate was asked for.
  if ((typeof Response === 'undefined' || typeof TextDecoder === 'undefined') && evaluation !== 'sdk') return loadAbiModule(wasm, dataText, evaluation);
  let policy: Awaited<ReturnType<typeof loadPolicy>>;
  try {
    policy = await loadPolicy(wasm.buffer as ArrayBuffer);
  } catch (thrown) {
    throw new PolicyLoadError(`The policy WASM module could not be loaded: ${describeThrown(thrown)}`, { cause: thrown });
  }
  try {
    // (As its JSON text: the SDK reads an ArrayBuffer as JSON already written out.)
    policy.setData(encode(dataText).buffer);
  } catch (thrown) {
    throw new PolicyLoadError(`The policy data could not be loaded: ${describeThrown(thrown)}`, { cause: thrown });
  }
  const sdk = policy as unknown as SdkInternals;
  const entrypoints = sdk.entrypoints ?? {};
  // The ABI fast path over the SDK's instance, where it has what that needs; the SDK's evaluate otherwise.
  const fast = evaluation !== 'sdk' && sdk.minorVersion >= 2 && typeof sdk.wasmInstance?.exports?.opa_eval === 'function' && sdk.mem instanceof WebAssembly.Memory && typeof sdk.dataAddr === 'number' && typeof sdk.dataHeapPtr === 'number';
  const module: PolicyModule = {
    entrypoints,
    evaluation: fast ? 'abi' : 'sdk',
    evaluator: (name) =>
      fast
        ? textEvaluator({ memory: sdk.mem, opaEval: sdk.wasmInstance.exports.opa_eval!, entrypointId: entrypoints[name]!, dataAddr: sdk.dataAddr, inputAddr: sdk.dataHeapPtr })
        : (json) => JSON.stringify(policy.evaluate(JSON.parse(json), name) ?? null),
    memoryBytes: () => sdk.mem.buffer.byteLength,
  };
  return module;
};

/**
 * Another entrypoint of the same module, evaluated as fast as the decision (for tools such as the
 * validator's proof of the promises, `sharing/promises/check`): a function from an input to the result
 * set as the JSON text the module wrote. Does not check the input. Rejects with PolicyLoadError when the
 * module cannot be loaded or has no such entrypoint.
 */
export async function loadEntrypoint(options: { wasm: WasmBytes; data: unknown; entrypoint: string }): Promise<(input: unknown) => string> {
  const module = await loadSdkModule(copyBytes(options.wasm), JSON.stringify(options.data), 'abi');
  if (!(options.entrypoint in module.entrypoints)) {
    throw new PolicyLoadError(`The WASM module has no \`${options.entrypoint}\` entrypoint (found ${Object.keys(module.entrypoints).join(', ') || 'none'})`);
  }
  const evaluate = module.evaluator(options.entrypoint);
  return (input) => evaluate(JSON.stringify(input));
}
