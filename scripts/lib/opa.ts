// Runs the pinned OPA and Regal through scripts/opa.sh. Node-only.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const script = fileURLToPath(new URL('../opa.sh', import.meta.url));

export function runTool(tool: 'opa' | 'regal', args: readonly string[], options: { cwd?: string; input?: string } = {}): SpawnSyncReturns<string> {
  return spawnSync('bash', [script, tool, ...args], {
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
