// Audit records of decisions. Browser-safe. A decision-log entry has the shape of OPA's decision logs, so
// decisions made by the embedded runtime and by OPA servers land in one log pipeline; the same entry as a
// FHIR R4 AuditEvent, since NHS systems audit in FHIR.
import type { Decision } from './generated/types.ts';
import type { PolicyData, PolicyDataInput } from './policy-data.ts';
import { printable } from './printable.ts';

/** The bundle name the README's OPA configuration gives the notice's bundle: an OPA server logs its revision under it. */
export const defaultBundleName = 'privacy-notice';

/** One decision, as OPA logs a decision (its decision-log event), with the hashes that let it be replayed. */
export interface DecisionLogEntry {
  decision_id: string;
  /** The rule decided, as OPA names it: `sharing/decision`. */
  path: 'sharing/decision';
  /** The request as it was decided: the value of the exact JSON text the policy read. */
  input: unknown;
  result: Decision;
  /** When it was decided, RFC 3339 (UTC). */
  timestamp: string;
  /** The bundle that decided, by name, with its revision (the notice version), as OPA logs it. */
  bundles: Record<string, { revision: string }>;
  labels: Record<string, string>;
  /** The SHA-256 of the exact JSON text the policy decided. */
  input_sha256: string;
}

/** A v4 UUID: crypto.randomUUID where there is one (secure contexts), else from crypto.getRandomValues. */
export function decisionId(): string {
  const crypto = globalThis.crypto as Crypto | undefined;
  if (typeof crypto?.randomUUID === 'function') return crypto.randomUUID();
  const bytes = new Uint8Array(16);
  if (typeof crypto?.getRandomValues === 'function') crypto.getRandomValues(bytes);
  else for (let i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256);
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** What an AuditEvent says besides the decision: the patient, the organisation that asked, where the notice is published. */
export interface AuditEventOptions {
  /** The patient the request is about, as a FHIR reference (`{ reference: 'Patient/123' }`). */
  patient?: { reference: string; display?: string };
  /** The organisation whose system asked (the trust's, usually). */
  organization?: { reference?: string; display: string };
  /** Where the notice of this version is published; the AuditEvent's `agent.policy` (default a URN of the notice and version). */
  policyUri?: string;
}

/** A FHIR R4 AuditEvent resource, as far as this package writes one. */
export interface AuditEvent {
  resourceType: 'AuditEvent';
  id: string;
  type: { system: string; code: string; display: string };
  subtype: { system: string; code: string; display: string }[];
  action: 'E';
  recorded: string;
  /** 0: the disclosure was allowed (share, share-minimum); 4: it was not carried out (do-not-share, refer). */
  outcome: '0' | '4';
  outcomeDesc: string;
  purposeOfEvent: { coding?: { system: string; code: string; display?: string }[]; text: string }[];
  agent: { type?: { coding: { system: string; code: string; display: string }[] }; who: { reference?: string; display: string }; requestor: boolean; policy?: string[] }[];
  source: { observer: { display: string }; type: { system: string; code: string; display: string }[] };
  entity: { what?: { reference: string; display?: string }; type: { system: string; code: string; display: string }; role?: { system: string; code: string; display: string }; detail?: { type: string; valueString: string }[] }[];
}

/**
 * The entry as a FHIR R4 AuditEvent (throws a TypeError saying what is wrong when the entry is not a
 * decision-log entry or an option would make invalid FHIR): the disclosure decided (DICOM "Export", ISO 21089 "disclose"), its
 * purpose of use as the HL7 v3 ActReason code the notice's content gives the purpose, the recipient as the
 * receiving agent with the notice version as its `policy`, and the decision (outcome, clauses,
 * obligations) and the hashes as details.
 */
export function toAuditEvent(entry: DecisionLogEntry, data: PolicyData | PolicyDataInput, given: AuditEventOptions = {}): AuditEvent {
  if (given === null || typeof given !== 'object') throw new TypeError(`toAuditEvent: the options must be an object ({ patient, organization, policyUri }, each optional), found ${given === null ? 'null' : typeof given}`);
  // Only the options' own members, and of a reference only its reference and display: a polluted
  // Object.prototype names no patient, and nothing FHIR does not have is copied into the event.
  const member = (value: unknown, key: string): unknown => (value !== null && typeof value === 'object' && Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined);
  const reference = (value: unknown) => Object.assign(Object.create(null) as object, {
    ...(member(value, 'reference') !== undefined ? { reference: member(value, 'reference') as string } : {}),
    ...(member(value, 'display') !== undefined ? { display: member(value, 'display') as string } : {}),
  }) as { reference?: string; display?: string };
  // (With no prototype: a member left out reads as undefined, not as a polluted Object.prototype's.)
  const options: AuditEventOptions = Object.assign(Object.create(null) as AuditEventOptions, {
    ...(member(given, 'patient') !== undefined ? { patient: reference(member(given, 'patient')) as { reference: string; display?: string } } : {}),
    ...(member(given, 'organization') !== undefined ? { organization: reference(member(given, 'organization')) as { display: string; reference?: string } } : {}),
    ...(member(given, 'policyUri') !== undefined ? { policyUri: member(given, 'policyUri') as string } : {}),
  });
  checkAuditInput(entry, options);
  const request = (entry.input !== null && typeof entry.input === 'object' ? entry.input : {}) as { recipient?: unknown; purpose?: unknown };
  const own = <T>(record: Record<string, T>, key: unknown): T | undefined => (typeof key === 'string' && Object.hasOwn(record, key) ? record[key] : undefined);
  const purpose = own(data.notice.purposes, request.purpose);
  const recipient = own(data.notice.recipients, request.recipient);
  const decision = entry.result;
  const provenance: Partial<Decision['policy']> = decision.policy ?? {};
  const version = provenance.notice_version ?? Object.values(entry.bundles ?? {})[0]?.revision ?? data.notice.version;
  const policy = options.policyUri ?? `urn:privacy-notice:${data.notice.id}:${version}`;
  // FHIR allows no empty strings or arrays: a detail with no value is left out.
  const details = [
    ['decision_id', entry.decision_id],
    ['request', JSON.stringify(entry.input)],
    ['request_sha256', entry.input_sha256],
    ['outcome', decision.outcome],
    ['clauses', decision.reasons.map((r) => r.clause).join(' ')],
    ['obligations', decision.obligations.map((o) => o.id).join(' ')],
    ['information', (decision.information ?? []).join(' ')],
    ['notice_version', version],
    ['wasm_sha256', provenance.wasm_sha256],
    ['data_sha256', provenance.data_sha256],
  ].filter((detail): detail is [string, string] => typeof detail[1] === 'string' && detail[1] !== '').map(([type, valueString]) => ({ type, valueString }));
  // The disclosure is the event: it succeeded when the decision lets information go (share, share-minimum);
  // a refusal or a referral to a person is the same event not carried out.
  const disclosed = decision.outcome === 'share' || decision.outcome === 'share-minimum';
  return {
    resourceType: 'AuditEvent',
    id: entry.decision_id,
    type: { system: 'http://dicom.nema.org/resources/ontology/DCM', code: '110106', display: 'Export' },
    subtype: [{ system: 'http://terminology.hl7.org/CodeSystem/iso-21089-lifecycle', code: 'disclose', display: 'Disclose Record Lifecycle Event' }],
    action: 'E',
    recorded: entry.timestamp,
    outcome: disclosed ? '0' : '4',
    outcomeDesc: `${{ share: 'shared', 'share-minimum': 'shared, only what is necessary', 'do-not-share': 'not shared', refer: 'referred to a person to decide' }[decision.outcome] ?? decision.outcome}: ${decision.reasons.map((r) => r.clause).join(', ') || 'no clause'}`,
    purposeOfEvent: [{
      ...(purpose?.codes?.hl7 ? { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: purpose.codes.hl7 }] } : {}),
      text: purpose?.name ?? (typeof request.purpose === 'string' && request.purpose !== '' ? request.purpose : 'unknown'),
    }],
    agent: [
      ...(options.organization ? [{ who: options.organization, requestor: true }] : []),
      {
        type: { coding: [{ system: 'http://dicom.nema.org/resources/ontology/DCM', code: '110152', display: 'Destination Role ID' }] },
        who: { display: recipient?.name ?? (typeof request.recipient === 'string' && request.recipient !== '' ? request.recipient : 'unknown') },
        requestor: false,
        policy: [policy],
      },
    ],
    source: {
      observer: { display: `privacy-notice policy ${version}${provenance.wasm_sha256 ? ` (wasm sha256 ${provenance.wasm_sha256})` : ''}` },
      type: [{ system: 'http://terminology.hl7.org/CodeSystem/security-source-type', code: '4', display: 'Application Server' }],
    },
    entity: [
      ...(options.patient ? [{
        what: options.patient,
        type: { system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type', code: '1', display: 'Person' },
        role: { system: 'http://terminology.hl7.org/CodeSystem/object-role', code: '1', display: 'Patient' },
      }] : []),
      {
        type: { system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type', code: '2', display: 'System Object' },
        detail: details,
      },
    ],
  };
}

const outcomeWords = new Set(['share', 'share-minimum', 'do-not-share', 'refer']);

/**
 * Throws a TypeError that says what is wrong when the entry is not a decision-log entry, or an option would
 * make the AuditEvent invalid FHIR: a reference or display that is blank or has spaces at either end, a
 * reference or policy URI with a space in it (FHIR's `uri` has none).
 */
function checkAuditInput(entry: DecisionLogEntry, options: AuditEventOptions): void {
  const fail = (what: string) => {
    throw new TypeError(printable(`toAuditEvent: ${what}`));
  };
  const result = (entry as { result?: unknown } | null | undefined)?.result as Partial<Decision> | undefined;
  if (entry === null || typeof entry !== 'object' || typeof entry.decision_id !== 'string' || typeof entry.timestamp !== 'string') {
    fail('the entry is not a decision-log entry (expected an object with decision_id, timestamp and result, as decideLogged writes it)');
  }
  // FHIR's id (the AuditEvent's id) and instant (its recorded).
  if (!/^[A-Za-z0-9.-]{1,64}$/.test(entry.decision_id)) fail(`the entry's decision_id must be a FHIR id (letters, digits, - and ., at most 64), found ${JSON.stringify(entry.decision_id).slice(0, 80)}`);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(entry.timestamp)) fail(`the entry's timestamp must be an instant (RFC 3339, as decideLogged writes it), found ${JSON.stringify(entry.timestamp).slice(0, 80)}`);
  if (result === null || typeof result !== 'object' || !outcomeWords.has(String(result.outcome)) || !Array.isArray(result.reasons) || !Array.isArray(result.obligations)) {
    fail('the entry\'s result is not a decision (expected an outcome of share, share-minimum, do-not-share or refer, with reasons and obligations)');
  }
  const isId = (value: unknown) => typeof value === 'string' && /^\S+$/.test(value);
  if (!result!.reasons!.every((reason) => isId((reason as { clause?: unknown } | null)?.clause))) fail('each of the result\'s reasons must name its clause (an id with no spaces)');
  if (!result!.obligations!.every((obligation) => isId((obligation as { id?: unknown } | null)?.id))) fail('each of the result\'s obligations must have an id with no spaces');
  if (result!.information !== undefined && !(Array.isArray(result!.information) && result!.information.every(isId))) fail('the result\'s information must be a list of ids');
  const version = (result!.policy as { notice_version?: unknown } | undefined)?.notice_version ?? Object.values(entry.bundles ?? {})[0]?.revision;
  if (version !== undefined && !isId(version)) fail(`the notice version must have no spaces (it goes into a URI), found ${JSON.stringify(version).slice(0, 80)}`);
  try {
    JSON.stringify(entry.input);
  } catch (thrown) {
    fail(`the entry's input cannot be written as JSON (${thrown instanceof Error ? thrown.message : String(thrown)})`);
  }
  const text = (value: unknown, name: string, uri: boolean) => {
    if (typeof value !== 'string' || value.trim() === '') fail(`${name} must be text, not blank`);
    else if (value !== value.trim()) fail(`${name} must not start or end with a space (FHIR strings do not)`);
    else if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(value)) fail(`${name} must hold no control characters (FHIR strings hold none)`);
    else if (uri && /\s/.test(value)) fail(`${name} must have no spaces (FHIR references and URIs have none), found ${JSON.stringify(value)}`);
  };
  if (options.patient !== undefined) {
    text(options.patient?.reference, 'options.patient.reference', true);
    if (options.patient.display !== undefined) text(options.patient.display, 'options.patient.display', false);
  }
  if (options.organization !== undefined) {
    text(options.organization?.display, 'options.organization.display', false);
    if (options.organization.reference !== undefined) text(options.organization.reference, 'options.organization.reference', true);
  }
  if (options.policyUri !== undefined) text(options.policyUri, 'options.policyUri', true);
}

/** What a logged decision and the same request decided again differ in: [] when they agree. Lists compare entry by entry. */
export function replayDifferences(logged: Pick<Decision, 'outcome' | 'reasons' | 'obligations'> & { information?: readonly string[] }, again: Decision): string[] {
  const differences: string[] = [];
  const list = (values: readonly string[]) => JSON.stringify([...values].sort());
  const words = (values: readonly string[]) => (values.length ? values.join(', ') : '(none)');
  const clauses = [logged.reasons.map((r) => r.clause), again.reasons.map((r) => r.clause)] as const;
  const obligations = [logged.obligations.map((o) => o.id), again.obligations.map((o) => o.id)] as const;
  if (logged.outcome !== again.outcome) differences.push(`outcome ${logged.outcome} \u2192 ${again.outcome}`);
  if (list(clauses[0]) !== list(clauses[1])) differences.push(`clauses ${words(clauses[0])} \u2192 ${words(clauses[1])}`);
  if (list(obligations[0]) !== list(obligations[1])) differences.push(`obligations ${words(obligations[0])} \u2192 ${words(obligations[1])}`);
  if (logged.information && list(logged.information) !== list(again.information)) differences.push(`information ${words(logged.information)} \u2192 ${words(again.information)}`);
  return differences;
}
