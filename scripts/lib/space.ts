// The finite space of sharing requests the content defines: every recipient x purpose x consent state x
// circumstance claim x opt-out x (necessary for care, sharing agreement), with processor disclosure for
// processors and the information a programme's recipient receives. Generated, never hand-written.
// Each request states only what is so: a "no" is left out, as the request schema allows ("absent means
// no"), so the same decisions take less JSON to carry. Browser-safe.
import type { PolicyData } from './policy-data.ts';

export interface SpaceRequest {
  recipient: string;
  purpose: string;
  information: string[];
  consent: 'given' | 'refused' | 'withdrawn' | 'not-asked' | 'unable-to-consent';
  circumstances?: { id: string; confirmed?: true }[];
  opt_outs?: { national_data_opt_out?: true; shared_care_record?: true };
  necessary_for_care?: true;
  sharing_agreement?: true;
  processor_disclosed?: true;
}

export const consentStates = ['given', 'refused', 'withdrawn', 'not-asked', 'unable-to-consent'] as const;

/** The circumstance claims: none, or one circumstance; confirmed or not where the notice leaves a judgement. */
function claims(data: PolicyData): { id: string; confirmed?: true }[][] {
  const out: { id: string; confirmed?: true }[][] = [[]];
  for (const [id, circumstance] of Object.entries(data.notice.circumstances)) {
    out.push([{ id }]);
    if (circumstance.needs_review) out.push([{ id, confirmed: true }]);
  }
  return out;
}

/** How many requests requestSpace yields for this data, from the same tails, without building the requests. */
export function spaceSize(data: PolicyData): number {
  const tailsFor = tailsByKind(data);
  const blocks = Object.keys(data.notice.purposes).length * consentStates.length;
  return Object.values(data.notice.recipients).reduce((sum, entry) => sum + blocks * tailsFor.get(entry.kind === 'processor')!.length, 0);
}

/** What follows recipient, purpose, information and consent in a request: every claim x opt-outs x need x agreement (x disclosure). */
function tails(data: PolicyData, disclosures: readonly boolean[]): Partial<SpaceRequest>[] {
  const out: Partial<SpaceRequest>[] = [];
  for (const circumstances of claims(data)) {
    for (const national of [false, true]) {
      for (const record of [false, true]) {
        for (const necessary of [false, true]) {
          for (const agreement of [false, true]) {
            for (const disclosed of disclosures) {
              const tail: Partial<SpaceRequest> = {};
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
  return out;
}

/** The tails for a recipient that is a processor (with disclosure) and for one that is not. */
function tailsByKind(data: PolicyData): Map<boolean, Partial<SpaceRequest>[]> {
  return new Map([false, true].map((processor) => [processor, tails(data, processor ? [false, true] : [false])]));
}

/**
 * Every request of the space, in a fixed order; with `from` and `to`, only the requests at those places
 * in it (from inclusive, to exclusive), the others skipped without being built.
 */
export function* requestSpace(data: PolicyData, range: { from: number; to: number } = { from: 0, to: Infinity }): Generator<SpaceRequest> {
  const programmeInformation = new Map(Object.values(data.notice.programmes).filter((p) => p.information.length > 0).map((p) => [p.recipient, p.information]));
  const tailsFor = tailsByKind(data);
  let at = 0; // the place of the block's first request
  for (const [recipient, entry] of Object.entries(data.notice.recipients)) {
    const information = programmeInformation.get(recipient) ?? ['care-record'];
    const recipientTails = tailsFor.get(entry.kind === 'processor')!;
    for (const purpose of Object.keys(data.notice.purposes)) {
      for (const consent of consentStates) {
        // A block: this recipient, purpose and consent, with every tail.
        const first = Math.max(0, range.from - at);
        const last = Math.min(recipientTails.length, range.to - at);
        for (let t = first; t < last; t++) yield { recipient, purpose, information, consent, ...recipientTails[t] };
        at += recipientTails.length;
        if (at >= range.to) return;
      }
    }
  }
}

/** One key per request, whatever the order of its fields or absent "no"s: to match scenarios to the space. */
export function requestKey(request: Partial<SpaceRequest>): string {
  const circumstances = [...(request.circumstances ?? [])]
    .map((c) => `${c.id}${c.confirmed ? '+' : ''}`)
    .sort()
    .join(',');
  return [
    request.recipient, request.purpose, [...(request.information ?? [])].sort().join(','), request.consent, circumstances,
    request.opt_outs?.national_data_opt_out === true, request.opt_outs?.shared_care_record === true,
    request.necessary_for_care === true, request.sharing_agreement === true, request.processor_disclosed === true,
  ].join('|');
}

/** A reviewer's words for a request: "Police & Judicial Services, Investigating a serious crime, consent refused, serious crime (confirmed)". */
export function describeRequest(request: SpaceRequest, data: PolicyData): string {
  const parts = [
    data.notice.recipients[request.recipient]?.name ?? request.recipient,
    (data.notice.purposes[request.purpose]?.name ?? request.purpose).toLowerCase(),
    `consent ${request.consent.replace(/-/g, ' ')}`,
  ];
  for (const claim of request.circumstances ?? []) {
    parts.push(`${(data.notice.circumstances[claim.id]?.name ?? claim.id).toLowerCase()}${claim.confirmed ? ' (confirmed)' : ''}`);
  }
  if (request.opt_outs?.national_data_opt_out) parts.push('national data opt-out');
  if (request.opt_outs?.shared_care_record) parts.push('objects to My Care Record');
  parts.push(request.necessary_for_care ? 'necessary for care' : 'not necessary for care');
  parts.push(request.sharing_agreement ? 'agreement in place' : 'no agreement');
  if (data.notice.recipients[request.recipient]?.kind === 'processor') parts.push(request.processor_disclosed ? 'disclosed' : 'not disclosed');
  return parts.join(', ');
}
