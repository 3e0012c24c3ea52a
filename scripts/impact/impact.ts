// Change impact: builds the policy at a base git ref (in a temporary worktree) and in the working tree,
// decides every request that either side's content defines with both (over worker threads, one per core),
// each side rejecting what its own request schema does not know, and compares whole decisions (outcome,
// clauses, obligations, information). The changes are grouped as a reviewer thinks of them, changes toward
// sharing first, each marked where a scenario pins it or an accepted change covers it. Node-only.
import { readDistPolicy } from '../compile/dist-policy.ts';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { canonical } from '../tools/canonical.ts';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { accepts, lacksAfter, type AcceptedChange, type ChangePart } from './accepted-changes.ts';
import type { Location } from '../content/messages.ts';
import { buildPolicyArtifacts, isStale } from '../compile/pipeline.ts';
import type { PolicyData } from '../compile/policy-data.ts';
import type { Expectation } from '../content/scenario-files.ts';
import { baseContentFiles, readYaml, rewording, type FieldChange, type Reworded } from './rewording.ts';
import { regoChangesSince } from './rego-changes.ts';
import { compileRuntime, hasCompiledRuntime } from '../compile/runtime-build.ts';
import { beyondSpace, describeRequest, requestAt, requestKey, spaceGaps, unionSpaceData, unlistedIds, type SpaceGap, type SpaceRequest } from './space.ts';
import { contentChanges, type ContentChanges, type Renamed } from './content-changes.ts';
import { compareSpaceKept, spaceCache, type Reused, type SpaceCache } from './space-cache.ts';
import { comparer, decisionKey, parseDecisionKey, sameDecision, type DecisionParts, type SpacePolicy } from './space-decide.ts';
import { closest } from '../content/suggest.ts';
import { ConfigError } from '../tools/config-error.ts';
import { git, withBuiltCommit } from '../compile/commit-build.ts';
import { locate, parseSource } from '../content/yaml-source.ts';
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

export type { FieldChange, Reworded } from './rewording.ts';
export { regoChangesSince } from './rego-changes.ts';

export interface ImpactReport {
  base: string;
  baseVersion: string;
  headVersion: string;
  /** The requests decided by both sides: the space of both sides' content together. */
  evaluated: number;
  /** And requests beyond the space's shapes (space.ts beyondSpace), decided by both sides too. */
  beyond: number;
  /**
   * The working tree's policy is the base's, byte for byte (policy.wasm, data.json and request schema): no
   * request of any shape can be decided differently, so none was decided (`evaluated` and `beyond` are 0).
   */
  samePolicy?: true;
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
  /** What the change does to the notice's lists besides decisions: a release dated early, clauses left about entries taken away, ids renamed (content-changes.ts). */
  contentChanges?: ContentChanges;
  /** The space's decisions by both sides were worked out by an earlier run over the same two policies and deciding code (space-cache.ts), not by this one. */
  reused?: Reused;
  /**
   * The base's decisions of the space were kept (as hashes by place) by an earlier run over the same space,
   * base policy and deciding code: this run decided the working tree's side of every request, and the base
   * again wherever they differ (space-cache.ts compareSpaceKept).
   */
  baseReused?: Reused;
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
/** Whether two built policies are the same bytes: policy.wasm, data.json and the request schema. */
function samePolicyBytes(a: SpacePolicy, b: SpacePolicy): boolean {
  const bytes = (wasm: Uint8Array) => createHash('sha256').update(wasm).digest('hex');
  return bytes(a.wasm) === bytes(b.wasm) && canonical(a.data) === canonical(b.data) && canonical(a.requestSchema ?? null) === canonical(b.requestSchema ?? null);
}

async function readPolicy(policyDir: string): Promise<SpacePolicy> {
  const { wasm, data, requestSchema } = await readDistPolicy(policyDir);
  return { wasm, data, checkRequests: false, ...(requestSchema ? { requestSchema } : {}) };
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

/** The working tree's newest change-log entry, where the notice's version is not `baseVersion`. */
async function newEntry(root: string, baseVersion: string): Promise<Pick<ImpactReport, 'newEntry'>> {
  const notice = readYaml<{ notice?: { version?: unknown }; changes?: { version?: unknown; date?: unknown; summary?: unknown }[] }>(await readFile(join(root, 'content', 'notice.yaml'), 'utf8').catch(() => ''));
  const entry = notice.changes?.[0];
  if (!entry || String(notice.notice?.version) === baseVersion || String(entry.version) !== String(notice.notice?.version)) return {};
  return { newEntry: { version: String(entry.version), date: String(entry.date), summary: String(entry.summary ?? '').replace(/\s+/g, ' ').trim() } };
}

/** Today's date (UTC), as YYYY-MM-DD; NOTICE_TODAY sets it, for a run that must give the same answer on any day. */
export function today(env: NodeJS.ProcessEnv = process.env): string {
  const set = env.NOTICE_TODAY;
  if (set !== undefined && set !== '') {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(set) || Number.isNaN(Date.parse(set))) throw new ConfigError(`NOTICE_TODAY=${set}: expected a date, YYYY-MM-DD`);
    return set;
  }
  return new Date().toISOString().slice(0, 10);
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
  const todayDate = today();
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
    for (const file of baseContentFiles) baseTexts.set(file, await readFile(join(worktree, 'content', file), 'utf8').catch(() => ''));
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
  // Unless the two policies are the same bytes (policy.wasm, data.json, request schema): the same pure
  // function of the request on both sides, so no request of any shape is decided differently, and none is.
  const spaceData = unionSpaceData(baseSide.data, headSide.data);
  const samePolicy = samePolicyBytes(baseSide, headSide);
  const cache = options.cache === false ? undefined : (options.cache ?? spaceCache(root));
  const { result: decided, reused, baseReused } = samePolicy
    ? { result: { threads: 0, stopped: false, evaluated: 0, outcomes: [], differences: [], keys: [], broken: {}, rejected: [], plausible: {} }, reused: undefined, baseReused: undefined }
    : await compareSpaceKept({ spaceData, policies: [baseSide, headSide] }, cache);
  const parsed = decided.keys.map(parseDecisionKey);

  const groups = new Map<string, ImpactGroup>();
  const acceptedCounts = new Map<string, number>(acceptedChanges.map((a) => [a.id, 0]));
  let pinnedTotal = 0;
  let acceptedTotal = 0;
  // Beyond the space's shapes (many and repeated claims, any mix of kinds, flags stated false), both sides
  // decide the same requests on this thread: a change that only such a request shows is found too.
  const beyond = samePolicy ? [] : (beyondSpace(spaceData, options.beyond ?? defaultBeyond) as unknown as SpaceRequest[]);
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
  // A clause renamed (content-changes.ts): a decision that cites it under its new id, and is otherwise as
  // it was, is the same decision; the rename is reported once, as a rename, not as each decision citing it.
  const entry = await newEntry(root, baseSide.data.notice.version);
  const content = contentChanges({
    root, base: baseSide.data, head: headSide.data, ...(entry.newEntry ? { newEntry: entry.newEntry } : {}),
    baseDate: git(root, ['log', '-1', '--format=%cs', base]).trim(), today: todayDate,
  });
  const clauseRenames = new Map(content.renamed.filter((r) => r.kind === 'clause').map((r) => [r.from, r]));
  const renamedOnly = (before: DecisionParts | 'rejected', after: DecisionParts | 'rejected'): Renamed[] | undefined => {
    if (clauseRenames.size === 0 || before === 'rejected' || after === 'rejected') return undefined;
    const used = before.clauses.filter((c) => clauseRenames.has(c)).map((c) => clauseRenames.get(c)!);
    if (used.length === 0) return undefined;
    const renamed = { ...before, clauses: before.clauses.map((c) => clauseRenames.get(c)?.to ?? c) };
    return decisionKey(renamed) === decisionKey(after) ? used : undefined;
  };
  let sameButRenamed = 0;
  for (const [request, decidedBefore, after] of changedDecisions()) {
    const renames = renamedOnly(decidedBefore, after);
    if (renames) {
      sameButRenamed++;
      for (const rename of renames) rename.decisions = (rename.decisions ?? 0) + 1;
      continue;
    }
    // What else changed is judged with the base's clauses under their new ids: a scenario pins it only by
    // telling the two decisions apart in what changed, not by the renamed id alone.
    const before = decidedBefore === 'rejected' || clauseRenames.size === 0 ? decidedBefore : { ...decidedBefore, clauses: decidedBefore.clauses.map((c) => clauseRenames.get(c)?.to ?? c) };
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
  const changed = decided.differences.length / 3 + beyondChanges.length - sameButRenamed;
  const reworded = await rewording(root, baseTexts, baseSide.data, headSide.data);
  // The ids an accepted change may name, from both sides' lists (a recipient taken away is still the base's).
  const lists = { recipient: Object.keys(spaceData.notice.recipients), purpose: Object.keys(spaceData.notice.purposes), consent: consentStates(spaceData) };
  return {
    base,
    baseVersion: baseSide.data.notice.version,
    headVersion: headSide.data.notice.version,
    evaluated: decided.evaluated,
    beyond: beyond.length,
    ...(samePolicy ? { samePolicy: true } : { gaps: spaceGaps }),
    regoChanges: regoChangesSince(root, base),
    ...entry,
    contentChanges: content,
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
    ...(baseReused ? { baseReused } : {}),
  };
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
