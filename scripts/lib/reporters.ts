// Reporters: the same findings worded for people (pretty), programs (json), CI test tabs (junit), GitHub
// workflow annotations (github) and a pull-request comment (markdown).
import type { NoticeMessage } from './messages.ts';
import type { PromiseProof } from './promises.ts';
import type { ValidateReport } from './validate.ts';

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

export function counts(report: ValidateReport): { errors: number; warnings: number; passed: number; failed: number } {
  return {
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
  lines.push(`scenarios: ${n.passed} passed, ${n.failed} failed`);
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
    `promises: ${kept} of ${promises.length} kept, proven over every request of the space (${proof.space.toLocaleString('en-GB')} requests, decided and checked in ${proof.seconds.toFixed(1)} s over ${proof.threads} thread(s)) and ${proof.malformed.toLocaleString('en-GB')} malformed requests`,
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

const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

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
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="notice validate" tests="${scenarioCases.length + checkCases.length}" failures="${failedScenarios + failedChecks}">`,
    `  <testsuite name="scenarios" tests="${scenarioCases.length}" failures="${failedScenarios}">`,
    ...scenarioCases,
    '  </testsuite>',
    `  <testsuite name="checks" tests="${checkCases.length}" failures="${failedChecks}" skipped="${checkCases.length - failedChecks}">`,
    ...checkCases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

/** GitHub workflow commands: an annotation on the offending line of each finding. */
export function reportGithub(report: ValidateReport): string {
  const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
  return report.messages
    .map((m) => `::${m.severity === 'error' ? 'error' : 'warning'} file=${escapeProperty(m.file)},line=${m.line},col=${m.column},title=${escapeProperty(m.ruleId)}::${escapeData(sentence(m))}`)
    .join('\n');
}

/** A summary for a pull-request comment. */
export function reportMarkdown(report: ValidateReport): string {
  const n = counts(report);
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const lines = [
    `## Privacy notice: ${n.errors === 0 ? 'all checks pass' : `${n.errors} error(s)`}`,
    '',
    `Notice ${report.noticeVersion ?? '?'}, policy.wasm \`${(report.wasmSha256 ?? '').slice(0, 12)}\`. Scenarios: **${n.passed} passed, ${n.failed} failed**. ${n.warnings} warning(s).`,
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
