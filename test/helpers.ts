// Shared by the tests: the real compiled policy from dist/ (run `npm run build` first; `npm test` does).
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createSharingPolicy, type PolicyData, type SharingPolicy } from '../policy/runtime/core.ts';

export const root = fileURLToPath(new URL('../', import.meta.url));
export const distPolicy = (name: string) => fileURLToPath(new URL(`../dist/policy/${name}`, import.meta.url));

export async function builtPolicyFiles(): Promise<{ wasm: Uint8Array<ArrayBuffer>; data: PolicyData }> {
  const wasm = new Uint8Array(await readFile(distPolicy('policy.wasm')));
  const data = JSON.parse(await readFile(distPolicy('data.json'), 'utf8')) as PolicyData;
  return { wasm, data };
}

export async function builtPolicy(): Promise<SharingPolicy> {
  return createSharingPolicy(await builtPolicyFiles());
}
