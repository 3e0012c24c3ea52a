// The finite space of sharing requests the content defines, complete for what the policy reads: every
// recipient x purpose x consent state x opt-outs x (necessary for care, sharing agreement), with processor
// disclosure for processors, and for each of those the information and claims asked (see tails). Generated
// from the data, never hand-written. Each request states only what is so: a "no" is left out, as the
// request schema allows ("absent means no"), so the same decisions take less JSON to carry. Browser-safe.
import type { PolicyData } from '../compile/policy-data.ts';

export interface SpaceRequest {
  recipient: string;
  purpose: string;
  information: string[];
  consent: (typeof consentStates)[number];
  circumstances?: Claim[];
  opt_outs?: { national_data_opt_out?: true; shared_care_record?: true };
  necessary_for_care?: true;
  sharing_agreement?: true;
  processor_disclosed?: true;
}

/** A claim as the space states it: waiting is the status left out, as the request schema allows. */
type Claim = { id: string; status?: 'confirmed' | 'rejected' };

export const consentStates = ['given', 'implied', 'refused', 'withdrawn', 'not-asked', 'unable-to-consent'] as const;

/**
 * The circumstance claims: none; each circumstance alone, waiting, confirmed or rejected; each claimed
 * twice, once confirmed and once waiting (which must count as not confirmed) or rejected (which must
 * count as rejected); and each pair of different circumstances, both confirmed, so that two that pull
 * different ways meet.
 */
export function claimSets(data: PolicyData): Claim[][] {
  const ids = Object.keys(data.notice.circumstances);
  const out: Claim[][] = [[]];
  for (const id of ids) {
    out.push([{ id }], [{ id, status: 'confirmed' }], [{ id, status: 'rejected' }]);
    out.push([{ id, status: 'confirmed' }, { id }], [{ id, status: 'confirmed' }, { id, status: 'rejected' }]);
  }
  ids.forEach((a, i) => ids.slice(i + 1).forEach((b) => out.push([{ id: a, status: 'confirmed' }, { id: b, status: 'confirmed' }])));
  return out;
}

/**
 * The kinds of information asked: each kind alone, every programme's kinds together, those with a kind
 * outside them, and every kind at once. A recipient's own ask comes first: its programme's kinds, or the
 * care record.
 */
export function informationSets(data: PolicyData, recipient: string): string[][] {
  const kinds = Object.keys(data.notice.information);
  const programmes = Object.values(data.notice.programmes).filter((p) => p.information.length > 0);
  const own = programmes.find((p) => p.recipient === recipient)?.information ?? ['care-record'];
  const sets = [own, ...kinds.map((k) => [k]), ...programmes.map((p) => p.information)];
  for (const p of programmes) {
    const outside = kinds.find((k) => !p.information.includes(k));
    if (outside) sets.push([...p.information, outside]);
  }
  sets.push(kinds);
  const seen = new Set<string>();
  return sets.filter((set) => {
    const key = [...set].sort().join(',');
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

/**
 * Each kind of information alone (other than the recipient's own ask) with each single claim: a kind and a
 * claim meet (a rule that holds for one kind under one circumstance), under two settings of the flags (none;
 * need for care and an agreement), not every one.
 */
function kindClaimAsks(data: PolicyData, own: readonly string[]): [string[], Claim[]][] {
  const single = claimSets(data).filter((claims) => claims.length === 1);
  const kinds = Object.keys(data.notice.information).filter((k) => !(own.length === 1 && own[0] === k));
  return kinds.flatMap((kind) => {
    const information = [kind];
    return single.map((claims): [string[], Claim[]] => [information, claims]);
  });
}

/**
 * What follows recipient, purpose and consent in a request, for one recipient: its own ask with every
 * claim set, and every other information set with no claim; each x opt-outs x need x agreement
 * (x disclosure, for a processor). Then each kind alone with each single claim (kindClaimAsks), with no
 * flag set or with need and agreement only.
 */
function tails(data: PolicyData, recipient: string): Partial<SpaceRequest>[] {
  const disclosures = data.notice.recipients[recipient]!.kind === 'processor' ? [false, true] : [false];
  const [own, ...others] = informationSets(data, recipient);
  const asks: [string[], Claim[]][] = [...claimSets(data).map((claims): [string[], Claim[]] => [own!, claims]), ...others.map((set): [string[], Claim[]] => [set, []])];
  const out: Partial<SpaceRequest>[] = [];
  const kindClaim: Partial<SpaceRequest>[] = [];
  for (const [information, circumstances] of kindClaimAsks(data, own!)) {
    kindClaim.push({ information, circumstances }, { information, circumstances, necessary_for_care: true, sharing_agreement: true });
  }
  for (const [information, circumstances] of asks) {
    for (const national of [false, true]) {
      for (const record of [false, true]) {
        for (const necessary of [false, true]) {
          for (const agreement of [false, true]) {
            for (const disclosed of disclosures) {
              const tail: Partial<SpaceRequest> = { information };
              if (circumstances.length > 0) tail.circumstances = circumstances;
              if (national || record) tail.opt_outs = { ...(national ? { national_data_opt_out: true } : {}), ...(record ? { shared_care_record: true } : {}) };
              if (necessary) tail.necessary_for_care = true;
              if (agreement) tail.sharing_agreement = true;
              if (disclosed) tail.processor_disclosed = true;
              out.push(tail);
            }
          }
        }
      }
    }
  }
  return [...out, ...kindClaim];
}

const tailsCache = new WeakMap<PolicyData, Map<string, Partial<SpaceRequest>[]>>();

/** Each recipient's tails, worked out once per data (a request picked by its place costs no rebuilding). */
function tailsByRecipient(data: PolicyData): Map<string, Partial<SpaceRequest>[]> {
  let byRecipient = tailsCache.get(data);
  if (!byRecipient) {
    byRecipient = new Map(Object.keys(data.notice.recipients).map((recipient) => [recipient, tails(data, recipient)]));
    tailsCache.set(data, byRecipient);
  }
  return byRecipient;
}

/**
 * The shapes of claims the space pairs with a recipient's own kinds of information (claimSets, in its
 * order): none; one circumstance waiting, confirmed or rejected; one claimed twice, confirmed and waiting
 * or confirmed and rejected; two different circumstances, both confirmed.
 */
export const claimShapes = ['none', 'one-waiting', 'one-confirmed', 'one-rejected', 'twice-confirmed-waiting', 'twice-confirmed-rejected', 'two-confirmed'] as const;
export type ClaimShape = (typeof claimShapes)[number];

/**
 * What no request of the space has, so what its proof does not cover (the seeded requests beyond the
 * space, space.ts beyondSpace, only sample it): kinds of information other than the recipient's own asked
 * together with a claim (except each kind alone with one claim, with no flag or need and agreement); a mix of kinds other than those informationSets lists; two different
 * circumstances claimed where one is waiting or rejected; three or more claims; a member the schema allows
 * stated `false` (the space leaves a "no" out); a claim's status `waiting` stated (the space leaves it out);
 * claims in another order than the space's (and one circumstance claimed twice other than confirmed first,
 * then waiting or rejected); an empty list of claims or empty opt-outs (`[]`, `{}`); processor disclosure
 * stated for a recipient that is not a processor.
 */
export const spaceGaps = ['other-kinds-with-claims', 'other-mixes-of-kinds', 'two-circumstances-not-both-confirmed', 'three-or-more-claims', 'members-stated-false', 'status-waiting-stated', 'other-claim-orders', 'empty-lists', 'disclosure-for-non-processors'] as const;
export type SpaceGap = (typeof spaceGaps)[number];

/** The space as data for the reports: how many requests, how many of each shape, and what it does not hold. */
export interface SpaceCoverage {
  requests: number;
  /**
   * Each taken at every value: recipient, purpose, consent, both opt-outs, need for care, agreement, and
   * disclosure for a processor. With each of them, the recipient's own kinds of information with each claim
   * shape, and (`other-kinds`) every other set of kinds informationSets lists with no claim; and
   * (`kind-with-one-claim`) each other kind alone with each single claim, with no flag set or with need for
   * care and an agreement only.
   */
  byShape: Record<ClaimShape | 'other-kinds' | 'kind-with-one-claim', number>;
  gaps: readonly SpaceGap[];
}

/** The shape of a request's claims, or undefined when the space has no such shape. */
export function claimShape(claims: readonly Claim[] | undefined): ClaimShape | undefined {
  const list = claims ?? [];
  const status = (c: Claim) => c.status ?? 'waiting';
  if (list.length === 0) return 'none';
  if (list.length === 1) return `one-${status(list[0]!)}` as ClaimShape;
  if (list.length !== 2 || status(list[0]!) !== 'confirmed') return undefined;
  const [, second] = list as [Claim, Claim];
  if (list[0]!.id === second.id) return status(second) === 'confirmed' ? undefined : (`twice-confirmed-${status(second)}` as ClaimShape);
  return status(second) === 'confirmed' ? 'two-confirmed' : undefined;
}

/** The space's coverage, counted from the same tails requestSpace yields. */
export function spaceCoverage(data: PolicyData): SpaceCoverage {
  const blocks = Object.keys(data.notice.purposes).length * consentStates.length;
  const byShape = Object.fromEntries([...claimShapes, 'other-kinds', 'kind-with-one-claim'].map((s) => [s, 0])) as SpaceCoverage['byShape'];
  for (const recipientTails of tailsByRecipient(data).values()) {
    const own = recipientTails[0]!.information!;
    for (const tail of recipientTails) {
      const shape = tail.information === own ? claimShape(tail.circumstances) : tail.circumstances ? 'kind-with-one-claim' : 'other-kinds';
      if (shape === undefined) throw new Error(`The space holds claims of no listed shape: ${JSON.stringify(tail.circumstances)}`);
      byShape[shape] += blocks;
    }
  }
  return { requests: spaceSize(data), byShape, gaps: spaceGaps };
}

/**
 * The space as text: the purposes, the consent states and each recipient's tails, which are all that
 * requestSpace reads. Two data whose fingerprints are equal have the same space, request for request, in
 * the same order, whatever else differs (names, clause words): what keeps decisions by place (space-cache.ts).
 */
export function spaceFingerprint(data: PolicyData): string {
  return JSON.stringify([Object.keys(data.notice.purposes), consentStates, [...tailsByRecipient(data)]]);
}

/** How many requests requestSpace yields for this data, from the same tails, without building the requests. */
export function spaceSize(data: PolicyData): number {
  const blocks = Object.keys(data.notice.purposes).length * consentStates.length;
  return [...tailsByRecipient(data).values()].reduce((sum, recipientTails) => sum + blocks * recipientTails.length, 0);
}

/**
 * Every request of the space, in a fixed order; with `from` and `to`, only the requests at those places
 * in it (from inclusive, to exclusive), the others skipped without being built.
 */
export function* requestSpace(data: PolicyData, range: { from: number; to: number } = { from: 0, to: Infinity }): Generator<SpaceRequest> {
  let at = 0; // the place of the block's first request
  for (const [recipient, recipientTails] of tailsByRecipient(data)) {
    for (const purpose of Object.keys(data.notice.purposes)) {
      for (const consent of consentStates) {
        // A block: this recipient, purpose and consent, with every tail.
        const first = Math.max(0, range.from - at);
        const last = Math.min(recipientTails.length, range.to - at);
        for (let t = first; t < last; t++) {
          const { information, ...rest } = recipientTails[t]!;
          yield { recipient, purpose, information: information!, consent, ...rest };
        }
        at += recipientTails.length;
        if (at >= range.to) return;
      }
    }
  }
}

/** The request at one place of the space, worked out from the place (as requestSpace orders them), without the requests before it. */
export function requestAt(data: PolicyData, index: number): SpaceRequest {
  const purposes = Object.keys(data.notice.purposes);
  let at = 0;
  if (Number.isInteger(index) && index >= 0) {
    for (const [recipient, recipientTails] of tailsByRecipient(data)) {
      const block = recipientTails.length;
      const size = purposes.length * consentStates.length * block;
      if (index < at + size) {
        const offset = index - at;
        const purpose = purposes[Math.floor(offset / (consentStates.length * block))]!;
        const consent = consentStates[Math.floor(offset / block) % consentStates.length]!;
        const { information, ...rest } = recipientTails[offset % block]!;
        return { recipient, purpose, information: information!, consent, ...rest };
      }
      at += size;
    }
  }
  throw new RangeError(`The space has no request at ${index}`);
}

/** One key per request, whatever the order of its fields or absent "no"s: to match scenarios to the space. */
export function requestKey(request: Partial<SpaceRequest>): string {
  const circumstances = [...(request.circumstances ?? [])]
    .map((c) => `${c.id}${c.status === 'confirmed' ? '+' : c.status === 'rejected' ? '-' : ''}`)
    .sort()
    .join(',');
  return [
    request.recipient, request.purpose, [...(request.information ?? [])].sort().join(','), request.consent, circumstances,
    request.opt_outs?.national_data_opt_out === true, request.opt_outs?.shared_care_record === true,
    request.necessary_for_care === true, request.sharing_agreement === true, request.processor_disclosed === true,
  ].join('|');
}

/** A reviewer's words for a request: "Police & Judicial Services, Investigating a serious crime, asking for Diagnoses, consent refused, serious crime (confirmed)". */
export function describeRequest(request: SpaceRequest, data: PolicyData): string {
  const parts = [
    data.notice.recipients[request.recipient]?.name ?? request.recipient,
    data.notice.purposes[request.purpose]?.name ?? request.purpose,
    `asking for ${request.information.map((kind) => data.notice.information?.[kind]?.name ?? kind).join('; ')}`,
    `consent ${request.consent.replace(/-/g, ' ')}`,
  ];
  for (const claim of request.circumstances ?? []) {
    parts.push(`${data.notice.circumstances[claim.id]?.name ?? claim.id}${claim.status === 'confirmed' || claim.status === 'rejected' ? ` (${claim.status})` : ''}`);
  }
  if (request.opt_outs?.national_data_opt_out) parts.push('national data opt-out');
  if (request.opt_outs?.shared_care_record) parts.push('objects to My Care Record');
  parts.push(request.necessary_for_care ? 'necessary for care' : 'not necessary for care');
  parts.push(request.sharing_agreement ? 'agreement in place' : 'no agreement');
  if (data.notice.recipients[request.recipient]?.kind === 'processor') parts.push(request.processor_disclosed ? 'disclosed' : 'not disclosed');
  return parts.join(', ');
}

/**
 * A test of whether an app would plausibly send a request, for reporting how often the policy refers:
 * the notice names the recipient for the purpose (the care route of a recipient that takes part in care,
 * a programme, a processor's instructed purposes, or a circumstance that reaches both), the recipient's
 * own kinds of information are asked, and every claim is of a listed circumstance that reaches the
 * recipient and purpose. (A claim of a reason the notice does not list is a deliberate escalation to a
 * person, not a request an app sends to be answered.)
 */
export function plausibility(data: PolicyData): (request: SpaceRequest) => boolean {
  const { recipients, purposes, programmes, circumstances } = data.notice;
  const pairs = new Set<string>();
  for (const [recipient, entry] of Object.entries(recipients)) {
    const caring = ['care-team', 'carer', 'nearest-relative', 'shared-care-record'].includes(entry.kind) || (entry.kind === 'organisation' && entry.care_role !== 'none');
    for (const [purpose, p] of Object.entries(purposes)) if (caring && p.direct_care) pairs.add(`${recipient}|${purpose}`);
    for (const purpose of entry.purposes ?? []) pairs.add(`${recipient}|${purpose}`);
  }
  for (const p of Object.values(programmes)) for (const purpose of p.purposes) pairs.add(`${p.recipient}|${purpose}`);
  for (const c of Object.values(circumstances)) if (c.listed) for (const r of c.recipients) for (const purpose of c.purposes) pairs.add(`${r}|${purpose}`);
  // The space's requests carry their recipient's own kinds as the very array its tails hold.
  const tailsOf = tailsByRecipient(data);
  const ownAsk = new Map([...tailsOf].map(([r, t]) => [r, t[0]!.information]));
  return (request) => {
    if (request.information !== ownAsk.get(request.recipient) && request.information.join(',') !== ownAsk.get(request.recipient)!.join(',')) return false;
    if (!pairs.has(`${request.recipient}|${request.purpose}`)) return false;
    return (request.circumstances ?? []).every((claim) => {
      const c = circumstances[claim.id];
      return c !== undefined && c.listed && c.recipients.includes(request.recipient) && c.purposes.includes(request.purpose);
    });
  };
}

/**
 * The data whose space holds the requests of both sides of a change: every recipient, purpose,
 * circumstance, kind of information and programme either side lists (the head's entry where both do; the
 * head's first, then what only the base lists). A request that one side does not know is one that side
 * rejects, which is how a removal, or an addition, shows. Tolerates a base built before a list existed.
 */
export function unionSpaceData(base: PolicyData, head: PolicyData): PolicyData {
  const merge = <T>(headList: Record<string, T> | undefined, baseList: Record<string, T> | undefined): Record<string, T> => {
    const out: Record<string, T> = { ...(headList ?? {}) };
    for (const [id, entry] of Object.entries(baseList ?? {})) if (!(id in out)) out[id] = entry;
    return out;
  };
  const baseProgrammes = Object.fromEntries(
    Object.entries(base.notice.programmes ?? {}).map(([id, p]) => [id, { ...p, purposes: p.purposes ?? [], information: p.information ?? [] }]),
  );
  return {
    notice: {
      ...head.notice,
      recipients: merge(head.notice.recipients, base.notice.recipients),
      purposes: merge(head.notice.purposes, base.notice.purposes),
      circumstances: merge(head.notice.circumstances, base.notice.circumstances),
      information: merge(head.notice.information, base.notice.information),
      programmes: merge(head.notice.programmes, baseProgrammes),
    },
  };
}

/**
 * The data of a smaller space: the same notice, with only the named recipients and purposes, so that the
 * space holds their requests alone (each with every consent state, kind set, claim and flag the whole space
 * gives it). For tests of the deciding machinery and the bench's quick mode; a proof of the notice decides
 * the whole space.
 */
export function narrowSpace(data: PolicyData, only: { recipients: readonly string[]; purposes: readonly string[] }): PolicyData {
  const pick = <T>(list: Record<string, T>, ids: readonly string[]): Record<string, T> => {
    const missing = ids.filter((id) => !(id in list));
    if (missing.length > 0) throw new Error(`narrowSpace: the notice does not list ${missing.join(', ')}`);
    return Object.fromEntries(ids.map((id) => [id, list[id]!]));
  };
  return { ...data, notice: { ...data.notice, recipients: pick(data.notice.recipients, only.recipients), purposes: pick(data.notice.purposes, only.purposes) } };
}

/** What a request names that the data does not list: `recipient:<id>`, `purpose:<id>`, `circumstance:<id>` or `information:<id>`. */
export function unlistedIds(request: SpaceRequest, data: PolicyData): string[] {
  const { recipients, purposes, circumstances, information } = data.notice;
  const out: string[] = [];
  if (!(request.recipient in recipients)) out.push(`recipient:${request.recipient}`);
  if (!(request.purpose in purposes)) out.push(`purpose:${request.purpose}`);
  for (const claim of request.circumstances ?? []) if (!(claim.id in circumstances)) out.push(`circumstance:${claim.id}`);
  for (const kind of request.information) if (information && !(kind in information)) out.push(`information:${kind}`);
  return [...new Set(out)];
}

/** A small seeded generator (mulberry32): the same requests on every run and every machine. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Well-formed requests beyond the space's fixed shapes, the same on every run: any recipient, purpose and
 * consent; any set of kinds of information; up to sixteen claims, repeated or not, confirmed, rejected,
 * waiting or saying nothing; each flag and opt-out true, false or left out. The space is complete for the shapes it
 * lists (no claim, one, a pair, the same twice); these look for a policy that reads more than those (three
 * claims of one circumstance, a mixed list of kinds) and are decided beside it.
 */
export function beyondSpace(data: PolicyData, count: number, seed = 0x5eed): Record<string, unknown>[] {
  const random = seeded(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const recipients = Object.keys(data.notice.recipients);
  const purposes = Object.keys(data.notice.purposes);
  const kinds = Object.keys(data.notice.information);
  const circumstances = Object.keys(data.notice.circumstances);
  const flag = (request: Record<string, unknown>, name: string) => {
    const roll = random();
    if (roll < 0.45) request[name] = true;
    else if (roll < 0.6) request[name] = false;
  };
  const out: Record<string, unknown>[] = [];
  for (let n = 0; n < count; n++) {
    const information = kinds.filter(() => random() < 0.4);
    const request: Record<string, unknown> = {
      recipient: pick(recipients),
      purpose: pick(purposes),
      information: information.length > 0 ? information : [pick(kinds)],
      consent: pick(consentStates),
    };
    // Most with a few claims, some with many; ids repeat.
    const claims = random() < 0.3 ? 0 : Math.min(16, Math.floor(-Math.log(1 - random()) * 3) + 1);
    if (claims > 0 || random() < 0.1) {
      const ofOne = random() < 0.5 ? pick(circumstances) : undefined;
      request.circumstances = Array.from({ length: claims }, () => {
        const claim: Record<string, unknown> = { id: ofOne && random() < 0.7 ? ofOne : pick(circumstances) };
        const roll = random();
        if (roll < 0.35) claim.status = 'confirmed';
        else if (roll < 0.55) claim.status = 'rejected';
        else if (roll < 0.75) claim.status = 'waiting';
        return claim;
      });
    }
    const optOuts: Record<string, unknown> = {};
    flag(optOuts, 'national_data_opt_out');
    flag(optOuts, 'shared_care_record');
    if (Object.keys(optOuts).length > 0 || random() < 0.1) request.opt_outs = optOuts;
    for (const name of ['necessary_for_care', 'sharing_agreement', 'processor_disclosed']) flag(request, name);
    out.push(request);
  }
  return out;
}
