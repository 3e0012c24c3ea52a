// The pretty reporter: findings grouped by file, coloured on a terminal, then the summary.
import type { NoticeMessage } from '../content/messages.ts';
import type { ValidateReport } from '../validator/report.ts';
import { printable } from '../../policy/runtime/printable.ts';
import { counts, impactLines, notChecked, proofLines, sentence } from './words.ts';

/** One line a message: `file:line:col  severity  message  rule-id` (printable: a change's words cannot act on the terminal). */
export function formatLine(message: NoticeMessage): string {
  return printable(`${message.file}:${message.line}:${message.column}  ${message.severity}  ${sentence(message)}  ${message.ruleId}`);
}

export function formatPretty(messages: readonly NoticeMessage[]): string {
  return messages.map(formatLine).join('\n');
}

const colours = { red: '\u001b[31m', yellow: '\u001b[33m', dim: '\u001b[2m', bold: '\u001b[1m', green: '\u001b[32m', reset: '\u001b[0m' };
type Colour = keyof typeof colours;
const colourNames = Object.keys(colours) as Colour[];
/** Where a colour goes, marked with a character of Unicode's private use area until the text is made printable. */
const marks = new Map(colourNames.map((name, i) => [name, String.fromCharCode(0xe000 + i)]));
const markPattern = /[\ue000-\ue005]/g;

/**
 * Grouped by file, coloured on a terminal; a failing scenario shows expected and actual side by side. The
 * words of the notice and of a change (file names, clause text, scenario values) are printable: only the
 * reporter's own colours act on the terminal.
 */
export function reportPretty(report: ValidateReport, colour = false): string {
  const c = (name: Colour, text: string) => (colour ? `${marks.get(name)}${text}${marks.get('reset')}` : text);
  const finish = (text: string) => printable(text).replace(markPattern, (mark) => (colour ? colours[colourNames[mark.charCodeAt(0) - 0xe000]!] : ''));
  const lines: string[] = [];
  const byFile = new Map<string, NoticeMessage[]>();
  for (const message of report.messages) byFile.set(message.file, [...(byFile.get(message.file) ?? []), message]);
  for (const [file, messages] of byFile) {
    lines.push(c('bold', file));
    for (const m of messages) {
      const severity = m.severity === 'error' ? c('red', 'error  ') : c('yellow', 'warning');
      lines.push(`  ${file}:${m.line}:${m.column}  ${severity}  ${sentence(m)}  ${c('dim', m.ruleId)}`);
      // A failing scenario: what it expected and what the policy did, side by side, from the scenario's result.
      const failed = m.ruleId === 'scenario-failed' ? report.scenarios.find((s) => !s.passed && s.scenario.file === m.file && s.scenario.line === m.line) : undefined;
      if (failed) {
        const expected = 'rejected' in failed.expected ? ['rejected'] : [failed.expected.outcome, ...(failed.expected.reasons ?? []), ...(failed.expected.obligations ?? [])];
        const actual = 'rejected' in failed.actual ? ['rejected'] : [failed.actual.outcome, ...failed.actual.reasons, ...failed.actual.obligations];
        const width = Math.max(8, ...expected.map((t) => t.length)) + 2;
        lines.push(`      ${'expected'.padEnd(width)}actual`);
        for (let i = 0; i < Math.max(expected.length, actual.length); i++) {
          const left = expected[i] ?? '';
          const right = actual[i] ?? '';
          lines.push(`      ${left.padEnd(width)}${left === right ? right : c('red', right)}`);
        }
      }
    }
    lines.push('');
  }
  const n = counts(report);
  const impact = report.impact;
  if (impact) lines.push(...impactLines(impact), '');
  if (report.command === 'diff') {
    lines.push(`${n.errors === 0 ? c('green', '0 errors') : c('red', `${n.errors} error(s)`)}, ${n.warnings} warning(s)`);
    return finish(lines.join('\n'));
  }
  const stopped = notChecked(report);
  if (stopped !== undefined) {
    lines.push(`scenarios, policy, promises, engines, readability, notice items: not checked (${stopped})`);
    lines.push(`${n.errors === 0 ? '0 errors, nothing checked' : c('red', `${n.errors} error(s)`)}, ${n.warnings} warning(s)`);
    return finish(lines.join('\n'));
  }
  lines.push(`scenarios: ${n.passed} passed, ${n.failed} failed${report.invalidScenarios ? `, ${report.invalidScenarios} could not be run (see the errors)` : ''}`);
  if (report.ruleCoverage === 'skipped') lines.push('rules exercised by the scenarios: not checked (a subset of the scenarios was run; run them all to check)');
  if (report.engines) lines.push(`engines: ${report.engines.compared} requests compared with OPA's Go evaluator, ${report.engines.disagreements} disagreement(s)`);
  if (report.proof) lines.push(...proofLines(report.proof));
  lines.push(`readability (${report.readability.map((s) => `${s.section} ${s.grade}`).join(', ')})`);
  const missing = report.completeness.filter((i) => i.clauses.length === 0 && !i.patients?.length).length;
  lines.push(`notice items (UK GDPR Art 13/14): ${report.completeness.length - missing} present, ${missing} missing`);
  lines.push(`${n.errors === 0 ? c('green', '0 errors') : c('red', `${n.errors} error(s)`)}, ${n.warnings} warning(s)`);
  return finish(lines.join('\n'));
}

