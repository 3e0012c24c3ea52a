// Runtime entry for browsers and bundlers: finds policy.wasm and data.json beside the package's files
// with fetch, unless you pass them in. No `node:` imports.
import { createSharingPolicy, type SharingPolicy } from './core.ts';
import { fetchSharingPolicy, type LoadOptions } from './fetch-policy.ts';

export * from './core.ts';
export { defaultUrls, type LoadOptions } from './fetch-policy.ts';

/**
 * Loads the policy: the package's policy.wasm and data.json (fetched from beside the package's files), or
 * those given. Rejects with PolicyLoadError when they cannot be fetched, are not the sharing policy, or are
 * not the pinned build.
 */
export function loadSharingPolicy(options: LoadOptions = {}): Promise<SharingPolicy> {
  return fetchSharingPolicy(options, createSharingPolicy);
}
