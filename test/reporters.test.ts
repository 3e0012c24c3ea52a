// The reporters on reports that hold awkward text: the formats keep their contracts whatever a title,
// reason or path contains.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { render } from '../scripts/report/index.ts';
import type { ValidateReport } from '../scripts/validator/validate.ts';

const awkward = 'bell \u0007, escape \u001b[31m, NUL \u0000, lone \ud800 surrogate, \ufffe, & <tags> "quoted"';

const report = {
  root: '/repo',
  rebuilt: false,
  command: 'validate',
  messages: [{ file: 'test/scenarios/odd.yaml', line: 3, column: 5, ruleId: 'scenario-failed', severity: 'error', reason: `Scenario \`odd\` failed: ${awkward}`, expected: 'share', actual: 'refer' }],
  scenarios: [
    {
      scenario: { id: 'odd', title: awkward, file: 'test/scenarios/odd.yaml', line: 3, column: 5, request: {}, expect: { outcome: 'share' }, valid: true },
      passed: false,
      expected: { outcome: 'share' },
      actual: { outcome: 'refer', reasons: [], obligations: [] },
      missing: ['outcome share'],
    },
  ],
  completeness: [],
  readability: [],
} as unknown as ValidateReport;

describe('the JUnit reporter', () => {
  it('stays well-formed XML whatever a title holds, and keeps the text readable', () => {
    const junit = render(report, 'junit');
    expect(XMLValidator.validate(junit)).toBe(true);
    const parsed = new XMLParser({ ignoreAttributes: false }).parse(junit) as { testsuites: { testsuite: { testcase: { '@_name': string } | { '@_name': string }[] }[] } };
    const [scenarios] = parsed.testsuites.testsuite;
    const name = (Array.isArray(scenarios!.testcase) ? scenarios!.testcase[0]! : scenarios!.testcase)['@_name'];
    expect(name).toContain('bell \\u{7}, escape \\u{1b}[31m, NUL \\u{0}, lone \\u{d800} surrogate, \\u{fffe}');
  });
});
