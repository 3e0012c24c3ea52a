// The change gate (`npm run validate -- --base` and `npm run diff`) on fixture repositories, as CI runs it: a
// base commit of this repository's notice, then one planted change. Each run decides every request of both
// sides' content with both policies, so the tests are few and each checks much.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { buildCodePlaces } from '../scripts/compile/commit-build.ts';
import { expectationHolds, statesChange, type ImpactReport } from '../scripts/impact/impact.ts';
import { noChangeWords } from '../scripts/report/words.ts';
import { render } from '../scripts/report/index.ts';
import type { ValidateReport } from '../scripts/validator/validate.ts';
import { root } from './helpers.ts';
import { fixtureRepo, notice, replaceIn } from './repo-fixtures.ts';

type Report = ValidateReport & { impact: ImpactReport; summary: { errors: number } };

async function reportSchema() {
  const schema = JSON.parse(await readFile(join(root, 'content', 'schemas', 'validate-report.schema.json'), 'utf8')) as object;
  return new Ajv2020({ allErrors: true }).compile(schema);
}

/** Removes Fire and Rescue Services from the notice: its recipient entry, the circumstances that reach it, and its scenarios. */
async function removeFireRescue(dir: string): Promise<void> {
  await replaceIn(join(dir, 'content', 'recipients.yaml'), /  - id: fire-rescue\n(    .*\n)+/, '');
  const circumstances = join(dir, 'content', 'circumstances.yaml');
  await writeFile(circumstances, (await readFile(circumstances, 'utf8')).replaceAll(', fire-rescue]', ']').replaceAll('      - fire-rescue\n', ''));
  for (const file of ['organisations.yaml', 'notice-promises.yaml']) {
    const path = join(dir, 'test', 'scenarios', file);
    const scenarios = (await readFile(path, 'utf8')).split(/(?=^  - id: )/m);
    await writeFile(path, scenarios.filter((s) => !s.includes('recipient: fire-rescue')).join(''));
  }
}

describe('the change gate', () => {
  it('catches a removed recipient and a dropped obligation, cites accepted changes, reports a stale one, in every format with positions', async () => {
    const dir = await fixtureRepo('removal', async (d) => {
      await removeFireRescue(d);
      await replaceIn(join(d, 'policy', 'sharing', 'exceptions', 'exceptions.rego'), '"obligations": sort({"minimum-necessary", "record-disclosure", "tell-patient"} | _obligations(settled_ids)),', '"obligations": sort({"minimum-necessary", "tell-patient"} | _obligations(settled_ids)),');
      await writeFile(join(d, 'test', 'accepted-changes.yaml'), [
        'accepted:',
        '  - id: police-no-disclosure-record',
        '    because: The police keep their own record of what they are given, the review agreed.',
        '    recipient: police-judicial',
        '    change: obligations',
        '  - id: gp-shares-more',
        '    because: Nothing like this happens in this change.',
        '    recipient: gp',
        '    after: share',
        '  - id: misspelt',
        '    because: A recipient that neither side lists.',
        '    recipient: polce-judicial',
        '',
      ].join('\n'));
    }, { git: true });
    const run = notice(['diff', '--root', dir, '--base', 'HEAD', '--fail-on-change', '--format', 'json']);
    expect(run.status, run.stderr).toBe(1);
    const report = JSON.parse(run.stdout) as Report;
    const check = await reportSchema();
    expect(check(report), JSON.stringify(check.errors)).toBe(true);
    const { impact } = report;

    // The scenarios taken away with the recipient are named, since what they pinned is no longer pinned.
    const takenAway: string[] = [];
    for (const file of ['organisations.yaml', 'notice-promises.yaml']) {
      for (const scenario of (await readFile(join(root, 'test', 'scenarios', file), 'utf8')).split(/(?=^  - id: )/m)) {
        if (scenario.includes('recipient: fire-rescue')) takenAway.push(/^ {2}- id: (\S+)/.exec(scenario)![1]!);
      }
    }
    expect(takenAway.length).toBeGreaterThan(0);
    expect((impact as { scenariosRemoved?: string[] }).scenariosRemoved).toEqual(takenAway.sort());
    expect(render(report, 'markdown')).toContain(`Scenarios taken away since \`HEAD\``);

    // The removal: every request naming the recipient, decided before and rejected now.
    const removed = impact.groups.find((g) => g.kind === 'removed')!;
    expect(removed).toMatchObject({ listed: 'recipient:fire-rescue', after: 'rejected', clauses: ['recipient-fire-rescue'], pinned: 0 });
    expect(removed.heading).toBe(`Fire and Rescue Services (\`fire-rescue\`): no longer listed \u2014 ${removed.count.toLocaleString('en-GB')} requests now rejected`);
    expect(removed.count).toBeGreaterThan(10_000);
    // An accepted change naming an id neither side has is a mistake in it, with the id it likely means.
    expect(report.messages.find((m) => m.ruleId === 'unknown-reference' && m.file === 'test/accepted-changes.yaml')).toMatchObject({
      line: 10, severity: 'error', reason: 'Unknown recipient `polce-judicial` in accepted change `misspelt`', expected: '`police-judicial`, the nearest that exists',
    });
    // What the notice publishes that changed says what it was and what it is now.
    const harm = impact.reworded?.find((r) => r.kind === 'circumstance' && r.id === 'harm-to-self');
    expect(harm?.change).toBe('changed');
    expect(harm?.fields).toEqual([{ name: 'recipients', before: expect.stringContaining('"fire-rescue"') as unknown, after: expect.not.stringContaining('fire-rescue') as unknown }]);
    expect(impact.reworded?.find((r) => r.kind === 'recipient' && r.id === 'fire-rescue')).toMatchObject({ change: 'removed' });
    const wording = report.messages.find((m) => m.ruleId === 'wording-changed' && m.reason.startsWith('Circumstance `harm-to-self`'));
    expect(wording?.actual).toMatch(/^recipients: \u201c\[.*"fire-rescue".*\]\u201d \u2192 \u201c\[.*\]\u201d$/);
    expect(impact.evaluated).toBeGreaterThan(1_000_000);

    // The dropped obligation, with the outcome unchanged: accepted for the police, open elsewhere.
    const dropped = impact.groups.filter((g) => g.kind === 'changed');
    expect(dropped.length).toBeGreaterThan(3);
    for (const group of dropped) {
      expect(group.parts).toEqual(['obligations']);
      expect(group.heading).toMatch(/: share-minimum, obligation `record-disclosure` dropped$/);
    }
    const police = dropped.filter((g) => g.recipient === 'police-judicial');
    expect(police.length).toBeGreaterThan(0);
    for (const group of police) expect(group).toMatchObject({ open: 0, accepted: { 'police-no-disclosure-record': group.count } });
    expect(dropped.filter((g) => g.recipient !== 'police-judicial').every((g) => g.open === g.count)).toBe(true);
    expect(impact.acceptances.map((a) => [a.id, a.count > 0])).toEqual([['police-no-disclosure-record', true], ['gp-shares-more', false], ['misspelt', false]]);
    expect(impact.open).toBe(impact.changed - impact.accepted);

    // Findings with positions: the removed recipient where the list is, each open group at its recipient,
    // the stale acceptance at its entry.
    const recipientsText = await readFile(join(dir, 'content', 'recipients.yaml'), 'utf8');
    const listLine = recipientsText.split('\n').findIndex((line) => line === 'recipients:') + 1;
    const errors = report.messages.filter((m) => m.severity === 'error');
    expect(errors.find((m) => m.reason.startsWith('Fire and Rescue Services (`fire-rescue`): no longer listed'))).toMatchObject({ ruleId: 'decision-changed', file: 'content/recipients.yaml', line: listLine });
    expect(errors.filter((m) => m.ruleId === 'accepted-change-stale')).toMatchObject([{ file: 'test/accepted-changes.yaml', line: 6, column: 9 }]);
    // A change the Rego made is found at the changed Rego line, with the recipient's entry as its cause.
    const socialCare = errors.find((m) => m.reason.startsWith('Social Care Services, Emergency treatment: share-minimum, obligation'))!;
    const exceptionsText = await readFile(join(dir, 'policy', 'sharing', 'exceptions', 'exceptions.rego'), 'utf8');
    expect(socialCare.file).toBe('policy/sharing/exceptions/exceptions.rego');
    expect(exceptionsText.split('\n')[socialCare.line - 1]).toContain('"obligations": sort({"minimum-necessary", "tell-patient"}');
    expect(socialCare.cause?.file).toBe('content/recipients.yaml');
    expect(recipientsText.split('\n')[socialCare.cause!.line - 1]).toContain('id: social-care');
    expect(report.summary.errors).toBe(errors.length);

    // The same report in the other formats: the JUnit failures are the errors, GitHub gets workflow
    // commands only (an annotation per finding, the impact as a notice), Markdown and pretty lead with
    // the changes toward sharing and carry the accepted changes.
    const junit = render(report, 'junit');
    expect(XMLValidator.validate(junit)).toBe(true);
    const suites = (new XMLParser({ ignoreAttributes: false }).parse(junit) as { testsuites: { '@_failures': string } }).testsuites;
    expect(Number(suites['@_failures'])).toBe(errors.length);
    const github = render(report, 'github').split('\n');
    expect(github.every((line) => /^::(error|warning|notice) /.test(line))).toBe(true);
    // Each error once: an annotation of its own, or a line of the tenth, which holds those past nine.
    const annotated = (file: string, line: number, column: number, rule: string, text: string) => [
      ...github.filter((l) => l.startsWith(`::error file=${file},line=${line},col=${column},title=${rule}::${text}`)),
      ...github.filter((l) => l.startsWith('::error title=')).flatMap((l) => l.slice(l.indexOf('::', 2) + 2).split('%0A')).filter((entry) => entry.startsWith(`${file}:${line}:${column} ${text}`)),
    ];
    const cut = github.some((line) => /more findings: see the JUnit report$/.test(line));
    for (const found of [
      annotated('content/recipients.yaml', listLine, 1, 'decision-changed', 'Fire and Rescue Services (`fire-rescue`): no longer listed'),
      annotated('test/accepted-changes.yaml', 6, 9, 'accepted-change-stale', 'Accepted change `gp-shares-more` matches no changed decision'),
    ]) expect(found.length).toBe(cut && found.length === 0 ? 0 : 1);
    expect(github.filter((line) => line.startsWith('::error')).length).toBeLessThanOrEqual(10);
    expect(github.filter((line) => line.startsWith('::notice title=change impact::'))).toHaveLength(1);
    const markdown = render(report, 'markdown');
    expect(markdown).toContain(`| Other changes: ${removed.heading} | ${removed.count.toLocaleString('en-GB')} | 0 | 0 | ${removed.count.toLocaleString('en-GB')} | \`recipient-fire-rescue\` |`);
    expect(markdown).toContain('| `gp-shares-more` (`test/accepted-changes.yaml:6`) | Nothing like this happens in this change. | **stale** |');
    expect(render(report, 'pretty')).toContain(`accepted change gp-shares-more (test/accepted-changes.yaml:6:9): stale, matches no changed decision`);

    // validate --base, as the workflow runs it: one run, every format (standard output and --report files).
    // Each carries the removal, the dropped obligation and the scenario the dropped obligation now fails
    // (it pins a share-minimum with record-disclosure), with their positions.
    const out = await mkdtemp(join(tmpdir(), 'notice-reports-'));
    const others = ['json', 'junit', 'github', 'markdown'] as const;
    const validated = notice(['validate', '--root', dir, '--base', 'HEAD', '--fail-on-change', ...others.flatMap((f) => ['--report', `${f}=${join(out, f)}`])]);
    expect(validated.status, validated.stderr).toBe(1);
    const outputs: Record<string, string> = { pretty: validated.stdout };
    for (const format of others) outputs[format] = await readFile(join(out, format), 'utf8');
    const validatedReport = JSON.parse(outputs.json!) as Report;
    expect(check(validatedReport), JSON.stringify(check.errors)).toBe(true);
    const failedScenario = validatedReport.messages.find((m) => m.ruleId === 'scenario-failed' && m.file === 'test/scenarios/exceptions.yaml')!;
    expect(failedScenario.reason).toMatch(/missing obligation record-disclosure/);
    const planted = [
      { ruleId: 'decision-changed', file: 'content/recipients.yaml', line: listLine, column: 1 },
      { ruleId: 'decision-changed', file: socialCare.file, line: socialCare.line, column: socialCare.column },
      { ruleId: 'scenario-failed', file: failedScenario.file, line: failedScenario.line, column: failedScenario.column },
    ];
    for (const at of planted) {
      const where = `${at.file}:${at.line}:${at.column}`;
      expect(outputs.pretty, `pretty ${where}`).toContain(`${where}  error  `);
      expect(validatedReport.messages.some((m) => m.ruleId === at.ruleId && `${m.file}:${m.line}:${m.column}` === where), `json ${where}`).toBe(true);
      // An annotation of its own, or a line of the tenth error annotation (GitHub shows ten a step).
      const github = outputs.github!;
      // (or past what an annotation holds: then the tenth says how many more, and the JUnit report has it).
      expect(github.includes(`::error file=${at.file},line=${at.line},col=${at.column},title=${at.ruleId}::`) || github.includes(`%0A${where} `) || new RegExp(`^::error title=\\d+ more errors::${where.replace(/[.]/g, '\\.')} `, 'm').test(github) || /more findings: see the JUnit report$/m.test(github), `github ${where}`).toBe(true);
      // A row of its own, or past what a pull-request comment holds: then the table says how many more, and where.
      expect(outputs.markdown!.includes(`| \`${where}\` | error |`) || /\u2026 and \d[\d,]* more findings: every finding is in the JUnit report/.test(outputs.markdown!), `markdown ${where}`).toBe(true);
      expect(outputs.junit, `junit ${where}`).toContain(at.ruleId === 'scenario-failed' ? `at ${where}</failure>` : `name="${at.ruleId} ${where}"`);
    }
    expect(XMLValidator.validate(outputs.junit!)).toBe(true);
    const parsed = new XMLParser({ ignoreAttributes: false }).parse(outputs.junit!) as { testsuites: { '@_failures': string; testsuite: { '@_name': string }[] } };
    expect(Number(parsed.testsuites['@_failures'])).toBe(validatedReport.messages.filter((m) => m.severity === 'error').length);
    expect(parsed.testsuites.testsuite.map((s) => s['@_name'])).toEqual(['scenarios', 'checks', 'change impact']);
    // The change impact's findings fail its own suite, and every test case has a name of its own.
    const impactSuite = parsed.testsuites.testsuite.find((s) => s['@_name'] === 'change impact') as unknown as { '@_failures': string };
    expect(Number(impactSuite['@_failures'])).toBe(validatedReport.messages.filter((m) => m.severity === 'error' && ['decision-changed', 'wording-changed', 'accepted-change-stale'].includes(m.ruleId)).length);
    expect(Number(impactSuite['@_failures'])).toBeGreaterThan(0);
    const names = [...outputs.junit!.matchAll(/<testcase [^>]*name="([^"]*)"/g)].map((m) => m[1]);
    expect(new Set(names).size).toBe(names.length);
    expect(outputs.github!.trimEnd().split('\n').every((line) => /^::(error|warning|notice) /.test(line))).toBe(true);
    // Two change impacts (diff, then validate --base), each deciding both sides' 2.1 million requests.
  });

  it('counts a change as pinned only where a scenario states the request and passes with the new decision', async () => {
    const dir = await fixtureRepo('marketing', async (d) => {
      await replaceIn(join(d, 'policy', 'sharing', 'sharing.rego'), 'wellformed_verdict(req) := prohibitions.verdict(req) if {', 'wellformed_verdict(req) := {"outcome": "share", "clauses": ["never-marketing-insurance"], "obligations": [], "information": request.asked(req)} if {\n\treq.purpose == "marketing"\n} else := prohibitions.verdict(req) if {');
      await writeFile(join(d, 'test', 'scenarios', 'pins.yaml'), [
        'scenarios:',
        '  - id: care-team-marketing-now-shared',
        '    title: The care team, marketing, with consent (this change makes it share)',
        '    request: { recipient: care-team, purpose: marketing, information: [care-record], consent: given }',
        '    expect: { outcome: share }',
        '  - id: gp-marketing-never',
        '    title: A GP, marketing, with consent (still expects do-not-share, so it fails now)',
        '    request: { recipient: gp, purpose: marketing, information: [care-record], consent: given }',
        '    expect: { outcome: do-not-share }',
        '',
      ].join('\n'));
      // An acceptance of changes toward sharing that does not say what it accepts them becoming.
      await writeFile(join(d, 'test', 'accepted-changes.yaml'), [
        'accepted:',
        '  - id: marketing-no-after',
        '    because: The review agreed the care team may be asked about marketing.',
        '    recipient: care-team',
        '    purpose: marketing',
        '',
      ].join('\n'));
    }, { git: true });
    const run = notice(['diff', '--root', dir, '--base', 'HEAD', '--fail-on-change', '--format', 'json']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    const { impact, messages } = JSON.parse(run.stdout) as Report;
    expect(new Set(impact.groups.map((g) => g.purpose))).toEqual(new Set(['marketing']));
    expect(impact.groups.every((g) => g.direction === 'toward-sharing')).toBe(true);
    expect(impact.pinned).toBe(1);
    const careTeam = impact.groups.find((g) => g.recipient === 'care-team')!;
    expect(careTeam).toMatchObject({ heading: 'The team caring for you, Marketing: do-not-share \u2192 share', pinned: 1, open: careTeam.count - 1, accepted: {}, lacksAfter: 'marketing-no-after' });
    // It accepts nothing toward sharing without naming the outcome, and the finding says so.
    expect(messages.find((m) => m.ruleId === 'decision-changed' && m.reason.startsWith('The team caring for you, Marketing'))?.expected).toContain('`marketing-no-after` matches, but a change toward sharing is accepted only by an entry that names the outcome it accepts: `after: share`');
    const gp = impact.groups.find((g) => g.recipient === 'gp')!;
    expect(gp.pinned).toBe(0);
    expect(messages.some((m) => m.ruleId === 'decision-changed' && m.reason.startsWith('GPs, Marketing: do-not-share \u2192 share: no changed decisions are pinned'))).toBe(true);
  });

  it('catches a narrow edit: a serious-crime claim nobody confirmed made to stand for the police asking only for diagnoses', async () => {
    // The edit that once passed the gate: the space paired claims only with each recipient's own kinds.
    const dir = await fixtureRepo('narrow', async (d) => {
      const file = join(d, 'policy', 'sharing', 'exceptions', 'exceptions.rego');
      await writeFile(file, `${await readFile(file, 'utf8')}\n_judged(req, id, _) if {\n\tid == "serious-crime"\n\treq.purpose == "crime-investigation"\n\trequest.information(req) == {"diagnoses"}\n}\n`);
    }, { git: true });
    const run = notice(['diff', '--root', dir, '--base', 'HEAD', '--fail-on-change', '--format', 'json']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    const { impact } = JSON.parse(run.stdout) as Report;
    const toward = impact.groups.filter((g) => g.direction === 'toward-sharing');
    expect(toward.length).toBeGreaterThan(0);
    expect(toward.every((g) => g.recipient === 'police-judicial' && g.purpose === 'crime-investigation' && g.open === g.count)).toBe(true);
    const examples = toward.flatMap((g) => g.examples);
    expect(examples.some((e) => JSON.stringify(e.request.information) === '["diagnoses"]' && e.after !== 'rejected' && e.after.outcome === 'share-minimum')).toBe(true);
    // Each example names the kinds of information asked, in words, in every format.
    for (const example of examples) expect(example.words).toMatch(/^Police and Judicial Services, Investigating a serious crime, asking for Diagnoses, consent /);
    expect(render(JSON.parse(run.stdout) as Report, 'pretty')).toContain('asking for Diagnoses');
    expect(render(JSON.parse(run.stdout) as Report, 'markdown')).toContain('asking for Diagnoses');
    // Found where the Rego changed (the pull request shows it on those lines), the recipient as its cause.
    const { messages } = JSON.parse(run.stdout) as Report;
    const lines = (await readFile(join(root, 'policy', 'sharing', 'exceptions', 'exceptions.rego'), 'utf8')).split('\n').length;
    const changed = messages.filter((m) => m.ruleId === 'decision-changed');
    expect(changed.length).toBeGreaterThan(0);
    for (const m of changed) {
      expect(m).toMatchObject({ file: 'policy/sharing/exceptions/exceptions.rego', severity: 'error', cause: { file: 'content/recipients.yaml' } });
      expect(m.line).toBeGreaterThanOrEqual(lines);
    }
  });

  it('still reports when the content does not load, in every format with positions, and names a bad base in plain words', async () => {
    // An alias bomb and a list item written twice (the fixtures of test/fixtures).
    const dir = await fixtureRepo('broken', async (d) => {
      await cp(join(root, 'test', 'fixtures', 'validate', 'yaml-aliases', 'content', 'purposes.yaml'), join(d, 'content', 'purposes.yaml'));
      await cp(join(root, 'test', 'fixtures', 'content', 'repeated-list-entry', 'recipients.yaml'), join(d, 'content', 'recipients.yaml'));
    }, { git: true });
    const planted = [
      { ruleId: 'yaml-aliases', file: 'content/purposes.yaml', line: 2, column: 8 },
      { ruleId: 'duplicate-name', file: 'content/recipients.yaml', line: 58, column: 11 },
      { ruleId: 'duplicate-name', file: 'content/recipients.yaml', line: 62, column: 13 },
    ];
    for (const command of ['validate', 'diff']) {
      const out = await mkdtemp(join(tmpdir(), 'notice-reports-'));
      const others = ['json', 'junit', 'github', 'markdown'] as const;
      const run = notice([command, '--root', dir, '--base', 'HEAD', '--fail-on-change', ...others.flatMap((f) => ['--report', `${f}=${join(out, f)}`])]);
      expect(run.status, `${command}: ${run.stderr}`).toBe(1);
      const outputs: Record<string, string> = { pretty: run.stdout };
      for (const format of others) outputs[format] = await readFile(join(out, format), 'utf8');
      const report = JSON.parse(outputs.json!) as ValidateReport & { impact: { notRun: string } };
      expect(report.messages.map((m) => `${m.ruleId} ${m.file}:${m.line}:${m.column}`)).toEqual(planted.map((at) => `${at.ruleId} ${at.file}:${at.line}:${at.column}`));
      expect(report.impact.notRun).toMatch(/content does not load/);
      for (const at of planted) {
        const where = `${at.file}:${at.line}:${at.column}`;
        expect(outputs.pretty, `${command} pretty ${where}`).toContain(`${where}  error  `);
        expect(outputs.github, `${command} github ${where}`).toContain(`::error file=${at.file},line=${at.line},col=${at.column},title=${at.ruleId}::`);
        expect(outputs.markdown, `${command} markdown ${where}`).toContain(`| \`${where}\` | error |`);
        expect(outputs.junit, `${command} junit ${where}`).toContain(`name="${at.ruleId} ${where}"`);
      }
      for (const format of ['pretty', 'github', 'markdown', 'junit']) expect(outputs[format], `${command} ${format}`).toMatch(/not worked out/i);
    }
    const clean = await fixtureRepo('bad-ref', undefined, { git: true });
    const bad = notice(['diff', '--root', clean, '--base', 'no-such-ref', '--format', 'json']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--base no-such-ref: no such commit');
    expect((JSON.parse(bad.stdout) as { impact: { notRun: string } }).impact.notRun).toMatch(/no such commit/);
  });

  it('builds the base with its own build code, so a change to the build code is seen like any other', async () => {
    expect(existsSync(join(root, buildCodePlaces[0]!)), `the build code is at ${buildCodePlaces[0]}`).toBe(true);
    // A change to how data.json is generated (not to content or Rego): harm to others no longer needs a review.
    const dir = await fixtureRepo('build-code', (d) => replaceIn(join(d, 'scripts', 'compile', 'policy-data.ts'), 'needs_review: c.needs_review,', "needs_review: c.id === 'harm-to-others' ? false : c.needs_review,"), { git: true, buildCode: true });
    const run = spawnSync(process.execPath, [join(dir, 'scripts', 'diff.ts'), '--base', 'HEAD', '--fail-on-change', '--format', 'json'], { cwd: dir, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    expect(run.status, run.stderr).toBe(1);
    const { impact } = JSON.parse(run.stdout) as Report;
    expect(impact.changed).toBeGreaterThan(0);
    expect(impact.groups.some((g) => g.clauses.includes('circumstance-harm-to-others'))).toBe(true);
  });

  it('passes when nothing changed, deciding nothing when the policy is the base\'s byte for byte', async () => {
    // A change to the scenarios alone: the same policy.wasm, data.json and request schema on both sides.
    const dir = await fixtureRepo('same', (d) => replaceIn(join(d, 'test', 'scenarios', 'forbidden.yaml'), /$/, '\n# A reviewer\'s note: nothing the policy reads.\n'), { git: true });
    const same = notice(['diff', '--root', dir, '--base', 'HEAD', '--fail-on-change']);
    expect(same.status, same.stderr).toBe(0);
    expect(same.stdout).toContain('the policy (policy.wasm, data.json and the request schema) is the base\'s, byte for byte, so no request can be decided differently and none was decided');
    expect(same.stdout).toContain('No decision changed: the policy is the base\'s, byte for byte, so every request, of any shape, is decided as before.');
    const json = JSON.parse(notice(['diff', '--root', dir, '--base', 'HEAD', '--format', 'json']).stdout) as { impact: ImpactReport };
    expect(json.impact).toMatchObject({ samePolicy: true, evaluated: 0, beyond: 0, changed: 0 });
    expect(json.impact).not.toHaveProperty('gaps');
  });

  it('does not let a renamed clause pin another change: a dropped obligation stays open though a scenario now cites the new id', async () => {
    const renamed = 'circumstance-serious-crime-investigation';
    const dir = await fixtureRepo('rename-and-drop', async (d) => {
      await replaceIn(join(d, 'content', 'notice.yaml'), '- id: circumstance-serious-crime\n', `- id: ${renamed}\n`);
      for (const file of ['circumstances.yaml', 'purposes.yaml']) await replaceIn(join(d, 'content', file), 'clause: circumstance-serious-crime\n', `clause: ${renamed}\n`);
      await replaceIn(join(d, 'policy', 'sharing', 'exceptions', 'exceptions.rego'), '"obligations": sort({"minimum-necessary", "record-disclosure", "tell-patient"} | _obligations(settled_ids)),', '"obligations": sort({"minimum-necessary", "tell-patient"} | _obligations(settled_ids)),');
      // The scenario now tells the two decisions apart by the new clause id alone.
      await replaceIn(join(d, 'test', 'scenarios', 'exceptions.yaml'), 'expect: { outcome: share-minimum, reasons: [no-consent, circumstance-serious-crime] }', `expect: { outcome: share-minimum, reasons: [no-consent, ${renamed}] }`);
    }, { git: true });
    const run = notice(['diff', '--root', dir, '--base', 'HEAD', '--fail-on-change', '--format', 'json']);
    expect(run.status, run.stderr).toBe(1);
    const report = JSON.parse(run.stdout) as { impact: ImpactReport; messages: { ruleId: string }[] };
    expect(report.impact.contentChanges?.renamed.map((r) => [r.kind, r.from, r.to])).toEqual([['clause', 'circumstance-serious-crime', renamed]]);
    expect(report.impact.changed).toBeGreaterThan(0);
    expect(report.impact.pinned).toBe(0);
    const police = report.impact.groups.filter((g) => g.recipient === 'police-judicial' && g.purpose === 'crime-investigation');
    expect(police.length).toBeGreaterThan(0);
    expect(police.every((g) => g.pinned === 0 && g.open > 0)).toBe(true);
  });

  it('says where no one looked when no decision changed but the policy did', () => {
    const report = { base: 'HEAD', baseVersion: '1.2.0', headVersion: '1.2.0', evaluated: 10, beyond: 5, gaps: ['three-or-more-claims'], changed: 0, pinned: 0, accepted: 0, open: 0, groups: [], acceptances: [], seconds: 1 } as unknown as ImpactReport;
    expect(noChangeWords(report)).toMatch(/^No decision changed among the requests decided\. Not looked at except by the requests beyond the space: /);
    expect(noChangeWords({ ...report, samePolicy: true })).toMatch(/^No decision changed: the policy is the base's, byte for byte/);
  });
});

describe('what pins a change', () => {
  const before = { outcome: 'share-minimum' as const, clauses: ['no-consent', 'circumstance-serious-crime'], obligations: ['minimum-necessary', 'record-disclosure'], information: ['care-record'] };
  it('a scenario states every part that changed: stating the new outcome alone does not pin dropped obligations', () => {
    const after = { ...before, outcome: 'share' as const, obligations: [] };
    expect(statesChange({ outcome: 'share' }, before, after)).toBe(false);
    expect(statesChange({ outcome: 'share', obligations: [] }, before, after)).toBe(true);
    expect(statesChange({ outcome: 'share', reasons: ['no-consent'] }, before, { ...after, clauses: ['no-consent'] })).toBe(false);
  });
  it('a change of only the information that may be sent is pinned only by a scenario that states the kinds sent', () => {
    const after = { ...before, information: ['care-record', 'contact-details'] };
    expect(statesChange({ outcome: 'share-minimum', reasons: before.clauses, obligations: before.obligations }, before, after)).toBe(false);
    const stating = { outcome: 'share-minimum' as const, information: ['contact-details', 'care-record'] };
    expect(statesChange(stating, before, after)).toBe(true);
    expect(expectationHolds(stating, after)).toBe(true);
    expect(expectationHolds(stating, before)).toBe(false);
  });
});
