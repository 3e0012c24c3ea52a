// The data document the Rego policy reads (data.notice): the notice's lists keyed by id, written once in
// content/ and generated from it here. Browser-safe.
import type { Content } from '../content/content.ts';
import { clausesOf, plainText } from '../content/content.ts';
import type { PolicyData, RequestShape } from '../../policy/runtime/policy-data.ts';

export type { PolicyData };

const byId = <T extends { id: string }, U>(list: readonly T[], map: (entry: T) => U): Record<string, U> =>
  Object.fromEntries(list.map((entry) => [entry.id, map(entry)]));

export function toPolicyData(content: Content, request: RequestShape): PolicyData {
  const { notice } = content;
  return {
    notice: {
      id: notice.notice.id,
      version: notice.notice.version,
      effective: notice.notice.effective,
      clauses: Object.fromEntries(
        clausesOf(notice).map(({ clause, section, parent }, order) => [
          clause.id,
          { text: plainText(clause.text), section, order, rule: clause.rule === true, ...(parent ? { parent } : {}) },
        ]),
      ),
      recipients: byId(content.recipients, (r) => ({ name: r.name, kind: r.kind, clause: r.clause, care_role: r.care_role ?? 'none', purposes: r.purposes ?? [], ...(r.codes ? { codes: r.codes } : {}) })),
      purposes: byId(content.purposes, (p) => ({
        name: p.name,
        ...(p.clause !== undefined ? { clause: p.clause } : {}),
        benefits_care: p.benefits_care,
        beyond_individual_care: p.beyond_individual_care,
        direct_care: p.direct_care === true,
        treatment: p.treatment === true,
        emergency: p.emergency === true,
        welfare_of_others: p.welfare_of_others === true,
        forbidden: p.forbidden === true,
        ...(p.codes ? { codes: p.codes } : {}),
      })),
      circumstances: byId(content.circumstances, (c) => ({
        name: c.name,
        clause: c.clause,
        listed: c.listed !== false,
        needs_review: c.needs_review,
        recipients: c.recipients,
        purposes: c.purposes,
        ...(c.information ? { information: c.information } : {}),
        obligations: c.obligations ?? [],
      })),
      information: byId(content.information, (i) => ({ name: i.name, clause: i.clause })),
      obligations: byId(content.obligations, (o) => ({ text: plainText(o.text), clause: o.clause })),
      programmes: byId(content.programmes, (p) => ({
        recipient: p.recipient,
        purposes: p.purposes,
        information: p.information ?? [],
        national_data_opt_out_applies: p.national_data_opt_out_applies,
        clauses: p.clauses,
      })),
      // The purposes each promise names by id (never for marketing or insurance): its proof reads these, not
      // what purposes.yaml says of them, so a purpose's flags cannot be changed to keep a broken promise.
      promises: Object.fromEntries(
        content.promises
          .filter((p) => p.purposes || p.circumstances)
          .map((p) => [p.id, { ...(p.purposes ? { purposes: p.purposes } : {}), ...(p.circumstances ? { circumstances: p.circumstances } : {}) }]),
      ),
      request,
    },
  };
}
