// The accepted-changes file (test/accepted-changes.yaml): decision changes that the reviewers of a change
// have accepted in words, at the level they think in (a recipient, a purpose, outcomes before and after).
// Loaded with positions and checked against its schema; each entry matches changed decisions. Browser-safe:
// takes the file's text and the schemas.
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { Location, NoticeMessage } from '../content/messages.ts';
import { locate, nearestBranchErrors, parseSource, schemaMessage, type SourceFile } from '../content/yaml-source.ts';

/** What part of a decision changed: the outcome, or with the same outcome its reasons, obligations or information. */
export type ChangePart = 'outcome' | 'reasons' | 'obligations' | 'information';

/** One changed decision, as an acceptance reads it. */
export interface ChangeFacts {
  recipient: string;
  purpose: string;
  consent: string;
  /** An outcome, or `rejected`. */
  before: string;
  after: string;
  parts: readonly ChangePart[];
  /** The change shares where it did not, or shares more (the change impact's "Toward sharing"). */
  towardSharing?: boolean;
}

export interface AcceptedChange extends Location {
  id: string;
  because: string;
  recipient?: string[];
  purpose?: string[];
  consent?: string[];
  before?: string[];
  after?: string[];
  change?: ChangePart[];
  /** The notice version whose release it accepts changes for. */
  version?: string;
}

export interface AcceptedLoad {
  accepted: AcceptedChange[];
  messages: NoticeMessage[];
}

const asList = <T>(value: T | T[] | undefined): T[] | undefined => (value === undefined ? undefined : Array.isArray(value) ? value : [value]);

/** Reads the file (absent: no entries). `schemas` holds accepted-changes.schema.json and the definitions it refers to. */
export function loadAcceptedChanges(file: SourceFile | undefined, schemas: Record<string, object>): AcceptedLoad {
  if (!file) return { accepted: [], messages: [] };
  const source = parseSource(file);
  if ('message' in source) return { accepted: [], messages: [source.message] };
  const { doc, lines } = source;
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  for (const [id, schema] of Object.entries(schemas)) if (!ajv.getSchema(id)) ajv.addSchema(schema, id);
  const validate = ajv.getSchema('accepted-changes.schema.json');
  if (!validate) throw new Error('No accepted-changes.schema.json was given to loadAcceptedChanges');
  const value = doc.toJS() as { accepted: Record<string, unknown>[] } | null;
  if (!validate(value)) return { accepted: [], messages: nearestBranchErrors(validate.errors ?? []).map((error) => schemaMessage(file.path, doc, lines, error)) };
  const messages: NoticeMessage[] = [];
  const seen = new Map<string, Location>();
  const accepted = value!.accepted.map((entry, i): AcceptedChange => {
    const where = locate(file.path, doc, lines, ['accepted', i, 'id']);
    const id = entry['id'] as string;
    const first = seen.get(id);
    if (first) messages.push({ ...where, ruleId: 'duplicate-id', severity: 'error', reason: `Unexpected duplicate accepted change \`${id}\``, expected: 'unique ids', cause: first });
    else seen.set(id, where);
    const out: AcceptedChange = { ...where, id, because: entry['because'] as string };
    for (const key of ['recipient', 'purpose', 'consent', 'before', 'after'] as const) {
      const list = asList(entry[key] as string | string[] | undefined);
      if (list) out[key] = list;
    }
    const change = asList(entry['change'] as ChangePart | ChangePart[] | undefined);
    if (change) out.change = change;
    if (typeof entry['version'] === 'string') out.version = entry['version'];
    return out;
  });
  return { accepted, messages };
}

/**
 * Whether an accepted change covers a changed decision: every field it gives fits, and a change toward
 * sharing is covered only by an entry that names the outcome it accepts (`after`): "before: rejected" alone
 * must not accept whatever a new recipient is now given.
 */
export function accepts(entry: AcceptedChange, change: ChangeFacts): boolean {
  return matchesFields(entry, change) && !(change.towardSharing && !entry.after);
}

/** An entry that would cover a change toward sharing but for naming no `after`. */
export function lacksAfter(entry: AcceptedChange, change: ChangeFacts): boolean {
  return Boolean(change.towardSharing) && !entry.after && matchesFields(entry, change);
}

function matchesFields(entry: AcceptedChange, change: ChangeFacts): boolean {
  return (
    (!entry.recipient || entry.recipient.includes(change.recipient)) &&
    (!entry.purpose || entry.purpose.includes(change.purpose)) &&
    (!entry.consent || entry.consent.includes(change.consent)) &&
    (!entry.before || entry.before.includes(change.before)) &&
    (!entry.after || entry.after.includes(change.after)) &&
    // Every part that changed must be one the entry accepts: an obligations acceptance does not also let the information widen.
    (!entry.change || change.parts.every((part) => entry.change!.includes(part)))
  );
}
