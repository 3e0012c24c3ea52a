// The space's decisions, kept between runs. A run that decides the same space with the same policies (the
// same WASM bytes, data and request schema, each checked or not alike), in the same mode, with the same
// deciding code (this folder's space modules and policy/runtime, on the same Node, ajv and OPA WASM SDK), gets the result
// an earlier run worked out, and every report says so (when, and how long it took then). Anything else
// decides again. Where results are kept: $NOTICE_CACHE_DIR (`off` or empty: nowhere), else
// node_modules/.cache/privacy-notice in the checkout; `--no-cache` decides again and keeps nothing.
// Node-only.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { comparer, decideSpace, sameDecision, type SpacePolicy, type SpaceResult } from './space-decide.ts';
import { requestAt, spaceFingerprint, spaceSize } from './space.ts';
import type { PolicyData } from '../compile/policy-data.ts';

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
  // A package's version from its own package.json, found above its entry (its exports may not list it).
  const version = (name: string): string => {
    try {
      for (let dir = dirname(require.resolve(name)); dir !== dirname(dir); dir = dirname(dir)) {
        const manifest = join(dir, 'package.json');
        if (!existsSync(manifest)) continue;
        const read = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
        if (read.name === name) return read.version ?? 'unknown';
      }
    } catch {
      // not found: counted as unknown
    }
    return 'unknown';
  };
  hash.update(`node ${process.version}; ajv ${version('ajv')}; opa-wasm ${version('@open-policy-agent/opa-wasm')}`);
  codeHash = hash.digest('hex');
  return codeHash;
}

/** The key of a run: what its result depends on. */
export function spaceKey(options: { spaceData: PolicyData; policies: readonly SpacePolicy[]; prove?: boolean; compare?: boolean }): string {
  return sha256(JSON.stringify({
    code: deciderCode(),
    mode: options.prove ? 'prove' : options.compare ? 'compare' : 'decide',
    // The requests themselves (space.ts spaceFingerprint); when proving, the rest of the data too, which
    // says which requests are plausible.
    space: sha256(spaceFingerprint(options.spaceData)),
    ...(options.prove ? { spaceData: sha256(JSON.stringify(options.spaceData)) } : {}),
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

/** A result kept under `key`, and when it was worked out; nothing when the file is missing, broken or another key's. */
async function readKept(file: string, key: string): Promise<{ result: SpaceResult; reused: Reused } | undefined> {
  const earlier = await readFile(file, 'utf8').then((text) => JSON.parse(text) as Kept).catch(() => undefined);
  return earlier?.key === key && earlier.result && typeof earlier.at === 'string' ? { result: earlier.result, reused: { at: earlier.at, seconds: earlier.seconds } } : undefined;
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
    const earlier = await readKept(file, key);
    if (earlier) return earlier;
  }
  const start = performance.now();
  const result = await decideSpace(options);
  if (keepable && !result.stopped) {
    const entry: Kept = { key, at: new Date().toISOString(), seconds: (performance.now() - start) / 1000, result };
    // Written whole, then renamed into place: a run beside this one reads all of it or none. A cache that
    // cannot be written is no cache; the run's result stands.
    try {
      await mkdir(cache.dir, { recursive: true });
      await writeWhole(file, JSON.stringify(entry));
      await prune(cache.dir);
    } catch {
      // nothing kept
    }
  }
  return { result };
}

/** Keeps the newest results only (and the newest few of the base's decisions, which are large). */
async function prune(dir: string): Promise<void> {
  for (const [pattern, keep] of [[/^space-[0-9a-f]{64}\.json$/, kept], [/^hashes-[0-9a-f]{64}\.bin$/, keptHashes]] as const) {
    const entries = readdirSync(dir).filter((name) => pattern.test(name)).map((name) => ({ name, time: statSync(join(dir, name)).mtimeMs }));
    entries.sort((a, b) => b.time - a.time);
    for (const { name } of entries.slice(keep)) {
      await rm(join(dir, name), { force: true });
      if (name.endsWith('.bin')) await rm(join(dir, name.replace(/\.bin$/, '.json')), { force: true });
    }
  }
}

/** How many sets of a base's decisions a cache keeps: each is 8 bytes a request (about 21 MB for 2.6 million). */
const keptHashes = 4;

/** A base's decisions by place, as kept: the hashes, and what the run that recorded them counted. */
interface KeptHashes {
  key: string;
  at: string;
  seconds: number;
  evaluated: number;
  outcomes: Record<string, number>;
}

async function writeWhole(file: string, bytes: Uint8Array | string): Promise<void> {
  const partial = `${file}.${process.pid}.partial`;
  await writeFile(partial, bytes);
  await rename(partial, file);
}

/**
 * The change impact's comparison of a base and a head over the space (decideSpace with `compare`), with the
 * base's decisions kept by place as hashes (space-decide.ts keyHash): a later change against the same base
 * over the same space decides only its own side, every request, against them, and the base again only where
 * a hash differs (two different decisions share a hash with a chance of about 1 in 2^53). Then, as
 * decideSpace, two decisions differ unless sameDecision says they are the same. Without a cache, decideSpace.
 */
export async function compareSpaceKept(options: { spaceData: PolicyData; policies: [SpacePolicy, SpacePolicy]; threads?: number }, cache: SpaceCache | undefined): Promise<{ result: SpaceResult; reused?: Reused; baseReused?: Reused }> {
  const whole = { ...options, compare: true };
  if (cache === undefined) return { result: await decideSpace(whole) };
  const key = spaceKey(whole);
  const file = join(cache.dir, `space-${key}.json`);
  const earlier = await readKept(file, key);
  if (earlier) return earlier;

  const start = performance.now();
  const [base, head] = options.policies;
  const threads = options.threads ? { threads: options.threads } : {};
  const size = spaceSize(options.spaceData);
  const values = new Float64Array(new SharedArrayBuffer(8 * size));
  const baseKey = spaceKey({ spaceData: options.spaceData, policies: [base], compare: true });
  const hashFile = join(cache.dir, `hashes-${baseKey}.bin`);
  const meta = await readFile(hashFile.replace(/\.bin$/, '.json'), 'utf8').then((text) => JSON.parse(text) as KeptHashes).catch(() => undefined);
  let baseOutcomes: Record<string, number>;
  let baseReused: Reused | undefined;
  const read = meta?.key === baseKey && meta.evaluated === size ? await readHashes(hashFile, values) : false;
  if (read && meta) {
    baseOutcomes = meta.outcomes;
    baseReused = { at: meta.at, seconds: meta.seconds };
  } else {
    const recordStart = performance.now();
    const recorded = await decideSpace({ spaceData: options.spaceData, policies: [base], compare: true, hashes: { mode: 'record', values }, ...threads });
    baseOutcomes = recorded.outcomes[0]!;
    try {
      await mkdir(cache.dir, { recursive: true });
      await writeWhole(hashFile, new Uint8Array(values.buffer));
      const kept: KeptHashes = { key: baseKey, at: new Date().toISOString(), seconds: (performance.now() - recordStart) / 1000, evaluated: recorded.evaluated, outcomes: baseOutcomes };
      await writeWhole(hashFile.replace(/\.bin$/, '.json'), JSON.stringify(kept));
    } catch {
      // nothing kept
    }
  }
  const against = await decideSpace({ spaceData: options.spaceData, policies: [head], compare: true, hashes: { mode: 'against', values }, ...threads });
  // The base decides again where a hash differs, to say what it decided.
  const decideBase = await comparer(base);
  const keys: string[] = [];
  const ids = new Map<string, number>();
  const keyId = (text: string) => {
    let id = ids.get(text);
    if (id === undefined) ids.set(text, (id = keys.push(text) - 1));
    return id;
  };
  const differences: number[] = [];
  for (let i = 0; i < against.differences.length; i += 3) {
    const place = against.differences[i]!;
    const after = against.keys[against.differences[i + 2]!]!;
    const before = decideBase(requestAt(options.spaceData, place));
    if (!sameDecision(before, after)) differences.push(place, keyId(before), keyId(after));
  }
  const result: SpaceResult = {
    threads: against.threads, stopped: false, evaluated: against.evaluated, outcomes: [baseOutcomes, against.outcomes[0]!],
    differences, keys, broken: {}, rejected: [], plausible: {},
  };
  try {
    await mkdir(cache.dir, { recursive: true });
    await writeWhole(file, JSON.stringify({ key, at: new Date().toISOString(), seconds: (performance.now() - start) / 1000, result } satisfies Kept));
    await prune(cache.dir);
  } catch {
    // nothing kept
  }
  return { result, ...(baseReused ? { baseReused } : {}) };
}

/** Reads kept hashes into `values`; false when the file is not there or not whole. */
async function readHashes(file: string, values: Float64Array): Promise<boolean> {
  const handle = await open(file, 'r').catch(() => undefined);
  if (!handle) return false;
  try {
    const { size } = await handle.stat();
    if (size !== values.byteLength) return false;
    const bytes = new Uint8Array(values.buffer);
    for (let at = 0; at < size;) {
      const { bytesRead } = await handle.read(bytes, at, size - at, at);
      if (bytesRead === 0) return false;
      at += bytesRead;
    }
    return true;
  } finally {
    await handle.close();
  }
}
