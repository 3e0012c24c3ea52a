// The github reporter: GitHub workflow commands only, an annotation on the offending line of each finding.
import type { ValidateReport } from '../validator/report.ts';
import { rules, type RuleId } from '../validator/rules.ts';
import { impactLines, sentence, withinBudget } from './words.ts';

/** How many annotations of each level GitHub shows for a step. */
export const annotationsPerLevel = 10;

/** The characters of an annotation's message GitHub keeps (it cuts longer ones). */
export const annotationLength = 4000;

/** The first lines that fit an annotation, then how many more and where they are. */
function fit(lines: string[], what: string, where: string): string {
  const kept = withinBudget(lines, annotationLength - 120);
  return [...kept, ...(kept.length < lines.length ? [`\u2026 and ${lines.length - kept.length} more ${what}: see ${where}`] : [])].join('\n');
}

/** GitHub workflow commands: an annotation on the offending line of each finding (see annotationsPerLevel). */
export function reportGithub(report: ValidateReport): string {
  const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
  // GitHub shows 10 error and 10 warning annotations a step: past 9 of a kind, the rest go into a tenth,
  // one line each, so none is lost from the checks page.
  const lines: string[] = [];
  for (const level of ['error', 'warning'] as const) {
    // What stops everything else first (Rego that does not compile, a file that does not parse or match its
    // schema: the content and build rules), so it is never folded into the tenth.
    const first = (m: (typeof report.messages)[number]) => (m.ruleId in rules && ['content', 'build'].includes(rules[m.ruleId as RuleId].by) ? 0 : 1);
    const found = report.messages.filter((m) => (m.severity === 'error' ? 'error' : 'warning') === level).map((m, i) => [m, i] as const)
      .sort(([a, i], [b, j]) => first(a) - first(b) || i - j).map(([m]) => m);
    const shown = found.length > annotationsPerLevel ? found.slice(0, annotationsPerLevel - 1) : found;
    for (const m of shown) lines.push(`::${level} file=${escapeProperty(m.file)},line=${m.line},col=${m.column},title=${escapeProperty(m.ruleId)}::${escapeData(sentence(m))}`);
    const rest = found.slice(shown.length);
    if (rest.length > 0) {
      lines.push(`::${level} title=${escapeProperty(`${rest.length} more ${level}s`)}::${escapeData(fit(rest.map((m) => `${m.file}:${m.line}:${m.column} ${sentence(m)} (${m.ruleId})`), 'findings', 'the JUnit report'))}`);
    }
  }
  // The change impact as one notice (a workflow command too, so that the output holds nothing else).
  const impact = report.impact;
  if (impact) lines.push(`::notice title=${escapeProperty('change impact')}::${escapeData(fit(impactLines(impact), 'lines', 'the pull-request comment, or `npm run diff`'))}`);
  return lines.join('\n');
}

