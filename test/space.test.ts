// The request space and its evaluation over worker threads (scripts/impact/space-decide.ts), against the same
// requests decided one by one on this thread with the real policy.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { mustRun } from '../scripts/tools/opa.ts';
import { readTar } from '../scripts/tools/tar.ts';
import { createSharingPolicy, type SharingRequest } from '../policy/runtime/core.ts';
import { comparer, decideSpace, sameDecision, threadCount } from '../scripts/impact/space-decide.ts';
import type { PolicyData } from '../scripts/build/policy-data.ts';
import { requestAt, requestKey, requestSpace, spaceSize } from '../scripts/impact/space.ts';
import { builtPolicyFiles, distPolicy } from './helpers.ts';

describe('the request space', async () => {
  const { wasm, data } = await builtPolicyFiles();
  const space = [...requestSpace(data as unknown as PolicyData)];

  it('has as many requests as spaceSize counts, each once, each stating only what is so', () => {
    expect(space.length).toBe(spaceSize(data as unknown as PolicyData));
    expect(new Set(space.map(requestKey)).size).toBe(space.length);
    for (const request of space.filter((_, i) => i % 101 === 0)) {
      expect(JSON.stringify(request)).not.toMatch(/false|\[\]|\{\}/);
    }
  });

  it('yields any stretch of itself without building the rest', () => {
    for (const [from, to] of [[0, 1], [0, 2_000], [119, 2_345], [117_000, 121_000], [space.length - 5, space.length + 10], [space.length, space.length + 1]] as const) {
      expect([...requestSpace(data as unknown as PolicyData, { from, to })], `${from}..${to}`).toEqual(space.slice(from, to));
    }
  });

  it('finds the request at any place of itself from the place alone', () => {
    for (let index = 0; index < space.length; index += 131) expect(requestAt(data as unknown as PolicyData, index)).toEqual(space[index]);
    expect(requestAt(data as unknown as PolicyData, space.length - 1)).toEqual(space.at(-1));
    for (const outside of [-1, space.length, 0.5]) expect(() => requestAt(data as unknown as PolicyData, outside)).toThrow(RangeError);
  });

  it('is decided over two threads (this one and a worker) exactly as on one thread, and the differences between two policies are found', async () => {
    // In the head's data research and planning counts as benefiting care: only those requests may change.
    const changed = structuredClone(data) as unknown as PolicyData;
    changed.notice.purposes['research-and-planning']!.benefits_care = true;
    const base = await createSharingPolicy({ wasm, data });
    const head = await createSharingPolicy({ wasm, data: changed as never, pin: false });
    const counts: Record<string, number> = {};
    const expected: { index: number; outcomes: string[] }[] = [];
    space.forEach((request, index) => {
      const before = base.decide(request as SharingRequest).outcome;
      const after = head.decide(request as SharingRequest).outcome;
      counts[before] = (counts[before] ?? 0) + 1;
      if (before !== after) expected.push({ index, outcomes: [before, after] });
    });
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.every(({ index }) => space[index]!.purpose === 'research-and-planning')).toBe(true);

    const result = await decideSpace({
      spaceData: data as unknown as PolicyData,
      policies: [{ wasm, data: data as unknown as PolicyData, checkRequests: true, requestSchema: JSON.parse(await readFile(distPolicy('request.schema.json'), 'utf8')) as object }, { wasm, data: changed, checkRequests: false }],
      threads: 2,
    });
    expect(result.threads).toBe(2);
    expect(result.evaluated).toBe(space.length);
    expect(result.outcomes[0]).toEqual(counts);
    const found: { index: number; outcomes: string[] }[] = [];
    for (let i = 0; i < result.differences.length; i += 3) {
      found.push({ index: result.differences[i]!, outcomes: [result.keys[result.differences[i + 1]!]!, result.keys[result.differences[i + 2]!]!] });
    }
    expect(found).toEqual(expected);
  }, 300_000);

  it('reads the verdicts of earlier builds for the change impact (the runtime does not), comparing what they say', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'earlier-verdicts-'));
    const keyOf = async (verdict: string) => {
      await writeFile(join(dir, 'sharing.rego'), `package sharing\n\n# METADATA\n# entrypoint: true\nverdict := ${verdict}\n`);
      mustRun('opa', ['build', '-t', 'wasm', '-o', join(dir, 'bundle.tar.gz'), join(dir, 'sharing.rego')]);
      const built = new Uint8Array(readTar(gunzipSync(await readFile(join(dir, 'bundle.tar.gz')))).get('policy.wasm')!);
      return (await comparer({ wasm: built, data: data as unknown as PolicyData, checkRequests: false }))(space[0]);
    };
    const now = await keyOf('["refer", ["no-consent"], ["record-disclosure"], []]');
    expect(now).toBe('refer|no-consent|record-disclosure|');
    for (const earlier of ['{"outcome": "refer", "clauses": ["no-consent"], "obligations": ["record-disclosure"]}', '["refer", ["no-consent"], ["record-disclosure"]]']) {
      const key = await keyOf(earlier);
      expect(key).toBe('refer|no-consent|record-disclosure|?');
      expect(sameDecision(key, now)).toBe(true);
      expect(sameDecision(key, 'refer|no-consent||?')).toBe(false);
    }
  }, 120_000);

  it('uses one thread per core, and fewer for a small space', () => {
    expect(threadCount(237_120, 4)).toBe(4);
    expect(threadCount(10_000, 4)).toBe(1);
    expect(threadCount(30_000, 4)).toBe(2);
  });
});
