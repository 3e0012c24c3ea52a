// Checks between the notice and the Rego: each clause the content marks as a rule is implemented by a rule
// that names it (METADATA custom.clause), each clause a rule names exists, and each such rule is
// exercised by at least one scenario (OPA's own coverage of the scenarios' requests). Node-only: runs OPA.
import { distPolicyDir, readDistPolicy } from '../../compile/dist-policy.ts';
import { readdirSync, readFileSync, type Dirent } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import type { Content, ContentLocations } from '../../content/content.ts';
import { positionAt, type NoticeMessage } from '../../content/messages.ts';
import { decideEachQuery, evalWithInput, repoRoot, runTool } from '../../tools/opa.ts';
import type { PolicyData } from '../../compile/policy-data.ts';
import type { Check } from '../types.ts';
import { compilerMessages } from '../../compile/compiler-messages.ts';

export interface ClauseRule {
  /** Rego file, relative to the repository root. */
  file: string;
  line: number;
  column: number;
  /** The rule's path, as data.sharing.x.y. */
  rule: string;
  clause: string;
  title?: string;
}

interface InspectAnnotation {
  annotations: { custom?: { clause?: unknown; promise?: unknown }; title?: string };
  location: { file: string; row: number; col: number };
  path: { value: string }[];
}

/** The rules whose METADATA names what they implement (`custom.clause` or `custom.promise`), read by `opa inspect -a`. */
const inspections = new Map<string, InspectAnnotation[]>();

function annotatedRules(regoDir: string, key: 'clause' | 'promise', cwd: string): (Omit<ClauseRule, 'clause'> & { id: string })[] {
  // One `opa inspect` a folder, whichever key is asked for first.
  const cacheKey = `${cwd}\0${regoDir}`;
  let annotations = inspections.get(cacheKey);
  if (!annotations) {
    const run = runTool('opa', ['inspect', '--annotations', '--format', 'json', regoDir], { cwd });
    // Rego that does not compile has no rules to read: the compiler's errors are findings (regoMessages).
    annotations = run.status === 0 ? ((JSON.parse(run.stdout) as { annotations?: InspectAnnotation[] }).annotations ?? []) : [];
    inspections.set(cacheKey, annotations);
    compileErrors.set(cacheKey, run.status === 0 ? [] : compilerMessages(`${run.stderr}\n${run.stdout}`, cwd));
  }
  return annotations
    .filter((a) => a.annotations.custom?.[key] !== undefined)
    .map((a) => ({
      file: relative(cwd, resolve(cwd, a.location.file)),
      line: a.location.row,
      column: a.location.col,
      rule: a.path.map((p) => p.value).join('.'),
      id: String(a.annotations.custom![key]),
      ...(a.annotations.title ? { title: a.annotations.title } : {}),
    }));
}

const compileErrors = new Map<string, NoticeMessage[]>();

/** Where the Rego of a folder does not compile (tests included), as `opa inspect` finds it. */
export function regoMessages(regoDir: string, cwd = repoRoot): NoticeMessage[] {
  annotatedRules(regoDir, 'clause', cwd);
  return compileErrors.get(`${cwd}\0${regoDir}`) ?? [];
}

/**
 * Whether the Rego's rules could be read (it compiles, tests included): when it does not, which clauses and
 * promises have rules is not known, and every clause would read as unimplemented; the compile errors say
 * what is wrong.
 */
export function rulesReadable(regoDir: string, cwd = repoRoot): boolean {
  return regoMessages(regoDir, cwd).length === 0;
}

/** The rules that name the clause they implement. */
export function clauseRules(regoDir: string, cwd = repoRoot): ClauseRule[] {
  return annotatedRules(regoDir, 'clause', cwd).map(({ id, ...rule }) => ({ ...rule, clause: id }));
}

/** A rule of sharing.promises that states a promise of content/promises.yaml. */
export interface PromiseRule extends Omit<ClauseRule, 'clause'> {
  promise: string;
}

/** The rules that state a promise (METADATA `custom.promise`). */
export function promiseRules(regoDir: string, cwd = repoRoot): PromiseRule[] {
  return annotatedRules(regoDir, 'promise', cwd).map(({ id, ...rule }) => ({ ...rule, promise: id }));
}

/** The Rego lines OPA's evaluator covers when it decides the given requests. */
export async function coveredLines(regoDir: string, dataFile: string, requests: readonly unknown[], cwd = repoRoot): Promise<Map<string, Set<number>>> {
  const report = (await evalWithInput(['--coverage', '--ignore', '*_test.rego', '--data', regoDir, '--data', dataFile], requests, decideEachQuery, { cwd })) as {
    coverage: { files: Record<string, { covered?: { start: { row: number } }[] }> };
  };
  const covered = new Map<string, Set<number>>();
  for (const [file, entry] of Object.entries(report.coverage.files)) {
    covered.set(relative(cwd, resolve(cwd, file)), new Set((entry.covered ?? []).map((r) => r.start.row)));
  }
  return covered;
}

export function policyChecks(data: PolicyData, locations: ContentLocations, rules: readonly ClauseRule[], covered: Map<string, Set<number>> | undefined, notice = 'content/notice.yaml'): NoticeMessage[] {
  const messages: NoticeMessage[] = [];
  const implemented = new Set(rules.map((r) => r.clause));
  for (const [id, clause] of Object.entries(data.notice.clauses)) {
    if (clause.rule && !implemented.has(id)) {
      const where = locations.clauses.get(id) ?? { file: notice, line: 1, column: 1 };
      messages.push({ ...where, ruleId: 'clause-not-implemented', severity: 'error', reason: `Clause \`${id}\` is marked as a rule but no Rego rule implements it`, expected: `a rule with METADATA \`custom.clause: ${id}\`` });
    }
  }
  for (const rule of rules) {
    const at = { file: rule.file, line: rule.line, column: rule.column };
    if (!(rule.clause in data.notice.clauses)) {
      messages.push({ ...at, ruleId: 'unknown-clause', severity: 'error', reason: `Rule \`${rule.rule}\` cites clause \`${rule.clause}\`, which the notice does not have`, expected: 'the id of a clause in content/notice.yaml' });
    } else if (!data.notice.clauses[rule.clause]!.rule) {
      messages.push({ ...at, ruleId: 'clause-not-a-rule', severity: 'warning', reason: `Rule \`${rule.rule}\` implements clause \`${rule.clause}\`, which the content does not mark \`rule: true\``, cause: locations.clauses.get(rule.clause) });
    }
    if (covered && !covered.get(rule.file)?.has(rule.line)) {
      messages.push({ ...at, ruleId: 'rule-not-exercised', severity: 'error', reason: `No scenario exercises rule \`${rule.rule}\` (clause \`${rule.clause}\`)`, expected: 'a scenario in test/scenarios whose request reaches this rule' });
    }
  }
  return messages;
}

/** Every string of a value, and every key of its objects, at any depth. */
function stringsOf(value: unknown, into = new Set<string>()): Set<string> {
  if (typeof value === 'string') into.add(value);
  else if (Array.isArray(value)) for (const entry of value) stringsOf(entry, into);
  else if (value !== null && typeof value === 'object') {
    for (const [key, entry] of Object.entries(value)) {
      into.add(key);
      stringsOf(entry, into);
    }
  }
  return into;
}

/** Each line of the Rego files of a folder (tests left out, paths relative to `cwd`), without its comment. */
function* regoLines(regoDir: string, cwd: string): Generator<{ file: string; line: number; code: string }> {
  const files = (readdirSync(regoDir, { recursive: true, withFileTypes: true }) as Dirent[])
    .filter((entry) => entry.isFile() && entry.name.endsWith('.rego') && !entry.name.endsWith('_test.rego'))
    .map((entry) => relative(cwd, join(entry.parentPath, entry.name)))
    .sort();
  for (const file of files) {
    const lines = readFileSync(join(cwd, file), 'utf8').split('\n');
    for (const [index, text] of lines.entries()) yield { file, line: index + 1, code: withoutComment(text) };
  }
}

/**
 * The ids the Rego writes out ("other-professionals", "follow-sharing-agreement": every double-quoted
 * string of hyphenated lower-case words, outside comments) that are none of the notice's: not a key or a
 * string of its data, not a promise or a choice, not a value the request or the decision schema allows. A
 * clause or an obligation taken out of the content while a verdict still cites it would otherwise build,
 * and the runtime would refuse to word that verdict.
 */
export function unknownIdMessages(regoDir: string, known: ReadonlySet<string>, cwd = repoRoot): NoticeMessage[] {
  const messages: NoticeMessage[] = [];
  for (const { file, line, code } of regoLines(regoDir, cwd)) {
    for (const found of code.matchAll(/"([a-z0-9]+(?:-[a-z0-9]+)+)"/g)) {
      if (known.has(found[1]!)) continue;
      messages.push({ file, line, column: found.index + 1, ruleId: 'unknown-id', severity: 'error', reason: `The policy cites \`${found[1]}\`, which is none of the notice's ids`, expected: "a clause, obligation, promise or other id of content/, or an outcome" });
    }
  }
  return messages;
}

/** A line of Rego without its comment: from the first `#` outside a string. */
function withoutComment(line: string): string {
  let inString: '"' | '`' | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (inString) {
      if (c === '\\' && inString === '"') i++;
      else if (c === inString) inString = undefined;
    } else if (c === '"' || c === '`') inString = c;
    else if (c === '#') return line.slice(0, i);
  }
  return line;
}

/**
 * Where the Rego writes an id that a decision cited and the data does not have (found by deciding, not
 * by reading the Rego): each place the id is written as a string, or the policy folder when it is built
 * some other way.
 */
export function citedMessages(regoDir: string, kind: string, id: string, cwd = repoRoot): NoticeMessage[] {
  const message = { ruleId: 'unknown-id', severity: 'error', reason: `The policy cites ${kind} \`${id}\`, which the notice does not have: a decision that cites it cannot be worded`, expected: `${kind === 'obligation' ? 'an' : 'a'} ${kind} of content/ with that id` } as const;
  const found: NoticeMessage[] = [];
  for (const { file, line, code } of regoLines(regoDir, cwd)) {
    const at = code.indexOf(`"${id}"`);
    if (at >= 0) found.push({ file, line, column: at + 1, ...message });
  }
  return found.length > 0 ? found : [{ file: relative(cwd, regoDir), line: 1, column: 1, ...message }];
}

/**
 * The clauses the site's pages name by id (`clause('no-consent')`, `clauseHref('…')`, `['a', 'b'].map(clause)`)
 * that the notice does not have: a renamed clause would otherwise stop the site's build with a stack trace
 * and no position.
 */
export function siteClauseMessages(root: string, clauses: ReadonlySet<string>): NoticeMessage[] {
  const messages: NoticeMessage[] = [];
  const pages = join(root, 'site', 'pages');
  let files: string[];
  try {
    files = readdirSync(pages).filter((name) => name.endsWith('.astro')).sort();
  } catch {
    return messages;
  }
  for (const name of files) {
    const file = relative(root, join(pages, name));
    const text = readFileSync(join(pages, name), 'utf8');
    const cited: { id: string; index: number }[] = [];
    for (const call of text.matchAll(/\bclause(?:Href)?\(\s*'([^']+)'\s*\)/g)) cited.push({ id: call[1]!, index: call.index + call[0].indexOf("'") });
    for (const list of text.matchAll(/\[([^\]]*)\]\.map\(clause\)/g)) {
      for (const entry of list[1]!.matchAll(/'([^']+)'/g)) cited.push({ id: entry[1]!, index: list.index + 1 + entry.index });
    }
    for (const { id, index } of cited.sort((a, b) => a.index - b.index)) {
      if (clauses.has(id)) continue;
      messages.push({ file, ...positionAt(text.slice(0, index)), ruleId: 'unknown-id', severity: 'error', reason: `The page names clause \`${id}\`, which the notice does not have`, expected: 'the id of a clause of content/notice.yaml' });
    }
  }
  return messages;
}

/** The ids the notice has: its data's keys and strings, its promises and choices, and the schemas' values. */
export async function noticeIds(data: PolicyData, content: Content, root: string): Promise<Set<string>> {
  const known = stringsOf(data);
  for (const entry of [...content.promises, ...content.choices]) known.add(entry.id);
  for (const schema of ['request.schema.json', 'decision.schema.json']) stringsOf(JSON.parse(await readFile(join(root, 'content', 'schemas', schema), 'utf8')), known);
  return known;
}

/**
 * Whether the notice and the Rego agree, as the build requires before it publishes: the Rego compiles,
 * every rule's METADATA names a clause (custom.clause) and a promise (custom.promise) that exist, and every
 * clause marked as a rule and every promise has a rule. Reads the checkout's dist/policy/data.json.
 */
export async function policyAgreement(root: string, content: Content, locations: ContentLocations): Promise<NoticeMessage[]> {
  const regoDir = join(root, 'policy', 'sharing');
  const { data } = await readDistPolicy(distPolicyDir(root));
  return [
    ...unknownIdMessages(regoDir, await noticeIds(data, content, root), root),
    ...siteClauseMessages(root, new Set(Object.keys(data.notice.clauses))),
    ...rulesAgreement(root, data, content.promises, locations),
  ];
}

/**
 * What the Rego's rules and the notice say of each other, deciding nothing: the compile errors, then (when
 * the rules can be read) the clauses and promises each way.
 */
export function rulesAgreement(root: string, data: PolicyData, promises: readonly { id: string }[], locations: ContentLocations): NoticeMessage[] {
  const regoDir = join(root, 'policy', 'sharing');
  if (!rulesReadable(regoDir, root)) return regoMessages(regoDir, root);
  return [...policyChecks(data, locations, clauseRules(regoDir, root), undefined), ...promiseRuleChecks(promises, promiseRules(regoDir, root), locations)];
}

/**
 * The check: the notice and the Rego agree, and (over the whole scenario set only) the scenarios exercise
 * every rule that implements a clause.
 */
export const policyCheck: Check = {
  id: 'policy',
  async run({ root, whole, dist, locations, report, decisions }) {
    const regoDir = join(root, 'policy', 'sharing');
    report.messages.push(...regoMessages(regoDir, root));
    // Whether every rule is exercised is a question for the whole scenario set: a run on some of the
    // scenarios (named files or folders) does not ask it, and the report says so.
    report.ruleCoverage = whole ? 'checked' : 'skipped';
    const covered = whole ? await coveredLines(regoDir, join(dist.dir, 'data.json'), [...decisions.keys()].map((s) => s.request), root) : undefined;
    if (rulesReadable(regoDir, root)) report.messages.push(...policyChecks(dist.data, locations, clauseRules(regoDir, root), covered));
  },
};

/** Every promise has a rule, every rule a promise. */
export function promiseRuleChecks(promises: readonly { id: string }[], rules: readonly PromiseRule[], locations: ContentLocations): NoticeMessage[] {
  const messages: NoticeMessage[] = [];
  const stated = new Set(rules.map((r) => r.promise));
  for (const promise of promises) {
    if (!stated.has(promise.id)) {
      messages.push({
        ...(locations.promises.get(promise.id) ?? { file: 'content/promises.yaml', line: 1, column: 1 }), ruleId: 'promise-not-stated', severity: 'error',
        reason: `Promise \`${promise.id}\` is not stated by any Rego rule, so nothing proves it`, expected: `a rule in policy/sharing/promises with METADATA \`custom.promise: ${promise.id}\``,
      });
    }
  }
  const known = new Set(promises.map((p) => p.id));
  for (const rule of rules) {
    if (!known.has(rule.promise)) {
      messages.push({
        file: rule.file, line: rule.line, column: rule.column, ruleId: 'unknown-promise', severity: 'error',
        reason: `Rule \`${rule.rule}\` states promise \`${rule.promise}\`, which content/promises.yaml does not have`, expected: 'the id of a promise in content/promises.yaml',
      });
    }
  }
  return messages;
}
