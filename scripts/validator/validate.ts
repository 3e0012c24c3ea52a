// `npm run validate`: an ordered list of checks over one checkout. The content first (dist/policy rebuilt
// when stale); then, on the compiled policy.wasm that ships, every scenario, the agreement of notice and
// Rego, the proof of the promises, OPA's Go evaluator deciding as the WASM runtime does, the UK GDPR
// completeness report, readability per section, and the choices the Caldicott Guardian has not confirmed.
// Returns data; reporters word it. Node-only.
import { Ajv2020 } from 'ajv/dist/2020.js';
import { join, resolve } from 'node:path';
import { createEngine, type SharingPolicy } from '../../policy/runtime/engine.ts';
import { loadSdkModule } from '../../policy/runtime/sdk-module.ts';
import { toProblems } from '../../policy/runtime/problems.ts';
import { distPolicyDir, readDistPolicy, type DistPolicy } from '../compile/dist-policy.ts';
import { compareMessages } from '../content/messages.ts';
import { choicesCheck } from './checks/choices.ts';
import { completenessCheck } from './checks/completeness.ts';
import { contentCheck } from './checks/content.ts';
import { enginesCheck } from './checks/engines.ts';
import { citedMessages, noticeIds, policyCheck, rulesAgreement, siteClauseMessages, unknownIdMessages } from './checks/policy.ts';
import { PolicyEvaluationError } from '../../policy/runtime/errors.ts';
import { promisesCheck } from './checks/promises.ts';
import { misspeltIds } from './checks/misspelt-ids.ts';
import { spaceCache, type SpaceCache } from '../impact/space-cache.ts';
import { readabilityCheck } from './checks/readability.ts';
import { plainWordsCheck } from './checks/plain-words.ts';
import { scenariosCheck } from './checks/scenarios.ts';
import { readConfig, scenarioFiles, type ValidateConfig } from './config.ts';
import type { Check, CheckContext, ValidateReport } from './types.ts';

export type { Check, CheckContext, ScenarioResult, ValidateReport } from './types.ts';
export { ConfigError, defaultConfig, readConfig, scenarioFiles, type ValidateConfig } from './config.ts';

/** The checks after the content's, in order: each may read what the ones before it found. */
export const checks: readonly Check[] = [scenariosCheck, policyCheck, promisesCheck, enginesCheck, completenessCheck, readabilityCheck, plainWordsCheck, choicesCheck];

/**
 * The runtime over a checkout's built policy. Requests are checked against that checkout's request schema,
 * unless `checkRequests` is false: then an id the checkout does not know reaches its policy, which refuses
 * it (fails closed), as the change impact needs.
 */
export async function checkoutPolicy(dist: DistPolicy, options: { checkRequests?: boolean } = {}): Promise<SharingPolicy> {
  const check = dist.requestSchema ? new Ajv2020({ allErrors: true, strict: false }).compile(dist.requestSchema) : undefined;
  return createEngine({
    loader: loadSdkModule,
    wasm: dist.wasm,
    data: dist.data as never,
    // The checkout's own build, whichever notice it holds (a fixture's, a base's): not this runtime's.
    pin: false,
    // Its shares are proven against the promises, which say where one sends what was not asked for.
    holdSharesToRequest: false,
    checkRequest: options.checkRequests === false || !check ? () => [] : (request) => (check(request) ? [] : toProblems(check.errors as never)),
  });
}

/**
 * Validates the checkout at `root`. `checks` runs only the named checks (after the content's, in their
 * order), for a quicker loop or a test of one rule; by default, all of them. `cache`: where earlier runs'
 * decisions of the space are kept (default: the checkout's, space-cache.ts spaceCache); false for none.
 */
export async function validate(options: { root: string; paths?: string[]; config?: ValidateConfig; checks?: readonly string[]; cache?: SpaceCache | false }): Promise<ValidateReport> {
  const root = resolve(options.root);
  const config = options.config ?? (await readConfig(root));
  const files = await scenarioFiles(root, options.paths?.length ? options.paths : ['test/scenarios']);
  const report: ValidateReport = { root, rebuilt: false, messages: [], scenarios: [], completeness: [], readability: [] };
  const loaded = await contentCheck(root, report);
  if (loaded) {
    const dist = await readDistPolicy(distPolicyDir(root));
    if (!dist.requestSchema) throw new Error(`${join(dist.dir, 'request.schema.json')} is missing: run npm run build`);
    const policy = await checkoutPolicy(dist);
    report.noticeVersion = policy.noticeVersion;
    report.wasmSha256 = policy.wasmSha256;
    const whole = !options.paths?.length || (options.paths.length === 1 && resolve(root, options.paths[0]!) === resolve(root, 'test/scenarios'));
    // An id the Rego cites that the notice does not have (an obligation taken out of the content while a
    // verdict still names it): the runtime could not word that verdict, so nothing is decided until it is
    // fixed; the build refuses it too.
    const unknownIds = unknownIdMessages(join(root, 'policy', 'sharing'), await noticeIds(dist.data, loaded.content, root), root);
    report.messages.push(...siteClauseMessages(root, new Set(Object.keys(dist.data.notice.clauses))));
    report.messages.push(...unknownIds);
    const cache = options.cache === false ? undefined : (options.cache ?? spaceCache(root));
    const context: CheckContext = { root, config, files, whole, ...loaded, dist: { ...dist, requestSchema: dist.requestSchema }, policy, report, decisions: new Map(), malformed: [], ...(cache ? { cache } : {}) };
    try {
      if (unknownIds.length === 0) for (const check of checks.filter((c) => !options.checks || options.checks.includes(c.id))) await check.run(context);
      // Nothing is decided, but what the Rego and the notice say of each other is still read, as the build
      // reads it: a renamed clause is every place that names it, not only the ids a verdict cites.
      else report.messages.push(...rulesAgreement(root, dist.data, loaded.content.promises, loaded.locations));
    } catch (error) {
      // A verdict the runtime cannot word (an id the static check above could not see: a one-word id, an
      // escape in the string, a clause renamed while another part of the notice keeps its old id): a
      // finding at each place the Rego writes the id, and the checks after it are not run.
      if (!(error instanceof PolicyEvaluationError) || !error.unknown) throw error;
      report.messages.push(...citedMessages(join(root, 'policy', 'sharing'), error.unknown.kind, error.unknown.id, root));
    }
    report.messages = misspeltIds(report.messages, report.scenarios, Object.keys(dist.data.notice.clauses), root);
  }
  report.messages.sort(compareMessages);
  return report;
}
