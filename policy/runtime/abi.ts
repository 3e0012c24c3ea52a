// OPA's WebAssembly ABI (1.2), spoken directly: the module instantiated with the imports it asks for, the
// data parsed into its memory once, and each evaluation one `opa_eval` call with the input's JSON text
// written straight into linear memory. No OPA SDK (which brings a YAML parser and the SDK's JavaScript
// built-ins): the edge entry loads policies this way, in a few kB; the SDK stays the reference path
// (sdk-module.ts) that the tests compare it with. Browser-safe.
import type { Evaluation, ModuleLoader, PolicyModule } from './engine.ts';
import { PolicyLoadError } from './errors.ts';
import { describeThrown } from './problems.ts';
import { decode, encode, encodeInto } from './utf8.ts';

/** What opa_eval needs to evaluate one entrypoint. */
export interface AbiTarget {
  memory: WebAssembly.Memory;
  opaEval: (...args: number[]) => number;
  entrypointId: number;
  /** Where the parsed data is, and where the input goes (the heap above the data). */
  dataAddr: number;
  inputAddr: number;
}

/**
 * An evaluator of one entrypoint over JSON text: the module reads exactly these bytes, and the heap is reset
 * by the call itself (so memory does not grow from one evaluation to the next). Answers the result set as
 * the JSON text the module wrote.
 */
export function textEvaluator({ memory, opaEval, entrypointId, dataAddr, inputAddr }: AbiTarget): (json: string) => string {
  // Views of the module's memory; growing the memory detaches them (their length drops to 0).
  let view = new Uint8Array(memory.buffer);
  let inputView = view.subarray(inputAddr);
  return (json) => {
    // UTF-8 takes at most three bytes per UTF-16 unit; leave room for the result above the input.
    const needed = inputAddr + json.length * 3 + 65536;
    if (needed > view.byteLength) {
      if (needed > memory.buffer.byteLength) memory.grow(Math.ceil((needed - memory.buffer.byteLength) / 65536));
      view = new Uint8Array(memory.buffer);
      inputView = view.subarray(inputAddr);
    }
    const written = encodeInto(json, inputView);
    const resultAddr = opaEval(0, entrypointId, dataAddr, inputAddr, written, inputAddr + written, 0);
    // The module may grow its memory while it evaluates.
    if (view.byteLength === 0) {
      view = new Uint8Array(memory.buffer);
      inputView = view.subarray(inputAddr);
    }
    return decode(view.subarray(resultAddr, view.indexOf(0, resultAddr)));
  };
}

interface AbiExports {
  opa_eval: (...args: number[]) => number;
  opa_malloc: (length: number) => number;
  opa_json_parse: (address: number, length: number) => number;
  opa_json_dump: (value: number) => number;
  opa_heap_ptr_get: () => number;
  builtins: () => number;
  entrypoints: () => number;
  opa_wasm_abi_version?: WebAssembly.Global;
  opa_wasm_abi_minor_version?: WebAssembly.Global;
}

/** Loads a policy module by OPA's ABI alone (evaluation `abi`; the SDK's `sdk` is the main entry's). */
export const loadAbiModule: ModuleLoader = async (wasm, dataText, evaluation) => {
  if (evaluation === 'sdk') throw new PolicyLoadError('This entry evaluates through OPA\'s ABI alone: evaluation \'sdk\' needs the OPA SDK, which the package\'s main entry loads');
  const memory = new WebAssembly.Memory({ initial: 5 });
  const text = (address: number) => {
    const bytes = new Uint8Array(memory.buffer);
    return decode(bytes.subarray(address, bytes.indexOf(0, address)));
  };
  let exports: AbiExports;
  try {
    const refuse = () => {
      throw new Error('the policy called a built-in function that only the OPA SDK provides');
    };
    const { instance } = await WebAssembly.instantiate(wasm as Uint8Array<ArrayBuffer>, {
      env: {
        memory,
        opa_abort: (address: number) => {
          throw new Error(`the policy aborted: ${text(address)}`);
        },
        opa_println: () => undefined,
        opa_builtin0: refuse,
        opa_builtin1: refuse,
        opa_builtin2: refuse,
        opa_builtin3: refuse,
        opa_builtin4: refuse,
      },
    });
    exports = instance.exports as unknown as AbiExports;
  } catch (thrown) {
    throw new PolicyLoadError(`The policy WASM module could not be loaded: ${describeThrown(thrown)}`, { cause: thrown });
  }
  const version = (global: WebAssembly.Global | undefined) => (global instanceof WebAssembly.Global ? Number(global.value) : undefined);
  const needed = ['opa_eval', 'opa_malloc', 'opa_json_parse', 'opa_json_dump', 'opa_heap_ptr_get', 'builtins', 'entrypoints'] as const;
  const missing = needed.filter((name) => typeof exports[name] !== 'function');
  if (version(exports.opa_wasm_abi_version) !== 1 || !((version(exports.opa_wasm_abi_minor_version) ?? 0) >= 2) || missing.length > 0) {
    throw new PolicyLoadError(`The policy WASM module could not be loaded: it is not an OPA policy of ABI 1.2 or later (found ${String(version(exports.opa_wasm_abi_version))}.${String(version(exports.opa_wasm_abi_minor_version))}${missing.length > 0 ? `, without ${missing.join(', ')}` : ''})`);
  }
  let entrypoints: Record<string, number>;
  let dataAddr: number;
  let inputAddr: number;
  try {
    const json = (address: number) => JSON.parse(text(exports.opa_json_dump(address))) as Record<string, number>;
    const builtins = Object.keys(json(exports.builtins()));
    if (builtins.length > 0) {
      throw new PolicyLoadError(`The policy WASM module needs built-in functions that only the OPA SDK provides (${builtins.join(', ')}): load it with the package's main entry`);
    }
    entrypoints = json(exports.entrypoints());
    if (entrypoints === null || typeof entrypoints !== 'object') throw new Error('its entrypoints are not a list of names');
  } catch (thrown) {
    if (thrown instanceof PolicyLoadError) throw thrown;
    throw new PolicyLoadError(`The policy WASM module could not be loaded: ${describeThrown(thrown)}`, { cause: thrown });
  }
  try {
    // The data, parsed once into the module's memory; each input goes above it.
    const bytes = encode(dataText);
    const raw = exports.opa_malloc(bytes.length);
    new Uint8Array(memory.buffer).set(bytes, raw);
    dataAddr = exports.opa_json_parse(raw, bytes.length);
    if (dataAddr === 0) throw new Error('the module could not read it as JSON');
    inputAddr = exports.opa_heap_ptr_get();
  } catch (thrown) {
    throw new PolicyLoadError(`The policy data could not be loaded: ${describeThrown(thrown)}`, { cause: thrown });
  }
  const module: PolicyModule = {
    entrypoints,
    evaluation: 'abi' satisfies Evaluation,
    evaluator: (name) => textEvaluator({ memory, opaEval: exports.opa_eval, entrypointId: entrypoints[name]!, dataAddr, inputAddr }),
    memoryBytes: () => memory.buffer.byteLength,
  };
  return module;
};
