// The pinned `opa run --server` on loopback, for the tests and the bench: started, and ready when its
// readiness path answers. Node-only.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './opa.ts';
import { freePort } from './ports.ts';

export interface StartedOpa {
  url: string;
  output: () => string;
  stop: () => void;
}

/**
 * Starts `opa run --server` on loopback; resolves with its address once `readiness` answers 200 (by default
 * `/health?bundles=true`, ready to decide), or with its exit and log if it stops first. `probe` asks the
 * readiness path (for a TLS server, over TLS). `onSpawn` is given the process, to stop it whatever happens.
 */
export async function startOpa(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; readiness?: string; scheme?: 'http' | 'https'; probe?: (url: string) => Promise<boolean>; onSpawn?: (server: ChildProcess) => void } = {},
): Promise<StartedOpa | { exit: number | null; log: string }> {
  const port = await freePort();
  const server = spawn('bash', [join(repoRoot, 'scripts', 'opa.sh'), 'opa', 'run', '--server', '--addr', `127.0.0.1:${port}`, '--log-level', 'error', ...args], { cwd: repoRoot, env: { ...process.env, ...options.env } });
  options.onSpawn?.(server);
  let log = '';
  server.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
  server.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const exited = new Promise<{ exit: number | null; log: string }>((resolve) => server.once('exit', (code) => resolve({ exit: code, log })));
  const url = `${options.scheme ?? 'http'}://127.0.0.1:${port}`;
  const probe = options.probe ?? (async (address: string) => (await fetch(address)).ok);
  const healthy = (async () => {
    for (let attempt = 0; attempt < 300; attempt++) {
      try {
        if (await probe(`${url}${options.readiness ?? '/health?bundles=true'}`)) return { url, output: () => log, stop: () => server.kill('SIGKILL') };
      } catch {
        // not listening yet
      }
      if (server.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    return exited.then((result) => (result.exit === null ? Promise.reject(new Error(`opa did not become ready: ${log}`)) : result));
  })();
  return Promise.race([healthy, exited]);
}

export function started(result: StartedOpa | { exit: number | null; log: string }): StartedOpa {
  if (!('url' in result)) throw new Error(`opa stopped (exit ${result.exit}):\n${result.log}`);
  return result;
}
