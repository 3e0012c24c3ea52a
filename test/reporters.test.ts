// The reporters on reports that hold awkward text: the formats keep their contracts whatever a title,
// reason or path contains.
import { Ajv2020 } from 'ajv/dist/2020.js';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formats, render, type Format } from '../scripts/report/index.ts';
import type { ValidateReport } from '../scripts/validator/validate.ts';
import { root } from './helpers.ts';

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

// Golden files, as Regal pins its output formats: a real report (the validator and the change impact on a
// planted change: a GP's part in care changed, a scenario it fails, an acceptance and a stale one),
// normalised (root, times, threads) and cut to a few scenarios, rendered in every format. A change to a
// reporter shows here as a diff; `UPDATE_GOLDEN=1 npx vitest run test/reporters.test.ts` rewrites them.
describe('every format, pinned by golden files', () => {
  const fixtures = join(root, 'test', 'fixtures', 'report');
  const files: Record<Format, string> = { pretty: 'report.txt', json: 'report.out.json', junit: 'report.xml', github: 'report.github.txt', markdown: 'report.md' };
  for (const format of formats) {
    it(format, async () => {
      const golden = JSON.parse(await readFile(join(fixtures, 'report.json'), 'utf8')) as ValidateReport;
      const text = `${render(golden, format)}\n`;
      const file = join(fixtures, 'golden', files[format]);
      if (process.env.UPDATE_GOLDEN) await writeFile(file, text);
      expect(text).toBe(await readFile(file, 'utf8'));
    });
  }

  it('the json format matches its schema', async () => {
    const golden = JSON.parse(await readFile(join(fixtures, 'report.json'), 'utf8')) as ValidateReport;
    const schema = JSON.parse(await readFile(join(root, 'content', 'schemas', 'validate-report.schema.json'), 'utf8')) as object;
    const check = new Ajv2020({ allErrors: true }).compile(schema);
    expect(check(JSON.parse(render(golden, 'json'))), JSON.stringify(check.errors)).toBe(true);
  });
});

describe('a large change, as a pull request sees it', () => {
  // A change that opens hundreds of decisions (a purpose made to benefit care): the comment must still be
  // posted (GitHub refuses bodies over 65,536 characters) and every finding must reach the checks page
  // (GitHub shows 10 annotations of a level a step).
  it('fits the comment and keeps every finding in the annotations', async () => {
    const fixture = JSON.parse(await readFile(join(root, 'test', 'fixtures', 'report', 'report.json'), 'utf8')) as ValidateReport & { impact: { groups: object[]; changed: number; open: number } };
    const many = {
      ...fixture,
      messages: Array.from({ length: 200 }, (_, i) => ({ file: 'content/purposes.yaml', line: i + 1, column: 5, ruleId: 'decision-changed', severity: 'error', reason: `Group ${i}: ${'a long heading '.repeat(20)}` })),
      impact: { ...fixture.impact, groups: Array.from({ length: 160 }, (_, i) => ({ ...fixture.impact.groups[0], heading: `group ${i} ${'words '.repeat(40)}` })) },
    } as unknown as ValidateReport;
    const markdown = render(many, 'markdown');
    expect(markdown.length).toBeLessThanOrEqual(60_000);
    expect(markdown).toMatch(/\u2026 and \d+ more findings: every finding is in the JUnit report/);
    expect(markdown).toMatch(/\u2026 and \d+ more groups: run `npm run diff -- --base \S+` for the whole impact/);
    const annotations = render(many, 'github').split('\n').filter((line) => line.startsWith('::error'));
    expect(annotations).toHaveLength(10);
    // The tenth within what GitHub keeps of an annotation, saying how many more and where they are.
    expect(annotations[9]).toMatch(/^::error title=191 more errors::content\/purposes\.yaml:10:5 /);
    const tenth = annotations[9]!.slice(annotations[9]!.indexOf('::', 2) + 2).split('%0A');
    expect(tenth.join('\n').length).toBeLessThanOrEqual(4000);
    const listed = tenth.length - 1;
    expect(tenth.at(-1)).toBe(`\u2026 and ${191 - listed} more findings: see the JUnit report`);
    const impactNotice = render(many, 'github').split('\n').find((line) => line.startsWith('::notice'))!;
    expect(impactNotice.length).toBeLessThan(6000);
    // Words from the content cannot hide the rest of the comment or notify anyone.
    const named = { ...many, messages: [{ ...many.messages[0]!, reason: 'Purpose <!-- hidden @octocat | x' }] } as ValidateReport;
    expect(render(named, 'markdown')).toContain('Purpose &lt;!-- hidden @\u200boctocat \\| x');
  });
});
