// Runtime entry for browsers and edge runtimes that want it small: the same API as the main entry, with the
// policy loaded by OPA's WebAssembly ABI alone (abi.ts), not through the OPA SDK, whose YAML parser and
// JavaScript built-ins are most of the main entry's size. It decides as the main entry does (the tests
// compare the two over every scenario and the request space). No `node:` imports; fetches the package's
// policy.wasm and data.json from beside its files unless you pass them in.
import { loadAbiModule } from './abi.ts';
import type { CreateOptions, SharingPolicy } from './engine.ts';
import { fetchSharingPolicy, type LoadOptions } from './fetch-policy.ts';
import { createPackagePolicy } from './package-policy.ts';

export * from './package-api.ts';
export { defaultUrls, type LoadOptions } from './fetch-policy.ts';

/**
 * Loads the compiled policy from its WASM bytes and data (the object, or its JSON text), by OPA's ABI with
 * no SDK. Rejects with PolicyLoadError as the main entry's createSharingPolicy does, and when the module
 * needs built-in functions only the OPA SDK provides, or `evaluation` is `sdk`.
 */
export function createSharingPolicy(options: CreateOptions): Promise<SharingPolicy> {
  return createPackagePolicy(options, loadAbiModule);
}

/**
 * Loads the policy: the package's policy.wasm and data.json (fetched from beside the package's files), or
 * those given, by OPA's ABI with no SDK. Rejects with PolicyLoadError when they cannot be fetched, are not
 * the sharing policy, or are not the pinned build.
 */
export function loadSharingPolicy(options: LoadOptions = {}): Promise<SharingPolicy> {
  return fetchSharingPolicy(options, createSharingPolicy);
}
