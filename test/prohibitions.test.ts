// prohibitions.applies asks each prohibition on its own (so that an ordinary request builds no sets), beside
// findings, which collects them: the two lists must agree. Checked with OPA's evaluator over every
// recipient x purpose x information x circumstance claim of the request space, and malformed requests.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evalWithInput } from '../scripts/lib/opa.ts';
import type { PolicyData } from '../scripts/lib/policy-data.ts';
import { requestSpace } from '../scripts/lib/space.ts';
import { builtPolicyFiles, distPolicy, root } from './helpers.ts';

describe('prohibitions.applies', () => {
  it('agrees with prohibitions.findings on every request the prohibitions can tell apart, and on malformed ones', async () => {
    const { data } = await builtPolicyFiles();
    // Consent, opt-outs, need and agreement play no part in a prohibition: one value of each is enough.
    const requests: unknown[] = [...requestSpace(data as unknown as PolicyData)].filter(
      (r) => r.consent === 'given' && !r.opt_outs && !r.necessary_for_care && !r.sharing_agreement,
    );
    const gp = { recipient: 'gp', purpose: 'individual-care', information: ['care-record'], consent: 'given' };
    requests.push(
      { ...gp, recipient: 'insurer' },
      { ...gp, purpose: 'sale' },
      { ...gp, information: ['dna'] },
      { ...gp, information: [] },
      { ...gp, information: 'care-record' },
      { ...gp, circumstances: [{ id: 'curiosity' }] },
      { ...gp, circumstances: 'court-order' },
      {},
    );
    const query = 'disagree := [r | some r in input; asked := count([1 | data.sharing.prohibitions.applies(r)]) > 0; found := count(data.sharing.prohibitions.findings(r)) > 0; asked != found]; prohibited := count([r | some r in input; data.sharing.prohibitions.applies(r)])';
    const out = (await evalWithInput(['--ignore', '*_test.rego', '--data', join(root, 'policy', 'sharing'), '--data', distPolicy('data.json')], requests, query)) as { result: { bindings: { disagree: unknown[]; prohibited: number } }[] };
    const { disagree, prohibited } = out.result[0]!.bindings;
    expect(requests.length).toBeGreaterThan(2_000);
    expect(disagree).toEqual([]);
    expect(prohibited).toBeGreaterThan(500);
    expect(prohibited).toBeLessThan(requests.length);
  });
});
