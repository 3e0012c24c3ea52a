// Shared by the tests: the real compiled policy from dist/ (run `npm run build` first; `npm test` does).
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createSharingPolicy, type PolicyData, type SharingPolicy, type SharingRequest } from '../policy/runtime/core.ts';

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

/** A GP asking for the care record for the patient's care, with consent, need and an agreement: shared. */
export const gpForCare: SharingRequest = {
  recipient: 'gp',
  purpose: 'individual-care',
  information: ['care-record'],
  consent: 'given',
  necessary_for_care: true,
  sharing_agreement: true,
};

/** The sentences of the seed notice (test/fixtures/seed), one line or list entry split at its full stops. */
export async function seedSentences(): Promise<string[]> {
  const seed = await readFile(fileURLToPath(new URL('./fixtures/seed/privacy-notice-sharing.txt', import.meta.url)), 'utf8');
  return seed
    .split('\n')
    .map((line) => line.replace(/^- /, '').trim())
    .filter(Boolean)
    .flatMap((line) => line.split(/(?<=[.;:])\s+(?=[A-Z])/))
    .map((sentence) => sentence.replace(/\s+/g, ' '));
}
