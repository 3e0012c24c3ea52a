// The change gate measured against mutants of the policy (mutants.ts): each mutant is compiled with the real
// OPA compiler and decided beside the policy on the requests the gate decides (`notice validate --base
// --fail-on-change`: the scenarios' requests, the requests beyond the space, the space), stopping at the
// first changed decision (the gate fails on any change no scenario pins and no acceptance covers, and a
// mutant has neither). A mutant the gate lets through is then decided on requests the gate never sees
// (a judge: seeded requests aimed at the space's gaps) to tell a mutant that changes no decision from one
// that escaped. Score: killed / (killed + escaped). Node-only; for `npm run bench`.
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse } from 'yaml';
import { runTool } from '../tools/opa.ts';
import { readTar } from '../tools/tar.ts';
import type { PolicyData } from '../compile/policy-data.ts';
import { allMutants, sampleMutants, type Mutant, type MutantOperator, type MutantVocabulary, type RegoSource } from './mutants.ts';
import { comparer, decideSpace, outcomeOf } from './space-decide.ts';
import { beyondSpace, consentStates, seeded, spaceSize } from './space.ts';

/**
 * The Rego the mutants change: the packages that decide. Not the promises (the gate's oracle), nor what no
 * verdict carries: the explanation, and the words of a malformed request's problems (wellformed.rego; the
 * check itself, malformed.rego, is generated from the schema, and checked-not-decided holds it to it).
 */
export function mutableFile(file: string): boolean {
  return file.endsWith('.rego') && !file.endsWith('_test.rego') && !/(^|\/)(promises|explain)\//.test(file) && !/wellformed\/(malformed|wellformed)\.rego$/.test(file);
}

/** The policy's Rego files the mutants change, read and parsed by `opa parse`. */
export async function regoSources(policyDir: string, root: string): Promise<RegoSource[]> {
  const files = (await readdir(policyDir, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath, e.name)))
    .filter(mutableFile)
    .sort();
  return Promise.all(files.map(async (file) => {
    const parsed = runTool('opa', ['parse', '--format', 'json', '--json-include', 'locations,-comments', file], { cwd: root });
    if (parsed.status !== 0) throw new Error(`opa parse ${file}: ${parsed.stderr}`);
    return { file, text: await readFile(join(root, file), 'utf8'), ast: JSON.parse(parsed.stdout) };
  }));
}

/** The ids a mutant may swap, from the notice's data. */
export function vocabulary(data: PolicyData): MutantVocabulary {
  const n = data.notice;
  const values = (pick: (entry: Record<string, unknown>) => unknown) => [...new Set(Object.values(n.recipients).map((r) => pick(r as never)).filter((v): v is string => typeof v === 'string'))];
  return {
    outcomes: ['share', 'share-minimum', 'do-not-share', 'refer'],
    lists: [
      Object.keys(n.recipients), Object.keys(n.purposes), [...consentStates], Object.keys(n.information), Object.keys(n.circumstances),
      ['waiting', 'confirmed', 'rejected'], values((r) => r.kind), values((r) => r.care_role), Object.keys(n.clauses), Object.keys(n.obligations),
    ],
    request: { recipient: Object.keys(n.recipients), purpose: Object.keys(n.purposes), consent: [...consentStates], information: Object.keys(n.information) },
  };
}

/** Requests the gate never decides, aimed at what the space leaves out: one or two kinds with one or two claims of any status, flags stated false. */
export function judgeRequests(data: PolicyData, count: number, seed = 0x1d9e): Record<string, unknown>[] {
  const out = beyondSpace(data, Math.floor(count / 2), seed);
  const random = seeded(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const n = data.notice;
  const kinds = Object.keys(n.information);
  const statuses = [undefined, 'waiting', 'confirmed', 'rejected'];
  while (out.length < count) {
    const information = random() < 0.6 ? [pick(kinds)] : [...new Set([pick(kinds), pick(kinds)])];
    const request: Record<string, unknown> = { recipient: pick(Object.keys(n.recipients)), purpose: pick(Object.keys(n.purposes)), information, consent: pick(consentStates) };
    const claims = random() < 0.15 ? 0 : random() < 0.7 ? 1 : 2;
    if (claims > 0) {
      request.circumstances = Array.from({ length: claims }, () => {
        const status = pick(statuses);
        return { id: pick(Object.keys(n.circumstances)), ...(status ? { status } : {}) };
      });
    }
    const flag = () => (random() < 0.5 ? true : random() < 0.5 ? false : undefined);
    const opts = { national_data_opt_out: flag(), shared_care_record: flag() };
    if (opts.national_data_opt_out !== undefined || opts.shared_care_record !== undefined) request.opt_outs = JSON.parse(JSON.stringify(opts));
    for (const name of ['necessary_for_care', 'sharing_agreement', 'processor_disclosed']) {
      const value = flag();
      if (value !== undefined) request[name] = value;
    }
    out.push(request);
  }
  return out;
}

export type MutantFate = 'stillborn' | 'killed' | 'escaped' | 'unchanged';

export interface MutantResult {
  mutant: Pick<Mutant, 'id' | 'file' | 'line' | 'column' | 'operator' | 'change'>;
  fate: MutantFate;
  /** Where the gate found a change: scenarios, beyond (the requests beyond the space), space. */
  foundIn?: 'scenarios' | 'beyond' | 'space';
  /** An escaped mutant: a request it decides differently, with both decisions. */
  example?: { request: unknown; before: string; after: string };
  /** Whether the first change found is toward sharing (not worked out for a change found in the space, whose base decisions are kept as hashes). */
  widens?: boolean;
  /** A compile error's first line (stillborn). */
  error?: string;
}

export interface MutationReport {
  generated: number;
  results: MutantResult[];
  byOperator: Record<MutantOperator, Record<MutantFate, number>>;
  killed: number;
  escaped: number;
  /** killed / (killed + escaped): of the mutants found to change a decision, those the gate failed. */
  score: number;
  judged: number;
  seconds: number;
}

const shares = new Set(['share', 'share-minimum']);
const widening = (before: string, after: string) => shares.has(outcomeOf(after)) && (!shares.has(outcomeOf(before)) || (outcomeOf(before) === 'share-minimum' && outcomeOf(after) === 'share'));

/**
 * Measures the gate against `count` mutants of the policy (seeded; every operator in turn). `wasm` and
 * `data` are the policy as built (dist/policy); each mutant is compiled from a copy of `policyDir`.
 */
export async function mutationScore(options: {
  root: string;
  policyDir: string;
  dataFile: string;
  capabilitiesFile: string;
  wasm: Uint8Array<ArrayBuffer>;
  data: PolicyData;
  count: number;
  /** These mutants instead of a sample of the generator's (a test's planted edit). */
  mutants?: Mutant[];
  beyond: number;
  judge: number;
  threads?: number;
  /** The space the gate decides (default: the notice's whole space; the bench's quick mode passes a narrow one, space.ts narrowSpace). */
  spaceData?: PolicyData;
  progress?: (result: MutantResult, done: number, of: number) => void;
}): Promise<MutationReport> {
  const start = performance.now();
  const { data } = options;
  const sources = await regoSources(options.policyDir, options.root);
  const generated = allMutants(sources, vocabulary(data));
  const mutants = options.mutants ?? sampleMutants(generated, options.count);

  // The base's decisions, worked out once: on the scenarios' requests, beyond the space, the judge's, and
  // (as hashes, by place) the whole space.
  const scenarioRequests: unknown[] = [];
  const scenarioDir = join(options.root, 'test', 'scenarios');
  for (const entry of (await readdir(scenarioDir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile() && e.name.endsWith('.yaml'))) {
    const parsed = parse(await readFile(join(entry.parentPath, entry.name), 'utf8')) as { scenarios?: { request?: unknown }[] } | null;
    for (const s of parsed?.scenarios ?? []) if (s?.request) scenarioRequests.push(s.request);
  }
  const beyond = beyondSpace(data, options.beyond);
  const judged = judgeRequests(data, options.judge);
  const base = { wasm: options.wasm, data, checkRequests: false };
  const decideBase = await comparer(base);
  const baseKeys = (requests: readonly unknown[]) => requests.map((r) => decideBase(r));
  const [baseScenarios, baseBeyond, baseJudged] = [baseKeys(scenarioRequests), baseKeys(beyond), baseKeys(judged)];
  const spaceData = options.spaceData ?? data;
  const hashes = new Float64Array(new SharedArrayBuffer(8 * spaceSize(spaceData)));
  await decideSpace({ spaceData, policies: [base], compare: true, hashes: { mode: 'record', values: hashes }, ...(options.threads ? { threads: options.threads } : {}) });

  const scratch = await mkdtemp(join(tmpdir(), 'notice-mutants-'));
  const results: MutantResult[] = [];
  try {
    const copy = join(scratch, 'policy');
    await cp(options.policyDir, copy, { recursive: true, filter: (path) => !path.endsWith('_test.rego') });
    const inCopy = (file: string) => join(copy, relative(relative(options.root, options.policyDir), file));
    for (const mutant of mutants) {
      const original = await readFile(inCopy(mutant.file), 'utf8');
      await writeFile(inCopy(mutant.file), mutant.text);
      const summary = { id: mutant.id, file: mutant.file, line: mutant.line, column: mutant.column, operator: mutant.operator, change: mutant.change };
      let result: MutantResult;
      try {
        const out = join(scratch, 'mutant.tar.gz');
        const built = runTool('opa', ['build', '--target', 'wasm', '--capabilities', options.capabilitiesFile, '--output', out, copy, options.dataFile]);
        if (built.status !== 0) {
          result = { mutant: summary, fate: 'stillborn', error: (built.stderr || built.stdout).split('\n').find((l) => l.trim()) ?? 'did not compile' };
        } else {
          const wasm = new Uint8Array(readTar(gunzipSync(await readFile(out))).get('policy.wasm')!);
          result = await judgeMutant(summary, { wasm, data, checkRequests: false }, { scenarioRequests, baseScenarios, beyond, baseBeyond, judged, baseJudged, hashes, spaceData, threads: options.threads, aimed: mutant.fixes ? aimedRequests(judged, mutant.fixes) : undefined, decideBase });
        }
      } finally {
        await writeFile(inCopy(mutant.file), original);
      }
      results.push(result);
      options.progress?.(result, results.length, mutants.length);
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  const byOperator = {} as MutationReport['byOperator'];
  for (const r of results) {
    const fates = (byOperator[r.mutant.operator] ??= { stillborn: 0, killed: 0, escaped: 0, unchanged: 0 });
    fates[r.fate]++;
  }
  const killed = results.filter((r) => r.fate === 'killed').length;
  const escaped = results.filter((r) => r.fate === 'escaped').length;
  return { generated: generated.length, results, byOperator, killed, escaped, score: killed + escaped === 0 ? 1 : killed / (killed + escaped), judged: judged.length, seconds: (performance.now() - start) / 1000 };
}

/** The judge's requests with the members a narrow widening fixes set to its values (information: exactly that kind). */
function aimedRequests(judged: readonly Record<string, unknown>[], fixes: NonNullable<Mutant['fixes']>): Record<string, unknown>[] {
  return judged.slice(0, 20_000).map((request) => ({
    ...request,
    ...Object.fromEntries(Object.entries(fixes).map(([member, value]) => [member, member === 'information' ? [value] : value])),
  }));
}

async function judgeMutant(
  mutant: MutantResult['mutant'],
  policy: { wasm: Uint8Array<ArrayBuffer>; data: PolicyData; checkRequests: false },
  sets: {
    scenarioRequests: unknown[]; baseScenarios: string[]; beyond: unknown[]; baseBeyond: string[]; judged: unknown[]; baseJudged: string[]; hashes: Float64Array; spaceData: PolicyData; threads?: number | undefined;
    /** For a narrow widening: requests aimed at the case it adds, decided by the base here. */
    aimed?: Record<string, unknown>[] | undefined;
    decideBase: (request: unknown) => string;
  },
): Promise<MutantResult> {
  let decide: (request: unknown) => string;
  try {
    decide = await comparer(policy);
  } catch (error) {
    return { mutant, fate: 'stillborn', error: String(error).split('\n')[0] };
  }
  // A mutant that fails on a request (a conflict between two rules, say) changes that decision: the gate
  // reports the error.
  const safely = (request: unknown) => {
    try {
      return decide(request);
    } catch {
      return 'error';
    }
  };
  const firstChange = (requests: readonly unknown[], before: readonly string[]) => {
    for (let i = 0; i < requests.length; i++) {
      const after = safely(requests[i]);
      if (after !== before[i]) return { request: requests[i], before: before[i]!, after };
    }
    return undefined;
  };
  for (const [where, requests, before] of [['scenarios', sets.scenarioRequests, sets.baseScenarios], ['beyond', sets.beyond, sets.baseBeyond]] as const) {
    const change = firstChange(requests, before);
    if (change) return { mutant, fate: 'killed', foundIn: where, widens: widening(change.before, change.after) };
  }
  let space;
  try {
    space = await decideSpace({ spaceData: sets.spaceData, policies: [policy], compare: true, hashes: { mode: 'against', values: sets.hashes }, stopOnChange: true, ...(sets.threads ? { threads: sets.threads } : {}) });
  } catch {
    return { mutant, fate: 'killed', foundIn: 'space' }; // a request of the space it fails on
  }
  if (space.differences.length > 0) return { mutant, fate: 'killed', foundIn: 'space' };
  const change = firstChange(sets.judged, sets.baseJudged) ?? (sets.aimed ? firstChange(sets.aimed, sets.aimed.map((r) => sets.decideBase(r))) : undefined);
  return change ? { mutant, fate: 'escaped', example: change, widens: widening(change.before, change.after) } : { mutant, fate: 'unchanged' };
}

