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
import type { PolicyData } from '../scripts/compile/policy-data.ts';
import { beyondSpace, claimShape, consentStates, informationSets, narrowSpace, requestAt, requestKey, requestSpace, spaceCoverage, spaceSize, type SpaceGap } from '../scripts/impact/space.ts';
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

  // What the reports say the proof covers (space.ts spaceCoverage, worded in scripts/report/words.ts): each
  // part of that description is in the space, the space holds nothing else, and each gap the reports name
  // is outside the space and met by the requests beyond it (so "only sampled" is true of each).
  it('holds exactly the requests its coverage describes', () => {
    const d = data as unknown as PolicyData;
    const coverage = spaceCoverage(d);
    expect(Object.values(coverage.byShape).reduce((a, b) => a + b, 0)).toBe(space.length);
    const keys = new Set(space.map(requestKey));
    const ids = Object.keys(d.notice.circumstances);
    const described: Record<string, { id: string; status?: string }[][]> = {
      none: [[]],
      'one-waiting': ids.map((id) => [{ id }]),
      'one-confirmed': ids.map((id) => [{ id, status: 'confirmed' }]),
      'one-rejected': ids.map((id) => [{ id, status: 'rejected' }]),
      'twice-confirmed-waiting': ids.map((id) => [{ id, status: 'confirmed' }, { id }]),
      'twice-confirmed-rejected': ids.map((id) => [{ id, status: 'confirmed' }, { id, status: 'rejected' }]),
      'two-confirmed': ids.flatMap((a, i) => ids.slice(i + 1).map((b) => [{ id: a, status: 'confirmed' }, { id: b, status: 'confirmed' }])),
    };
    const counted: Record<string, number> = {};
    const missing: object[] = [];
    const purposes = Object.keys(d.notice.purposes);
    for (const [recipient, entry] of Object.entries(d.notice.recipients)) {
      const [own, ...others] = informationSets(d, recipient);
      const asks = [...Object.entries(described).flatMap(([shape, sets]) => sets.map((claims) => [shape, own!, claims] as const)), ...others.map((set) => ['other-kinds', set, []] as const)];
      for (const purpose of purposes) {
        for (const consent of consentStates) {
          for (const [shape, information, claims] of asks) {
            for (let flags = 0; flags < (entry.kind === 'processor' ? 32 : 16); flags++) {
              const request = {
                recipient, purpose, consent, information: [...information], circumstances: claims as never,
                opt_outs: { national_data_opt_out: (flags & 1) === 1, shared_care_record: (flags & 2) === 2 },
                necessary_for_care: (flags & 4) === 4, sharing_agreement: (flags & 8) === 8, processor_disclosed: (flags & 16) === 16,
              };
              if (!keys.has(requestKey(request as never)) && missing.length < 5) missing.push(request);
              counted[shape] = (counted[shape] ?? 0) + 1;
            }
          }
        }
      }
    }
    // Each other kind alone with each single claim, with no flag or with need and agreement.
    const singles = [...described['one-waiting']!, ...described['one-confirmed']!, ...described['one-rejected']!];
    for (const recipient of Object.keys(d.notice.recipients)) {
      const own = informationSets(d, recipient)[0]!;
      const kinds = Object.keys(d.notice.information).filter((k) => !(own.length === 1 && own[0] === k));
      for (const purpose of purposes) {
        for (const consent of consentStates) {
          for (const kind of kinds) {
            for (const claims of singles) {
              for (const flags of [{}, { necessary_for_care: true, sharing_agreement: true }]) {
                const request = { recipient, purpose, consent, information: [kind], circumstances: claims, ...flags };
                if (!keys.has(requestKey(request as never)) && missing.length < 5) missing.push(request);
                counted['kind-with-one-claim'] = (counted['kind-with-one-claim'] ?? 0) + 1;
              }
            }
          }
        }
      }
    }
    expect(missing).toEqual([]);
    expect(counted).toEqual(coverage.byShape);
    // Nothing else: every request of the space has a shape the description names.
    expect(space.filter((request) => request.circumstances && claimShape(request.circumstances) === undefined)).toEqual([]);
  });

  it('leaves out each gap the reports name, and the requests beyond it meet each one', () => {
    const d = data as unknown as PolicyData;
    const owns = new Map(Object.keys(d.notice.recipients).map((r) => [r, [...informationSets(d, r)[0]!].sort().join(',')]));
    const listed = new Map(Object.keys(d.notice.recipients).map((r) => [r, new Set(informationSets(d, r).map((set) => [...set].sort().join(',')))]));
    const gapsOf = (request: Record<string, unknown>): Set<SpaceGap> => {
      const gaps = new Set<SpaceGap>();
      const claims = (request.circumstances ?? []) as { id: string; status?: string }[];
      const kinds = [...(request.information as string[])].sort().join(',');
      const noFlags = request.necessary_for_care === undefined && request.sharing_agreement === undefined && request.opt_outs === undefined && request.processor_disclosed === undefined;
      const needAndAgreement = request.necessary_for_care === true && request.sharing_agreement === true && request.opt_outs === undefined && request.processor_disclosed === undefined;
      const kindWithOneClaim = claims.length === 1 && (request.information as string[]).length === 1 && claims[0]!.status !== 'waiting' && (noFlags || needAndAgreement);
      if (claims.length > 0 && kinds !== owns.get(request.recipient as string) && !kindWithOneClaim) gaps.add('other-kinds-with-claims');
      if (!listed.get(request.recipient as string)!.has(kinds)) gaps.add('other-mixes-of-kinds');
      if (claims.length === 2 && claims[0]!.id !== claims[1]!.id && claims.some((c) => c.status !== 'confirmed')) gaps.add('two-circumstances-not-both-confirmed');
      if (claims.length >= 3) gaps.add('three-or-more-claims');
      if (JSON.stringify(request).includes('false')) gaps.add('members-stated-false');
      if (claims.some((c) => c.status === 'waiting')) gaps.add('status-waiting-stated');
      // The space's orders: one confirmed then another of a later circumstance, or one confirmed then the same again.
      const ids = Object.keys(d.notice.circumstances);
      if (claims.length === 2 && claims[0]!.status !== 'confirmed') gaps.add('other-claim-orders');
      if (claims.length === 2 && claims[0]!.id !== claims[1]!.id && ids.indexOf(claims[0]!.id) > ids.indexOf(claims[1]!.id)) gaps.add('other-claim-orders');
      if (claims.length === 2 && claims[0]!.id === claims[1]!.id && claims[1]!.status === 'confirmed') gaps.add('other-claim-orders');
      if ((Array.isArray(request.circumstances) && claims.length === 0) || (request.opt_outs !== undefined && Object.keys(request.opt_outs as object).length === 0)) gaps.add('empty-lists');
      if (request.processor_disclosed !== undefined && d.notice.recipients[request.recipient as string]?.kind !== 'processor') gaps.add('disclosure-for-non-processors');
      return gaps;
    };
    for (const request of space.filter((_, i) => i % 97 === 0)) expect([...gapsOf(request as never)]).toEqual([]);
    const met = new Set(beyondSpace(d, 50_000).flatMap((request) => [...gapsOf(request)]));
    expect([...met].sort()).toEqual([...spaceCoverage(d).gaps].sort());
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
    // A narrower space of the same notice (three recipients, three purposes: every consent state, kind set,
    // claim and flag of theirs), so that it is decided in seconds, and still over two threads.
    const narrow = narrowSpace(data as unknown as PolicyData, { recipients: ['gp', 'nhs-england', 'police-judicial'], purposes: ['individual-care', 'research-and-planning', 'crime-investigation'] });
    const space = [...requestSpace(narrow)];
    expect(threadCount(space.length, 2)).toBe(2);
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
      spaceData: narrow,
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
  });

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
  });

  it('uses one thread per core, and fewer for a small space', () => {
    expect(threadCount(237_120, 4)).toBe(4);
    expect(threadCount(10_000, 4)).toBe(1);
    expect(threadCount(30_000, 4)).toBe(2);
  });
});
