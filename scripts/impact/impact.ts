// Change impact: builds the policy at a base git ref (in a temporary worktree) and in the working tree,
// decides every request that either side's content defines with both (over worker threads, one per core),
// each side rejecting what its own request schema does not know, and compares whole decisions (outcome,
// clauses, obligations, information). The changes are grouped as a reviewer thinks of them, changes toward
// sharing first, each marked where a scenario pins it or an accepted change covers it. Node-only.
import { readDistPolicy } from '../build/dist-policy.ts';
import { spawnSync } from 'node:child_process';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { accepts, lacksAfter, type AcceptedChange, type ChangePart } from './accepted-changes.ts';
import type { Location, NoticeMessage } from '../content/messages.ts';
import { buildPolicyArtifacts, isStale } from '../build/pipeline.ts';
import type { PolicyData } from '../build/policy-data.ts';
import type { Expectation } from '../validator/scenario-files.ts';
import { wordDiff, type WordChange } from './word-diff.ts';
import { compileRuntime, hasCompiledRuntime } from '../build/runtime-build.ts';
import { beyondSpace, describeRequest, requestAt, requestKey, spaceGaps, unionSpaceData, unlistedIds, type SpaceGap, type SpaceRequest } from './space.ts';
import { decideSpaceKept, spaceCache, type Reused, type SpaceCache } from './space-cache.ts';
import { comparer, parseDecisionKey, sameDecision, type DecisionParts, type SpacePolicy } from './space-decide.ts';
import { decisionWords, fieldWords } from '../report/index.ts';
import { closest } from '../content/suggest.ts';
// (JSON with its keys sorted: two builds that write the same fields in another order agree.)
import { canonical } from '../validator/checks/engines.ts';
import { ConfigError } from '../validator/config.ts';
import { locate, parseSource, type ParsedSource } from '../content/yaml-source.ts';
import { parse } from 'yaml';

/** A changed decision, for a reviewer: the request in words, both decisions, and what pins or accepts it. */
export interface ImpactExample {
  words: string;
  request: SpaceRequest;
  before: DecisionParts | 'rejected';
  after: DecisionParts | 'rejected';
  /** The id of a scenario that states the request and tells the two decisions apart. */
  pinnedBy?: string;
  /** The id of the accepted change that covers it. */
  acceptedBy?: string;
}

/**
 * Changed decisions of one kind, as a reviewer reads them: for one recipient and purpose, from one outcome
 * to another (or, with the same outcome, the same change of reasons, obligations or information); or every
 * request that names something one side lists and the other does not (`new`, `removed`).
 */
export interface ImpactGroup {
  kind: 'changed' | 'new' | 'removed';
  /** Changes toward sharing come first, then toward a person, then the rest. */
  direction: 'toward-sharing' | 'to-refer' | 'other';
  heading: string;
  recipient?: string;
  purpose?: string;
  /** For new and removed: what one side lists and the other does not (`recipient:fire-rescue`). */
  listed?: string;
  /** The names patients read for the recipient and purpose, or for what is listed or no longer listed. */
  names?: { recipient?: string; purpose?: string; listed?: string };
  /** Outcomes, or `rejected`. */
  before: string;
  after: string;
  parts: ChangePart[];
  /** The clauses whose promise changed: those cited on one side and not the other (or, where both cite the same, those cited). */
  clauses: string[];
  count: number;
  pinned: number;
  /** Changes covered by each accepted change. */
  accepted: Record<string, number>;
  /** Changes neither pinned nor accepted. */
  open: number;
  /** An accepted change that would cover these changes toward sharing but names no outcome it accepts (`after`). */
  lacksAfter?: string;
  /** Where in the content a reviewer looks (the recipient, or what was added or removed). */
  location: Location;
  examples: ImpactExample[];
}

export interface AcceptanceUse {
  id: string;
  because: string;
  file: string;
  line: number;
  column: number;
  /** How many changed decisions it covers: 0 is stale. */
  count: number;
  /** Ids it names that neither side has (a misspelling: it could never match), with the nearest that exists. */
  unknown?: { field: 'recipient' | 'purpose' | 'consent'; id: string; nearest?: string }[];
  /** The notice version it was written for, where that is not the version this change releases: it accepts nothing. */
  released?: string;
}

export interface ImpactReport {
  base: string;
  baseVersion: string;
  headVersion: string;
  /** The requests decided by both sides: the space of both sides' content together. */
  evaluated: number;
  /** And requests beyond the space's shapes (space.ts beyondSpace), decided by both sides too. */
  beyond: number;
  /** What the space does not hold (space.ts spaceGaps): a change there is found only if a request beyond the space meets it. */
  gaps?: readonly SpaceGap[];
  /** The working tree's newest change-log entry, where its version is not the base's: what the release tells patients. */
  newEntry?: { version: string; date: string; summary: string };
  /** The Rego that decides changed since the base: the first line of each changed stretch (`git diff` against the base). */
  regoChanges?: Location[];
  changed: number;
  pinned: number;
  accepted: number;
  open: number;
  groups: ImpactGroup[];
  acceptances: AcceptanceUse[];
  /** What the notice publishes that differs between the two sides (what patients and apps read), where it is now. */
  reworded?: Reworded[];
  /** The ids of scenarios in the base's test/scenarios that the working tree's no longer has (what they pinned is no longer pinned). */
  scenariosRemoved?: string[];
  seconds: number;
  /** The space's decisions by both sides were worked out by an earlier run over the same two policies and deciding code (space-cache.ts), not by this one. */
  reused?: Reused;
}

/** The parts of the published notice, each in its content file. */
const publishedParts = {
  notice: 'notice.yaml',
  section: 'notice.yaml',
  release: 'notice.yaml',
  clause: 'notice.yaml',
  obligation: 'obligations.yaml',
  recipient: 'recipients.yaml',
  purpose: 'purposes.yaml',
  circumstance: 'circumstances.yaml',
  information: 'information.yaml',
  programme: 'programmes.yaml',
  promise: 'promises.yaml',
  choice: 'promises.yaml',
} as const;

/**
 * A part of the published notice that changed between the two sides: its words or any other field
 * (`changed`), or the whole of it added or taken away. Located where it is now, or, taken away, at the
 * notice's version (where the change must be recorded).
 */
export interface Reworded extends Location {
  kind: keyof typeof publishedParts;
  id: string;
  change?: 'changed' | 'added' | 'removed' | 'moved';
  /** For a change: each field that changed (no name: the value itself, such as a section's title), with its value before and now, shortened. */
  fields?: FieldChange[];
}

export interface FieldChange {
  name?: string;
  /** The value before and now, whole (text as it is, anything else as JSON). */
  before?: string;
  after?: string;
  /** Where both are text: the words compared (word-diff.ts), for reporters to show every changed word. */
  words?: WordChange[];
}

/** A value as a reviewer reads it in a report: text as it is (its spaces evened), anything else as JSON; whole. */
function shownValue(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value.replace(/\s+/g, ' ').trim() : canonical(value);
}

/** Which fields of a published part changed, and from what to what. */
function fieldChanges(before: unknown, after: unknown): FieldChange[] {
  const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
  const change = (name: string | undefined, a: unknown, b: unknown): FieldChange => ({
    ...(name !== undefined ? { name } : {}),
    ...(a !== undefined ? { before: shownValue(a) } : {}),
    ...(b !== undefined ? { after: shownValue(b) } : {}),
    ...(typeof a === 'string' && typeof b === 'string' ? { words: wordDiff(shownValue(a)!, shownValue(b)!) } : {}),
  });
  if (!isRecord(before) || !isRecord(after)) return [change(undefined, before, after)];
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()
    .filter((name) => canonical(before[name]) !== canonical(after[name]))
    .map((name) => change(name, before[name], after[name]));
}

function git(root: string, args: string[]): string {
  const run = spawnSync('git', args, { cwd: root, encoding: 'utf8' });
  if (run.status !== 0) throw new ConfigError(`git ${args.join(' ')}: ${run.stderr.trim() || `exit ${String(run.status)}`}`);
  return run.stdout.trim();
}

/** The scenarios of the given files that state a request and what should happen, keyed as the space keys requests. */
async function scenariosByRequest(root: string, files: readonly string[], valid: (request: unknown) => boolean): Promise<Map<string, { id: string; expect: Expectation }[]>> {
  const byKey = new Map<string, { id: string; expect: Expectation }[]>();
  for (const file of files) {
    const source = parseSource({ path: relative(root, file), text: await readFile(file, 'utf8') });
    if ('message' in source) continue;
    const value = source.doc.toJS() as { scenarios?: { id?: string; request?: Partial<SpaceRequest>; expect?: Expectation }[] } | null;
    for (const scenario of value?.scenarios ?? []) {
      if (!scenario?.request || typeof scenario.request !== 'object' || !scenario.expect || typeof scenario.id !== 'string') continue;
      // Only a request the working tree's schema takes is the space's request it looks like (a scenario with a
      // stray field is rejected, so it pins nothing).
      if (!valid(scenario.request)) continue;
      const key = requestKey(scenario.request);
      byKey.set(key, [...(byKey.get(key) ?? []), { id: scenario.id, expect: scenario.expect }]);
    }
  }
  return byKey;
}

/** Whether a scenario's expectation holds for a decision (as validate compares: the outcome, and the reasons and obligations it names among those given). */
export function expectationHolds(expect: Expectation, decision: DecisionParts | 'rejected'): boolean {
  if ('rejected' in expect) return decision === 'rejected';
  if (decision === 'rejected') return false;
  return decision.outcome === expect.outcome
    && (expect.reasons ?? []).every((id) => decision.clauses.includes(id))
    && (expect.obligations ?? []).every((id) => decision.obligations.includes(id))
    // The kinds sent, where the scenario pins them, exactly (a decision of an earlier build may not say).
    && (expect.information === undefined || decision.information === undefined
      || (expect.information.length === decision.information.length && expect.information.every((id) => decision.information!.includes(id))));
}

/** A built policy as the space's workers load it: each side checks nothing itself (its policy refuses what it does not know). */
async function readPolicy(policyDir: string): Promise<SpacePolicy> {
  const { wasm, data, requestSchema } = await readDistPolicy(policyDir);
  return { wasm, data, checkRequests: false, ...(requestSchema ? { requestSchema } : {}) };
}

/**
 * Builds the policy of the base checkout with the base's own build code (its content loader, generator and
 * Rego), so that a base from before a content file or field existed still builds as it did then. The
 * worktree borrows this checkout's node_modules and its built OPA (.cache). A base without the build code
 * (a repository of the notice alone) is built by this checkout's.
 */
export const buildCodePlaces = ['scripts/build/pipeline.ts', 'scripts/lib/pipeline.ts'];

async function buildBase(worktree: string, root: string, base: string): Promise<void> {
  // Where the build code has lived: scripts/build/ now, scripts/lib/ before the validator's folders.
  const pipeline = buildCodePlaces.map((place) => join(worktree, place)).find((file) => existsSync(file));
  if (!pipeline) {
    // A repository that keeps only the notice (content, Rego, scenarios): this code builds it.
    const built = await buildPolicyArtifacts(worktree);
    if (!built.built) throw new ConfigError(`The content at ${base} does not load: ${built.messages.map((m) => `${m.file}:${m.line}:${m.column} ${m.reason}`).join('; ')}`);
    return;
  }
  for (const dir of ['node_modules', '.cache']) if (existsSync(join(root, dir))) await symlink(join(root, dir), join(worktree, dir), 'dir');
  const script = `const { buildPolicyArtifacts } = await import(${JSON.stringify(pathToFileURL(pipeline).href)});
const built = await buildPolicyArtifacts(${JSON.stringify(worktree)});
if (!built.built) { console.error(built.messages.map((m) => m.file + ':' + m.line + ':' + m.column + ' ' + m.reason).join('; ')); process.exit(1); }`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: worktree, encoding: 'utf8' });
  if (run.status !== 0) throw new ConfigError(`The policy at ${base} does not build: ${(run.stderr || run.stdout).trim()}`);
}


/**
 * Builds a commit in a temporary git worktree, with that commit's own build code (buildBase), hands the
 * worktree to `use` (its dist/policy is built), and removes it afterwards. The change impact builds its base
 * this way, and the versions archive each earlier version.
 */
export async function withBuiltCommit<T>(root: string, ref: string, use: (worktree: string) => Promise<T>): Promise<T> {
  const worktree = await mkdtemp(join(tmpdir(), 'notice-base-'));
  try {
    git(root, ['worktree', 'add', '--detach', '--force', worktree, ref]);
    await buildBase(worktree, root, ref);
    return await use(worktree);
  } finally {
    spawnSync('git', ['worktree', 'remove', '--force', worktree], { cwd: root });
    await rm(worktree, { recursive: true, force: true });
    spawnSync('git', ['worktree', 'prune'], { cwd: root });
  }
}

/** The content file and list that holds each kind of id a request names. */
const listFiles = { recipient: ['recipients.yaml', 'recipients'], purpose: ['purposes.yaml', 'purposes'], circumstance: ['circumstances.yaml', 'circumstances'], information: ['information.yaml', 'information'] } as const;
type ListKind = keyof typeof listFiles;

/** Where each recipient, purpose, circumstance and kind of information is defined in the working tree's content (`recipient:gp` → its `id:`), and where each list starts. */
async function idLocations(root: string): Promise<Map<string, Location>> {
  const out = new Map<string, Location>();
  for (const [kind, [name, list]] of Object.entries(listFiles)) {
    const path = join(root, 'content', name);
    const text = await readFile(path, 'utf8').catch(() => undefined);
    const file = relative(root, path);
    out.set(kind, { file, line: 1, column: 1 });
    if (text === undefined) continue;
    const source = parseSource({ path: file, text });
    if ('message' in source) continue;
    out.set(kind, locate(file, source.doc, source.lines, [], list));
    const entries = (source.doc.toJS() as Record<string, { id?: string }[]> | null)?.[list] ?? [];
    entries.forEach((entry, i) => {
      if (typeof entry?.id === 'string') out.set(`${kind}:${entry.id}`, locate(file, source.doc, source.lines, [list, i, 'id']));
    });
  }
  return out;
}

const kindWords: Record<ListKind, string> = { recipient: 'recipient', purpose: 'purpose', circumstance: 'circumstance', information: 'kind of information' };
const shares = new Set(['share', 'share-minimum']);

/** A side's entry for a listed id (`recipient:fire-rescue`). */
function listedEntry(listed: string, data: PolicyData): { name?: string; clause?: string } | undefined {
  const [kind, id] = listed.split(/:(.*)/s) as [ListKind, string];
  const list = { recipient: data.notice.recipients, purpose: data.notice.purposes, circumstance: data.notice.circumstances, information: data.notice.information }[kind] as Record<string, { name?: string; clause?: string }> | undefined;
  return list?.[id];
}

/** The name a side's content gives a listed id (`recipient:fire-rescue` → "Fire and Rescue Services"). */
function listedName(listed: string, data: PolicyData): string {
  const kind = listed.split(':')[0] as ListKind;
  const id = listed.slice(kind.length + 1);
  const name = listedEntry(listed, data)?.name ?? id;
  // With its id: a renamed id reads as one taken away and one added, under the same name.
  return kind === 'recipient' ? `${name} (\`${id}\`)` : `${name} (${kindWords[kind]} \`${id}\`)`;
}

/**
 * Whether an expectation states every part of a decision that changed: the outcome (or the rejection), and
 * the reasons or obligations wherever they differ, with the outcome changed or not, and the kinds of
 * information sent where only they changed (a scenario that does not state them cannot pin that: it is
 * accepted in words, or open).
 */
export function statesChange(expect: Expectation, before: DecisionParts | 'rejected', after: DecisionParts | 'rejected'): boolean {
  if ('rejected' in expect || before === 'rejected' || after === 'rejected') return true;
  const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));
  if (!same(before.clauses, after.clauses) && expect.reasons === undefined) return false;
  if (!same(before.obligations, after.obligations) && expect.obligations === undefined) return false;
  return before.outcome !== after.outcome || expect.information !== undefined || !changedParts(before, after).includes('information');
}

/** Which parts of two decisions differ. */
function changedParts(before: DecisionParts | 'rejected', after: DecisionParts | 'rejected'): ChangePart[] {
  if (before === 'rejected' || after === 'rejected' || before.outcome !== after.outcome) return ['outcome'];
  const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  const parts: ChangePart[] = [];
  if (!same(before.clauses, after.clauses)) parts.push('reasons');
  if (!same(before.obligations, after.obligations)) parts.push('obligations');
  if (before.information && after.information && !same(before.information, after.information)) parts.push('information');
  return parts;
}

/** How a list changed, in words: "obligation `record-disclosure` dropped". */
function listChange(noun: string, before: readonly string[], after: readonly string[]): string[] {
  const dropped = before.filter((id) => !after.includes(id));
  const added = after.filter((id) => !before.includes(id));
  const ids = (list: string[]) => list.map((id) => `\`${id}\``).join(', ');
  return [...(dropped.length ? [`${noun}${dropped.length === 1 ? '' : 's'} ${ids(dropped)} dropped`] : []), ...(added.length ? [`${noun}${added.length === 1 ? '' : 's'} ${ids(added)} added`] : [])];
}

function direction(before: string, after: string, parts: readonly ChangePart[], beforeInformation?: readonly string[], afterInformation?: readonly string[]): ImpactGroup['direction'] {
  if (shares.has(after) && (!shares.has(before) || (before === 'share-minimum' && after === 'share'))) return 'toward-sharing';
  if (shares.has(after) && parts.includes('information') && (afterInformation ?? []).some((id) => !(beforeInformation ?? []).includes(id))) return 'toward-sharing';
  if (after === 'refer' && before !== 'refer') return 'to-refer';
  return 'other';
}

const order: Record<ImpactGroup['direction'], number> = { 'toward-sharing': 0, 'to-refer': 1, other: 2 };
const examplesPerGroup = 3;

/** How many requests beyond the space's shapes the change impact decides with both sides. */
export const defaultBeyond = 50_000;

/** The consent states a request may give, from the request shape the data carries. */
function consentStates(data: PolicyData): string[] | undefined {
  const shape = data.notice.request as PolicyData['notice']['request'] | undefined;
  const consent = shape?.type === 'object' ? shape.fields.consent : undefined;
  return consent?.type === 'string' ? Object.keys(consent.enum) : undefined;
}

/**
 * Where the Rego that decides (policy/sharing, not its tests) differs from the base in what it says: the
 * first line, in the working tree, of each stretch of lines `git diff` finds changed, not counting lines
 * that are blank or only a comment on either side (for a stretch only taken away, the line after it, or
 * the file's last line).
 */
export function regoChangesSince(root: string, base: string): Location[] {
  const diff = spawnSync('git', ['diff', '--no-color', '--no-ext-diff', '--unified=0', base, '--', 'policy/sharing'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (diff.status !== 0) return [];
  const out: Location[] = [];
  const said = (line: string) => line.trim() !== '' && !line.trim().startsWith('#');
  let file: string | undefined;
  let hunk: { line: number; added: number; firstSaid?: number; removedSaid: boolean } | undefined;
  const close = () => {
    if (!file || !hunk) return;
    if (hunk.firstSaid !== undefined) out.push({ file, line: hunk.firstSaid, column: 1 });
    else if (hunk.removedSaid) {
      const length = readFileSyncSafe(join(root, file)).split('\n').length;
      out.push({ file, line: Math.max(1, Math.min(hunk.line, length - 1)), column: 1 });
    }
    hunk = undefined;
  };
  for (const line of diff.stdout.split('\n')) {
    const target = /^\+\+\+ (?:b\/(.*)|\/dev\/null)$/.exec(line);
    if (target) {
      close();
      file = target[1] !== undefined && target[1].endsWith('.rego') && !target[1].endsWith('_test.rego') ? target[1] : undefined;
      continue;
    }
    const header = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (header) {
      close();
      const at = Number(header[1]);
      hunk = { line: header[2] === '0' ? at + 1 : at, added: 0, removedSaid: false };
      continue;
    }
    if (!hunk || line.startsWith('---')) continue;
    if (line.startsWith('+')) {
      if (hunk.firstSaid === undefined && said(line.slice(1))) hunk.firstSaid = hunk.line + hunk.added;
      hunk.added++;
    } else if (line.startsWith('-') && said(line.slice(1))) hunk.removedSaid = true;
  }
  close();
  return out;
}

const readFileSyncSafe = (path: string) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
};

/** The working tree's newest change-log entry, where the notice's version is not `baseVersion`. */
async function newEntry(root: string, baseVersion: string): Promise<Pick<ImpactReport, 'newEntry'>> {
  const notice = readYaml<{ notice?: { version?: unknown }; changes?: { version?: unknown; date?: unknown; summary?: unknown }[] }>(await readFile(join(root, 'content', 'notice.yaml'), 'utf8').catch(() => ''));
  const entry = notice.changes?.[0];
  if (!entry || String(notice.notice?.version) === baseVersion || String(entry.version) !== String(notice.notice?.version)) return {};
  return { newEntry: { version: String(entry.version), date: String(entry.date), summary: String(entry.summary ?? '').replace(/\s+/g, ' ').trim() } };
}

/** Throws ConfigError unless `base` names a commit of the repository at `root`. */
export function checkBase(root: string, base: string): void {
  if (spawnSync('git', ['rev-parse', '--verify', '--quiet', `${base}^{commit}`], { cwd: root, encoding: 'utf8' }).status !== 0) {
    throw new ConfigError(`--base ${base}: no such commit in the repository at ${root} (a branch, tag or commit that git knows, such as origin/main)`);
  }
}

/** `cache`: where earlier runs' decisions of the space are kept (default: the checkout's, space-cache.ts spaceCache); false for none. */
export async function impact(options: { root: string; base: string; scenarioFiles: readonly string[]; acceptedChanges?: AcceptedChange[]; beyond?: number; cache?: SpaceCache | false }): Promise<ImpactReport> {
  const started = performance.now();
  const { root, base } = options;
  checkBase(root, base);
  if (await isStale(root)) {
    const head = await buildPolicyArtifacts(root);
    if (!head.built) throw new ConfigError(`The working tree's content does not load (run npm run validate): ${head.messages.length} problem(s)`);
    if (hasCompiledRuntime(root)) compileRuntime(root);
  }
  // From the base's checkout too: its scenarios, and the content files the data does not carry.
  let baseScenarios = new Set<string>();
  const baseTexts = new Map<string, string>();
  const baseSide = await withBuiltCommit(root, base, async (worktree) => {
    baseScenarios = await scenarioIds(worktree);
    for (const file of ['notice.yaml', 'promises.yaml']) baseTexts.set(file, await readFile(join(worktree, 'content', file), 'utf8').catch(() => ''));
    return readPolicy(join(worktree, 'dist', 'policy'));
  });
  const headScenarios = await scenarioIds(root);
  const scenariosRemoved = [...baseScenarios].filter((id) => !headScenarios.has(id)).sort();
  const headSide = await readPolicy(join(root, 'dist', 'policy'));
  const checkRequest = headSide.requestSchema ? new Ajv2020({ strict: false }).compile(headSide.requestSchema) : () => true;
  const [scenarios, locations] = await Promise.all([scenariosByRequest(root, options.scenarioFiles, (request) => checkRequest(request) as boolean), idLocations(root)]);
  // An entry written for a version accepts changes only in the change that releases that version (the
  // working tree's version, new since the base): once released, it is ignored, with a note.
  const [baseVersion, headVersion] = [baseSide.data.notice.version, headSide.data.notice.version];
  const inForce = (a: AcceptedChange) => a.version === undefined || (a.version === headVersion && headVersion !== baseVersion);
  const allAccepted = options.acceptedChanges ?? [];
  const acceptedChanges = allAccepted.filter(inForce);

  // Both sides decide every request that either side's content defines, each checking it against its own
  // request schema first (what one side does not list, it rejects); whole decisions are compared.
  const spaceData = unionSpaceData(baseSide.data, headSide.data);
  const cache = options.cache === false ? undefined : (options.cache ?? spaceCache(root));
  const { result: decided, reused } = await decideSpaceKept({ spaceData, policies: [baseSide, headSide], compare: true }, cache);
  const parsed = decided.keys.map(parseDecisionKey);

  const groups = new Map<string, ImpactGroup>();
  const acceptedCounts = new Map<string, number>(acceptedChanges.map((a) => [a.id, 0]));
  let pinnedTotal = 0;
  let acceptedTotal = 0;
  // Beyond the space's shapes (many and repeated claims, any mix of kinds, flags stated false), both sides
  // decide the same requests on this thread: a change that only such a request shows is found too.
  const beyond = beyondSpace(spaceData, options.beyond ?? defaultBeyond) as unknown as SpaceRequest[];
  const [baseDecides, headDecides] = await Promise.all([comparer(baseSide), comparer(headSide)]);
  const beyondChanges: [SpaceRequest, string, string][] = [];
  for (const request of beyond) {
    const [beforeKey, afterKey] = [baseDecides(request), headDecides(request)];
    if (!sameDecision(beforeKey, afterKey)) beyondChanges.push([request, beforeKey, afterKey]);
  }
  function* changedDecisions(): Generator<[SpaceRequest, DecisionParts | 'rejected', DecisionParts | 'rejected']> {
    for (let i = 0; i < decided.differences.length; i += 3) {
      yield [requestAt(spaceData, decided.differences[i]!), parsed[decided.differences[i + 1]!]!, parsed[decided.differences[i + 2]!]!];
    }
    for (const [request, beforeKey, afterKey] of beyondChanges) yield [request, parseDecisionKey(beforeKey), parseDecisionKey(afterKey)];
  }
  for (const [request, before, after] of changedDecisions()) {
    const beforeOutcome = before === 'rejected' ? 'rejected' : before.outcome;
    const afterOutcome = after === 'rejected' ? 'rejected' : after.outcome;
    const parts = changedParts(before, after);

    // The group: what one side lists and the other does not, or a recipient and purpose with the change.
    let key: string;
    let make: () => Omit<ImpactGroup, 'count' | 'pinned' | 'accepted' | 'open' | 'examples' | 'clauses'>;
    const removed = after === 'rejected' ? unlistedIds(request, headSide.data)[0] : undefined;
    const added = before === 'rejected' ? unlistedIds(request, baseSide.data)[0] : undefined;
    const recipientName = spaceData.notice.recipients[request.recipient]?.name ?? request.recipient;
    const purposeName = spaceData.notice.purposes[request.purpose]?.name ?? request.purpose;
    if (removed) {
      key = `removed|${removed}`;
      make = () => ({
        kind: 'removed', direction: 'other', listed: removed, before: '*', after: 'rejected', parts: ['outcome'],
        heading: `${listedName(removed, baseSide.data)}: no longer listed`,
        names: { listed: listedName(removed, baseSide.data) },
        location: locations.get(removed.split(':')[0]!)!,
      });
    } else if (added) {
      key = `new|${added}|${afterOutcome}`;
      make = () => ({
        kind: 'new', direction: direction('rejected', afterOutcome, parts), listed: added, before: 'rejected', after: afterOutcome, parts: ['outcome'],
        heading: `${listedName(added, headSide.data)}: new, now ${afterOutcome}`,
        names: { listed: listedName(added, headSide.data), recipient: recipientName, purpose: purposeName },
        location: locations.get(added) ?? locations.get(added.split(':')[0]!)!,
      });
    } else {
      const detail = parts.includes('outcome') || before === 'rejected' || after === 'rejected'
        ? ''
        : [
            ...(parts.includes('reasons') ? listChange('clause', before.clauses, after.clauses) : []),
            ...(parts.includes('obligations') ? listChange('obligation', before.obligations, after.obligations) : []),
            ...(parts.includes('information') ? listChange('kind', before.information ?? [], after.information ?? []) : []),
          ].join('; ');
      key = ['changed', request.recipient, request.purpose, beforeOutcome, afterOutcome, detail].join('|');
      make = () => ({
        kind: 'changed',
        direction: direction(beforeOutcome, afterOutcome, parts, before === 'rejected' ? undefined : before.information, after === 'rejected' ? undefined : after.information),
        recipient: request.recipient, purpose: request.purpose, before: beforeOutcome, after: afterOutcome, parts,
        heading: detail ? `${recipientName}, ${purposeName}: ${afterOutcome}, ${detail}` : `${recipientName}, ${purposeName}: ${beforeOutcome} \u2192 ${afterOutcome}`,
        names: { recipient: recipientName, purpose: purposeName },
        location: locations.get(`recipient:${request.recipient}`) ?? locations.get('recipient')!,
      });
    }
    let group = groups.get(key);
    if (!group) {
      group = { ...make(), clauses: [], count: 0, pinned: 0, accepted: {}, open: 0, examples: [] };
      groups.set(key, group);
    }
    group.count++;

    // The clauses whose promise changed: for what one side lists and the other does not, the clause that
    // names it; otherwise those cited on one side and not the other (or, where both cite the same, those).
    if (group.kind !== 'changed') {
      const listedClause = listedEntry(group.listed!, group.kind === 'removed' ? baseSide.data : headSide.data)?.clause;
      if (listedClause && group.clauses.length === 0) group.clauses.push(listedClause);
    } else {
        const beforeClauses = before === 'rejected' ? [] : before.clauses;
      const afterClauses = after === 'rejected' ? [] : after.clauses;
      const differing = [...beforeClauses.filter((c) => !afterClauses.includes(c)), ...afterClauses.filter((c) => !beforeClauses.includes(c))];
      for (const clause of differing.length ? differing : afterClauses) if (!group.clauses.includes(clause)) group.clauses.push(clause);
    }

    // Pinned: a scenario states the request and every part that changed, holds for the new decision and not
    // for the old one. (A scenario that states only the outcome does not pin a change of obligations.)
    const pinnedBy = scenarios.get(requestKey(request))?.find((s) => statesChange(s.expect, before, after) && expectationHolds(s.expect, after) && !expectationHolds(s.expect, before))?.id;
    const facts = { recipient: request.recipient, purpose: request.purpose, consent: request.consent, before: beforeOutcome, after: afterOutcome, parts, towardSharing: group.direction === 'toward-sharing' };
    const acceptedBy = pinnedBy ? undefined : acceptedChanges.find((entry) => accepts(entry, facts))?.id;
    if (!pinnedBy && !acceptedBy) {
      const unnamed = acceptedChanges.find((entry) => lacksAfter(entry, facts))?.id;
      if (unnamed !== undefined) group.lacksAfter = unnamed;
    }
    if (pinnedBy) {
      group.pinned++;
      pinnedTotal++;
    } else if (acceptedBy) {
      group.accepted[acceptedBy] = (group.accepted[acceptedBy] ?? 0) + 1;
      acceptedCounts.set(acceptedBy, acceptedCounts.get(acceptedBy)! + 1);
      acceptedTotal++;
    } else group.open++;
    // Examples: the open ones first.
    const open = !pinnedBy && !acceptedBy;
    if (group.examples.length < examplesPerGroup || (open && group.examples.some((e) => e.pinnedBy || e.acceptedBy))) {
      const example: ImpactExample = { words: describeRequest(request, spaceData), request, before, after, ...(pinnedBy ? { pinnedBy } : {}), ...(acceptedBy ? { acceptedBy } : {}) };
      if (group.examples.length < examplesPerGroup) group.examples.push(example);
      else group.examples[group.examples.findIndex((e) => e.pinnedBy || e.acceptedBy)] = example;
    }
  }
  for (const group of groups.values()) {
    if (group.kind === 'removed') group.heading += ` \u2014 ${group.count.toLocaleString('en-GB')} request${group.count === 1 ? '' : 's'} now rejected`;
    group.clauses.sort();
    group.examples.sort((a, b) => Number(Boolean(a.pinnedBy || a.acceptedBy)) - Number(Boolean(b.pinnedBy || b.acceptedBy)));
  }
  const changed = decided.differences.length / 3 + beyondChanges.length;
  const reworded = await rewording(root, baseTexts, baseSide.data, headSide.data);
  // The ids an accepted change may name, from both sides' lists (a recipient taken away is still the base's).
  const lists = { recipient: Object.keys(spaceData.notice.recipients), purpose: Object.keys(spaceData.notice.purposes), consent: consentStates(spaceData) };
  return {
    base,
    baseVersion: baseSide.data.notice.version,
    headVersion: headSide.data.notice.version,
    evaluated: decided.evaluated,
    beyond: beyond.length,
    gaps: spaceGaps,
    regoChanges: regoChangesSince(root, base),
    ...(await newEntry(root, baseSide.data.notice.version)),
    changed,
    pinned: pinnedTotal,
    accepted: acceptedTotal,
    open: changed - pinnedTotal - acceptedTotal,
    groups: [...groups.values()].sort((a, b) => order[a.direction] - order[b.direction] || b.count - a.count || a.heading.localeCompare(b.heading)),
    acceptances: allAccepted.map((a) => {
      const unknown = (['recipient', 'purpose', 'consent'] as const).flatMap((field) => (a[field] ?? []).filter((id) => lists[field] !== undefined && !lists[field].includes(id)).map((id) => {
        const nearest = closest(id, lists[field]!);
        return { field, id, ...(nearest ? { nearest } : {}) };
      }));
      return { id: a.id, because: a.because, file: a.file, line: a.line, column: a.column, count: acceptedCounts.get(a.id) ?? 0, ...(unknown.length ? { unknown } : {}), ...(inForce(a) ? {} : { released: a.version! }) };
    }),
    ...(scenariosRemoved.length > 0 ? { scenariosRemoved } : {}),
    reworded,
    seconds: (performance.now() - started) / 1000,
    ...(reused ? { reused } : {}),
  };
}

/**
 * What the notice publishes that differs between the two sides: each clause, obligation, recipient,
 * purpose, circumstance, kind of information, programme (from each side's data.json) and each promise and
 * choice (from each side's content/promises.yaml) whose words or fields changed, or that was added or taken
 * away. A decision cites them by id, so a change of words changes no outcome, yet it is what patients and
 * apps read, and an archived version must keep meaning what it said.
 */
async function rewording(root: string, baseTexts: ReadonlyMap<string, string>, before: PolicyData, after: PolicyData): Promise<Reworded[]> {
  const out: Reworded[] = [];
  // The working tree's content files, each parsed once, for positions (as idLocations finds them).
  const sources = new Map<string, { file: string; text: string; source?: ParsedSource }>();
  const sourceOf = async (name: string) => {
    if (!sources.has(name)) {
      const file = `content/${name}`;
      const text = await readFile(join(root, file), 'utf8').catch(() => '');
      const parsed = parseSource({ path: file, text });
      sources.set(name, { file, text, ...('message' in parsed ? {} : { source: parsed }) });
    }
    return sources.get(name)!;
  };
  const locateIn = async (name: string, path: readonly (string | number)[], key?: string): Promise<Location> => {
    const { file, source } = await sourceOf(name);
    return source ? locate(file, source.doc, source.lines, path, key) : { file, line: 1, column: 1 };
  };
  /** The `id:` of the entry with that id, at any depth (a clause may be an entry of another's list). */
  const at = async (name: string, id: string): Promise<Location> => {
    const { source } = await sourceOf(name);
    const path = source && pathOfId(source.doc.toJS(), id);
    return path ? locateIn(name, path, 'id') : locateIn(name, []);
  };
  const version = () => locateIn('notice.yaml', ['notice'], 'version');
  const compare = async (kind: Reworded['kind'], earlier: Record<string, unknown>, now: Record<string, unknown>) => {
    for (const [id, entry] of Object.entries(now)) {
      if (!(id in earlier)) out.push({ kind, id, change: 'added', ...(await at(publishedParts[kind], id)) });
      else if (canonical(earlier[id]) !== canonical(entry)) out.push({ kind, id, change: 'changed', fields: fieldChanges(earlier[id], entry), ...(await at(publishedParts[kind], id)) });
    }
    for (const id of Object.keys(earlier)) if (!(id in now)) out.push({ kind, id, change: 'removed', ...(await version()) });
  };
  const parts = [['obligation', 'obligations'], ['recipient', 'recipients'], ['purpose', 'purposes'], ['circumstance', 'circumstances'], ['information', 'information'], ['programme', 'programmes']] as const;
  const partOf = (data: PolicyData, key: string) => ((data.notice as Record<string, unknown>)[key] ?? {}) as Record<string, unknown>;
  for (const [kind, key] of parts) await compare(kind, partOf(before, key), partOf(after, key));
  // Clauses without their place (a clause added or taken away moves every clause after it), then whether
  // the clauses both sides have are in another order.
  const [earlierClauses, laterClauses] = [partOf(before, 'clauses'), partOf(after, 'clauses')];
  const placeless = (clauses: Record<string, unknown>) => Object.fromEntries(Object.entries(clauses).map(([id, clause]) => [id, { ...(clause as object), order: undefined }]));
  await compare('clause', placeless(earlierClauses), placeless(laterClauses));
  const inOrder = (clauses: Record<string, unknown>, keep: (id: string) => boolean) =>
    Object.entries(clauses).filter(([id]) => keep(id)).sort(([, a], [, b]) => ((a as { order?: number }).order ?? 0) - ((b as { order?: number }).order ?? 0)).map(([id]) => id);
  const [was, is] = [inOrder(earlierClauses, (id) => id in laterClauses), inOrder(laterClauses, (id) => id in earlierClauses)];
  const moved = is.findIndex((id, i) => was[i] !== id);
  if (moved >= 0) out.push({ kind: 'clause', id: is[moved]!, change: 'moved', ...(await at('notice.yaml', is[moved]!)) });
  // Promises and choices are published on the site from content/promises.yaml, not in data.json.
  type PromisesYaml = { promises?: unknown; choices?: unknown };
  const byId = (list: unknown) => Object.fromEntries(((Array.isArray(list) ? list : []) as { id: string }[]).map((entry) => [entry.id, entry]));
  const [earlierPromises, laterPromises] = [readYaml<PromisesYaml>(baseTexts.get('promises.yaml')), readYaml<PromisesYaml>((await sourceOf('promises.yaml')).text)];
  await compare('promise', byId(earlierPromises.promises), byId(laterPromises.promises));
  await compare('choice', byId(earlierPromises.choices), byId(laterPromises.choices));
  // notice.yaml's own words: the notice's title, controller and effective date, each section's title, and
  // the change log. A released version's entry stays as it was, whatever the version now.
  type NoticeYaml = { notice?: Record<string, unknown>; sections?: { id: string; title?: string }[]; changes?: { version: string }[] };
  const [wasNotice, isNotice] = [readYaml<NoticeYaml>(baseTexts.get('notice.yaml')), readYaml<NoticeYaml>((await sourceOf('notice.yaml')).text)];
  for (const key of ['title', 'controller', 'effective']) {
    if (canonical(wasNotice.notice?.[key]) !== canonical(isNotice.notice?.[key])) out.push({ kind: 'notice', id: key, change: 'changed', fields: fieldChanges(wasNotice.notice?.[key], isNotice.notice?.[key]), ...(await locateIn('notice.yaml', ['notice'], key)) });
  }
  await compare('section', Object.fromEntries((wasNotice.sections ?? []).map((x) => [x.id, x.title])), Object.fromEntries((isNotice.sections ?? []).map((x) => [x.id, x.title])));
  const released = (isNotice.changes ?? []).map((entry) => String(entry.version));
  for (const entry of wasNotice.changes ?? []) {
    const index = released.indexOf(String(entry.version));
    if (index >= 0 && canonical(isNotice.changes![index]) === canonical(entry)) continue;
    const where = index >= 0 ? await locateIn('notice.yaml', ['changes', index], 'version') : await locateIn('notice.yaml', [], 'changes');
    out.push({ kind: 'release', id: String(entry.version), change: index >= 0 ? 'changed' : 'removed', ...(index >= 0 ? { fields: fieldChanges(entry, isNotice.changes![index]) } : {}), ...where });
  }
  return out;
}

/** A YAML file's value, or nothing when it is missing or does not parse (its own problems are the content check's). */
function readYaml<T extends object>(text: string | undefined): T {
  try {
    return ((text ? parse(text) : undefined) ?? {}) as T;
  } catch {
    return {} as T;
  }
}

/** The path to the first object with this `id`, searched depth first. */
function pathOfId(value: unknown, id: string, path: (string | number)[] = []): (string | number)[] | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  if (!Array.isArray(value) && (value as { id?: unknown }).id === id) return path;
  for (const [key, entry] of Object.entries(value)) {
    const found = pathOfId(entry, id, [...path, Array.isArray(value) ? Number(key) : key]);
    if (found) return found;
  }
  return undefined;
}

/** The ids of the scenarios under a checkout's test/scenarios (a file that does not parse has none). */
async function scenarioIds(checkout: string): Promise<Set<string>> {
  const ids = new Set<string>();
  const dir = join(checkout, 'test', 'scenarios');
  if (!existsSync(dir)) return ids;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.ya?ml$/.test(entry.name)) continue;
    try {
      const parsed = parse(await readFile(join(entry.parentPath, entry.name), 'utf8')) as { scenarios?: { id?: unknown }[] } | null;
      for (const scenario of parsed?.scenarios ?? []) if (typeof scenario?.id === 'string') ids.add(scenario.id);
    } catch {
      // (Its own problems are the scenarios check's to report.)
    }
  }
  return ids;
}

const capitalised = (word: string) => `${word[0]!.toUpperCase()}${word.slice(1)}`;

/** The findings of a change impact: each group with changes neither pinned nor accepted, and each stale accepted change. Errors with `--fail-on-change`, warnings without. */
export function impactMessages(report: ImpactReport, options: { failOnChange: boolean; acceptedFile: string }): NoticeMessage[] {
  const severity = options.failOnChange ? 'error' : 'warning';
  const messages: NoticeMessage[] = [];
  // A change made in the Rego is found where the Rego changed (so a pull request shows it on those lines),
  // unless the content of the group's recipient or purpose changed too; the content's entry is its cause.
  const firstRego = report.regoChanges?.[0];
  const contentChanged = new Set((report.reworded ?? []).map((r) => `${r.kind}:${r.id}`));
  for (const group of report.groups.filter((g) => g.open > 0)) {
    const example = group.examples.find((e) => !e.pinnedBy && !e.acceptedBy) ?? group.examples[0]!;
    const inRego = firstRego && group.kind === 'changed' && !contentChanged.has(`recipient:${group.recipient}`) && !contentChanged.has(`purpose:${group.purpose}`);
    messages.push({
      ...(inRego ? { ...firstRego, cause: group.location } : group.location),
      ruleId: 'decision-changed',
      severity,
      reason: `${group.heading}: ${group.open === group.count ? 'no' : `${group.open.toLocaleString('en-GB')} of ${group.count.toLocaleString('en-GB')}`} changed decision${group.count === 1 ? ' is' : 's are'} ${group.open === group.count ? '' : 'not '}pinned by a scenario or accepted${group.clauses.length ? ` (clauses ${group.clauses.map((c) => `\`${c}\``).join(', ')})` : ''}`,
      expected: `a scenario that states the request and tells the two decisions apart, or an entry in ${options.acceptedFile}${group.lacksAfter ? ` (\`${group.lacksAfter}\` matches, but a change toward sharing is accepted only by an entry that names the outcome it accepts: \`after: ${group.after}\`)` : ''}`,
      actual: `${example.words}: ${decisionWords(example.before)} \u2192 ${decisionWords(example.after)}`,
    });
  }
  // Words patients read changed with the notice's version unchanged: the change log cannot say what changed.
  for (const reworded of (report.reworded ?? []).filter((r) => r.kind === 'release')) {
    messages.push({
      file: reworded.file, line: reworded.line, column: reworded.column,
      ruleId: 'wording-changed',
      severity,
      reason: `The change-log entry of released version ${reworded.id} was ${reworded.change ?? 'changed'} since ${report.base}`,
      expected: 'a released version\u2019s entry kept as it was, and a new version with its own entry for this change',
      ...(reworded.fields?.length ? { actual: fieldWords(reworded.fields) } : {}),
    });
  }
  if (report.baseVersion === report.headVersion) {
    for (const reworded of (report.reworded ?? []).filter((r) => r.kind !== 'release')) {
      messages.push({
        file: reworded.file, line: reworded.line, column: reworded.column,
        ruleId: 'wording-changed',
        severity,
        reason: `${capitalised(reworded.kind)} \`${reworded.id}\` was ${reworded.change ?? 'changed'} since ${report.base}, but the notice is still version ${report.headVersion}`,
        expected: 'a new version of the notice, with its change-log entry (content/notice.yaml)',
        ...(reworded.fields?.length ? { actual: fieldWords(reworded.fields) } : {}),
      });
    }
  }
  // Words that say something new while the Rego that decides is as it was: a reviewer checks that the
  // policy still does what the clause now says.
  if (report.regoChanges !== undefined && report.regoChanges.length === 0) {
    for (const reworded of (report.reworded ?? []).filter((r) => r.kind === 'clause' && r.change === 'changed' && r.fields?.some((f) => f.name === 'text'))) {
      messages.push({
        file: reworded.file, line: reworded.line, column: reworded.column,
        ruleId: 'reworded-rules-unchanged',
        severity: 'warning',
        reason: `Clause \`${reworded.id}\` says something new since ${report.base}, but no Rego that decides changed`,
        expected: `a review that the policy still decides what the clause now says (the rules with \`custom.clause: ${reworded.id}\`)`,
        actual: fieldWords(reworded.fields!.filter((f) => f.name === 'text')),
      });
    }
  }
  // An id no side has can never match: a mistake in the entry, whatever --fail-on-change says.
  for (const acceptance of report.acceptances) {
    for (const unknown of acceptance.unknown ?? []) {
      const noun = unknown.field === 'consent' ? 'consent state' : unknown.field;
      messages.push({
        file: acceptance.file, line: acceptance.line, column: acceptance.column,
        ruleId: 'unknown-reference', severity: 'error',
        reason: `Unknown ${noun} \`${unknown.id}\` in accepted change \`${acceptance.id}\``,
        expected: unknown.nearest ? `\`${unknown.nearest}\`, the nearest that exists` : `the id of a ${noun} that exists`,
      });
    }
  }
  // An entry for a version already released (or not the one this change releases) accepts nothing, and is
  // no reason to fail an unrelated change: a note to remove it.
  for (const acceptance of report.acceptances.filter((a) => a.released !== undefined)) {
    messages.push({
      file: acceptance.file, line: acceptance.line, column: acceptance.column,
      ruleId: 'accepted-change-released',
      severity: 'warning',
      reason: `Accepted change \`${acceptance.id}\` is for notice ${acceptance.released}, ${acceptance.released === report.baseVersion ? `released before ${report.base}` : `not ${report.headVersion}, the version this change ${report.headVersion === report.baseVersion ? 'is still at' : 'releases'}`}: it accepts nothing`,
      expected: 'the entry removed (it was for a change that has landed)',
    });
  }
  // (An entry that names an unknown id is reported for that, not again as stale; one for another version, as above.)
  for (const acceptance of report.acceptances.filter((a) => a.count === 0 && !a.unknown && a.released === undefined)) {
    messages.push({
      file: acceptance.file, line: acceptance.line, column: acceptance.column,
      ruleId: 'accepted-change-stale',
      severity,
      reason: `Accepted change \`${acceptance.id}\` matches no changed decision`,
      expected: 'a change it accepts, or the entry removed (it would accept the next change unseen)',
    });
  }
  return messages;
}
