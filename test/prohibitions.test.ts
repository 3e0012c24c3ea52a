// prohibitions.applies asks each prohibition on its own (so that an ordinary request builds no sets), beside
// prohibitions.clauses, which collects them: the two lists must agree. Checked with OPA's evaluator over
// every recipient x purpose x information x circumstance claim of the request space. (Malformed requests
// never reach the prohibitions: sharing.wellformed refuses them first.)
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evalWithInput } from '../scripts/tools/opa.ts';
import type { PolicyData } from '../scripts/compile/policy-data.ts';
import { requestSpace } from '../scripts/impact/space.ts';
import { builtPolicyFiles, distPolicy, root } from './helpers.ts';

describe('prohibitions.applies', () => {
  it('agrees with prohibitions.clauses on every request the prohibitions can tell apart', async () => {
    const { data } = await builtPolicyFiles();
    // Consent, opt-outs and need play no part in a prohibition: one value of each is enough. Disclosure
    // does (undisclosed processors), and so do the claims (a conflict).
    const requests: unknown[] = [...requestSpace(data as unknown as PolicyData)].filter(
      (r) => r.consent === 'given' && !r.opt_outs && !r.necessary_for_care && !r.sharing_agreement,
    );
    const query = 'disagree := [r | some r in input; asked := count([1 | data.sharing.prohibitions.applies(r)]) > 0; found := count(data.sharing.prohibitions.clauses(r)) > 0; asked != found]; prohibited := count([r | some r in input; data.sharing.prohibitions.applies(r)])';
    const out = (await evalWithInput(['--ignore', '*_test.rego', '--data', join(root, 'policy', 'sharing'), '--data', distPolicy('data.json')], requests, query)) as { result: { bindings: { disagree: unknown[]; prohibited: number } }[] };
    const { disagree, prohibited } = out.result[0]!.bindings;
    expect(requests.length).toBeGreaterThan(2_000);
    expect(disagree).toEqual([]);
    expect(prohibited).toBeGreaterThan(500);
    expect(prohibited).toBeLessThan(requests.length);
  });
});
