// The promises prove something: for each promise, a deliberately wrong change to the real Rego (the kind
// of edit a hurried change could make) is compiled by the real OPA compiler and run through the same prover
// `npm run validate` runs, over the request space (stopping once the promise is found broken) or, for a
// request that is not well-formed, over the malformed requests. And the policy as it is keeps them all.
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { malformedRequests } from '../scripts/validator/malformed.ts';
import { mustRun } from '../scripts/tools/opa.ts';
import type { PolicyData } from '../scripts/compile/policy-data.ts';
import { defaultBeyond } from '../scripts/validator/checks/promises.ts';
import { decideSpace, prover, type Broken } from '../scripts/impact/space-decide.ts';
import { beyondSpace } from '../scripts/impact/space.ts';
import { readTar } from '../scripts/tools/tar.ts';
import { builtPolicyFiles, distPolicy, root } from './helpers.ts';

/** A wrong edit of one Rego file: the text to find, and what to put instead. */
interface Mutation {
  promise: string;
  why: string;
  file: string;
  from: string;
  to: string;
}

const mutations: Mutation[] = [
  {
    promise: 'never-marketing-insurance', why: 'marketing shared', file: 'sharing.rego',
    from: 'wellformed_verdict(req) := prohibitions.verdict(req) if {',
    to: 'wellformed_verdict(req) := {"outcome": "share", "clauses": ["care-team"], "obligations": [], "information": request.asked(req)} if {\n\treq.purpose == "marketing"\n} else := prohibitions.verdict(req) if {',
  },
  {
    promise: 'without-consent-only', why: 'organisations share without asking for consent', file: 'organisations/organisations.rego',
    from: '_with_consent_verdict(req) if {\n\trequest.agreed(req)\n\t_involved_in_care(req)\n',
    to: '_with_consent_verdict(req) if {\n\t_involved_in_care(req)\n',
  },
  {
    promise: 'refusal-stops-sharing', why: 'the care team shares over a refusal', file: 'careteam/careteam.rego',
    from: '\trequest.for_direct_care(req)\n\tnot request.refused(req)\n',
    to: '\trequest.for_direct_care(req)\n',
  },
  {
    promise: 'opt-out-keeps-care', why: 'the opt-out stops sharing for care', file: 'organisations/organisations.rego',
    from: '\trequest.agreed(req)\n\t_involved_in_care(req)\n\trequest.necessary_for_care(req)\n\trequest.sharing_agreement(req)\n}',
    to: '\trequest.agreed(req)\n\t_involved_in_care(req)\n\trequest.necessary_for_care(req)\n\trequest.sharing_agreement(req)\n\tnot request.national_data_opt_out(req)\n}',
  },
  {
    promise: 'only-what-was-asked', why: 'the survey contractor gets contact details not asked for', file: 'surveys/surveys.rego',
    from: '_allowed(req, programme) := sort(request.information(req) & {id | some id in programme.information})',
    to: '_allowed(req, programme) := sort({id | some id in programme.information} | {id | some id in request.information(req); false})',
  },
  {
    promise: 'processors-act-for-us', why: 'processors serve any purpose', file: 'prohibitions/prohibitions.rego',
    from: 'applies(req) if _processor_not_instructed(req)\n',
    to: '',
  },
  {
    promise: 'conflicts-go-to-a-person', why: 'a court order for insurance silently refused', file: 'prohibitions/prohibitions.rego',
    from: '\tcount(conflicts) > 0\n',
    to: '\tcount(conflicts) > 99\n',
  },
  {
    promise: 'unlisted-reasons-go-to-a-person', why: 'an unlisted reason no longer reaches a person', file: 'exceptions/exceptions.rego',
    from: '\tdata.notice.circumstances[claim.id]\n\tnot rejected(req, claim.id)\n',
    to: '\tdata.notice.circumstances[claim.id].listed\n\tnot rejected(req, claim.id)\n',
  },
  {
    promise: 'consent-routes-only', why: 'with consent, the care team is told for any purpose', file: 'careteam/careteam.rego',
    from: '} if {\n\trequest.for_direct_care(req)\n\tnot request.refused(req)\n\tnot request.unable_to_consent(req)\n}',
    to: '} if {\n\trequest.consented(req)\n}',
  },
  {
    promise: 'reasons-agree', why: 'a share in the best interests of a patient who cannot consent cites the clause that needs consent', file: 'organisations/organisations.rego',
    from: '"clauses": ["strict-agreements", request.recipient(req).clause],',
    to: '"clauses": ["other-professionals", "strict-agreements", request.recipient(req).clause],',
  },
  {
    promise: 'court-orders-honoured', why: 'a refusal stops a court order', file: 'exceptions/exceptions.rego',
    from: '\tsome id in established(req)\n\treq.purpose in data.notice.circumstances[id].purposes\n',
    to: '\tsome id in established(req)\n\treq.purpose in data.notice.circumstances[id].purposes\n\tnot request.refused(req)\n',
  },
  {
    promise: 'direct-care-not-blocked', why: 'implied consent is not enough for a discharge letter to the GP', file: 'organisations/organisations.rego',
    from: '_care_verdict(req) := _with_consent_verdict(req) if {\n\trequest.agreed(req)\n',
    to: '_care_verdict(req) := _with_consent_verdict(req) if {\n\trequest.consented(req)\n',
  },
  {
    promise: 'rejected-claims-never-share', why: 'a circumstance that needs no review settles even when a person rejected it', file: 'exceptions/exceptions.rego',
    from: '_judged(req, id, circumstance) if {\n\tnot rejected(req, id)\n\tcircumstance.needs_review == false\n}',
    to: '_judged(_, _, circumstance) if {\n\tcircumstance.needs_review == false\n}',
  },
  {
    promise: 'told-when-shared-without-consent', why: 'a share under a circumstance no longer tells the patient', file: 'exceptions/exceptions.rego',
    from: '"obligations": sort({"minimum-necessary", "record-disclosure", "tell-patient"} | _obligations(settled_ids)),',
    to: '"obligations": sort({"minimum-necessary", "record-disclosure"} | _obligations(settled_ids)),',
  },
  {
    promise: 'unreadable-requests-not-shared', why: 'the policy no longer checks requests', file: 'sharing.rego',
    from: '_verdict(req) := request.nothing([], []) if {\n\tmalformed\n} else := wellformed_verdict(req)',
    to: '_verdict(req) := wellformed_verdict(req)',
  },
];

/** The policy with one wrong edit, compiled to WASM by the pinned OPA (the same capabilities as the build). */
/** The request schema of this checkout's build, which the prover checks the policy's own check against. */
const builtRequestSchema = async () => JSON.parse(await readFile(distPolicy('request.schema.json'), 'utf8')) as object;

async function mutant(mutation: Mutation): Promise<Uint8Array<ArrayBuffer>> {
  const dir = await mkdtemp(join(tmpdir(), `notice-mutant-${mutation.promise}-`));
  await cp(join(root, 'policy', 'sharing'), join(dir, 'sharing'), { recursive: true });
  const file = join(dir, 'sharing', mutation.file);
  const text = await readFile(file, 'utf8');
  if (!text.includes(mutation.from)) throw new Error(`mutation for ${mutation.promise}: text not found in ${mutation.file}`);
  await writeFile(file, text.replace(mutation.from, mutation.to));
  const out = join(dir, 'wasm.tar.gz');
  mustRun('opa', ['build', '--target', 'wasm', '--capabilities', distPolicy('capabilities.json'), '--ignore', '*_test.rego', '--output', out, join(dir, 'sharing'), distPolicy('data.json')]);
  return new Uint8Array(readTar(gunzipSync(await readFile(out))).get('policy.wasm')!);
}

async function malformedCorpus(data: PolicyData) {
  const bases: Record<string, unknown>[] = [];
  for (const file of ['care-team.yaml', 'programmes.yaml', 'exceptions.yaml']) {
    const scenarios = (parse(await readFile(join(root, 'test', 'scenarios', file), 'utf8')) as { scenarios: { request: Record<string, unknown>; expect: { outcome?: string } }[] }).scenarios;
    bases.push(...scenarios.filter((s) => s.expect.outcome === 'share' || s.expect.outcome === 'share-minimum').map((s) => s.request));
  }
  return malformedRequests(data, bases);
}

describe('the promises', () => {
  it('each have a deliberately wrong policy below that must be caught', async () => {
    const stated = (parse(await readFile(join(root, 'content', 'promises.yaml'), 'utf8')) as { promises: { id: string }[] }).promises.map((p) => p.id);
    expect(new Set(mutations.map((m) => m.promise))).toEqual(new Set(stated));
  });

  it('are kept by the policy on every malformed request, which the policy finds malformed as the schema does', async () => {
    const built = await builtPolicyFiles();
    const { wasm } = built;
    const data = built.data as unknown as PolicyData;
    const requestSchema = JSON.parse(await readFile(distPolicy('request.schema.json'), 'utf8')) as object;
    const corpus = await malformedCorpus(data);
    expect(corpus.length).toBeGreaterThan(1_000);
    const check = await prover({ wasm, data, checkRequests: false, requestSchema });
    const share = { broken: {}, rejected: [] as number[] };
    corpus.forEach((m, i) => check(m.request, i, share));
    expect(share.broken).toEqual({});
    expect(share.rejected.map((i) => corpus[i]!.what)).toEqual([]);
  });

  for (const mutation of mutations) {
    it(`catch a wrong policy: ${mutation.promise} (${mutation.why})`, async () => {
      const data = (await builtPolicyFiles()).data as unknown as PolicyData;
      const wasm = await mutant(mutation);
      const policy = { wasm, data, checkRequests: false, requestSchema: await builtRequestSchema() };
      if (mutation.promise === 'unreadable-requests-not-shared') {
        const corpus = await malformedCorpus(data);
        const check = await prover(policy);
        const share = { broken: {} as Broken, rejected: [] as number[] };
        corpus.forEach((m, i) => check(m.request, i, share));
        expect(share.broken[mutation.promise]?.count ?? 0).toBeGreaterThan(0);
      } else {
        const result = await decideSpace({ spaceData: data, policies: [policy], prove: true, stopOn: mutation.promise });
        expect(Object.keys(result.broken)).toContain(mutation.promise);
      }
    });
  }

  it('catch a wrong policy that only a request beyond the space\'s shapes shows (three waiting claims of one circumstance count as confirmed)', async () => {
    const data = (await builtPolicyFiles()).data as unknown as PolicyData;
    const wasm = await mutant({
      promise: 'refusal-stops-sharing', why: 'a claim made three times counts as confirmed', file: 'exceptions/exceptions.rego',
      from: '_judged(req, id, circumstance) if {\n\tnot rejected(req, id)\n\tcircumstance.needs_review == true\n\tnot _needs_confirming(req, id)\n}',
      to: '_judged(req, id, circumstance) if {\n\tnot rejected(req, id)\n\tcircumstance.needs_review == true\n\tnot _needs_confirming(req, id)\n}\n\n_judged(req, id, circumstance) if {\n\tcircumstance.needs_review == true\n\tcount([c | some c in req.circumstances; c.id == id]) >= 3\n}',
    });
    const policy = { wasm, data, checkRequests: false, requestSchema: await builtRequestSchema() };
    // The space's shapes (at most a pair of claims) do not show it...
    const space = await decideSpace({ spaceData: data, policies: [policy], prove: true });
    expect(space.broken).toEqual({});
    // ...the requests beyond them do.
    const check = await prover(policy);
    const share = { broken: {} as Broken, rejected: [] as number[] };
    beyondSpace(data, defaultBeyond).forEach((request, i) => check(request, i, share));
    expect(share.broken['refusal-stops-sharing']?.count ?? 0).toBeGreaterThan(0);
    expect(share.rejected).toEqual([]);
  });
});
