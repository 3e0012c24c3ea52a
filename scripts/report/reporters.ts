// Reporters: the same findings worded for people (pretty), programs (json), CI test tabs (junit), GitHub
// workflow annotations (github) and a pull-request comment (markdown).
import type { ImpactGroup, ImpactReport } from '../impact/impact.ts';
import type { DecisionParts } from '../impact/space-decide.ts';
import type { NoticeMessage } from '../content/messages.ts';
import type { PromiseProof } from '../validator/checks/promises.ts';
import type { ValidateReport } from '../validator/validate.ts';

/** A decision in a few words: "share-minimum (other-professionals; best-interests)". */
export function decisionWords(decision: DecisionParts | 'rejected'): string {
  if (decision === 'rejected') return 'rejected';
  const lists = [decision.clauses.join(', '), decision.obligations.join(', ')].filter(Boolean).join('; ');
  return lists ? `${decision.outcome} (${lists})` : decision.outcome;
}

const number = (n: number) => n.toLocaleString('en-GB');
const plural = (n: number, word: string) => `${number(n)} ${word}${n === 1 ? '' : 's'}`;
const directions: Record<ImpactGroup['direction'], string> = { 'toward-sharing': 'Toward sharing', 'to-refer': 'To a person (refer)', other: 'Other changes' };

/** How a group's changes stand: pinned, accepted (by which entry), open. */
function standing(group: ImpactGroup): string {
  const accepted = Object.entries(group.accepted).map(([id, n]) => `${number(n)} accepted by \`${id}\``);
  return [`${number(group.pinned)} pinned`, ...accepted, `${number(group.open)} open`].join(', ');
}

/** The change impact in words: the totals, then each group (toward sharing first) with examples, then the accepted changes. */
export function impactLines(impact: ImpactReport | { notRun: string }): string[] {
  if ('notRun' in impact) return [`change impact: not worked out (${impact.notRun})`];
  const lines = [`Change impact against ${impact.base} (notice ${impact.baseVersion} \u2192 ${impact.headVersion}): ${number(impact.evaluated)} requests (the content of both sides) and ${number(impact.beyond ?? 0)} beyond their shapes decided by both policies in ${impact.seconds.toFixed(1)} s.`];
  if (impact.changed === 0) lines.push('No decision changed.');
  let heading: string | undefined;
  for (const group of impact.groups) {
    if (directions[group.direction] !== heading) {
      heading = directions[group.direction];
      lines.push('', heading);
    }
    lines.push(`  ${group.heading} (${plural(group.count, 'request')}: ${standing(group)}${group.clauses.length ? `; clauses ${group.clauses.join(', ')}` : ''})`);
    for (const example of group.examples) {
      const mark = example.pinnedBy ? `pinned by ${example.pinnedBy}` : example.acceptedBy ? `accepted by ${example.acceptedBy}` : 'open';
      lines.push(`    ${mark}: ${example.words}: ${decisionWords(example.before)} \u2192 ${decisionWords(example.after)}`);
    }
    if (group.count > group.examples.length) lines.push(`    \u2026 and ${number(group.count - group.examples.length)} more`);
  }
  lines.push('', `${plural(impact.changed, 'decision')} changed: ${number(impact.pinned)} pinned by a scenario, ${number(impact.accepted)} accepted, ${number(impact.open)} open.`);
  for (const a of impact.acceptances) lines.push(`accepted change ${a.id} (${a.file}:${a.line}:${a.column}): ${a.count === 0 ? 'stale, matches no changed decision' : plural(a.count, 'decision')} \u2014 ${a.because}`);
  return lines;
}

export type Format = 'pretty' | 'json' | 'junit' | 'github' | 'markdown';
export const formats: readonly Format[] = ['pretty', 'json', 'junit', 'github', 'markdown'];

function sentence(message: NoticeMessage): string {
  let text = message.reason;
  if (message.expected !== undefined) text += `, expected ${message.expected}`;
  if (message.actual !== undefined) text += `, found ${message.actual}`;
  if (message.cause) text += ` (see ${message.cause.file}:${message.cause.line}:${message.cause.column})`;
  return text;
}

/** One line a message: `file:line:col  severity  message  rule-id`. */
export function formatLine(message: NoticeMessage): string {
  return `${message.file}:${message.line}:${message.column}  ${message.severity}  ${sentence(message)}  ${message.ruleId}`;
}

export function formatPretty(messages: readonly NoticeMessage[]): string {
  return messages.map(formatLine).join('\n');
}

const colours = { red: '\u001b[31m', yellow: '\u001b[33m', dim: '\u001b[2m', bold: '\u001b[1m', green: '\u001b[32m', reset: '\u001b[0m' };

export function counts(report: ValidateReport): { errors: number; warnings: number; passed: number; failed: number; invalid: number } {
  return {
    invalid: report.invalidScenarios ?? 0,
    errors: report.messages.filter((m) => m.severity === 'error').length,
    warnings: report.messages.filter((m) => m.severity === 'warning').length,
    passed: report.scenarios.filter((s) => s.passed).length,
    failed: report.scenarios.filter((s) => !s.passed).length,
  };
}

/** Grouped by file, coloured on a terminal; a failing scenario shows expected and actual side by side. */
export function reportPretty(report: ValidateReport, colour = false): string {
  const c = (name: keyof typeof colours, text: string) => (colour ? `${colours[name]}${text}${colours.reset}` : text);
  const lines: string[] = [];
  const byFile = new Map<string, NoticeMessage[]>();
  for (const message of report.messages) byFile.set(message.file, [...(byFile.get(message.file) ?? []), message]);
  for (const [file, messages] of byFile) {
    lines.push(c('bold', file));
    for (const m of messages) {
      const severity = m.severity === 'error' ? c('red', 'error  ') : c('yellow', 'warning');
      lines.push(`  ${file}:${m.line}:${m.column}  ${severity}  ${sentence(m)}  ${c('dim', m.ruleId)}`);
      if (m.ruleId === 'scenario-failed' && m.expected !== undefined && m.actual !== undefined) {
        const [eo, ...er] = m.expected.split(' ');
        const [ao, ...ar] = m.actual.split(' ');
        const width = Math.max(8, ...[eo, ...er].map((t) => (t ?? '').length)) + 2;
        lines.push(`      ${'expected'.padEnd(width)}actual`);
        const rows = Math.max(er.length, ar.length) + 1;
        for (let i = 0; i < rows; i++) {
          const left = (i === 0 ? eo : er[i - 1]) ?? '';
          const right = (i === 0 ? ao : ar[i - 1]) ?? '';
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
    return lines.join('\n');
  }
  lines.push(`scenarios: ${n.passed} passed, ${n.failed} failed${report.invalidScenarios ? `, ${report.invalidScenarios} could not be run (see the errors)` : ''}`);
  if (report.ruleCoverage === 'skipped') lines.push('rules exercised by the scenarios: not checked (a subset of the scenarios was run; run them all to check)');
  if (report.engines) lines.push(`engines: ${report.engines.compared} requests compared with OPA's Go evaluator, ${report.engines.disagreements} disagreement(s)`);
  if (report.proof) lines.push(...proofLines(report.proof));
  lines.push(`readability (${report.readability.map((s) => `${s.section} ${s.grade}`).join(', ')})`);
  const missing = report.completeness.filter((i) => i.clauses.length === 0).length;
  lines.push(`notice items (UK GDPR Art 13/14): ${report.completeness.length - missing} present, ${missing} missing`);
  lines.push(`${n.errors === 0 ? c('green', '0 errors') : c('red', `${n.errors} error(s)`)}, ${n.warnings} warning(s)`);
  return lines.join('\n');
}

const share = (count: number, total: number) => `${total === 0 ? 0 : ((100 * count) / total).toFixed(1)}%`;
const outcomeShares = (outcomes: Record<string, number>, total: number) =>
  ['share', 'share-minimum', 'do-not-share', 'refer'].map((o) => `${o} ${share(outcomes[o] ?? 0, total)}`).join(', ');

/** The proof of the promises in words: what was proven over how many requests, and how the space is decided. */
export function proofLines(proof: PromiseProof): string[] {
  const promises = Object.entries(proof.broken);
  const kept = promises.filter(([, n]) => n === 0).length;
  return [
    `promises: ${kept} of ${promises.length} kept, proven over every request of the space (${proof.space.toLocaleString('en-GB')} requests, decided and checked in ${proof.seconds.toFixed(1)} s over ${proof.threads} thread(s))${proof.beyond ? `, ${proof.beyond.toLocaleString('en-GB')} requests beyond its shapes (many and repeated claims, any mix of kinds)` : ''} and ${proof.malformed.toLocaleString('en-GB')} malformed requests`,
    `outcomes over the space: ${outcomeShares(proof.outcomes, proof.space)}`,
    `outcomes over the ${proof.plausible.requests.toLocaleString('en-GB')} requests an app would plausibly send: ${outcomeShares(proof.plausible.outcomes, proof.plausible.requests)}`,
  ];
}

export function reportJson(report: ValidateReport): string {
  const { scenarios, ...rest } = report;
  return JSON.stringify(
    {
      ...rest,
      summary: counts(report),
      scenarios: scenarios.map((s) => ({ id: s.scenario.id, title: s.scenario.title, file: s.scenario.file, line: s.scenario.line, passed: s.passed, expected: s.expected, actual: s.actual, missing: s.missing })),
    },
    null,
    2,
  );
}

/**
 * Text for an XML attribute or element: the five markup characters escaped, and characters XML 1.0 does not
 * allow at all (control characters, lone surrogates, U+FFFE/U+FFFF) written as `\u{…}` so that the file
 * stays well-formed whatever a title or message holds.
 */
const xml = (text: string) =>
  text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, (c) => `\\u{${c.charCodeAt(0).toString(16)}}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

/** JUnit XML: a suite of scenarios (a test case each) and a suite of checks (a failure per error). */
export function reportJunit(report: ValidateReport): string {
  const checks = report.messages.filter((m) => m.ruleId !== 'scenario-failed');
  const scenarioCases = report.scenarios.map((s) => {
    const name = `${s.scenario.id}: ${s.scenario.title}`;
    const body = s.passed
      ? ''
      : `<failure message="${xml(`missing ${s.missing.join(', ')}`)}" type="scenario-failed">${xml(`expected: ${JSON.stringify(s.expected)}\nactual:   ${JSON.stringify(s.actual)}\nat ${s.scenario.file}:${s.scenario.line}:${s.scenario.column}`)}</failure>`;
    return `    <testcase classname="${xml(s.scenario.file)}" name="${xml(name)}" file="${xml(s.scenario.file)}" line="${s.scenario.line}">${body}</testcase>`;
  });
  const checkCases = checks.map((m) => {
    const tag = m.severity === 'error' ? 'failure' : 'skipped';
    return `    <testcase classname="${xml(m.file)}" name="${xml(`${m.ruleId} ${m.file}:${m.line}:${m.column}`)}" file="${xml(m.file)}" line="${m.line}"><${tag} message="${xml(sentence(m))}"${tag === 'failure' ? ` type="${xml(m.ruleId)}"` : ''}/></testcase>`;
  });
  const failedScenarios = report.scenarios.filter((s) => !s.passed).length;
  const failedChecks = checks.filter((m) => m.severity === 'error').length;
  // The change impact: a test case per group whose changes are all pinned or accepted (a group with open
  // changes is a finding, among the checks), and one for the totals.
  const impact = report.impact;
  const impactCases = !impact
    ? []
    : 'notRun' in impact
      ? [`    <testcase classname="change impact" name="change impact"><skipped message="${xml(`not worked out: ${impact.notRun}`)}"/></testcase>`]
      : [
          `    <testcase classname="change impact" name="${xml(`${number(impact.changed)} decision(s) changed against ${impact.base}: ${number(impact.pinned)} pinned, ${number(impact.accepted)} accepted, ${number(impact.open)} open`)}"><system-out>${xml(impactLines(impact).join('\n'))}</system-out></testcase>`,
          ...impact.groups.filter((g) => g.open === 0).map((g) => `    <testcase classname="change impact" name="${xml(`${g.heading} (${standing(g)})`)}" file="${xml(g.location.file)}" line="${g.location.line}"/>`),
        ];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="notice ${report.command ?? 'validate'}" tests="${scenarioCases.length + checkCases.length + impactCases.length}" failures="${failedScenarios + failedChecks}">`,
    `  <testsuite name="scenarios" tests="${scenarioCases.length}" failures="${failedScenarios}">`,
    ...scenarioCases,
    '  </testsuite>',
    `  <testsuite name="checks" tests="${checkCases.length}" failures="${failedChecks}" skipped="${checkCases.length - failedChecks}">`,
    ...checkCases,
    '  </testsuite>',
    ...(impact ? [`  <testsuite name="change impact" tests="${impactCases.length}" failures="0">`, ...impactCases, '  </testsuite>'] : []),
    '</testsuites>',
    '',
  ].join('\n');
}

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

/** A summary for a pull-request comment. */
/** The change impact as a pull-request comment's section: the totals, a table of the groups (toward sharing first), the accepted changes. */
export function impactMarkdownLines(impact: ImpactReport | { notRun: string }): string[] {
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const lines = ['## Privacy notice: what this change would newly allow or forbid', ''];
  if ('notRun' in impact) return [...lines, `Not worked out: ${impact.notRun}`, ''];
  lines.push(`Against \`${impact.base}\` (notice ${impact.baseVersion} \u2192 ${impact.headVersion}): ${number(impact.evaluated)} requests (the content of both sides) and ${number(impact.beyond ?? 0)} beyond their shapes decided by both policies.`, '');
  if (impact.changed === 0) return [...lines, 'No decision changed.', ''];
  lines.push(`**${plural(impact.changed, 'decision')} changed**: ${number(impact.pinned)} pinned by a scenario, ${number(impact.accepted)} accepted, **${number(impact.open)} open**.`, '');
  lines.push('| change | requests | pinned | accepted | open | clauses | for example |', '| --- | ---: | ---: | ---: | ---: | --- | --- |');
  for (const g of impact.groups) {
    const example = g.examples[0]!;
    const accepted = Object.entries(g.accepted).map(([id, n]) => `${number(n)} (\`${id}\`)`).join(', ') || '0';
    lines.push(`| ${cell(`${directions[g.direction]}: ${g.heading}`)} | ${number(g.count)} | ${number(g.pinned)} | ${accepted} | ${number(g.open)} | ${g.clauses.map((c) => `\`${c}\``).join(', ')} | ${cell(`${example.words}: ${decisionWords(example.before)} \u2192 ${decisionWords(example.after)}`)} |`);
  }
  if (impact.acceptances.length > 0) {
    lines.push('', '| accepted change | because | decisions |', '| --- | --- | ---: |');
    for (const a of impact.acceptances) lines.push(`| \`${a.id}\` (\`${a.file}:${a.line}\`) | ${cell(a.because)} | ${a.count === 0 ? '**stale**' : number(a.count)} |`);
  }
  lines.push('');
  return lines;
}

export function reportMarkdown(report: ValidateReport): string {
  const n = counts(report);
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const impact = report.impact;
  if (report.command === 'diff') {
    const findings = report.messages.map((m) => `| \`${m.file}:${m.line}:${m.column}\` | ${m.severity} | ${cell(sentence(m))} | \`${m.ruleId}\` |`);
    return [...(impact ? impactMarkdownLines(impact) : []), ...(findings.length ? ['| where | severity | finding | rule |', '| --- | --- | --- | --- |', ...findings, ''] : [])].join('\n');
  }
  const lines = [
    `## Privacy notice: ${n.errors === 0 ? 'all checks pass' : `${n.errors} error(s)`}`,
    '',
    `Notice ${report.noticeVersion ?? '?'}, policy.wasm \`${(report.wasmSha256 ?? '').slice(0, 12)}\`. Scenarios: **${n.passed} passed, ${n.failed} failed**${n.invalid ? `, ${n.invalid} could not be run` : ''}. ${n.warnings} warning(s).${report.ruleCoverage === 'skipped' ? ' Rules exercised by the scenarios: not checked (a subset of the scenarios was run).' : ''}`,
  ];
  if (report.engines) lines.push('', `OPA's Go evaluator and the WASM runtime agree on ${report.engines.compared - report.engines.disagreements} of ${report.engines.compared} requests.`);
  if (report.proof) lines.push('', ...proofLines(report.proof).map((line) => `- ${line.charAt(0).toUpperCase()}${line.slice(1)}`));
  if (report.messages.length > 0) {
    lines.push('', '| where | severity | finding | rule |', '| --- | --- | --- | --- |');
    for (const m of report.messages) lines.push(`| \`${m.file}:${m.line}:${m.column}\` | ${m.severity} | ${cell(sentence(m))} | \`${m.ruleId}\` |`);
  }
  lines.push('', '<details><summary>Readability per section</summary>', '', '| section | sentences | words | Flesch-Kincaid grade | SMOG grade |', '| --- | --- | --- | --- | --- |');
  for (const s of report.readability) lines.push(`| ${cell(s.title)} | ${s.sentences} | ${s.words} | ${s.fleschKincaidGrade} | ${s.smogGrade} |`);
  lines.push('', '</details>', '', '<details><summary>What a privacy notice must tell people (UK GDPR Art 13/14)</summary>', '', '| item | article | in the notice |', '| --- | --- | --- |');
  for (const item of report.completeness) lines.push(`| ${cell(item.text)} | ${item.article} | ${item.clauses.length ? item.clauses.map((c) => `\`${c}\``).join(', ') : 'missing'} |`);
  lines.push('', '</details>', '');
  if (impact) lines.push(...impactMarkdownLines(impact));
  return lines.join('\n');
}

export function render(report: ValidateReport, format: Format, colour = false): string {
  switch (format) {
    case 'json': return reportJson(report);
    case 'junit': return reportJunit(report);
    case 'github': return reportGithub(report);
    case 'markdown': return reportMarkdown(report);
    default: return reportPretty(report, colour);
  }
}
