// What a privacy notice must tell people (UK GDPR Articles 13 and 14; the ICO's checklist), and which of it
// the notice's clauses say they cover (`covers:` in content/notice.yaml). Browser-safe.
import type { Content } from '../../content/content.ts';
import { clausesOf } from '../../content/content.ts';
import { gdprItems } from '../../content/gdpr-items.ts';

import type { Check } from '../types.ts';

export { gdprItems };


import type { CompletenessItem } from '../report.ts';

export function completeness(content: Content): CompletenessItem[] {
  const covering = new Map<string, string[]>();
  for (const { clause } of clausesOf(content.notice)) {
    for (const item of (clause as { covers?: string[] }).covers ?? []) covering.set(item, [...(covering.get(item) ?? []), clause.id]);
  }
  return gdprItems.map((item) => ({ ...item, clauses: covering.get(item.id) ?? [] }));
}

/** The check: each item a privacy notice must tell people, missing from the notice, is a message. */
export const completenessCheck: Check = {
  id: 'completeness',
  run({ config, content, locations, report }) {
    report.completeness = completeness(content);
    for (const item of report.completeness.filter((i) => i.clauses.length === 0)) {
      report.messages.push({
        ...locations.notice, ruleId: 'gdpr-missing', severity: config.completeness.severity,
        reason: `Missing from the notice: ${item.text} (UK GDPR ${item.article})`,
        expected: `a clause with \`covers: [${item.id}]\``,
      });
    }
  },
};
