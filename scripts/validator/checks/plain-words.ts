// The words written for patients (content/patients.yaml) beside the notice's own: a first layer short
// enough to read first, and an "in short" beside every long clause. Browser-safe.
import type { Content } from '../../content/content.ts';
import { clausesOf, plainText } from '../../content/content.ts';
import type { Check } from '../types.ts';

/** A clause longer than this many words gets an "in short" beside it (NHS style: sentences of 25 words at most). */
export const longClauseWords = 25;
/** The most words the first layer may have (the ICO's layered approach: a short first layer). */
export const summaryWords = 150;

export const wordCount = (markdown: string) => plainText(markdown).split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;

/** The clauses of more than `longClauseWords` words. */
export function longClauses(content: Content): string[] {
  return clausesOf(content.notice).filter(({ clause }) => wordCount(clause.text) > longClauseWords).map(({ clause }) => clause.id);
}

export const plainWordsCheck: Check = {
  id: 'plain-words',
  run({ content, locations, report }) {
    const summarised = new Set(content.patients.in_short.map((entry) => entry.clause));
    for (const id of longClauses(content).filter((c) => !summarised.has(c))) {
      report.messages.push({
        ...(locations.clauses.get(id) ?? locations.notice), ruleId: 'in-short-missing', severity: 'warning',
        reason: `Clause \`${id}\` has ${wordCount(clausesOf(content.notice).find((c) => c.clause.id === id)!.clause.text)} words and no "in short" beside it`,
        expected: `an entry \`{ clause: ${id}, text: … }\` under \`in_short\` in content/patients.yaml`,
      });
    }
    const words = content.patients.summary.reduce((sum, part) => sum + wordCount(part.heading) + wordCount(part.text), 0);
    if (words > summaryWords) {
      report.messages.push({
        ...locations.summary, ruleId: 'summary-length', severity: 'error',
        reason: `The first layer (\`summary\`) has ${words} words`, expected: `${summaryWords} words at most`, actual: `${words} words`,
      });
    }
  },
};
