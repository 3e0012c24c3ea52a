// The reporters on reports that hold awkward text: the formats keep their contracts whatever a title,
// reason or path contains.
import { Ajv2020 } from 'ajv/dist/2020.js';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImpactReport } from '../scripts/impact/impact.ts';
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
      actual: { outcome: 'refer', reasons: [], obligations: [], information: [] },
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

describe('the pretty reporter', () => {
  it('shows a terminal\u2019s control characters in a change\u2019s words as escapes; only its own colours act on the terminal', () => {
    for (const colour of [false, true]) {
      const pretty = render(report, 'pretty', colour);
      expect(pretty).toContain('escape \\u001b[31m, NUL \\u0000');
      const controls = pretty.match(/\u001b\[[0-9;]*m/g) ?? [];
      // Colour codes only where colour was asked for, and only the reporter's own (the title's is escaped).
      expect(controls.length > 0).toBe(colour);
      expect(pretty.replace(/\u001b\[(?:31|33|2|1|32|0)m/g, '')).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    }
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

describe('a report whose space was decided by an earlier run (scripts/impact/space-cache.ts)', () => {
  it('says so in every format that words the proof and the impact, and the json keeps when and how long', async () => {
    const golden = JSON.parse(await readFile(join(root, 'test', 'fixtures', 'report', 'report.json'), 'utf8')) as ValidateReport;
    const reused = { at: '2026-12-07T18:55:12.000Z', seconds: 29.1 };
    const kept = { ...golden, proof: { ...golden.proof!, reused }, impact: { ...(golden.impact as ImpactReport), reused } } as ValidateReport;
    const words = 'the space\'s decisions reused from an earlier run of 2026-12-07 18:55 UTC (29.1 s then) over the same space';
    const proofWords = `requests of the space, ${words}, policy, data and deciding code; --no-cache decides them again`;
    const impactWords = `(${words}, two policies, data and deciding code; --no-cache decides them again)`;
    for (const [format, said] of [['pretty', [proofWords, impactWords]], ['markdown', [proofWords]], ['github', [impactWords]]] as const) {
      for (const words of said) expect(render(kept, format)).toContain(words);
      expect(render(golden, format)).not.toContain('reused');
    }
    // The base's side alone kept: the working tree's side decided, and said so.
    const baseKept = { ...golden, impact: { ...(golden.impact as ImpactReport), baseReused: reused } } as ValidateReport;
    for (const format of ['pretty', 'github'] as const) {
      expect(render(baseKept, format)).toContain('(the base\'s decisions kept by an earlier run of 2026-12-07 18:55 UTC over the same space, base policy and deciding code: every request decided by the working tree\'s policy, and by the base\'s again wherever the two differ; --no-cache decides both sides)');
    }
    const schema = JSON.parse(await readFile(join(root, 'content', 'schemas', 'validate-report.schema.json'), 'utf8')) as object;
    const check = new Ajv2020({ allErrors: true }).compile(schema);
    expect(check(JSON.parse(render(baseKept, 'json'))), JSON.stringify(check.errors)).toBe(true);
    const json = JSON.parse(render(kept, 'json')) as { proof: { reused: unknown }; impact: { reused: unknown } };
    expect(check(json), JSON.stringify(check.errors)).toBe(true);
    expect([json.proof.reused, json.impact.reused]).toEqual([reused, reused]);
  });
});

describe('the pull-request comment, for a reviewer who is not a developer', () => {
  it('opens with what changes for patients in plain words, more sharing first, and what the change log tells them', async () => {
    const fixture = JSON.parse(await readFile(join(root, 'test', 'fixtures', 'report', 'report.json'), 'utf8')) as ValidateReport & { impact: ImpactReport };
    const toward = { ...fixture.impact.groups[0]!, direction: 'toward-sharing' as const, before: 'refer', after: 'share-minimum', parts: ['outcome' as const], names: { recipient: 'Police & Judicial Services', purpose: 'Investigating a serious crime' } };
    const report = { ...fixture, impact: { ...fixture.impact, groups: [toward, ...fixture.impact.groups], newEntry: { version: '1.3.0', date: '2026-12-08', summary: 'The police get only what they need.' } } } as ValidateReport;
    const markdown = render(report, 'markdown');
    const opening = markdown.slice(markdown.indexOf('### What changes for patients'), markdown.indexOf('Notice 1.0.0'));
    expect(markdown.indexOf('### What changes for patients')).toBeLessThan(markdown.indexOf('| where |'));
    expect(opening.split('\n')[2]).toBe('- **More is shared**: Police & Judicial Services, for investigating a serious crime: now they are given only what they need (before, a person at the trust decides), in 47 cases checked.');
    // No ids, lists or consent states as code in the opening.
    expect(opening).not.toMatch(/`|\["|consent unable|share-minimum|recipient-gps/);
    expect(opening).toContain('The change log for version 1.3.0 (2026-12-08) tells patients:\n\n> The police get only what they need.');
    // Standing warnings are folded away under the errors.
    expect(markdown).toMatch(/<details><summary>14 warnings<\/summary>/);
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
    // A compile error among them is never folded into the tenth: what stops everything else comes first.
    const compile = { file: 'policy/sharing/exceptions/exceptions.rego', line: 7, column: 2, ruleId: 'rego-compile', severity: 'error', reason: 'rego_parse_error: unexpected } token' };
    const withCompile = render({ ...many, messages: [...many.messages, compile] } as ValidateReport, 'github').split('\n').filter((line) => line.startsWith('::error'));
    expect(withCompile[0]).toMatch(/^::error file=policy\/sharing\/exceptions\/exceptions\.rego,line=7,col=2,title=rego-compile::/);
    expect(withCompile).toHaveLength(10);
    const impactNotice = render(many, 'github').split('\n').find((line) => line.startsWith('::notice'))!;
    expect(impactNotice.length).toBeLessThan(6000);
    // Words from the content cannot hide the rest of the comment or notify anyone.
    const named = { ...many, messages: [{ ...many.messages[0]!, reason: 'Purpose <!-- hidden @octocat | x' }] } as ValidateReport;
    expect(render(named, 'markdown')).toContain('Purpose &lt;!-- hidden @\u200boctocat \\| x');
  });
});

// The choices the Caldicott Guardian has not confirmed (choice-proposed): warnings, at each choice's
// `status`, in every format, none of which fails the run or the CI step because of them.
describe('a choice not yet confirmed', () => {
  it('is a warning at its status in every format, and not a failure', async () => {
    const { loadContentDir } = await import('../scripts/content/content-node.ts');
    const { choiceMessages } = await import('../scripts/validator/checks/choices.ts');
    const { content, locations } = await loadContentDir(join(root, 'content'), root);
    // The first choice as it stands until the Caldicott Guardian confirms it.
    const proposed = { ...content!.choices[0]!, status: 'proposed' as const };
    const [message] = choiceMessages([proposed], locations!, '2026-01-01');
    const where = locations!.choices.get(proposed.id)!.status;
    expect(message).toEqual({
      ...where, ruleId: 'choice-proposed', severity: 'warning',
      reason: `Choice \`${proposed.id}\` is proposed`,
      expected: 'confirmed by the Caldicott Guardian (`status: confirmed`, `confirmed_by`, `confirmed_on`) before release',
    });
    expect(where).toMatchObject({ file: 'content/promises.yaml', column: 13 });
    const sentence = `Choice \`${proposed.id}\` is proposed, expected confirmed by the Caldicott Guardian (\`status: confirmed\`, \`confirmed_by\`, \`confirmed_on\`) before release`;
    const warned = { ...report, messages: [message!], scenarios: [], noticeVersion: '1.1.0', wasmSha256: 'abc' } as unknown as ValidateReport;
    expect(render(warned, 'pretty')).toContain(`  content/promises.yaml:${where.line}:13  warning  ${sentence}  choice-proposed`);
    expect(render(warned, 'pretty')).toContain('0 errors, 1 warning(s)');
    expect(JSON.parse(render(warned, 'json')).messages).toEqual([message]);
    const junit = render(warned, 'junit');
    expect(junit).toContain(`<testcase classname="content/promises.yaml" name="choice-proposed content/promises.yaml:${where.line}:13" file="content/promises.yaml" line="${where.line}"><skipped message="${sentence.replace(/"/g, '&quot;')}"/></testcase>`);
    expect(junit).toContain('<testsuites name="notice validate" tests="1" failures="0">');
    expect(render(warned, 'github')).toBe(`::warning file=content/promises.yaml,line=${where.line},col=13,title=choice-proposed::${sentence}`);
    expect(render(warned, 'markdown')).toContain(`| \`content/promises.yaml:${where.line}:13\` | warning | ${sentence} | \`choice-proposed\` |`);
    expect(render(warned, 'markdown')).toContain('## Privacy notice: all checks pass');
  });
});
