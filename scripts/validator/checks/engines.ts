// Two engines: OPA's Go evaluator, on the same bundle, decides the scenarios, a sample of the space and the
// malformed requests, and checks the promises on each. It must decide as the WASM runtime does, keep every
// promise, and never share what is malformed.
import type { Decision, SharingRequest } from '../../../policy/runtime/core.ts';
import { requestAt } from '../../impact/space.ts';
import { canonical } from '../../tools/canonical.ts';
import { evalWithInput } from '../../tools/opa.ts';
import type { Check } from '../types.ts';

/** What `data.sharing.decision` gives on an OPA server: the decision, with the notice version only. */
export type GoDecision = Omit<Decision, 'policy'> & { policy: { notice_version: string } };

/** What `data.sharing.promises.check` gives: [outcome, ids of the promises broken, malformed]. */
export type PromiseCheck = [string, string[], boolean];

/** A query answering, for each request of an input list, the decision an OPA server gives and the promises' check. */
const decideAndCheckQuery =
  'answers := [[decision, check] | some request in input; decision := data.sharing.decision with input as request; check := data.sharing.promises.check with input as request]';

/** OPA's Go evaluator deciding the same requests from the same bundle (dist/policy/bundle.tar.gz), and checking the promises on each. */
export async function goDecisions(bundle: string, requests: readonly unknown[], cwd: string): Promise<[GoDecision, PromiseCheck][]> {
  const parsed = (await evalWithInput(['--bundle', bundle], requests, decideAndCheckQuery, { cwd })) as { result: { bindings: { answers: [GoDecision, PromiseCheck][] } }[] };
  return parsed.result[0]!.bindings.answers;
}

export const enginesCheck: Check = {
  id: 'engines',
  async run({ root, config, dist, policy, report, decisions, malformed }) {
    const decided = [...decisions.keys()];
    const size = report.proof?.space ?? 0;
    const step = Math.max(1, Math.floor(size / Math.max(config.engines.sample, 1)));
    const sample = config.engines.sample > 0 && size > 0 ? Array.from({ length: Math.ceil(size / step) }, (_, k) => requestAt(dist.data, k * step)) : [];
    const requests: unknown[] = [...decided.map((s) => s.request), ...sample];
    const wasmDecisions: Decision[] = [...decisions.values(), ...sample.map((r) => policy.decide(r as SharingRequest))];
    const goSide = await goDecisions(dist.bundle, [...requests, ...malformed.map((m) => m.request)], root);
    let disagreements = 0;
    const disagree = (where: { file: string; line: number; column: number }, request: unknown, expected: unknown, actual: unknown) => {
      disagreements++;
      if (disagreements <= 20) {
        report.messages.push({
          ...where, ruleId: 'engines-disagree', severity: 'error',
          reason: `The WASM runtime and OPA's Go evaluator decide ${JSON.stringify(request)} differently`,
          expected: JSON.stringify(expected), actual: JSON.stringify(actual),
        });
      }
    };
    requests.forEach((request, i) => {
      // The Go evaluator knows the notice version, not the sha256 of the wasm it did not run.
      const { policy: provenance, ...rest } = wasmDecisions[i]!;
      const wasmSide = { ...rest, policy: { notice_version: provenance.notice_version } };
      const scenario = decided[i];
      const where = scenario ? { file: scenario.file, line: scenario.line, column: scenario.column } : { file: 'dist/policy/policy.wasm', line: 1, column: 1 };
      const [goDecision, goCheck] = goSide[i]!;
      if (canonical(wasmSide) !== canonical(goDecision)) disagree(where, request, goDecision, wasmSide);
      for (const id of goCheck[1]) {
        report.messages.push({ ...where, ruleId: 'promise-broken', severity: 'error', reason: `On OPA's Go evaluator, ${JSON.stringify(request)} breaks promise \`${id}\``, expected: 'every promise kept' });
      }
    });
    malformed.forEach((m, i) => {
      const [goDecision, goCheck] = goSide[requests.length + i]!;
      if (goDecision.outcome !== 'do-not-share' || !goCheck[2] || !(goDecision as { problems?: unknown[] }).problems?.length) {
        disagree({ file: 'policy/sharing/wellformed/wellformed.rego', line: 1, column: 1 }, m.request, { outcome: 'do-not-share', problems: `the request's ${m.what}` }, goDecision);
      }
    });
    report.engines = { compared: goSide.length, disagreements };
  },
};
