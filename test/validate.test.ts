// `npm run validate` and `npm run diff` as CI runs them: a subprocess on fixture repositories, each a copy of
// this repository's notice (content, Rego, scenarios) with one thing broken.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { root } from './helpers.ts';
import { fixtureRepo, notice, replaceIn } from './repo-fixtures.ts';
import { loadContentDir } from '../scripts/content/content-node.ts';
import { choiceMessages, todayInLondon } from '../scripts/validator/checks/choices.ts';

interface Report {
  messages: { file: string; line: number; column: number; ruleId: string; severity: string; reason: string; expected?: string; actual?: string }[];
  summary: { errors: number; passed: number; failed: number };
  scenarios: unknown[];
}

function validateJson(dir: string, ...extra: string[]): { status: number | null; report: Report; stderr: string } {
  const run = notice(['validate', '--root', dir, '--format', 'json', ...extra]);
  return { status: run.status, report: JSON.parse(run.stdout) as Report, stderr: run.stderr };
}

const errorIds = (report: Report) => report.messages.filter((m) => m.severity === 'error').map((m) => m.ruleId);

describe('npm run validate', () => {
  it('passes this repository, and its JSON report matches its schema', async () => {
    const dir = await fixtureRepo('clean');
    const { status, report } = validateJson(dir);
    expect(errorIds(report)).toEqual([]);
    expect(status).toBe(0);
    expect(report.summary.passed).toBeGreaterThanOrEqual(80);
    const schema = JSON.parse(await readFile(join(root, 'content', 'schemas', 'validate-report.schema.json'), 'utf8')) as object;
    const check = new Ajv2020({ allErrors: true }).compile(schema);
    expect(check(report), JSON.stringify(check.errors)).toBe(true);
    expect(report.messages.map((m) => m.ruleId)).toContain('gdpr-missing');
    // Run again over the same policy: the space's decisions are read from the run's cache (vitest.config.ts
    // names one per test run), not decided again, and the report says so.
    const again = validateJson(dir);
    expect(again.status).toBe(0);
    expect(again.report).toMatchObject({ proof: { reused: { at: expect.any(String), seconds: expect.any(Number) }, outcomes: (report as unknown as { proof: { outcomes: object } }).proof.outcomes } });
    expect(check(again.report), JSON.stringify(check.errors)).toBe(true);
    // Each choice the Caldicott Guardian has not confirmed is a warning at its `status`, which leaves the exit code alone.
    const { content, locations } = await loadContentDir(join(dir, 'content'), dir);
    const proposed = content!.choices.filter((c) => c.status === 'proposed');
    expect(report.messages.filter((m) => m.ruleId === 'choice-proposed').map((m) => `${m.severity} ${m.file}:${m.line}:${m.column} ${m.reason}`))
      .toEqual(proposed.map((c) => { const at = locations!.choices.get(c.id)!.status; return `warning ${at.file}:${at.line}:${at.column} Choice \`${c.id}\` is proposed`; }));
  });

  it('reports a broken YAML file where it breaks', async () => {
    const dir = await fixtureRepo('yaml', (d) => replaceIn(join(d, 'content', 'purposes.yaml'), '    name: Marketing\n', '    name: [Marketing\n'));
    const { status, report } = validateJson(dir);
    expect(status).toBe(1);
    expect(report.messages.filter((m) => m.ruleId === 'yaml-syntax').map((m) => m.file)).toEqual(['content/purposes.yaml']);
    // The summaries say that nothing after the content was checked, rather than "0 passed" and empty tables.
    const pretty = notice(['validate', '--root', dir]);
    expect(pretty.stdout).toContain('scenarios, policy, promises, engines, readability, notice items: not checked (the content does not load; see the errors)');
    expect(pretty.stdout).not.toMatch(/scenarios: 0 passed|readability \(\)/);
    const markdown = notice(['validate', '--root', dir, '--format', 'markdown']);
    expect(markdown.stdout).toMatch(/^## Privacy notice: 1 error\(s\)\n\nThe checks did not run: the content does not load; see the errors\./);
    expect(markdown.stdout).not.toContain('Notice ?');
  });

  it('reports one mistake in a scenario once, and still runs and checks the other scenarios of its file', async () => {
    const file = (d: string) => join(d, 'test', 'scenarios', 'exceptions.yaml');
    const dir = await fixtureRepo('scenario-mistakes', async (d) => {
      await replaceIn(file(d), 'expect: { outcome: share-minimum, reasons: [no-consent, circumstance-harm-to-self], obligations: [minimum-necessary, record-disclosure] }', 'expect: { outcome: share_minimum, reasons: [no-consent, circumstance-harm-to-self], obligations: [minimum-necessary, record-disclosure] }');
      await replaceIn(file(d), 'expect: { outcome: share-minimum, reasons: [no-consent, circumstance-harm-to-self] }', 'expect: { outcome: share-minimum, reasons: [no-consent, circumstance-harm-to-slef] }');
      await replaceIn(file(d), '  - id: harm-to-self-claimed-consent-refused', '  - id: harm-to-self-claimed');
    });
    const { status, report } = validateJson(dir);
    expect(status).toBe(1);
    const mine = report.messages.filter((m) => m.file === 'test/scenarios/exceptions.yaml');
    // (The scenario naming an unknown clause runs, and fails for want of it.)
    expect(mine.map((m) => [m.ruleId, m.line])).toEqual([['schema', 11], ['scenario-failed', 12], ['unknown-reference', 15], ['duplicate-id', 16]]);
    expect(mine[0]!.reason).toBe('Unexpected value in `scenarios[1].expect.outcome`');
    expect((report as Report & { invalidScenarios?: number }).invalidScenarios).toBe(1);
  });

  it('says at once that a --base is no commit, having checked nothing', async () => {
    const dir = await fixtureRepo('no-base', undefined, { git: true });
    const run = notice(['validate', '--root', dir, '--base', 'no-such-ref']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--base no-such-ref: no such commit');
    expect(run.stdout).toContain('not checked (--base no-such-ref: no such commit');
    // No scenario was decided and no engine compared: the checks were not run at all.
    const json = validateJson(dir, '--base', 'no-such-ref').report as Report & { engines?: unknown; proof?: unknown };
    expect([json.scenarios, json.engines, json.proof]).toEqual([[], undefined, undefined]);
  });

  it('names every place a renamed clause is still named, as the build does, not only the ids a verdict cites', async () => {
    const dir = await fixtureRepo('renamed-clause', async (d) => {
      for (const file of ['notice.yaml', 'purposes.yaml', 'promises.yaml', 'patients.yaml']) {
        const path = join(d, 'content', file);
        await writeFile(path, (await readFile(path, 'utf8')).replaceAll('never-marketing-insurance', 'never-marketing'));
      }
    });
    const { status, report } = validateJson(dir);
    expect(status).toBe(1);
    const ids = new Set(errorIds(report));
    for (const id of ['unknown-id', 'unknown-clause', 'clause-not-implemented', 'unknown-promise', 'promise-not-stated']) expect(ids, id).toContain(id);
  });

  it('reports a scenario naming a recipient the notice does not list, at its line', async () => {
    const dir = await fixtureRepo('unknown-recipient', (d) => replaceIn(join(d, 'test', 'scenarios', 'care-team.yaml'), 'request: { recipient: care-team, purpose: individual-care, information: [care-record], consent: given }', 'request: { recipient: care-teem, purpose: individual-care, information: [care-record], consent: given }'));
    const { status, report } = validateJson(dir);
    expect(status).toBe(1);
    const found = report.messages.filter((m) => m.ruleId === 'scenario-request');
    expect(found.map((m) => [m.file, m.line, m.column, m.actual])).toEqual([['test/scenarios/care-team.yaml', 9, 27, '"care-teem"']]);
  });

  it('reports a clause marked as a rule that no Rego rule implements', async () => {
    const dir = await fixtureRepo('unimplemented', (d) => replaceIn(join(d, 'content', 'notice.yaml'), '      - id: opt-out-link\n        rule: false\n', '      - id: opt-out-link\n        rule: true\n'));
    const { status, report } = validateJson(dir);
    expect(status).toBe(1);
    const line = (await readFile(join(dir, 'content', 'notice.yaml'), 'utf8')).split('\n').indexOf('      - id: opt-out-link') + 1;
    expect(line).toBeGreaterThan(1);
    expect(report.messages.filter((m) => m.ruleId === 'clause-not-implemented').map((m) => `${m.file}:${m.line}`)).toEqual([`content/notice.yaml:${line}`]);
  });

  it('reports a rule citing a clause the notice does not have, at the rule', async () => {
    const dir = await fixtureRepo('missing-clause', (d) => replaceIn(join(d, 'policy', 'sharing', 'careteam', 'careteam.rego'), '#   clause: care-team\n', '#   clause: care-teams\n'));
    const { status, report } = validateJson(dir);
    expect(status).toBe(1);
    expect(report.messages.filter((m) => m.ruleId === 'unknown-clause').map((m) => m.file)).toEqual(['policy/sharing/careteam/careteam.rego']);
  });

  it('reports an obligation a verdict cites that the content no longer has, even when the Rego hides the id from a reader, instead of crashing', async () => {
    const dir = await fixtureRepo('hidden-obligation', async (d) => {
      await replaceIn(join(d, 'content', 'obligations.yaml'), /  - id: returns-information-only\n(?: {4}.*\n| {6}.*\n)+/, '');
      // An escape the build's reading of the Rego does not see: only deciding finds it.
      await replaceIn(join(d, 'policy', 'sharing', 'returns', 'returns.rego'), /"returns-information-only"/g, '"returns-information\\u002donly"');
    });
    const { status, report } = validateJson(dir);
    expect(status).toBe(1);
    expect(report.messages.filter((m) => m.ruleId === 'unknown-id').map((m) => `${m.file}:${m.line}:${m.column} ${m.reason}`)).toEqual([
      'policy/sharing:1:1 The policy cites obligation `returns-information-only`, which the notice does not have: a decision that cites it cannot be worded',
    ]);
  });

  it('reports a clause a page of the site names that the notice no longer has, at the page', async () => {
    const dir = await fixtureRepo('renamed-clause-on-a-page', async (d) => {
      await mkdir(join(d, 'site', 'pages'), { recursive: true });
      for (const page of ['your-choices.astro', 'without-consent.astro']) await writeFile(join(d, 'site', 'pages', page), await readFile(join(root, 'site', 'pages', page), 'utf8'));
      await replaceIn(join(d, 'site', 'pages', 'your-choices.astro'), "'trust-surveys']", "'trust-survey']");
    });
    const { status, report } = validateJson(dir);
    expect(status).toBe(1);
    const text = await readFile(join(dir, 'site', 'pages', 'your-choices.astro'), 'utf8');
    const line = text.split('\n').findIndex((l) => l.includes("'trust-survey'")) + 1;
    const column = text.split('\n')[line - 1]!.indexOf("'trust-survey'") + 1;
    expect(report.messages.filter((m) => m.ruleId === 'unknown-id').map((m) => `${m.file}:${m.line}:${m.column} ${m.reason}`)).toEqual([
      `site/pages/your-choices.astro:${line}:${column} The page names clause \`trust-survey\`, which the notice does not have`,
    ]);
  });

  it('fails a scenario whose expectation is wrong, showing expected and actual side by side', async () => {
    const dir = await fixtureRepo('wrong-expectation', (d) => replaceIn(join(d, 'test', 'scenarios', 'forbidden.yaml'), 'expect: { outcome: do-not-share, reasons: [never-marketing-insurance], obligations: [] }', 'expect: { outcome: share, reasons: [never-marketing-insurance], obligations: [] }'));
    const { status, report } = validateJson(dir, '--report', `pretty=${join(dir, 'report.txt')}`);
    expect(status).toBe(1);
    expect(report.summary.failed).toBe(1);
    const pretty = { stdout: await readFile(join(dir, 'report.txt'), 'utf8') };
    const block = pretty.stdout.split('\n').filter((line) => line.includes('scenario-failed') || /^ {6}\S/.test(line));
    expect(block.join('\n')).toMatchInlineSnapshot(`
      "  test/scenarios/forbidden.yaml:3:9  error    Scenario \`marketing-gp-consent-given\` failed: missing outcome share, expected share never-marketing-insurance, found do-not-share never-marketing-insurance  scenario-failed
            expected                   actual
            share                      do-not-share
            never-marketing-insurance  never-marketing-insurance"
    `);
  });

  it('writes JUnit XML that parses, GitHub annotations on the offending lines and a Markdown comment, from one run', async () => {
    const dir = await fixtureRepo('formats', (d) => replaceIn(join(d, 'test', 'scenarios', 'forbidden.yaml'), 'expect: { outcome: do-not-share, reasons: [never-marketing-insurance], obligations: [] }', 'expect: { outcome: refer }'));
    // One run, as the workflow makes it: JUnit on standard output, GitHub annotations and Markdown to files.
    const github = { stdout: '' };
    const markdown = { stdout: '' };
    const junit = notice(['validate', '--root', dir, '--format', 'junit', '--report', `github=${join(dir, 'github.txt')}`, '--report', `markdown=${join(dir, 'comment.md')}`]);
    expect(junit.status).toBe(1);
    github.stdout = await readFile(join(dir, 'github.txt'), 'utf8');
    markdown.stdout = await readFile(join(dir, 'comment.md'), 'utf8');
    expect(XMLValidator.validate(junit.stdout)).toBe(true);
    const parsed = new XMLParser({ ignoreAttributes: false }).parse(junit.stdout) as { testsuites: { testsuite: { '@_name': string; '@_failures': string; testcase: { failure?: unknown }[] }[] } };
    const scenarios = parsed.testsuites.testsuite.find((s) => s['@_name'] === 'scenarios')!;
    expect(scenarios.testcase.length).toBeGreaterThanOrEqual(80);
    expect(scenarios['@_failures']).toBe('1');

    const line = github.stdout.split('\n').find((l) => l.includes('title=scenario-failed'));
    // The scenario's `- id:` line, three lines above its `expect:` (lines count from 1).
    const expectIndex = (await readFile(join(dir, 'test', 'scenarios', 'forbidden.yaml'), 'utf8')).split('\n').findIndex((l) => l.includes('expect: { outcome: refer }'));
    expect(line).toMatch(new RegExp(`^::error file=test/scenarios/forbidden.yaml,line=${expectIndex - 2},col=9,title=scenario-failed::`));

    expect(markdown.stdout).toMatch(/^## Privacy notice: 1 error\(s\)/);
    expect(markdown.stdout).toContain('| `test/scenarios/forbidden.yaml:');
  });

  it('exits 2 on usage and configuration errors', async () => {
    expect(notice(['validate', '--format', 'xml']).status).toBe(2);
    expect(notice(['validate', '--fail-on-change']).status).toBe(2);
    const noAccepted = notice(['diff', '--base', 'HEAD', '--accepted', 'no-such-file.yaml']);
    expect(noAccepted.status).toBe(2);
    expect(noAccepted.stderr).toContain('--accepted no-such-file.yaml: no such file');
    const dir = await fixtureRepo('config', (d) => writeFile(join(d, 'notice.config.yaml'), 'readability:\n  maxGrade: high\n'));
    const bad = notice(['validate', '--root', dir]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/notice\.config\.yaml:2:/);
  });

  it('answers --help, names an empty folder and an unwritable report, and runs a subset of the scenarios without asking it to exercise every rule', async () => {
    const help = notice(['validate', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: npm run validate/);
    expect(help.stdout).toContain('--no-cache');
    const dir = await fixtureRepo('subset', async (d) => {
      await mkdir(join(d, 'test', 'empty'), { recursive: true });
    });
    const empty = notice(['validate', '--root', dir, 'test/empty']);
    expect(empty.status).toBe(2);
    expect(empty.stderr).toContain('No scenarios found: test/empty holds no .yaml files');
    const unwritable = notice(['validate', '--root', dir, 'test/scenarios/forbidden.yaml', '--output', join(dir, 'no', 'such', 'folder', 'report.xml'), '--format', 'junit']);
    expect(unwritable.status).toBe(2);
    expect(unwritable.stderr).toMatch(/Cannot write a report to .*report\.xml: no such folder/);
    expect(unwritable.stderr).not.toMatch(/\n\s+at /);
    // Found before the run: two reports to one file, or a report to a folder that does not exist.
    const same = notice(['validate', '--root', dir, '--output', join(dir, 'r.txt'), '--report', `json=${join(dir, 'r.txt')}`]);
    expect(same.status).toBe(2);
    expect(same.stderr).toContain(`Two reports would be written to ${join(dir, 'r.txt')}`);
    const lateFolder = notice(['validate', '--root', dir, '--report', `junit=${join(dir, 'none', 'r.xml')}`]);
    expect(lateFolder.status).toBe(2);
    expect(lateFolder.stderr).toContain('no such folder');
    // --no-cache: the space decided again, whatever an earlier run kept.
    const subset = validateJson(dir, 'test/scenarios/forbidden.yaml', '--no-cache');
    expect(subset.report).not.toHaveProperty('proof.reused');
    expect(subset.report).toHaveProperty('proof.seconds');
    expect(errorIds(subset.report)).toEqual([]);
    expect(subset.status).toBe(0);
    expect(subset.report).toMatchObject({ ruleCoverage: 'skipped', summary: { invalid: 0 } });
    expect(notice(['validate', '--root', dir, 'test/scenarios/forbidden.yaml']).stdout).toContain('rules exercised by the scenarios: not checked (a subset of the scenarios was run; run them all to check)');
    // Errors come first, in every format's order.
    const severities = subset.report.messages.map((m) => m.severity);
    expect(severities).toEqual([...severities].sort());
  });

  it('makes warnings errors when configured', async () => {
    const dir = await fixtureRepo('strict', (d) => writeFile(join(d, 'notice.config.yaml'), 'completeness:\n  severity: error\nengines:\n  sample: 100\n'));
    const { status, report } = validateJson(dir);
    expect(status).toBe(1);
    expect(new Set(errorIds(report))).toEqual(new Set(['gdpr-missing']));
  });
});

describe('the choices the notice leaves open', () => {
  it('are warnings while proposed, and a confirmation dated after today in London is an error (today is not)', async () => {
    const { content, locations } = await loadContentDir(join(root, 'content'), root);
    const [first] = content!.choices;
    const confirmed = (on: string) => ({ ...first!, status: 'confirmed' as const, confirmed_by: 'Dr A Example, Caldicott Guardian', confirmed_on: on });
    const said = (choices: Parameters<typeof choiceMessages>[0]) => choiceMessages(choices, locations!, '2026-12-01').map((m) => `${m.severity} ${m.ruleId}: ${m.reason}`);
    expect(said([{ ...first!, status: 'proposed' }])).toEqual([`warning choice-proposed: Choice \`${first!.id}\` is proposed`]);
    expect(said([confirmed('2026-11-30'), confirmed('2026-12-01')])).toEqual([]);
    expect(said([confirmed('2026-12-02')])).toEqual([`error choice-confirmed-future: Choice \`${first!.id}\` is confirmed on 2026-12-02, which is after today (2026-12-01)`]);
    // Where the trust is: half past eleven at night UTC in summer is already the next day in London.
    expect(todayInLondon(new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
    expect(todayInLondon(new Date('2026-12-31T23:30:00Z'))).toBe('2026-12-31');
  });
});
