// The browser-safe core of the runtime: no `node:` imports, no network. It takes the WASM bytes and the
// policy data as arguments; node.ts and browser.ts find them for you. The engine (engine.ts) with this
// package's defaults (its request schema's check and the pin of its own build), loading the module through
// the OPA SDK (sdk-module.ts). edge.ts is the same without the SDK.
import type { CreateOptions, SharingPolicy } from './engine.ts';
import { createPackagePolicy } from './package-policy.ts';
import { loadSdkModule } from './sdk-module.ts';

export * from './package-api.ts';
export { loadEntrypoint } from './sdk-module.ts';

/**
 * Loads the compiled policy from its WASM bytes and data (the object, or its JSON text). Rejects with
 * PolicyLoadError when the bytes are not a WASM module, or are a policy without the sharing decision, or
 * the data is not the notice's, or (unless `pin` says otherwise) they are not this package's own build.
 * Only the options' own members are read: a polluted Object.prototype cannot turn the pin off or give
 * other data.
 */
export function createSharingPolicy(options: CreateOptions): Promise<SharingPolicy> {
  return createPackagePolicy(options, loadSdkModule);
}
