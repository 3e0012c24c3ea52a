// The choices the notice leaves open (content/promises.yaml `choices`) are the trust's proposals until the
// Caldicott Guardian confirms them: each still proposed is a warning to settle before release, and a
// confirmation dated after today is an error (nobody can have confirmed it yet). Browser-safe.
import type { Content, ContentLocations } from '../../content/content.ts';
import type { NoticeMessage } from '../../content/messages.ts';
import type { Check } from '../types.ts';

const promisesFile = 'content/promises.yaml';

/** Today's date (YYYY-MM-DD) where the trust is: a confirmation written today in London is not in the future. */
export function todayInLondon(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** A message for each choice still proposed, and for each confirmed on a day after `today` (YYYY-MM-DD). */
export function choiceMessages(choices: Content['choices'], locations: ContentLocations, today: string): NoticeMessage[] {
  const messages: NoticeMessage[] = [];
  for (const choice of choices) {
    const where = locations.choices.get(choice.id);
    if (choice.status === 'proposed') {
      messages.push({
        ...(where?.status ?? { file: promisesFile, line: 1, column: 1 }), ruleId: 'choice-proposed', severity: 'warning',
        reason: `Choice \`${choice.id}\` is proposed`,
        expected: 'confirmed by the Caldicott Guardian (`status: confirmed`, `confirmed_by`, `confirmed_on`) before release',
      });
    } else if (choice.confirmed_on > today) {
      messages.push({
        ...(where?.confirmedOn ?? where?.status ?? { file: promisesFile, line: 1, column: 1 }), ruleId: 'choice-confirmed-future', severity: 'error',
        reason: `Choice \`${choice.id}\` is confirmed on ${choice.confirmed_on}, which is after today (${today})`,
        expected: 'the day the Caldicott Guardian confirmed it, today or earlier (or `status: proposed` until they do)',
        actual: choice.confirmed_on,
      });
    }
  }
  return messages;
}

/** The check: the choices' status, as the site publishes it. */
export const choicesCheck: Check = {
  id: 'choices',
  run({ content, locations, report }) {
    report.messages.push(...choiceMessages(content.choices, locations, todayInLondon()));
  },
};
