// `notice validate` and `notice diff`: argument parsing and exit codes around validate() and impact().
// Exit codes: 0 all good, 1 failures (or, with --fail-on-change, a changed decision no scenario pins),
// 2 usage or configuration errors.
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { impact, impactJson, impactMarkdown, impactPretty, type ImpactReport } from './impact.ts';
import { counts, formats, render, type Format } from './reporters.ts';
import { ConfigError, readConfig, scenarioFiles, validate } from './validate.ts';
import { ToolUnavailableError } from './opa.ts';

export const validateUsage = `Usage: notice validate [scenario files or folders...] [options]
       notice diff --base <git-ref> [options]

validate checks the content (schemas, ids, references, empty clauses, links), that every clause marked as
a rule is implemented by a Rego rule and every rule is exercised by a scenario, runs every scenario
(default test/scenarios) against dist/policy/policy.wasm (rebuilt when stale) and against OPA's Go
evaluator, and reports UK GDPR Art 13/14 completeness and readability per section.

Options:
  --format <f>       pretty (default), json, junit, github, markdown
  --output <file>    write the report to a file instead of standard output
  --base <git-ref>   also report what the change since <git-ref> newly allows or forbids
  --fail-on-change   exit 1 when a decision changed that no scenario pins (with --base, or diff)
  --root <dir>       the repository (default: the current folder)

Exit codes: 0 all good, 1 failures, 2 usage or configuration errors.`;

interface Options {
  paths: string[];
  format: Format;
  output?: string;
  base?: string;
  failOnChange: boolean;
  root: string;
}

function parse(argv: readonly string[], command: 'validate' | 'diff'): Options | string {
  const options: Options = { paths: [], format: 'pretty', failOnChange: false, root: process.cwd() };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const next = argv[++i];
      if (next === undefined || next.startsWith('--')) throw new ConfigError(`${arg} needs a value`);
      return next;
    };
    if (arg === '--format') {
      const format = value();
      if (!formats.includes(format as Format)) return `Unknown format \`${format}\`, expected one of ${formats.join(', ')}`;
      options.format = format as Format;
    } else if (arg === '--output') options.output = value();
    else if (arg === '--base') options.base = value();
    else if (arg === '--root') options.root = resolve(value());
    else if (arg === '--fail-on-change') options.failOnChange = true;
    else if (arg.startsWith('--')) return `Unknown option \`${arg}\``;
    else options.paths.push(arg);
  }
  if (command === 'diff' && !options.base) return 'notice diff needs --base <git-ref>';
  if (options.failOnChange && !options.base) return '--fail-on-change needs --base <git-ref>';
  return options;
}

function renderImpact(report: ImpactReport, format: Format): string {
  if (format === 'markdown') return impactMarkdown(report);
  if (format === 'json') return impactJson(report);
  return impactPretty(report);
}

export async function runValidate(argv: readonly string[], command: 'validate' | 'diff'): Promise<number> {
  let options: Options | string;
  try {
    options = parse(argv, command);
  } catch (error) {
    options = (error as Error).message;
  }
  if (typeof options === 'string') {
    console.error(`notice ${command}: ${options}\n\n${validateUsage}`);
    return 2;
  }
  const { root } = options;
  const out: string[] = [];
  let code = 0;
  try {
    const scenarioPaths = options.paths.length ? options.paths : ['test/scenarios'];
    if (command === 'validate') {
      const config = await readConfig(root);
      const report = await validate({ root, paths: scenarioPaths, config });
      out.push(render(report, options.format, options.format === 'pretty' && !options.output && process.stdout.isTTY));
      if (counts(report).errors > 0) code = 1;
    }
    if (options.base) {
      const files = await scenarioFiles(root, scenarioPaths);
      const report = await impact({ root, base: options.base, scenarioFiles: files });
      // JSON and JUnit carry one document: the impact goes to its own output with --format json.
      if (command === 'diff' || options.format !== 'junit') out.push(renderImpact(report, options.format === 'github' ? 'pretty' : options.format));
      if (options.failOnChange && report.unpinned > 0) code = Math.max(code, 1);
    }
  } catch (error) {
    if (error instanceof ConfigError || error instanceof ToolUnavailableError) {
      console.error(`notice ${command}: ${error.message}`);
      return 2;
    }
    throw error;
  }
  const text = options.format === 'json' && out.length > 1 ? `[${out.join(',\n')}]` : out.join('\n\n');
  if (options.output) await writeFile(resolve(options.output), `${text}\n`);
  else console.log(text);
  return code;
}
