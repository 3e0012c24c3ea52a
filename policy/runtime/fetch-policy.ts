// Loading a policy over fetch (browsers, bundlers, edge runtimes): the package's policy.wasm and data.json
// from beside its files, or those given, then created with the entry's own createSharingPolicy (the SDK's
// in browser.ts, the ABI's in edge.ts). Browser-safe.
import type { CreateOptions, PolicyDataInput, SharingPolicy, WasmBytes } from './engine.ts';
import { PolicyLoadError } from './errors.ts';
import { ownMembers, refuseNull } from './problems.ts';

/**
 * A URL, as the app's own types have it (the DOM's or Node's `URL`); where they have none (a project with
 * neither the DOM's lib nor @types/node), anything with an href, so the package's types still check.
 */
export type PolicyUrl = typeof globalThis extends { URL: { prototype: infer U } } ? U : { readonly href: string };

/** Where loadSharingPolicy finds the policy (the package's own files by default), and its pin. */
export interface LoadOptions {
  /** The compiled policy: its bytes, or where to fetch it. Defaults to the package's policy.wasm. */
  wasm?: WasmBytes | PolicyUrl | string;
  /** The policy data: the object, its JSON text, or where to fetch it. Defaults to the package's data.json. */
  data?: PolicyDataInput | PolicyUrl | string;
  /** The SHA-256 the module and the data must have: this package's build by default, your own, or `false` for any (createSharingPolicy's `pin`). */
  pin?: CreateOptions['pin'];
}

/**
 * Where the package's policy.wasm and data.json are: beside its files. Worked out when asked, not when the
 * module is imported, so a bundle without \`import.meta.url\` (an IIFE) still loads; it must then pass
 * \`wasm\` and \`data\`. Bundlers that follow \`new URL(…, import.meta.url)\` (Vite, webpack) emit both files.
 */
export function defaultUrls(): { wasm: PolicyUrl; data: PolicyUrl } {
  try {
    return { wasm: new URL('../policy.wasm', import.meta.url), data: new URL('../data.json', import.meta.url) };
  } catch (thrown) {
    throw new PolicyLoadError('This bundle does not say where the package\'s policy.wasm and data.json are (it has no import.meta.url): pass { wasm, data } to loadSharingPolicy, as the package README shows for each bundler', { cause: thrown });
  }
}

/** Whether a data source given as text is the data's JSON text rather than where to find it. */
export const isJsonText = (source: string) => /^\s*\{/.test(source);

/** A place for a message: at most 200 characters of it. */
export const shown = (source: PolicyUrl | string) => {
  const text = String(source);
  return text.length > 200 ? `${text.slice(0, 200)}\u2026 (${text.length} characters)` : text;
};

async function fetchOk(url: URL | string): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (thrown) {
    throw new PolicyLoadError(`Could not fetch ${shown(url)}: ${thrown instanceof Error ? thrown.message : String(thrown)}`, { cause: thrown });
  }
  if (!response.ok) throw new PolicyLoadError(`Could not fetch ${shown(url)}: HTTP ${response.status}`);
  return response;
}

/** A fetched file's body, read by `read`; a body that is cut off or is not what was expected is a PolicyLoadError too. */
async function fetchBody<T>(url: URL | string, read: (response: Response) => Promise<T>, failure: string): Promise<T> {
  const response = await fetchOk(url);
  try {
    return await read(response);
  } catch (thrown) {
    throw new PolicyLoadError(`${failure} ${shown(url)}: ${thrown instanceof Error ? thrown.message : String(thrown)}`, { cause: thrown });
  }
}

/**
 * loadSharingPolicy of a fetching entry: the package's files (defaultUrls) unless given, created with
 * `create` (the entry's createSharingPolicy).
 */
export async function fetchSharingPolicy(options: LoadOptions, create: (options: CreateOptions) => Promise<SharingPolicy>): Promise<SharingPolicy> {
  refuseNull(options);
  // Only the options' own members: a polluted Object.prototype gives no other policy and no pin of its own.
  const { wasm: givenWasm, data: givenData, pin } = ownMembers(options, ['wasm', 'data', 'pin']);
  const wasmSource = givenWasm ?? defaultUrls().wasm;
  const dataSource = givenData ?? defaultUrls().data;
  const wasm = typeof wasmSource === 'string' || wasmSource instanceof URL ? await fetchBody(wasmSource, (response) => response.arrayBuffer(), 'Could not read') : wasmSource;
  const fetched = dataSource instanceof URL || (typeof dataSource === 'string' && !isJsonText(dataSource));
  const data = fetched ? ((await fetchBody(dataSource, (response) => response.json(), 'Not JSON:')) as PolicyDataInput) : dataSource;
  return create({ wasm, data, ...(pin !== undefined ? { pin } : {}) });
}
