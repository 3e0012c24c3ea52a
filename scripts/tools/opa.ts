// Runs the pinned OPA and Regal through scripts/opa.sh. Node-only.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const isCheckout = (dir: string) => existsSync(join(dir, 'scripts', 'opa.sh'));

/**
 * The checkout of the notice repository these scripts work in: the nearest folder above this module with
 * scripts/opa.sh (the TypeScript runs from the checkout, the compiled CLI from dist/ inside it), else the
 * working directory when it is one (the packaged CLI run in a checkout).
 */
function findCheckout(): string | undefined {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    if (isCheckout(dir)) return dir;
    if (dirname(dir) === dir) break;
  }
  return isCheckout(process.cwd()) ? process.cwd() : undefined;
}

const checkout = findCheckout();
export const repoRoot = checkout ?? fileURLToPath(new URL('../../', import.meta.url));

/** OPA and Regal are run through the checkout's scripts/opa.sh, which there is not. */
export class ToolUnavailableError extends Error {
  override readonly name = 'ToolUnavailableError';
}

export function runTool(tool: 'opa' | 'regal', args: readonly string[], options: { cwd?: string; input?: string } = {}): SpawnSyncReturns<string> {
  if (!checkout) {
    throw new ToolUnavailableError(`${tool} runs through scripts/opa.sh of the notice repository, and neither this package nor the working directory (${process.cwd()}) is a checkout of it: run this command in one`);
  }
  return spawnSync('bash', [join(checkout, 'scripts', 'opa.sh'), tool, ...args], {
    cwd: options.cwd ?? repoRoot,
    encoding: 'utf8',
    input: options.input,
    maxBuffer: 256 * 1024 * 1024,
  });
}

/** Runs a tool and throws with its output when it fails. */
export function mustRun(tool: 'opa' | 'regal', args: readonly string[], options: { cwd?: string; input?: string } = {}): string {
  const result = runTool(tool, args, options);
  if (result.status !== 0) {
    throw new Error(`${tool} ${args.join(' ')} failed (exit ${String(result.status)}):\n${result.stderr}${result.stdout}`);
  }
  return result.stdout;
}

/** A query deciding each request of an input list, as an OPA server would decide it. */
export const decideEachQuery = 'decisions := [decision | some request in input; decision := data.sharing.decision with input as request]';

/**
 * `opa eval --format json <args> --input <file> <query>` with `input` written to a temporary file (removed
 * afterwards): OPA's parsed JSON answer.
 */
export async function evalWithInput(args: readonly string[], input: unknown, query: string, options: { cwd?: string } = {}): Promise<unknown> {
  const dir = await mkdtemp(join(tmpdir(), 'notice-eval-'));
  try {
    const inputFile = join(dir, 'input.json');
    await writeFile(inputFile, JSON.stringify(input));
    return JSON.parse(mustRun('opa', ['eval', '--format', 'json', ...args, '--input', inputFile, query], options));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
