// What a privacy notice must tell people (UK GDPR Articles 13 and 14; the ICO's checklist), and which of it
// the notice's clauses say they cover (`covers:` in content/notice.yaml). Browser-safe.
import type { Content } from '../../content/content.ts';
import { clausesOf } from '../../content/content.ts';
import { gdprItems } from '../../content/gdpr-items.ts';

export { gdprItems };


export interface CompletenessItem {
  id: string;
  article: string;
  text: string;
  /** The clauses that say they cover it; empty when the notice does not. */
  clauses: string[];
}

export function completeness(content: Content): CompletenessItem[] {
  const covering = new Map<string, string[]>();
  for (const { clause } of clausesOf(content.notice)) {
    for (const item of (clause as { covers?: string[] }).covers ?? []) covering.set(item, [...(covering.get(item) ?? []), clause.id]);
  }
  return gdprItems.map((item) => ({ ...item, clauses: covering.get(item.id) ?? [] }));
}
