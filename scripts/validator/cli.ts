// `npm run validate` and `npm run diff` (scripts/validate.ts, scripts/diff.ts): argument parsing and exit codes around validate() and impact().
// Exit codes: 0 all good, 1 failures (or, with --fail-on-change, a changed decision no scenario pins),
// 2 usage or configuration errors.
import { readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { loadAcceptedChanges } from '../impact/accepted-changes.ts';
import { loadContentDir, readSchemas } from '../content/content-node.ts';
import { checkBase, impact } from '../impact/impact.ts';
import { impactMessages } from '../report/impact-messages.ts';
import { compareMessages } from '../content/messages.ts';
import { counts, formats, render, type Format } from '../report/index.ts';
import { applyRuleSettings, type RuleSetting } from './rules.ts';
import { ConfigError, readConfig, scenarioFiles, validate, type ValidateReport } from './validate.ts';
import { ToolUnavailableError } from '../tools/opa.ts';

export const validateUsage = `Usage: npm run validate -- [scenario files or folders...] [options]
       npm run diff -- --base <git-ref> [options]
(in the notice's repository; npm runs scripts/validate.ts and scripts/diff.ts on the Node 24 that npm ci installs)

validate checks the content (schemas, ids, references, empty clauses, links), that every clause marked as
a rule is implemented by a Rego rule and every rule is exercised by a scenario, runs every scenario
(default test/scenarios) against dist/policy/policy.wasm (rebuilt when stale) and against OPA's Go
evaluator, reports UK GDPR Art 13/14 completeness and readability per section, and warns of each choice
the Caldicott Guardian has not confirmed yet.

Options:
  --format <f>       pretty (default), json, junit, github, markdown
  --output <file>    write the report to a file instead of standard output
  --report <f>=<file>  also write the report in format <f> to <file>; repeatable, so one run gives CI
                     its annotations, its JUnit file and its pull-request comment
  --base <git-ref>   also report what the change since <git-ref> newly allows or forbids: the request
                     space of both sides' content (and requests beyond it), decided by both policies,
                     whole decisions compared
  --fail-on-change   exit 1 when a decision changed that no scenario pins and no accepted change covers,
                     or an accepted change matches nothing (with --base, or diff)
  --accepted <file>  the accepted changes (default test/accepted-changes.yaml)
  --root <dir>       the repository (default: the current folder)
  --no-cache         decide the space again even where an earlier run decided it with the same policy,
                     data and deciding code (results are kept in $NOTICE_CACHE_DIR, else in
                     node_modules/.cache/privacy-notice; NOTICE_CACHE_DIR=off keeps none)

Exit codes: 0 all good, 1 failures, 2 usage or configuration errors.`;

interface Options {
  paths: string[];
  format: Format;
  output?: string;
  /** More reports of the same run, each a format written to a file. */
  reports: { format: Format; file: string }[];
  base?: string;
  failOnChange: boolean;
  accepted: string;
  root: string;
  /** False with --no-cache: nothing kept from earlier runs is used, and nothing is kept. */
  cache: boolean;
}

function parse(argv: readonly string[], command: 'validate' | 'diff'): Options | string {
  const options: Options = { paths: [], format: 'pretty', reports: [], failOnChange: false, accepted: join('test', 'accepted-changes.yaml'), root: process.cwd(), cache: true };
  let acceptedGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const next = argv[++i];
      if (next === undefined || next.startsWith('--')) throw new ConfigError(`${arg} needs a value`);
      return next;
    };
    if (arg === '--help' || arg === '-h') return 'help';
    if (arg === '--format') {
      const format = value();
      if (!formats.includes(format as Format)) return `Unknown format \`${format}\`, expected one of ${formats.join(', ')}`;
      options.format = format as Format;
    } else if (arg === '--output') options.output = value();
    else if (arg === '--report') {
      const [format, ...file] = value().split('=');
      if (!formats.includes(format as Format) || file.join('=') === '') return `--report needs <format>=<file>, with a format of ${formats.join(', ')}`;
      options.reports.push({ format: format as Format, file: file.join('=') });
    }
    else if (arg === '--base') options.base = value();
    else if (arg === '--root') options.root = resolve(value());
    else if (arg === '--fail-on-change') options.failOnChange = true;
    else if (arg === '--no-cache') options.cache = false;
    else if (arg === '--accepted') {
      options.accepted = value();
      acceptedGiven = true;
    }
    else if (arg.startsWith('--')) return `Unknown option \`${arg}\``;
    else options.paths.push(arg);
  }
  // A file of accepted changes named on the command line must be there (the default may be absent: none accepted).
  if (acceptedGiven && !existsSync(resolve(options.root, options.accepted))) return `--accepted ${options.accepted}: no such file`;
  // Each report goes to its own file, in a folder that exists: found before the run, not after it.
  const targets = [options.output, ...options.reports.map((r) => r.file)].filter((file): file is string => file !== undefined).map((file) => resolve(file));
  const twice = targets.find((file, i) => targets.indexOf(file) !== i);
  if (twice) return `Two reports would be written to ${twice}: give each --output and --report its own file`;
  const noFolder = targets.find((file) => !existsSync(dirname(file)));
  if (noFolder) return `Cannot write a report to ${noFolder}: no such folder`;
  if (command === 'diff' && !options.base) return 'diff needs --base <git-ref>';
  if (options.failOnChange && !options.base) return '--fail-on-change needs --base <git-ref>';
  return options;
}

/**
 * With --base: the change impact, into the report (a content error, or a base that cannot be worked out,
 * still gives a report, saying why there is no impact). Returns 2 when the impact could not be worked out.
 */
async function addImpact(report: ValidateReport, options: Options & { base: string }, scenarioPaths: readonly string[]): Promise<number> {
  const { root } = options;
  const acceptedPath = resolve(root, options.accepted);
  const acceptedText = await readFile(acceptedPath, 'utf8').catch(() => undefined);
  const accepted = loadAcceptedChanges(acceptedText === undefined ? undefined : { path: relative(root, acceptedPath), text: acceptedText }, await readSchemas(join(root, 'content', 'schemas')));
  report.messages.push(...accepted.messages);
  if (report.noticeVersion === undefined && report.command === 'validate') {
    report.impact = { notRun: 'the working tree\'s content does not load; see the errors' };
    return 0;
  }
  try {
    const files = await scenarioFiles(root, scenarioPaths);
    const worked = await impact({ root, base: options.base, scenarioFiles: files, acceptedChanges: accepted.accepted, ...(options.cache ? {} : { cache: false as const }) });
    report.impact = worked;
    report.noticeVersion ??= worked.headVersion;
    const found = impactMessages(worked, { failOnChange: options.failOnChange, acceptedFile: relative(root, acceptedPath) });
    // A rename the impact found says, at the same place, what the validator's misspelt id says without a base.
    const renamedAt = new Set(found.filter((m) => m.ruleId === 'id-renamed').map((m) => `${m.file}:${m.line}:${m.column}`));
    report.messages = report.messages.filter((m) => m.ruleId !== 'misspelt-id' || !renamedAt.has(`${m.file}:${m.line}:${m.column}`));
    report.messages.push(...found);
    return 0;
  } catch (error) {
    if (!(error instanceof ConfigError || error instanceof ToolUnavailableError)) throw error;
    report.impact = { notRun: error.message };
    return 2;
  }
}

export async function runValidate(argv: readonly string[], command: 'validate' | 'diff'): Promise<number> {
  let options: Options | string;
  try {
    options = parse(argv, command);
  } catch (error) {
    options = (error as Error).message;
  }
  if (options === 'help') {
    console.log(validateUsage);
    return 0;
  }
  if (typeof options === 'string') {
    console.error(`${command}: ${options}\n\n${validateUsage}`);
    return 2;
  }
  const { root } = options;
  let report: ValidateReport;
  let code = 0;
  let ruleSettings: Record<string, RuleSetting> = {};
  try {
    const scenarioPaths = options.paths.length ? options.paths : ['test/scenarios'];
    const config = await readConfig(root);
    ruleSettings = config.rules;
    // A base that is no commit is known before anything is checked: the report says so, and nothing else.
    let noBase: string | undefined;
    try {
      if (options.base) checkBase(root, options.base);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      noBase = error.message;
    }
    if (noBase !== undefined) {
      report = { root, rebuilt: false, messages: [], scenarios: [], completeness: [], readability: [], command, impact: { notRun: noBase } };
      code = 2;
    } else if (command === 'validate') {
      report = { ...(await validate({ root, paths: scenarioPaths, config, ...(options.cache ? {} : { cache: false as const }) })), command };
    } else {
      // The diff alone: the content's own errors (if it does not load) and the impact.
      report = { root, rebuilt: false, messages: [], scenarios: [], completeness: [], readability: [], command };
      const content = await loadContentDir(join(root, 'content'), root);
      report.messages.push(...content.messages);
      if (content.content) report.noticeVersion = content.content.notice.notice.version;
      else report.impact = { notRun: 'the working tree\'s content does not load; see the errors' };
    }
    if (options.base && !report.impact) code = await addImpact(report, { ...options, base: options.base }, scenarioPaths);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof ToolUnavailableError) {
      console.error(`${command}: ${error.message}`);
      return 2;
    }
    // Anything else that stops a check is not a finding about the notice: the run could not be made.
    console.error(`${command}: could not run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 2;
  }
  // notice.config.yaml's `rules`: a rule turned off, or given another severity (locked rules stay errors).
  report.messages = applyRuleSettings(report.messages, ruleSettings).sort(compareMessages);
  if (code === 2) console.error(`${command}: the change impact could not be worked out: ${(report.impact as { notRun: string }).notRun}`);
  else if (counts(report).errors > 0) code = 1;
  const outputs = [{ format: options.format, file: options.output }, ...options.reports];
  for (const { format, file } of outputs) {
    const text = render(report, format, format === 'pretty' && !file && process.stdout.isTTY);
    if (file === undefined) {
      console.log(text);
      continue;
    }
    try {
      await writeFile(resolve(file), `${text}\n`);
    } catch (error) {
      console.error(`${command}: could not write the report to ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such folder' : (error as Error).message}`);
      return 2;
    }
  }
  return code;
}
