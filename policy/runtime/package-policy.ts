// The engine with this package's defaults (its request schema's check, the pin of its own build), loading
// the module with the loader an entry gives: core.ts the OPA SDK's, edge.ts the ABI's. Browser-safe.
import { createEngine, type CreateOptions, type ModuleLoader, type SharingPolicy } from './engine.ts';
import { PolicyLoadError } from './errors.ts';
import { build } from './generated/build.ts';
import { requestProblems } from './package-api.ts';
import { ownMembers, quote, refuseNull } from './problems.ts';

/** createSharingPolicy (core.ts, edge.ts), with the module loaded by `loader`. */
export async function createPackagePolicy(options: CreateOptions, loader: ModuleLoader): Promise<SharingPolicy> {
  refuseNull(options);
  const own = ownMembers(options, ['wasm', 'data', 'pin', 'evaluation', 'checkRequest']);
  const given = own.pin as unknown;
  // A pin's hashes are its own members, each 64 lowercase hex digits (not a list holding one, say).
  const hashOf = (key: 'wasmSha256' | 'dataSha256'): string | undefined => {
    const value = given !== null && typeof given === 'object' && Object.hasOwn(given, key) ? (given as Record<string, unknown>)[key] : undefined;
    return typeof value === 'string' && /^[0-9a-f]{64}$/.test(value) ? value : undefined;
  };
  const [wasmSha256, dataSha256] = [hashOf('wasmSha256'), hashOf('dataSha256')];
  if (given !== undefined && given !== false && !(wasmSha256 && dataSha256)) {
    throw new PolicyLoadError(`The pin must be false or { wasmSha256, dataSha256 }, each 64 lowercase hex digits, found ${quote(given)}`);
  }
  const pin = given === undefined ? undefined : given === false ? false : { wasmSha256: wasmSha256!, dataSha256: dataSha256! };
  return createEngine({
    loader,
    wasm: own.wasm as CreateOptions['wasm'],
    data: own.data as CreateOptions['data'],
    ...(own.evaluation !== undefined ? { evaluation: own.evaluation } : {}),
    checkRequest: own.checkRequest ?? requestProblems,
    pin: pin === undefined ? build : pin,
    ...(pin === undefined ? { pinnedBuild: build } : {}),
    // An app's policy, pinned or not, never shares nothing or what was not asked for.
    holdSharesToRequest: true,
  });
}
