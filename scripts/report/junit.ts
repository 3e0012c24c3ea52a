// The junit reporter: JUnit XML for CI test tabs.
import type { ValidateReport } from '../validator/validate.ts';
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

