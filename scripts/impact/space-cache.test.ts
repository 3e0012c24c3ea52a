// Keeping the space's decisions between runs (space-cache.ts): a run with the same key gets the earlier
// result and says it was reused; anything that changes a decision changes the key; a broken or foreign file
// is no result. On a narrow space of the real notice, decided by the real WASM.
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtPolicyFiles, distPolicy } from '../../test/helpers.ts';
import type { PolicyData } from '../compile/policy-data.ts';
import { compareSpaceKept, decideSpaceKept, spaceCache, spaceKey } from './space-cache.ts';
import { decideSpace, type SpaceResult } from './space-decide.ts';
import { narrowSpace, spaceSize } from './space.ts';

describe('the space cache', async () => {
  const { wasm, data } = await builtPolicyFiles();
  const full = data as unknown as PolicyData;
  const requestSchema = JSON.parse(await readFile(distPolicy('request.schema.json'), 'utf8')) as object;
  const spaceData = narrowSpace(full, { recipients: ['gp', 'police-judicial'], purposes: ['individual-care', 'crime-investigation'] });
  const policy = { wasm, data: full, checkRequests: false, requestSchema };

  it('gives a run with the same space, policy and mode the earlier result, saying when it was worked out', async () => {
    const cache = { dir: await mkdtemp(join(tmpdir(), 'space-cache-')) };
    const first = await decideSpaceKept({ spaceData, policies: [policy], prove: true, threads: 1 }, cache);
    expect(first.reused).toBeUndefined();
    expect(first.result.evaluated).toBe(spaceSize(spaceData));
    const again = await decideSpaceKept({ spaceData, policies: [policy], prove: true, threads: 1 }, cache);
    expect(again.reused).toEqual({ at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), seconds: expect.any(Number) });
    expect(again.result).toEqual(first.result);
    // No cache: decided, never reused.
    expect((await decideSpaceKept({ spaceData, policies: [policy], prove: true, threads: 1 }, undefined)).reused).toBeUndefined();
  });

  it('decides again when the policy, its data, the space or the mode differ, and when the kept file is broken', async () => {
    const cache = { dir: await mkdtemp(join(tmpdir(), 'space-cache-')) };
    const options = { spaceData, policies: [policy], prove: true, threads: 1 };
    await decideSpaceKept(options, cache);
    const changedData = structuredClone(full);
    changedData.notice.purposes['research-and-planning']!.benefits_care = true;
    const changedWasm = new Uint8Array(wasm);
    changedWasm[changedWasm.length - 1] = changedWasm.at(-1)! ^ 1;
    const keys = new Set([
      spaceKey(options),
      spaceKey({ ...options, policies: [{ ...policy, data: changedData }] }),
      spaceKey({ ...options, policies: [{ ...policy, wasm: changedWasm }] }),
      spaceKey({ ...options, policies: [{ ...policy, checkRequests: true }] }),
      spaceKey({ ...options, policies: [{ ...policy, requestSchema: {} }] }),
      spaceKey({ ...options, spaceData: narrowSpace(full, { recipients: ['gp'], purposes: ['individual-care'] }) }),
      spaceKey({ ...options, prove: false, compare: true }),
    ]);
    expect(keys.size).toBe(7);
    expect((await decideSpaceKept({ ...options, policies: [{ ...policy, data: changedData }] }, cache)).reused).toBeUndefined();

    // A file cut short, or one written for another key, is no result: the space is decided again.
    const [file] = (await readdir(cache.dir)).filter((name) => name === `space-${spaceKey(options)}.json`);
    await writeFile(join(cache.dir, file!), '{"key":');
    expect((await decideSpaceKept(options, cache)).reused).toBeUndefined();
    const kept = JSON.parse(await readFile(join(cache.dir, file!), 'utf8')) as { key: string };
    await writeFile(join(cache.dir, file!), JSON.stringify({ ...kept, key: 'another' }));
    expect((await decideSpaceKept(options, cache)).reused).toBeUndefined();
    // Runs that stop at the first broken promise are not kept.
    const stopping = { ...options, stopOn: 'never-marketing-insurance' };
    await decideSpaceKept(stopping, cache);
    expect((await decideSpaceKept(stopping, cache)).reused).toBeUndefined();
  });

  it('compares a head with a base whose decisions it kept, finding exactly the differences decideSpace finds', async () => {
    const cache = { dir: await mkdtemp(join(tmpdir(), 'space-cache-')) };
    const base = { wasm, data: full, checkRequests: false, requestSchema };
    const headData = (change: (data: PolicyData) => void) => {
      const data = structuredClone(full);
      change(data);
      return { wasm, data, checkRequests: false, requestSchema };
    };
    // Research counted as benefiting care; then, against the same base, a serious crime needing no review.
    const heads = [
      headData((d) => { d.notice.purposes['research-and-planning']!.benefits_care = true; }),
      headData((d) => { d.notice.circumstances['serious-crime']!.needs_review = false; }),
    ];
    const wide = narrowSpace(full, { recipients: ['gp', 'nhs-england', 'police-judicial'], purposes: ['individual-care', 'research-and-planning', 'crime-investigation', 'court-proceedings'] });
    const triples = (result: SpaceResult) => Array.from({ length: result.differences.length / 3 }, (_, i) => [result.differences[3 * i]!, result.keys[result.differences[3 * i + 1]!]!, result.keys[result.differences[3 * i + 2]!]!]);
    for (const [n, head] of heads.entries()) {
      const expected = await decideSpace({ spaceData: wide, policies: [base, head], compare: true, threads: 2 });
      expect(triples(expected).length, `head ${n} changes decisions`).toBeGreaterThan(0);
      const kept = await compareSpaceKept({ spaceData: wide, policies: [base, head], threads: 2 }, cache);
      expect(Boolean(kept.baseReused), `head ${n}`).toBe(n > 0);
      expect(kept.reused).toBeUndefined();
      expect(triples(kept.result)).toEqual(triples(expected));
      expect(kept.result.outcomes).toEqual(expected.outcomes);
      expect(kept.result.evaluated).toBe(expected.evaluated);
      // Once compared, the same two policies read the whole result.
      const again = await compareSpaceKept({ spaceData: wide, policies: [base, head], threads: 2 }, cache);
      expect(again.reused).toBeDefined();
      expect(triples(again.result)).toEqual(triples(expected));
    }
    expect(triples((await compareSpaceKept({ spaceData: wide, policies: [base, heads[0]!] }, undefined)).result).length).toBeGreaterThan(0);
  });

  it('is NOTICE_CACHE_DIR when set (none when off), else the checkout\'s node_modules/.cache', () => {
    expect(spaceCache('/repo', { NOTICE_CACHE_DIR: '/tmp/kept' })).toEqual({ dir: '/tmp/kept' });
    expect(spaceCache('/repo', { NOTICE_CACHE_DIR: 'off' })).toBeUndefined();
    expect(spaceCache('/repo', { NOTICE_CACHE_DIR: '' })).toBeUndefined();
    expect(spaceCache('/no/such/checkout', {})).toBeUndefined();
    expect(spaceCache(join(import.meta.dirname, '..', '..'), {})).toEqual({ dir: join(import.meta.dirname, '..', '..', 'node_modules', '.cache', 'privacy-notice') });
  });
});
