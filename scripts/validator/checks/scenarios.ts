// Every scenario run against the compiled policy.wasm that ships: its request decided (or rejected) as the
// scenario expects. Scenarios whose file or request does not match its schema are counted as not run.
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Decision, SharingRequest } from '../../../policy/runtime/core.ts';
import { readSchemas } from '../../content/content-node.ts';
import { loadScenarios, type Scenario } from '../../content/scenario-files.ts';
import type { Check, ScenarioResult } from '../types.ts';

/** What the policy did with a scenario's request, against what the scenario expects. */
export function compareScenario(scenario: Scenario, decision: Decision | undefined): ScenarioResult {
  const expected = scenario.expect;
  if (!decision) {
    return { scenario, expected, actual: { rejected: true }, passed: 'rejected' in expected, missing: 'rejected' in expected ? [] : [`outcome ${expected.outcome}`] };
  }
  const actual = { outcome: decision.outcome, reasons: decision.reasons.map((r): string => r.clause), obligations: decision.obligations.map((o): string => o.id), information: [...decision.information] };
  const sameKinds = (kinds: readonly string[]) => [...kinds].sort().join(',') === [...actual.information].sort().join(',');
  if ('rejected' in expected) return { scenario, expected, actual, passed: false, missing: ['rejection'] };
  const missing = [
    ...(actual.outcome === expected.outcome ? [] : [`outcome ${expected.outcome}`]),
    ...(expected.reasons ?? []).filter((id) => !actual.reasons.includes(id)).map((id) => `reason ${id}`),
    ...(expected.obligations ?? []).filter((id) => !actual.obligations.includes(id)).map((id) => `obligation ${id}`),
    // An empty list is a pin too: none at all.
    ...(expected.reasons?.length === 0 && actual.reasons.length > 0 ? ['no reasons'] : []),
    ...(expected.obligations?.length === 0 && actual.obligations.length > 0 ? ['no obligations'] : []),
    // The kinds sent are pinned exactly: share-minimum names only what may go.
    ...(expected.information && !sameKinds(expected.information) ? [expected.information.length === 0 ? 'no information' : `information ${expected.information.join(' ')}`] : []),
  ];
  return { scenario, expected, actual, passed: missing.length === 0, missing };
}

export const scenariosCheck: Check = {
  id: 'scenarios',
  async run({ root, files, dist, policy, report, decisions }) {
    const schemas = await readSchemas(join(root, 'content', 'schemas'));
    const sources = await Promise.all(files.map(async (file) => ({ path: relative(root, file), text: await readFile(file, 'utf8') })));
    const loaded = loadScenarios(sources, schemas, dist.requestSchema, dist.data);
    report.messages.push(...loaded.messages);
    // Not run: scenarios whose request does not match the request schema, those that do not match the
    // scenario schema, and those of a file that does not load.
    report.invalidScenarios = loaded.scenarios.filter((s) => !s.valid && !('rejected' in s.expect)).length + loaded.unread;
    for (const scenario of loaded.scenarios) {
      if (!scenario.valid) {
        if ('rejected' in scenario.expect) report.scenarios.push(compareScenario(scenario, undefined));
        continue;
      }
      const decision = policy.decide(scenario.request as SharingRequest);
      decisions.set(scenario, decision);
      report.scenarios.push(compareScenario(scenario, decision));
    }
    for (const result of report.scenarios.filter((r) => !r.passed)) {
      const expected = 'rejected' in result.expected ? 'rejected' : [result.expected.outcome, ...(result.expected.reasons ?? []), ...(result.expected.obligations ?? [])].join(' ');
      const actual = 'rejected' in result.actual ? 'rejected' : [result.actual.outcome, ...result.actual.reasons, ...result.actual.obligations].join(' ');
      report.messages.push({
        file: result.scenario.file, line: result.scenario.line, column: result.scenario.column,
        ruleId: 'scenario-failed', severity: 'error',
        reason: `Scenario \`${result.scenario.id}\` failed: missing ${result.missing.join(', ')}`,
        expected, actual,
      });
    }
  },
};
