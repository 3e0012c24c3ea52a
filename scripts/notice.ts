#!/usr/bin/env node
// The `notice` command. A thin shell: it parses arguments, calls the runtime, prints, and sets the exit
// code (0 decided, 1 the request is invalid, 2 could not run).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { defaultUrls, InvalidRequestError, loadSharingPolicy, PolicyLoadError, type Decision, type SharingRequest } from '../policy/runtime/node.ts';

const usage = `Usage: notice decide <request.json | -> [--wasm policy.wasm] [--data data.json] [--format json|text]

Decides a sharing request (or a JSON array of them) with the compiled privacy-notice policy and prints
the decision: its outcome, the notice's clauses behind it, its obligations, and which policy made it.
Reads the request from standard input when the file is "-".

Exit codes: 0 decided, 1 the request is invalid (every problem is listed), 2 could not run.`;

interface Options {
  command?: string;
  file?: string;
  wasm?: string;
  data?: string;
  format: 'json' | 'text';
}

function parseArgs(argv: readonly string[]): Options | string {
  const options: Options = { format: 'json' };
  if (argv[0] === 'validate' || argv[0] === 'diff') {
    return `\`${argv[0]}\` is not a command of the installed package: it checks a change to the notice in the notice's own repository (npm run ${argv[0]} there)`;
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    try {
      if (arg === '--help' || arg === '-h') return usage;
      else if (arg === '--wasm') options.wasm = value();
      else if (arg === '--data') options.data = value();
      else if (arg === '--format') {
        const format = value();
        if (format !== 'json' && format !== 'text') return `Unknown format \`${format}\`, expected json or text`;
        options.format = format;
      } else if (arg.startsWith('--')) return `Unknown option \`${arg}\``;
      else if (options.command === undefined) options.command = arg;
      else if (options.file === undefined) options.file = arg;
      else return `Unexpected argument \`${arg}\``;
    } catch (error) {
      return (error as Error).message;
    }
  }
  if (options.command !== 'decide') return options.command === undefined ? 'Missing command' : `Unknown command \`${options.command}\`, expected decide`;
  if (options.file === undefined) return 'Missing request file (or - for standard input)';
  return options;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function formatText(decision: Decision): string {
  const lines = [`outcome: ${decision.outcome}`];
  for (const reason of decision.reasons) lines.push(`  because [${reason.clause}] ${reason.text}`);
  for (const obligation of decision.obligations) lines.push(`  must: ${obligation.text} [${obligation.id}]`);
  lines.push(`  policy: notice ${decision.policy.notice_version}, wasm sha256 ${decision.policy.wasm_sha256}`);
  return lines.join('\n');
}

async function main(argv: readonly string[]): Promise<number> {
  const options = parseArgs(argv);
  if (typeof options === 'string') {
    if (options === usage) {
      console.log(usage);
      return 0;
    }
    console.error(`notice: ${options}\n\n${usage}`);
    return 2;
  }
  const source = options.file === '-' ? 'standard input' : options.file!;
  let parsed: unknown;
  try {
    const text = options.file === '-' ? await readStdin() : await readFile(options.file!, 'utf8');
    parsed = JSON.parse(text);
  } catch (error) {
    console.error(`notice: could not read a JSON request from ${source}: ${(error as Error).message}`);
    return 2;
  }
  let policy;
  try {
    // Run from a source checkout (node scripts/notice.ts), the policy is the checkout's build in dist/policy;
    // installed, the package's own files (the runtime's defaults).
    const checkout = (name: string) => {
      const url = new URL(`../dist/policy/${name}`, import.meta.url);
      return !existsSync(name === 'policy.wasm' ? defaultUrls().wasm : defaultUrls().data) && existsSync(url) ? fileURLToPath(url) : undefined;
    };
    const wasm = options.wasm ?? checkout('policy.wasm');
    const data = options.data ?? checkout('data.json');
    // Files named on the command line are another build, loaded as given (unpinned); otherwise the runtime
    // checks the package's (or the checkout's) own files against the hashes of the build.
    const named = options.wasm !== undefined || options.data !== undefined;
    policy = await loadSharingPolicy({ ...(wasm ? { wasm } : {}), ...(data ? { data } : {}), ...(named ? { pin: false as const } : {}) });
  } catch (error) {
    console.error(`notice: ${error instanceof PolicyLoadError ? error.message : String(error)}`);
    return 2;
  }
  const requests = Array.isArray(parsed) ? parsed : [parsed];
  const decisions: Decision[] = [];
  let invalid = 0;
  requests.forEach((request, index) => {
    try {
      decisions.push(policy.decide(request as SharingRequest));
    } catch (error) {
      if (!(error instanceof InvalidRequestError)) throw error;
      invalid++;
      const where = Array.isArray(parsed) ? `${source} [${index}]` : source;
      for (const problem of error.problems) {
        console.error(`${where}: ${problem.path || '(request)'} ${problem.message}${problem.expected ? `, expected ${problem.expected}` : ''}${problem.found ? `, found ${problem.found}` : ''}  ${problem.keyword}`);
      }
    }
  });
  if (invalid > 0) return 1;
  if (options.format === 'text') console.log(decisions.map(formatText).join('\n\n'));
  else console.log(JSON.stringify(Array.isArray(parsed) ? decisions : decisions[0], null, 2));
  return 0;
}

process.exitCode = await main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`notice: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
  return 2;
});
