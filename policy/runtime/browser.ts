// Runtime entry for browsers and bundlers: finds policy.wasm and data.json beside the package's files
// with fetch, unless you pass them in. No `node:` imports.
import { ownMembers, refuseNull } from './problems.ts';
import { createSharingPolicy, PolicyLoadError, type CreateOptions, type PolicyDataInput, type SharingPolicy, type WasmBytes } from './core.ts';

export * from './core.ts';

/** Where loadSharingPolicy finds the policy (the package's own files by default), and its pin. */
export interface LoadOptions {
  /** The compiled policy: its bytes, or where to fetch it. Defaults to the package's policy.wasm. */
  wasm?: WasmBytes | URL | string;
  /** The policy data: the object, or where to fetch it. Defaults to the package's data.json. */
  data?: PolicyDataInput | URL | string;
  /** The SHA-256 the module and the data must have: this package's build by default, your own, or `false` for any (createSharingPolicy's `pin`). */
  pin?: CreateOptions['pin'];
}

/**
 * Where the package's policy.wasm and data.json are: beside its files. Worked out when asked, not when the
 * module is imported, so a bundle without \`import.meta.url\` (an IIFE) still loads; it must then pass
 * \`wasm\` and \`data\`. Bundlers that follow \`new URL(…, import.meta.url)\` (Vite, webpack) emit both files.
 */
export function defaultUrls(): { wasm: URL; data: URL } {
  try {
    return { wasm: new URL('../policy.wasm', import.meta.url), data: new URL('../data.json', import.meta.url) };
  } catch (thrown) {
    throw new PolicyLoadError('This bundle does not say where the package\'s policy.wasm and data.json are (it has no import.meta.url): pass { wasm, data } to loadSharingPolicy, as the package README shows for each bundler', { cause: thrown });
  }
}

async function fetchOk(url: URL | string): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (thrown) {
    throw new PolicyLoadError(`Could not fetch ${String(url)}: ${thrown instanceof Error ? thrown.message : String(thrown)}`, { cause: thrown });
  }
  if (!response.ok) throw new PolicyLoadError(`Could not fetch ${String(url)}: HTTP ${response.status}`);
  return response;
}

/** A fetched file's body, read by `read`; a body that is cut off or is not what was expected is a PolicyLoadError too. */
async function fetchBody<T>(url: URL | string, read: (response: Response) => Promise<T>, failure: string): Promise<T> {
  const response = await fetchOk(url);
  try {
    return await read(response);
  } catch (thrown) {
    throw new PolicyLoadError(`${failure} ${String(url)}: ${thrown instanceof Error ? thrown.message : String(thrown)}`, { cause: thrown });
  }
}

/**
 * Loads the policy: the package's policy.wasm and data.json (fetched from beside the package's files), or
 * those given. Rejects with PolicyLoadError when they cannot be fetched, are not the sharing policy, or are
 * not the pinned build.
 */
export async function loadSharingPolicy(options: LoadOptions = {}): Promise<SharingPolicy> {
  refuseNull(options);
  // Only the options' own members: a polluted Object.prototype gives no other policy and no pin of its own.
  const { wasm: givenWasm, data: givenData, pin } = ownMembers(options, ['wasm', 'data', 'pin']);
  const wasmSource = givenWasm ?? defaultUrls().wasm;
  const dataSource = givenData ?? defaultUrls().data;
  const wasm = typeof wasmSource === 'string' || wasmSource instanceof URL ? await fetchBody(wasmSource, (response) => response.arrayBuffer(), 'Could not read') : wasmSource;
  const data = typeof dataSource === 'string' || dataSource instanceof URL ? ((await fetchBody(dataSource, (response) => response.json(), 'Not JSON:')) as PolicyDataInput) : dataSource;
  return createSharingPolicy({ wasm, data, ...(pin !== undefined ? { pin } : {}) });
}
