// The policy's data document (dist/policy/data.json, data.notice for the Rego): the notice's lists keyed by
// id, generated from content/ by the build (scripts/compile/policy-data.ts). Declared once, here, for the
// runtime that loads it and the build that writes it. Types only.

/** The policy's data document (data.json): the notice's clauses and lists keyed by id, generated from the notice's content. */
export interface PolicyData {
  notice: {
    id: string;
    version: string;
    effective: string;
    clauses: Record<string, { text: string; section: string; order: number; rule: boolean; parent?: string }>;
    recipients: Record<string, { name: string; kind: string; clause: string; care_role: string; purposes: string[]; codes?: { hl7?: string; dpv?: string } }>;
    purposes: Record<string, { name: string; clause?: string; benefits_care: boolean; beyond_individual_care: boolean; direct_care: boolean; treatment: boolean; emergency: boolean; welfare_of_others: boolean; forbidden: boolean; codes?: { hl7?: string; dpv?: string } }>;
    circumstances: Record<string, { name: string; clause: string; listed: boolean; needs_review: boolean; recipients: string[]; purposes: string[]; information?: string[]; obligations: string[] }>;
    information: Record<string, { name: string; clause: string }>;
    obligations: Record<string, { text: string; clause: string }>;
    programmes: Record<string, { recipient: string; purposes: string[]; information: string[]; national_data_opt_out_applies: boolean; clauses: string[] }>;
    /** The purposes a promise names by id (never-marketing-insurance: marketing, insurance). */
    promises?: Record<string, { purposes?: string[]; circumstances?: string[] }>;
    /** The request schema as the Rego's own check reads it (generated from the schema ajv compiles). */
    request: RequestShape;
  };
}

/**
 * The policy data as an app may pass it: PolicyData, or data.json imported as a JSON module, whose type
 * TypeScript widens (a request shape's `"type": "object"` becomes a string), so it does not match
 * RequestShape. The runtime reads the notice's lists; the request shape is read only by the policy.
 */
export interface PolicyDataInput {
  notice: Omit<PolicyData['notice'], 'request'> & { request: object };
}

/** The request schema as the Rego's own check reads it (sharing.wellformed), generated from the schema ajv compiles. */
export type RequestShape =
  | { type: 'object'; fields: Record<string, RequestShape>; required: string[] }
  | { type: 'array'; items: RequestShape; minItems: number; maxItems: number; uniqueItems: boolean }
  | { type: 'string'; enum: Record<string, true> }
  | { type: 'boolean' };
