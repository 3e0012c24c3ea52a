// The junit reporter: JUnit XML for CI test tabs.
import type { ValidateReport } from '../validator/report.ts';
import { impactLines, number, sentence, standing } from './words.ts';

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

/** The rules of the change impact: their findings are the change impact suite's, not the checks'. */
const impactRules = new Set(['decision-changed', 'wording-changed', 'accepted-change-stale']);

/**
 * JUnit XML: a suite of scenarios (a test case each), a suite of checks (a failure per error) and a suite of
 * the change impact (its findings, and a case per group all pinned or accepted). Each test case has a name of
 * its own (a second finding of a rule at one place is numbered), as tools that merge cases by name need.
 */
export function reportJunit(report: ValidateReport): string {
  const seen = new Map<string, number>();
  const unique = (name: string) => {
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return n === 1 ? name : `${name} (${n})`;
  };
  const findingCase = (m: ValidateReport['messages'][number]) => {
    const tag = m.severity === 'error' ? 'failure' : 'skipped';
    return `    <testcase classname="${xml(m.file)}" name="${xml(unique(`${m.ruleId} ${m.file}:${m.line}:${m.column}`))}" file="${xml(m.file)}" line="${m.line}"><${tag} message="${xml(sentence(m))}"${tag === 'failure' ? ` type="${xml(m.ruleId)}"` : ''}/></testcase>`;
  };
  const checks = report.messages.filter((m) => m.ruleId !== 'scenario-failed' && !impactRules.has(m.ruleId));
  const impactFindings = report.messages.filter((m) => impactRules.has(m.ruleId));
  const scenarioCases = report.scenarios.map((s) => {
    const name = unique(`${s.scenario.id}: ${s.scenario.title}`);
    const body = s.passed
      ? ''
      : `<failure message="${xml(`missing ${s.missing.join(', ')}`)}" type="scenario-failed">${xml(`expected: ${JSON.stringify(s.expected)}\nactual:   ${JSON.stringify(s.actual)}\nat ${s.scenario.file}:${s.scenario.line}:${s.scenario.column}`)}</failure>`;
    return `    <testcase classname="${xml(s.scenario.file)}" name="${xml(name)}" file="${xml(s.scenario.file)}" line="${s.scenario.line}">${body}</testcase>`;
  });
  const checkCases = checks.map(findingCase);
  const failedScenarios = report.scenarios.filter((s) => !s.passed).length;
  const failedChecks = checks.filter((m) => m.severity === 'error').length;
  const failedImpact = impactFindings.filter((m) => m.severity === 'error').length;
  // The change impact: a test case per group whose changes are all pinned or accepted (a group with open
  // changes is a finding, among the checks), and one for the totals.
  const impact = report.impact;
  const impactCases = !impact
    ? []
    : 'notRun' in impact
      ? [`    <testcase classname="change impact" name="change impact"><skipped message="${xml(`not worked out: ${impact.notRun}`)}"/></testcase>`]
      : [
          `    <testcase classname="change impact" name="${xml(`${number(impact.changed)} decision(s) changed against ${impact.base}: ${number(impact.pinned)} pinned, ${number(impact.accepted)} accepted, ${number(impact.open)} open`)}"><system-out>${xml(impactLines(impact).join('\n'))}</system-out></testcase>`,
          ...impact.groups.filter((g) => g.open === 0).map((g) => `    <testcase classname="change impact" name="${xml(unique(`${g.heading} (${standing(g)})`))}" file="${xml(g.location.file)}" line="${g.location.line}"/>`),
        ];
  impactCases.push(...impactFindings.map(findingCase));
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="notice ${report.command ?? 'validate'}" tests="${scenarioCases.length + checkCases.length + impactCases.length}" failures="${failedScenarios + failedChecks + failedImpact}">`,
    `  <testsuite name="scenarios" tests="${scenarioCases.length}" failures="${failedScenarios}">`,
    ...scenarioCases,
    '  </testsuite>',
    `  <testsuite name="checks" tests="${checkCases.length}" failures="${failedChecks}" skipped="${checkCases.length - failedChecks}">`,
    ...checkCases,
    '  </testsuite>',
    ...(impact || impactFindings.length ? [`  <testsuite name="change impact" tests="${impactCases.length}" failures="${failedImpact}" skipped="${impactFindings.length - failedImpact + (impact && 'notRun' in impact ? 1 : 0)}">`, ...impactCases, '  </testsuite>'] : []),
    '</testsuites>',
    '',
  ].join('\n');
}

