// What a privacy notice must tell people (UK GDPR Articles 13 and 14; the ICO's checklist), and which of it
// the notice's clauses say they cover (`covers:` in content/notice.yaml) or the words written for patients
// give (content/patients.yaml: the rights, the ICO, the trust's contacts). Browser-safe.
import type { Content } from '../../content/content.ts';
import { clausesOf } from '../../content/content.ts';
import { gdprItems } from '../../content/gdpr-items.ts';
import type { CompletenessItem } from '../report.ts';
import type { Check } from '../types.ts';

export { gdprItems };

/** The fields of patients.yaml that tell people an item, when the trust has written them. */
function patientFields(content: Content): Map<string, string[]> {
  const { patients } = content;
  const fields = new Map<string, string[]>();
  if (patients.rights.length > 0) fields.set('rights', ['rights']);
  fields.set('complain', ['complaints']);
  if (patients.contacts.trust) fields.set('controller', ['contacts.trust']);
  if (patients.contacts.dpo) fields.set('dpo', ['contacts.dpo']);
  return fields;
}

export function completeness(content: Content): CompletenessItem[] {
  const covering = new Map<string, string[]>();
  for (const { clause } of clausesOf(content.notice)) {
    for (const item of (clause as { covers?: string[] }).covers ?? []) covering.set(item, [...(covering.get(item) ?? []), clause.id]);
  }
  const fields = patientFields(content);
  return gdprItems.map((item) => ({ ...item, clauses: covering.get(item.id) ?? [], ...(fields.has(item.id) ? { patients: fields.get(item.id)! } : {}) }));
}

/** Whether the notice tells people an item, in a clause or in the words written for patients. */
export const told = (item: CompletenessItem) => item.clauses.length > 0 || (item.patients?.length ?? 0) > 0;

/** The contacts a patient looks for that the law does not list as an item of its own. */
const otherContacts = [
  { id: 'pals', text: 'the contact details of the Patient Advice and Liaison Service (PALS)' },
] as const;

/** The check: each item a privacy notice must tell people, missing from the notice, is a message. */
export const completenessCheck: Check = {
  id: 'completeness',
  run({ config, content, locations, report }) {
    report.completeness = completeness(content);
    for (const item of report.completeness.filter((i) => !told(i))) {
      const contact = item.id === 'controller' || item.id === 'dpo';
      report.messages.push({
        ...locations.notice, ruleId: 'gdpr-missing', severity: config.completeness.severity,
        reason: `Missing from the notice: ${item.text} (UK GDPR ${item.article})`,
        expected: contact ? `the trust's \`contacts.${item.id === 'dpo' ? 'dpo' : 'trust'}\` in content/patients.yaml` : `a clause with \`covers: [${item.id}]\``,
      });
    }
    for (const contact of otherContacts) {
      if (content.patients.contacts[contact.id]) continue;
      report.messages.push({
        ...locations.notice, ruleId: 'gdpr-missing', severity: config.completeness.severity,
        reason: `Missing from the notice: ${contact.text}`,
        expected: `the trust's \`contacts.${contact.id}\` in content/patients.yaml`,
      });
    }
  },
};
