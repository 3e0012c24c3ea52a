// Fail closed: properties that hold for any request, valid or not, on the real compiled policy.wasm.
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mustRun } from '../../scripts/tools/opa.ts';
import { readTar } from '../../scripts/tools/tar.ts';
import { gunzipSync } from 'node:zlib';
import { builtPolicyFiles, distPolicy } from '../../test/helpers.ts';
import { build, createSharingPolicy, InvalidRequestError, PolicyLoadError, type PolicyData, type SharingPolicy, type SharingRequest } from './core.ts';

const files = await builtPolicyFiles();
const wasm = files.wasm;
const data = files.data as PolicyData & { notice: { recipients: Record<string, unknown>; purposes: Record<string, unknown>; information: Record<string, unknown>; circumstances: Record<string, unknown> } };
const policy: SharingPolicy = await createSharingPolicy(files);

const known: SharingRequest = { recipient: 'gp', purpose: 'individual-care', information: ['care-record'], consent: 'given', necessary_for_care: true, sharing_agreement: true };
const outcomes = ['share', 'share-minimum', 'do-not-share', 'refer'];

function validRequest(): fc.Arbitrary<SharingRequest> {
  const { recipients, purposes, information, circumstances } = data.notice;
  const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
  return fc
    .record({
      recipient: fc.constantFrom(...Object.keys(recipients)),
      purpose: fc.constantFrom(...Object.keys(purposes)),
      information: fc.uniqueArray(fc.constantFrom(...Object.keys(information)), { minLength: 1 }),
      consent: fc.constantFrom('given', 'implied', 'refused', 'withdrawn', 'not-asked', 'unable-to-consent'),
      circumstances: optional(fc.array(fc.record({ id: fc.constantFrom(...Object.keys(circumstances)), status: optional(fc.constantFrom('waiting', 'confirmed', 'rejected')) }), { maxLength: 3 })),
      opt_outs: optional(fc.record({ national_data_opt_out: optional(fc.boolean()), shared_care_record: optional(fc.boolean()) })),
      necessary_for_care: optional(fc.boolean()),
      sharing_agreement: optional(fc.boolean()),
      processor_disclosed: optional(fc.boolean()),
    })
    .map((request) => JSON.parse(JSON.stringify(request)) as SharingRequest); // drop the undefined fields
}

describe('for any valid request', () => {
  it('decides with one of the four outcomes, citing only clauses and obligations that exist', () => {
    fc.assert(
      fc.property(validRequest(), (request) => {
        const decision = policy.decide(request);
        expect(outcomes).toContain(decision.outcome);
        for (const reason of decision.reasons) expect(data.notice.clauses[reason.clause]?.text).toBe(reason.text);
        for (const obligation of decision.obligations) expect(data.notice.clauses[obligation.clause]).toBeDefined();
      }),
      { numRuns: 3000 },
    );
  });

  it('never shares for marketing or insurance (a circumstance established for them goes to a person)', () => {
    fc.assert(
      fc.property(validRequest(), fc.constantFrom('marketing', 'insurance'), (request, purpose) => {
        expect(['do-not-share', 'refer']).toContain(policy.decide({ ...request, purpose }).outcome);
      }),
      { numRuns: 2000 },
    );
  });

  it('never shares against refused or withdrawn consent without a circumstance', () => {
    fc.assert(
      fc.property(validRequest(), fc.constantFrom('refused', 'withdrawn') as fc.Arbitrary<SharingRequest['consent']>, (request, consent) => {
        const { circumstances: _claims, ...rest } = request;
        expect(policy.decide({ ...rest, consent }).outcome).not.toBe('share');
      }),
      { numRuns: 2000 },
    );
  });

  it('shares nothing with a processor patients have not been told of', () => {
    fc.assert(
      fc.property(validRequest(), (request) => {
        const { processor_disclosed: _disclosed, ...rest } = request;
        expect(policy.decide({ ...rest, recipient: 'data-processor' }).outcome).toBe('do-not-share');
      }),
      { numRuns: 1000 },
    );
  });
});

describe('for any malformed request', () => {
  const deep = (depth: number): unknown => (depth === 0 ? true : { nested: deep(depth - 1) });
  const malformed = fc.oneof(
    fc.anything().filter((value) => policy.problems(value).length > 0),
    validRequest().chain((request) =>
      fc.oneof(
        fc.constantFrom('recipient', 'purpose', 'information', 'consent').map((key) => {
          const { [key as keyof SharingRequest]: _dropped, ...rest } = request;
          return rest as unknown;
        }),
        fc.record({ key: fc.constantFrom('recipient', 'purpose', 'consent', 'information', 'circumstances', 'opt_outs', 'necessary_for_care'), value: fc.anything() })
          .map(({ key, value }) => ({ ...request, [key]: value }))
          // Some replacements are still valid (an empty list of circumstances, a boolean): those are not malformed.
          .filter((replaced) => JSON.stringify(replaced) !== JSON.stringify(request) && policy.problems(JSON.parse(JSON.stringify(replaced)) as unknown).length > 0),
        fc.string({ minLength: 1, maxLength: 40 }).filter((id) => !(id in data.notice.recipients)).map((recipient) => ({ ...request, recipient })),
        fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString').map((key) => JSON.parse(`{${JSON.stringify(key)}: {"polluted": true}, ${JSON.stringify(request).slice(1)}`) as unknown),
        fc.constant({ ...request, recipient: 'g'.repeat(2_000_000) }),
        fc.integer({ min: 50, max: 2000 }).map((depth) => ({ ...request, opt_outs: { national_data_opt_out: deep(depth) } })),
      ),
    ),
  );

  it('throws a typed error, never a decision, and the next valid request still decides correctly', () => {
    fc.assert(
      fc.property(malformed, (request) => {
        let thrown: unknown;
        try {
          policy.decide(request as SharingRequest);
        } catch (error) {
          thrown = error;
        }
        expect(thrown).toBeInstanceOf(InvalidRequestError);
        expect((thrown as InvalidRequestError).problems.length).toBeGreaterThan(0);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        expect(policy.decide(known).outcome).toBe('share');
      }),
      { numRuns: 1500 },
    );
  });
});

describe('a bad policy fails to load, with a clear error', () => {
  it('a truncated policy.wasm, cut anywhere', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: wasm.length - 1 }), async (cut) => {
        await expect(createSharingPolicy({ wasm: wasm.slice(0, cut), data })).rejects.toThrow(PolicyLoadError);
      }),
      { numRuns: 60 },
    );
  });

  it('a policy.wasm with a corrupted header or code section', async () => {
    const header = wasm.slice();
    header[0] = 0x00;
    header[1] = 0x00;
    // Pinned (the default), it is refused before it is compiled; unpinned, the compiler refuses it.
    await expect(createSharingPolicy({ wasm: header, data })).rejects.toThrow(/not the pinned policy/);
    await expect(createSharingPolicy({ wasm: header, data, pin: false })).rejects.toThrow(/could not be loaded/);
    const body = wasm.slice();
    for (let i = 64; i < body.length; i += 97) body[i] = 0xff;
    await expect(createSharingPolicy({ wasm: body, data })).rejects.toThrow(PolicyLoadError);
    await expect(createSharingPolicy({ wasm: body, data, pin: false })).rejects.toThrow(PolicyLoadError);
  });

  it('the wasm of another policy', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'other-policy-'));
    await writeFile(join(dir, 'other.rego'), 'package other\n\n# METADATA\n# entrypoint: true\ndefault allow := false\n');
    mustRun('opa', ['build', '-t', 'wasm', '-o', join(dir, 'bundle.tar.gz'), join(dir, 'other.rego')]);
    const other = readTar(gunzipSync(await readFile(join(dir, 'bundle.tar.gz')))).get('policy.wasm')!;
    await expect(createSharingPolicy({ wasm: new Uint8Array(other), data })).rejects.toThrow(/not the pinned policy/);
    await expect(createSharingPolicy({ wasm: new Uint8Array(other), data, pin: false })).rejects.toThrow(/not the sharing policy: it has no `sharing\/verdict` entrypoint \(found other\/allow\)/);
  });

  it('a policy other than the build\'s, or data other than the build\'s, unless the app pins its own', async () => {
    // A three-line policy with the same entrypoint, answering share for everything.
    const dir = await mkdtemp(join(tmpdir(), 'impostor-'));
    await writeFile(join(dir, 'sharing.rego'), 'package sharing\n\n# METADATA\n# entrypoint: true\nverdict := ["share", [], [], ["care-record"]]\n');
    mustRun('opa', ['build', '-t', 'wasm', '-o', join(dir, 'bundle.tar.gz'), join(dir, 'sharing.rego')]);
    const impostor = new Uint8Array(readTar(gunzipSync(await readFile(join(dir, 'bundle.tar.gz')))).get('policy.wasm')!);
    await expect(createSharingPolicy({ wasm: impostor, data })).rejects.toThrow(/The WASM module is not the pinned policy: its SHA-256 is [0-9a-f]{64}, expected [0-9a-f]{64} \(the policy of notice \d+\.\d+\.\d+ this package was built with\)/);
    // The real policy with data that allows marketing.
    const permissive = structuredClone(data);
    (permissive.notice.purposes as Record<string, object>).marketing = { ...(permissive.notice.purposes as Record<string, object>).marketing, forbidden: false, benefits_care: true, direct_care: true };
    await expect(createSharingPolicy({ wasm, data: permissive })).rejects.toThrow(/The policy data is not the pinned data/);
    // An app that publishes its own build pins its hashes; a tool that compares builds turns pinning off.
    const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');
    const own = await createSharingPolicy({ wasm: impostor, data, pin: { wasmSha256: sha256(impostor), dataSha256: sha256(JSON.stringify(data)) } });
    expect(own.wasmSha256).toBe(sha256(impostor));
    expect((await createSharingPolicy({ wasm, data: permissive, pin: false })).decide({ recipient: 'gp', purpose: 'marketing', information: ['care-record'], consent: 'given', necessary_for_care: true, sharing_agreement: true }).outcome).toBe('share');
    // Data whose clause or obligation has no words is not the notice's, even unpinned.
    for (const broken of [{ clauses: { ...data.notice.clauses, 'care-team': null } }, { obligations: { ...(data.notice as { obligations: object }).obligations, 'best-interests': { clause: 'care-team' } } }]) {
      await expect(createSharingPolicy({ wasm, data: { ...data, notice: { ...data.notice, ...broken } } as never, pin: false })).rejects.toThrow(/The policy data is not the notice's: its (clause `care-team`|obligation `best-interests`) has no words/);
    }
    // The hashes a decision carries are those of the published files, byte for byte.
    expect(build).toMatchObject({ wasmSha256: sha256(wasm), dataSha256: sha256(await readFile(distPolicy('data.json'))) });
  });

  it('a verdict of another shape, including those of earlier builds (the change impact reads those itself, never an app)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'verdict-shapes-'));
    const compiled = async (verdict: string) => {
      await writeFile(join(dir, 'sharing.rego'), `package sharing\n\n# METADATA\n# entrypoint: true\nverdict := ${verdict}\n`);
      mustRun('opa', ['build', '-t', 'wasm', '-o', join(dir, 'bundle.tar.gz'), join(dir, 'sharing.rego')]);
      return createSharingPolicy({ wasm: new Uint8Array(readTar(gunzipSync(await readFile(join(dir, 'bundle.tar.gz')))).get('policy.wasm')!), data, pin: false });
    };
    const request: SharingRequest = { recipient: 'gp', purpose: 'individual-care', information: ['care-record'], consent: 'given' };
    const list = (await compiled('["refer", ["no-consent", "no-consent"], ["record-disclosure"], []]')).decide(request);
    expect(list).toMatchObject({ outcome: 'refer', reasons: [{ clause: 'no-consent' }], obligations: [{ id: 'record-disclosure' }], information: [] });
    for (const earlierShape of ['{"outcome": "refer", "clauses": ["no-consent"], "obligations": ["record-disclosure"]}', '["refer", ["no-consent"], ["record-disclosure"]]']) {
      const app = await compiled(earlierShape);
      expect(() => app.decide(request), earlierShape).toThrow(/returned no decision/);
    }
    for (const wrong of ['["share", "no-consent", [], []]', '["share", [], [], []]  if false', '{"outcome": "share"}', '"share"', '["share", [], [], "care-record"]']) {
      const policy = await compiled(wrong);
      expect(() => policy.decide(request), wrong).toThrow(/returned no decision/);
    }
    const odd = await compiled('["maybe", [], [], []]');
    expect(() => odd.decide(request)).toThrow(/none of share, share-minimum, do-not-share, refer/);
    // A share must send something, and only what was asked for, whoever built the module.
    const empty = await compiled('["share", ["no-consent"], [], []]');
    expect(() => empty.decide(request)).toThrow(/answered share with no information to send/);
    const unasked = await compiled('["share-minimum", ["no-consent"], [], ["care-record", "dna"]]');
    expect(() => unasked.decide(request)).toThrow(/answered share-minimum with information the request did not ask for \(dna\)/);
    expect((await compiled('["share", ["no-consent"], [], ["care-record"]]')).decide(request)).toMatchObject({ outcome: 'share', information: ['care-record'] });
    // And rests on the notice's words: a share citing no clause is no decision (even for marketing).
    const groundless = await compiled('["share", [], [], ["care-record"]]');
    expect(() => groundless.decide({ ...request, purpose: 'marketing' })).toThrow(/answered share citing no clause of the notice/);
  });
});
