// `notice validate`: the content checks, the checks between notice and Rego, every scenario run against
// the compiled policy.wasm that ships (built first when stale), the Go evaluator's agreement with it, the
// UK GDPR completeness report and readability per section. Returns data; reporters word it. Node-only.
import { Ajv2020 } from 'ajv/dist/2020.js';
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { createSharingPolicy, toProblems, type Decision, type SharingPolicy, type SharingRequest } from '../../policy/runtime/core.ts';
import { completeness, type CompletenessItem } from './checks/completeness.ts';
import { loadContentDir, readSchemas } from '../content/content-node.ts';
import type { Content, ContentLocations } from '../content/content.ts';
import type { NoticeMessage, Severity } from '../content/messages.ts';
import { compareMessages } from '../content/messages.ts';
import { evalWithInput } from '../tools/opa.ts';
import { buildPolicyArtifacts, isStale } from '../build/pipeline.ts';
import { malformedRequests } from './malformed.ts';
import { clauseRules, coveredLines, policyChecks, promiseRules, regoMessages } from './checks/policy.ts';
import { promiseRuleChecks, provePromises, type PromiseProof } from './checks/promises.ts';
import type { ImpactReport } from '../impact/impact.ts';
import type { PolicyData } from '../build/policy-data.ts';
import { readability, type SectionReadability } from './checks/readability.ts';
import { loadScenarios, type Scenario } from './scenarios.ts';
import { requestAt } from '../impact/space.ts';
import { ruleSettingProblems, type RuleSetting } from './rules.ts';
import { locate, parseSource, schemaMessage } from '../content/yaml-source.ts';

export interface ValidateConfig {
  /** Severity of an Article 13/14 item the notice does not cover. */
  completeness: { severity: Severity };
  /** A section whose grade is above `maxGrade` gets a message of `severity`. */
  readability: { metric: 'flesch-kincaid' | 'smog'; maxGrade: number; severity: Severity };
  /** How many requests of the generated space the Go evaluator checks besides the scenarios. */
  engines: { sample: number };
  /** Rules turned off, or given another severity (scripts/validator/rules.ts; locked rules stay errors). */
  rules: Record<string, RuleSetting>;
}

export const defaultConfig: ValidateConfig = {
  completeness: { severity: 'warning' },
  readability: { metric: 'flesch-kincaid', maxGrade: 9, severity: 'warning' },
  engines: { sample: 2000 },
  rules: {},
};

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export interface ScenarioResult {
  scenario: Scenario;
  passed: boolean;
  expected: Scenario['expect'];
  /** What the policy did: a decision, or the request was rejected. */
  actual: { outcome: Decision['outcome']; reasons: string[]; obligations: string[] } | { rejected: true };
  /** What was missing: the outcome, clause ids or obligation ids. */
  missing: string[];
}

export interface ValidateReport {
  root: string;
  noticeVersion?: string;
  wasmSha256?: string;
  rebuilt: boolean;
  messages: NoticeMessage[];
  scenarios: ScenarioResult[];
  completeness: CompletenessItem[];
  readability: (SectionReadability & { grade: number; over: boolean })[];
  engines?: { compared: number; disagreements: number };
  /** The promises proven over the whole request space (and malformed requests). */
  proof?: PromiseProof;
  /** Whether every Rego rule that implements a clause was checked to be exercised: only over the whole scenario set. */
  ruleCoverage?: 'checked' | 'skipped';
  /** Scenarios that could not be run: their file or request does not match its schema. */
  invalidScenarios?: number;
  /** Which command made the report: `diff` reports the change impact alone. */
  command?: 'validate' | 'diff';
  /** With --base: what the change would newly allow or forbid, or why that could not be worked out. */
  impact?: ImpactReport | { notRun: string };
}

const configSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    completeness: { type: 'object', additionalProperties: false, properties: { severity: { enum: ['warning', 'error'] } } },
    readability: {
      type: 'object',
      additionalProperties: false,
      properties: { metric: { enum: ['flesch-kincaid', 'smog'] }, maxGrade: { type: 'number', minimum: 0 }, severity: { enum: ['warning', 'error'] } },
    },
    engines: { type: 'object', additionalProperties: false, properties: { sample: { type: 'integer', minimum: 0 } } },
    rules: { type: 'object', additionalProperties: { enum: ['off', 'warning', 'error'] } },
  },
};

/** Reads notice.config.yaml at the root, when there is one. Throws ConfigError naming file:line:col. */
export async function readConfig(root: string): Promise<ValidateConfig> {
  const path = join(root, 'notice.config.yaml');
  const text = await readFile(path, 'utf8').catch(() => undefined);
  if (text === undefined) return defaultConfig;
  const source = parseSource({ path: relative(root, path), text });
  if ('message' in source) throw new ConfigError(`${source.message.file}:${source.message.line}:${source.message.column}  ${source.message.reason}`);
  const value = (source.doc.toJS() ?? {}) as Partial<ValidateConfig>;
  const validate = new Ajv2020({ allErrors: true }).compile(configSchema);
  if (!validate(value)) {
    const lines = (validate.errors ?? []).map((e) => schemaMessage(relative(root, path), source.doc, source.lines, e));
    throw new ConfigError(lines.map((m) => `${m.file}:${m.line}:${m.column}  ${m.reason}${m.expected ? `, expected ${m.expected}` : ''}`).join('\n'));
  }
  const ruleProblems = ruleSettingProblems(value.rules ?? {});
  if (ruleProblems.length > 0) {
    throw new ConfigError(ruleProblems.map((problem) => {
      const id = problem.slice('rules.'.length, problem.indexOf(':'));
      const at = locate(relative(root, path), source.doc, source.lines, ['rules'], id);
      return `${at.file}:${at.line}:${at.column}  ${problem}`;
    }).join('\n'));
  }
  return {
    rules: value.rules ?? {},
    completeness: { ...defaultConfig.completeness, ...value.completeness },
    readability: { ...defaultConfig.readability, ...value.readability },
    engines: { ...defaultConfig.engines, ...value.engines },
  };
}

/** The scenario files named by `paths` (files, or folders searched for *.yaml), relative to `root`. */
export async function scenarioFiles(root: string, paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    const absolute = resolve(root, path);
    const info = await lstat(absolute).catch(() => undefined);
    if (!info) throw new ConfigError(`No such scenario file or folder: ${path}`);
    if (info.isSymbolicLink()) throw new ConfigError(`${path} is a symbolic link: scenario files and folders must be kept in the repository itself`);
    if (info.isDirectory()) {
      const entries = await readdir(absolute, { recursive: true, withFileTypes: true });
      const linked = entries.find((e) => e.isSymbolicLink());
      if (linked) throw new ConfigError(`${relative(root, join(linked.parentPath, linked.name))} is a symbolic link: scenario files and folders must be kept in the repository itself`);
      const found = entries.filter((e) => e.isFile() && /\.ya?ml$/.test(e.name)).map((e) => join(e.parentPath, e.name));
      if (found.length === 0) throw new ConfigError(`No scenarios found: ${path} holds no .yaml files`);
      files.push(...found);
    } else files.push(absolute);
  }
  return [...new Set(files)].sort();
}

function compare(scenario: Scenario, decision: Decision | undefined): ScenarioResult {
  const expected = scenario.expect;
  if (!decision) {
    return { scenario, expected, actual: { rejected: true }, passed: 'rejected' in expected, missing: 'rejected' in expected ? [] : [`outcome ${expected.outcome}`] };
  }
  const actual = { outcome: decision.outcome, reasons: decision.reasons.map((r) => r.clause), obligations: decision.obligations.map((o) => o.id) };
  if ('rejected' in expected) return { scenario, expected, actual, passed: false, missing: ['rejection'] };
  const missing = [
    ...(actual.outcome === expected.outcome ? [] : [`outcome ${expected.outcome}`]),
    ...(expected.reasons ?? []).filter((id) => !actual.reasons.includes(id)).map((id) => `reason ${id}`),
    ...(expected.obligations ?? []).filter((id) => !actual.obligations.includes(id)).map((id) => `obligation ${id}`),
  ];
  return { scenario, expected, actual, passed: missing.length === 0, missing };
}

/**
 * Loads the compiled policy of a checkout (its dist/policy). Requests are checked against that checkout's
 * request schema, unless `checkRequests` is false: then an id the checkout does not know reaches its
 * policy, which refuses it (fails closed), as the change-impact report needs.
 */
export async function loadCheckoutPolicy(policyDir: string, options: { checkRequests?: boolean } = {}): Promise<{ policy: SharingPolicy; data: PolicyData; requestSchema: object; wasm: Uint8Array<ArrayBuffer> }> {
  const [wasm, data, requestSchema] = await Promise.all([
    readFile(join(policyDir, 'policy.wasm')),
    readFile(join(policyDir, 'data.json'), 'utf8').then((t) => JSON.parse(t) as PolicyData),
    readFile(join(policyDir, 'request.schema.json'), 'utf8').then((t) => JSON.parse(t) as object),
  ]);
  const check = new Ajv2020({ allErrors: true, strict: false }).compile(requestSchema);
  const policy = await createSharingPolicy({
    wasm: new Uint8Array(wasm),
    data: data as never,
    // The checkout's own build, whichever notice it holds (a fixture's, a base's): not this runtime's.
    pin: false,
    checkRequest: options.checkRequests === false ? () => [] : (request) => (check(request) ? [] : toProblems(check.errors as never)),
  });
  return { policy, data, requestSchema, wasm: new Uint8Array(wasm) };
}

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

/** JSON with object keys sorted, so two engines' answers compare whatever their key order. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

export async function validate(options: { root: string; paths?: string[]; config?: ValidateConfig }): Promise<ValidateReport> {
  const root = resolve(options.root);
  const config = options.config ?? (await readConfig(root));
  const files = await scenarioFiles(root, options.paths?.length ? options.paths : ['test/scenarios']);
  const report: ValidateReport = { root, rebuilt: false, messages: [], scenarios: [], completeness: [], readability: [] };

  // 1. Content (and the artifacts built from it, when stale).
  let content: Content | undefined;
  let locations: ContentLocations | undefined;
  if (await isStale(root)) {
    const built = await buildPolicyArtifacts(root);
    report.rebuilt = true;
    report.messages.push(...built.messages);
    content = built.content;
    locations = built.locations;
  } else {
    const loaded = await loadContentDir(join(root, 'content'), root);
    report.messages.push(...loaded.messages);
    content = loaded.content;
    locations = loaded.locations;
  }
  if (!content || !locations) {
    report.messages.sort(compareMessages);
    return report;
  }

  const policyDir = join(root, 'dist', 'policy');
  const { policy, data, requestSchema, wasm } = await loadCheckoutPolicy(policyDir);
  report.noticeVersion = policy.noticeVersion;
  report.wasmSha256 = policy.wasmSha256;

  // 3. Scenarios, on the compiled policy.wasm.
  const schemas = await readSchemas(join(root, 'content', 'schemas'));
  const sources = await Promise.all(files.map(async (file) => ({ path: relative(root, file), text: await readFile(file, 'utf8') })));
  const loaded = loadScenarios(sources, schemas, requestSchema, data);
  report.messages.push(...loaded.messages);
  // Not run: scenarios whose request does not match the request schema, and every scenario of a file that
  // does not load (counted as one, as its scenarios cannot be counted).
  const unreadFiles = new Set(loaded.messages.filter((m) => ['yaml-syntax', 'yaml-aliases', 'schema'].includes(m.ruleId)).map((m) => m.file));
  report.invalidScenarios = loaded.scenarios.filter((s) => !s.valid && !('rejected' in s.expect)).length + unreadFiles.size;
  const decisions = new Map<Scenario, Decision>();
  for (const scenario of loaded.scenarios) {
    if (!scenario.valid) {
      if ('rejected' in scenario.expect) report.scenarios.push(compare(scenario, undefined));
      continue;
    }
    const decision = policy.decide(scenario.request as SharingRequest);
    decisions.set(scenario, decision);
    report.scenarios.push(compare(scenario, decision));
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

  // 2. Notice and Rego agree, and the scenarios exercise every rule that implements a clause.
  const regoDir = join(root, 'policy', 'sharing');
  const rules = clauseRules(regoDir, root);
  report.messages.push(...regoMessages(regoDir, root));
  const decided = [...decisions.keys()];
  // Whether every rule is exercised is a question for the whole scenario set: a run on some of the
  // scenarios (named files or folders) does not ask it, and the report says so.
  const whole = !options.paths?.length || (options.paths.length === 1 && resolve(root, options.paths[0]!) === resolve(root, 'test/scenarios'));
  report.ruleCoverage = whole ? 'checked' : 'skipped';
  const covered = whole ? await coveredLines(regoDir, join(policyDir, 'data.json'), decided.map((s) => s.request), root) : undefined;
  report.messages.push(...policyChecks(data, locations, rules, covered));

  // The promises, stated once in content and as Rego, proven over the whole space and malformed requests
  // (built from the requests the scenarios share) on the WASM runtime.
  const promiseRuleList = promiseRules(regoDir, root);
  report.messages.push(...promiseRuleChecks(content.promises, promiseRuleList, locations));
  const shared = [...decisions].filter(([, d]) => d.outcome === 'share' || d.outcome === 'share-minimum').map(([s]) => s.request as Record<string, unknown>);
  const bases = [...new Map(shared.map((r) => [JSON.stringify(r), r])).values()];
  const malformed = malformedRequests(data, bases);
  const proven = await provePromises({ data, wasm, requestSchema, promises: content.promises, locations, rules: promiseRuleList, malformed });
  report.proof = proven.proof;
  report.messages.push(...proven.messages);

  // Two engines: the Go evaluator on the same bundle decides the scenarios, a sample of the space and the
  // malformed requests, and checks the promises on each: it must decide as the WASM runtime does, keep
  // every promise, and never share what is malformed.
  const size = report.proof.space;
  const step = Math.max(1, Math.floor(size / Math.max(config.engines.sample, 1)));
  const sample = config.engines.sample > 0 ? Array.from({ length: Math.ceil(size / step) }, (_, k) => requestAt(data, k * step)) : [];
  const requests: unknown[] = [...decided.map((s) => s.request), ...sample];
  const wasmDecisions = [...decisions.values(), ...sample.map((r) => policy.decide(r as SharingRequest))];
  const goSide = await goDecisions(join(policyDir, 'bundle.tar.gz'), [...requests, ...malformed.map((m) => m.request)], root);
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

  // 4. What a privacy notice must tell people.
  report.completeness = completeness(content);
  for (const item of report.completeness.filter((i) => i.clauses.length === 0)) {
    report.messages.push({
      ...locations.notice, ruleId: 'gdpr-missing', severity: config.completeness.severity,
      reason: `Missing from the notice: ${item.text} (UK GDPR ${item.article})`,
      expected: `a clause with \`covers: [${item.id}]\``,
    });
  }

  // 5. Plain English, per section.
  report.readability = readability(content).map((section) => {
    const grade = config.readability.metric === 'smog' ? section.smogGrade : section.fleschKincaidGrade;
    return { ...section, grade, over: grade > config.readability.maxGrade };
  });
  for (const section of report.readability.filter((s) => s.over)) {
    report.messages.push({
      ...(locations.sectionTitles.get(section.section) ?? locations.notice), ruleId: 'readability', severity: config.readability.severity,
      reason: `Section \`${section.section}\` reads at grade ${section.grade} (${config.readability.metric})`,
      expected: `grade ${config.readability.maxGrade} or below`, actual: `grade ${section.grade}`,
    });
  }

  report.messages.sort(compareMessages);
  return report;
}
