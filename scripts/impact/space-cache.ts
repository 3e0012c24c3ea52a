// The space's decisions, kept between runs. A run that decides the same space with the same policies (the
// same WASM bytes, data and request schema, each checked or not alike), in the same mode, with the same
// deciding code (this folder's space modules and policy/runtime, on the same Node and ajv), gets the result
// an earlier run worked out, and every report says so (when, and how long it took then). Anything else
// decides again. Where results are kept: $NOTICE_CACHE_DIR (`off` or empty: nowhere), else
// node_modules/.cache/privacy-notice in the checkout; `--no-cache` decides again and keeps nothing.
// Node-only.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decideSpace, type SpacePolicy, type SpaceResult } from './space-decide.ts';
import type { PolicyData } from '../build/policy-data.ts';

export interface SpaceCache {
  dir: string;
}

/** That a result was worked out by an earlier run: when, and in how many seconds. */
export interface Reused {
  at: string;
  seconds: number;
}

/** How many results a cache keeps (the newest). */
const kept = 40;

/** The cache a checkout's runs use, or undefined for none (see the file's comment). */
export function spaceCache(root: string, env: NodeJS.ProcessEnv = process.env): SpaceCache | undefined {
  const named = env.NOTICE_CACHE_DIR;
  if (named !== undefined) return named === '' || named === 'off' ? undefined : { dir: resolve(named) };
  const modules = join(root, 'node_modules');
  return existsSync(modules) ? { dir: join(modules, '.cache', 'privacy-notice') } : undefined;
}

const sha256 = (text: string | Uint8Array) => createHash('sha256').update(text).digest('hex');

let codeHash: string | undefined;

/** The deciding code, as text: this folder's space modules and the runtime's, and the versions of Node and ajv. */
function deciderCode(): string {
  if (codeHash !== undefined) return codeHash;
  const here = dirname(fileURLToPath(import.meta.url));
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(ts|js|json)$/.test(entry.name) && !/\.test\.ts$/.test(entry.name)) files.push(path);
    }
  };
  for (const name of readdirSync(here).sort()) if (/^space.*\.(ts|js)$/.test(name)) files.push(join(here, name));
  const runtime = join(here, '..', '..', 'policy', 'runtime');
  if (existsSync(runtime)) walk(runtime);
  const hash = createHash('sha256');
  for (const file of files) hash.update(`${file.slice(here.length)}\0`).update(readFileSync(file)).update('\0');
  const require = createRequire(import.meta.url);
  hash.update(`node ${process.version}; ajv ${(require('ajv/package.json') as { version: string }).version}`);
  codeHash = hash.digest('hex');
  return codeHash;
}

/** The key of a run: what its result depends on. */
export function spaceKey(options: { spaceData: PolicyData; policies: readonly SpacePolicy[]; prove?: boolean; compare?: boolean }): string {
  return sha256(JSON.stringify({
    code: deciderCode(),
    mode: options.prove ? 'prove' : options.compare ? 'compare' : 'decide',
    space: sha256(JSON.stringify(options.spaceData)),
    policies: options.policies.map((p) => ({
      wasm: sha256(p.wasm),
      data: sha256(JSON.stringify(p.data)),
      schema: sha256(JSON.stringify(p.requestSchema ?? null)),
      checkRequests: p.checkRequests,
    })),
  }));
}

interface Kept {
  key: string;
  at: string;
  seconds: number;
  result: SpaceResult;
}

/**
 * decideSpace, or the result of an earlier run with the same key (`reused` then says when it was worked out).
 * Runs that stop early, or record hashes, are not kept.
 */
export async function decideSpaceKept(options: Parameters<typeof decideSpace>[0], cache: SpaceCache | undefined): Promise<{ result: SpaceResult; reused?: Reused }> {
  const keepable = cache !== undefined && options.stopOn === undefined && !options.hashes && !options.stopOnChange;
  const key = keepable ? spaceKey(options) : '';
  const file = keepable ? join(cache.dir, `space-${key}.json`) : '';
  if (keepable) {
    const earlier = await readFile(file, 'utf8').then((text) => JSON.parse(text) as Kept).catch(() => undefined);
    if (earlier?.key === key && earlier.result && typeof earlier.at === 'string') return { result: earlier.result, reused: { at: earlier.at, seconds: earlier.seconds } };
  }
  const start = performance.now();
  const result = await decideSpace(options);
  if (keepable && !result.stopped) {
    const entry: Kept = { key, at: new Date().toISOString(), seconds: (performance.now() - start) / 1000, result };
    // Written whole, then renamed into place: a run beside this one reads all of it or none. A cache that
    // cannot be written is no cache; the run's result stands.
    try {
      await mkdir(cache.dir, { recursive: true });
      const partial = `${file}.${process.pid}.partial`;
      await writeFile(partial, JSON.stringify(entry));
      await rename(partial, file);
      await prune(cache.dir);
    } catch {
      // nothing kept
    }
  }
  return { result };
}

/** Keeps the newest results only. */
async function prune(dir: string): Promise<void> {
  const entries = readdirSync(dir).filter((name) => /^space-[0-9a-f]{64}\.json$/.test(name)).map((name) => ({ name, time: statSync(join(dir, name)).mtimeMs }));
  entries.sort((a, b) => b.time - a.time);
  for (const { name } of entries.slice(kept)) await rm(join(dir, name), { force: true });
}
