// Runtime entry for Node (>= 20): reads policy.wasm and data.json from the package's own files unless you
// pass them in; file paths and file: URLs are read from disk, http(s) URLs fetched.
import { readFile } from 'node:fs/promises';
import { createSharingPolicy, PolicyLoadError, type PolicyDataInput, type SharingPolicy } from './core.ts';
import { isJsonText, shown, type LoadOptions } from './fetch-policy.ts';
import { ownMembers, refuseNull } from './problems.ts';

export * from './core.ts';
export type { LoadOptions } from './fetch-policy.ts';

/**
 * Where the package's policy.wasm and data.json are: beside its files. Worked out when asked, not when the
 * module is imported: a bundled service whose bundle has no \`import.meta.url\` passes \`wasm\` and \`data\`.
 */
export function defaultUrls(): { wasm: URL; data: URL } {
  try {
    return { wasm: new URL('../policy.wasm', import.meta.url), data: new URL('../data.json', import.meta.url) };
  } catch (thrown) {
    throw new PolicyLoadError('This bundle does not say where the package\'s policy.wasm and data.json are (it has no import.meta.url): pass { wasm, data } to loadSharingPolicy, as the package README shows for Node bundles', { cause: thrown });
  }
}

async function readSource(source: URL | string): Promise<Uint8Array<ArrayBuffer>> {
  const url = source instanceof URL ? source : /^[a-z][a-z0-9+.-]*:\/\//i.test(source) ? new URL(source) : undefined;
  try {
    if (url && url.protocol !== 'file:') {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return new Uint8Array(await response.arrayBuffer());
    }
    return new Uint8Array(await readFile(url ?? source));
  } catch (thrown) {
    throw new PolicyLoadError(`Could not read ${shown(source)}: ${thrown instanceof Error ? thrown.message : String(thrown)}`, { cause: thrown });
  }
}

/**
 * Loads the policy: the package's policy.wasm and data.json (read from the package's files), or those given
 * (bytes, an object or its JSON text, file paths, file: or http(s) URLs). Rejects with PolicyLoadError when they cannot be
 * read, are not the sharing policy, or are not the pinned build.
 */
export async function loadSharingPolicy(options: LoadOptions = {}): Promise<SharingPolicy> {
  refuseNull(options);
  // Only the options' own members: a polluted Object.prototype gives no other policy and no pin of its own.
  const { wasm: givenWasm, data: givenData, pin } = ownMembers(options, ['wasm', 'data', 'pin']);
  const wasmSource = givenWasm ?? defaultUrls().wasm;
  const dataSource = givenData ?? defaultUrls().data;
  const wasm = typeof wasmSource === 'string' || wasmSource instanceof URL ? await readSource(wasmSource) : wasmSource;
  let data: PolicyDataInput | string;
  // (Text that opens an object is the data's JSON text, not where to find it.)
  if (dataSource instanceof URL || (typeof dataSource === 'string' && !isJsonText(dataSource))) {
    const text = new TextDecoder().decode(await readSource(dataSource));
    try {
      data = JSON.parse(text) as PolicyDataInput;
    } catch (thrown) {
      throw new PolicyLoadError(`${shown(dataSource)} is not JSON: ${thrown instanceof Error ? thrown.message : String(thrown)}`, { cause: thrown });
    }
  } else data = dataSource;
  return createSharingPolicy({ wasm, data, ...(pin !== undefined ? { pin } : {}) });
}
