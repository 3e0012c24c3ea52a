// The github reporter: GitHub workflow commands only, an annotation on the offending line of each finding.
import type { ValidateReport } from '../validator/validate.ts';
import { impactLines, sentence } from './words.ts';

/** GitHub workflow commands: an annotation on the offending line of each finding. */
export function reportGithub(report: ValidateReport): string {
  const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
  const lines = report.messages.map((m) => `::${m.severity === 'error' ? 'error' : 'warning'} file=${escapeProperty(m.file)},line=${m.line},col=${m.column},title=${escapeProperty(m.ruleId)}::${escapeData(sentence(m))}`);
  // The change impact as one notice (a workflow command too, so that the output holds nothing else).
  const impact = report.impact;
  if (impact) lines.push(`::notice title=${escapeProperty('change impact')}::${escapeData(impactLines(impact).join('\n'))}`);
  return lines.join('\n');
}

