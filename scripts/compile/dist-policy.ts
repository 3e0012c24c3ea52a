// The one reader of a checkout's built policy (dist/policy): what the validator, the change impact, the build's
// agreement check and the benchmarks load. Node-only.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PolicyData } from './policy-data.ts';

export interface DistPolicy {
  /** The folder read (a checkout's dist/policy). */
  dir: string;
  wasm: Uint8Array<ArrayBuffer>;
  data: PolicyData;
  /** The request schema; absent only in a build from before it was published (an old base). */
  requestSchema?: object;
  /** The OPA bundle built beside the WASM, for OPA's Go evaluator. */
  bundle: string;
}

/** The built policy of the checkout at `root`: its dist/policy folder. */
export const distPolicyDir = (root: string) => join(root, 'dist', 'policy');

/** Reads dist/policy (policy.wasm, data.json, request.schema.json) of a checkout, given the folder. */
export async function readDistPolicy(dir: string): Promise<DistPolicy> {
  const [wasm, data, requestSchema] = await Promise.all([
    readFile(join(dir, 'policy.wasm')),
    readFile(join(dir, 'data.json'), 'utf8').then((text) => JSON.parse(text) as PolicyData),
    readFile(join(dir, 'request.schema.json'), 'utf8').then((text) => JSON.parse(text) as object, () => undefined),
  ]);
  return { dir, wasm: new Uint8Array(wasm), data, bundle: join(dir, 'bundle.tar.gz'), ...(requestSchema ? { requestSchema } : {}) };
}
