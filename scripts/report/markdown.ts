// The markdown reporter: a pull-request comment.
import type { ImpactReport } from '../impact/impact.ts';
import type { ValidateReport } from '../validator/report.ts';
import { counts, decisionWords, directions, fieldWords, noChangeWords, notChecked, number, patientWords, plural, proofLines, samePolicyWords, sentence, withinBudget } from './words.ts';

/** The change impact as a pull-request comment's section: the totals, a table of the groups (toward sharing first), the accepted changes. */
export function impactMarkdownLines(impact: ImpactReport | { notRun: string }): string[] {
  const lines = ['## Privacy notice: what this change would newly allow or forbid', ''];
  if ('notRun' in impact) return [...lines, `Not worked out: ${impact.notRun}`, ''];
  lines.push(impact.samePolicy
    ? `Against \`${impact.base}\` (notice ${impact.baseVersion} \u2192 ${impact.headVersion}): ${samePolicyWords}.`
    : `Against \`${impact.base}\` (notice ${impact.baseVersion} \u2192 ${impact.headVersion}): ${number(impact.evaluated)} requests (the content of both sides) and ${number(impact.beyond ?? 0)} beyond their shapes decided by both policies.`, '');
  if (impact.scenariosRemoved?.length) lines.push(`Scenarios taken away since \`${impact.base}\` (what they pinned is no longer pinned): ${impact.scenariosRemoved.map((id) => `\`${id}\``).join(', ')}.`, '');
  if (impact.reworded?.length) {
    const rows = withinBudget(impact.reworded.map((r) => `| ${r.kind} \`${r.id}\` | ${r.change ?? 'changed'} | ${r.fields?.length ? safeCell(fieldWords(r.fields, markdownWordMarks)) : ''} | \`${r.file}:${r.line}\` |`), tableBudget);
    lines.push('Published notice changed:', '', '| part | change | before \u2192 now | where |', '| --- | --- | --- | --- |', ...rows, ...(rows.length < impact.reworded.length ? ['', `\u2026 and ${impact.reworded.length - rows.length} more.`] : []), '');
  }
  if (impact.changed === 0) return [...lines, noChangeWords(impact), ''];
  lines.push(`**${plural(impact.changed, 'decision')} changed**: ${number(impact.pinned)} pinned by a scenario, ${number(impact.accepted)} accepted, **${number(impact.open)} open**.`, '');
  lines.push('| change | requests | pinned | accepted | open | clauses | for example |', '| --- | ---: | ---: | ---: | ---: | --- | --- |');
  const groupRows: string[] = [];
  for (const g of impact.groups) {
    const example = g.examples[0]!;
    const accepted = Object.entries(g.accepted).map(([id, n]) => `${number(n)} (\`${id}\`)`).join(', ') || '0';
    groupRows.push(`| ${safeCell(`${directions[g.direction]}: ${g.heading}`)} | ${number(g.count)} | ${number(g.pinned)} | ${accepted} | ${number(g.open)} | ${g.clauses.map((c) => `\`${c}\``).join(', ')} | ${safeCell(`${example.words}: ${decisionWords(example.before)} \u2192 ${decisionWords(example.after)}`)} |`);
  }
  const shownGroups = withinBudget(groupRows, tableBudget);
  lines.push(...shownGroups);
  if (shownGroups.length < groupRows.length) lines.push('', `\u2026 and ${plural(groupRows.length - shownGroups.length, 'more group')}: run \`npm run diff -- --base ${impact.base}\` for the whole impact.`);
  if (impact.acceptances.length > 0) {
    lines.push('', '| accepted change | because | decisions |', '| --- | --- | ---: |');
    for (const a of impact.acceptances) lines.push(`| \`${a.id}\` (\`${a.file}:${a.line}\`) | ${safeCell(a.because)} | ${a.count === 0 ? '**stale**' : number(a.count)} |`);
  }
  lines.push('');
  return lines;
}

export function reportMarkdown(report: ValidateReport): string {
  const n = counts(report);
  const impact = report.impact;
  if (report.command === 'diff') {
    const findings = findingsTable(report.messages);
    return fitComment([...(impact && !('notRun' in impact) ? patientLines(impact) : []), ...(impact ? impactMarkdownLines(impact) : []), ...(findings.length ? [...findings, ''] : [])]);
  }
  const stopped = notChecked(report);
  if (stopped !== undefined) {
    const findings = findingsTable(report.messages);
    return fitComment([`## Privacy notice: ${n.errors === 0 ? 'not checked' : `${n.errors} error(s)`}`, '', `The checks did not run: ${safeCell(stopped)}.`, ...(findings.length ? ['', ...findings] : []), '', ...(impact ? impactMarkdownLines(impact) : [])]);
  }
  const lines = [
    `## Privacy notice: ${n.errors === 0 ? 'all checks pass' : `${n.errors} error(s)`}`,
    '',
    ...(impact && !('notRun' in impact) ? patientLines(impact) : []),
    `Notice ${report.noticeVersion ?? '?'}, policy.wasm \`${(report.wasmSha256 ?? '').slice(0, 12)}\`. Scenarios: **${n.passed} passed, ${n.failed} failed**${n.invalid ? `, ${n.invalid} could not be run` : ''}. ${n.warnings} warning(s).${report.ruleCoverage === 'skipped' ? ' Rules exercised by the scenarios: not checked (a subset of the scenarios was run).' : ''}`,
  ];
  if (report.engines) lines.push('', `OPA's Go evaluator and the WASM runtime agree on ${report.engines.compared - report.engines.disagreements} of ${report.engines.compared} requests.`);
  if (report.proof) lines.push('', ...proofLines(report.proof).map((line) => `- ${line.charAt(0).toUpperCase()}${line.slice(1)}`));
  if (report.messages.length > 0) lines.push('', ...findingsTable(report.messages));
  lines.push('', '<details><summary>Readability per section</summary>', '', '| section | sentences | words | Flesch-Kincaid grade | SMOG grade |', '| --- | --- | --- | --- | --- |');
  for (const s of report.readability) lines.push(`| ${safeCell(s.title)} | ${s.sentences} | ${s.words} | ${s.fleschKincaidGrade} | ${s.smogGrade} |`);
  lines.push('', '</details>', '', '<details><summary>What a privacy notice must tell people (UK GDPR Art 13/14)</summary>', '', '| item | article | in the notice |', '| --- | --- | --- |');
  for (const item of report.completeness) lines.push(`| ${safeCell(item.text)} | ${item.article} | ${item.clauses.length || item.patients?.length ? [...item.clauses.map((c) => `\`${c}\``), ...(item.patients ?? []).map((f) => `patients.yaml \`${f}\``)].join(', ') : 'missing'} |`);
  lines.push('', '</details>', '');
  if (impact) lines.push(...impactMarkdownLines(impact));
  return fitComment(lines);
}

/** How many groups the opening lists before it says how many more. */
const patientGroups = 8;

/**
 * The comment's opening, for a reviewer who is not a developer: what the change means for patients, in plain
 * words (no ids), toward sharing first, and what the new change-log entry tells them.
 */
function patientLines(impact: ImpactReport): string[] {
  const lines = ['### What changes for patients', ''];
  if (impact.changed === 0) lines.push('No decision changes among the requests checked.');
  for (const group of impact.groups.slice(0, patientGroups)) lines.push(`- ${group.direction === 'toward-sharing' ? '**More is shared**: ' : ''}${safeCell(patientWords(group))}.`);
  if (impact.groups.length > patientGroups) lines.push(`- \u2026 and ${plural(impact.groups.length - patientGroups, 'more change')}, in the table below.`);
  if (impact.newEntry) lines.push('', `The change log for version ${impact.newEntry.version} (${impact.newEntry.date}) tells patients:`, '', `> ${safeCell(impact.newEntry.summary)}`);
  lines.push('');
  return lines;
}

/**
 * Text from the content or a request in a table cell: a pipe cannot end the cell, markup (an HTML comment
 * that hides the rest) is shown as text, and a name with @ does not notify anyone.
 */
function safeCell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/@(?=\w)/g, '@\u200b');
}

/** Words taken away struck through, words added in bold. */
const markdownWordMarks = { removed: (text: string) => `~~${text}~~`, added: (text: string) => `**${text}**` };

/** The characters a table of the comment may take: past them, it says how many more rows and where they are. */
export const tableBudget = 25_000;

/** GitHub refuses a comment over 65,536 characters; the comment is cut well before, at a line. */
export const maxCommentLength = 60_000;

/** The errors as a table, then the warnings folded away (those that stand from one change to the next). */
function findingsTable(messages: ValidateReport['messages']): string[] {
  const errors = messages.filter((m) => m.severity === 'error');
  const warnings = messages.filter((m) => m.severity !== 'error');
  return [
    ...(errors.length ? findingsRows(errors) : []),
    ...(warnings.length ? [...(errors.length ? [''] : []), `<details><summary>${plural(warnings.length, 'warning')}</summary>`, '', ...findingsRows(warnings), '', '</details>'] : []),
  ];
}

function findingsRows(messages: ValidateReport['messages']): string[] {
  if (messages.length === 0) return [];
  const rows = withinBudget(messages.map((m) => `| \`${m.file}:${m.line}:${m.column}\` | ${m.severity} | ${safeCell(sentence(m))} | \`${m.ruleId}\` |`), tableBudget);
  const more = messages.length > rows.length ? ['', `\u2026 and ${plural(messages.length - rows.length, 'more finding')}: every finding is in the JUnit report (the workflow's \`notice-validate\` artifact) and \`npm run validate\`'s output.`] : [];
  return ['| where | severity | finding | rule |', '| --- | --- | --- | --- |', ...rows, ...more];
}

function fitComment(lines: string[]): string {
  const text = lines.join('\n');
  if (text.length <= maxCommentLength) return text;
  const cut = text.lastIndexOf('\n', maxCommentLength - 200);
  return `${text.slice(0, cut)}\n\n\u2026 (cut to fit a pull-request comment: \`npm run validate -- --base \u2026\` gives the whole report)\n`;
}

