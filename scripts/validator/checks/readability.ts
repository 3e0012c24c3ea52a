// Plain-English figures per section of the notice: Flesch-Kincaid grade and SMOG grade, from wooorm's
// maintained formula packages. NHS content aims at a reading age of 9 to 11 (about grade 4 to 6).
import { fleschKincaid } from 'flesch-kincaid';
import { smogFormula } from 'smog-formula';
import { syllable } from 'syllable';
import type { Content } from '../../content/content.ts';
import { plainText } from '../../content/content.ts';
import type { Check } from '../types.ts';

import type { SectionReadability } from '../report.ts';

export function readability(content: Content): SectionReadability[] {
  return content.notice.sections.map((section) => {
    const texts = section.clauses.flatMap((clause) => [clause.text, ...(clause.items ?? []).map((i) => i.text)]).map(plainText);
    // A list entry reads as a sentence of its own.
    const sentences = texts.flatMap((text) => text.split(/(?<=[.!?;:])\s+/)).filter((s) => /\w/.test(s));
    const words = sentences.flatMap((s) => s.match(/[A-Za-z\u2019']+(?:-[A-Za-z]+)*/g) ?? []);
    const syllables = words.reduce((sum, word) => sum + syllable(word), 0);
    const polysillabicWord = words.filter((word) => syllable(word) >= 3).length;
    const counts = { sentence: Math.max(sentences.length, 1), word: Math.max(words.length, 1), syllable: syllables };
    return {
      section: section.id,
      title: section.title,
      sentences: sentences.length,
      words: words.length,
      fleschKincaidGrade: Math.round(fleschKincaid(counts) * 10) / 10,
      smogGrade: Math.round(smogFormula({ sentence: counts.sentence, polysillabicWord }) * 10) / 10,
    };
  });
}

/** The check: plain English, per section; a section above the configured grade is a message. */
export const readabilityCheck: Check = {
  id: 'readability',
  run({ config, content, locations, report }) {
    report.readability = readability(content).map((section) => {
      const grade = config.readability.metric === 'smog' ? section.smogGrade : section.fleschKincaidGrade;
      return { ...section, grade, over: grade > config.readability.maxGrade };
    });
    for (const section of report.readability.filter((s) => s.over)) {
      report.messages.push({
        ...(locations.sectionTitles.get(section.section) ?? locations.notice), ruleId: 'readability', severity: config.readability.severity,
        reason: `Section \`${section.section}\` reads at grade ${section.grade} (${config.readability.metric})`,
        expected: `grade ${config.readability.maxGrade} or below`, actual: `grade ${section.grade}`,
      });
    }
  },
};
