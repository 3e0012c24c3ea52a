import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clausesOf, plainText } from '../scripts/content/content.ts';
import { loadContentDir } from '../scripts/content/content-node.ts';
import { formatPretty } from '../scripts/report/index.ts';
import { scenarioFiles } from '../scripts/validator/validate.ts';
import { root, seedSentences } from './helpers.ts';

const fixtures = join(root, 'test', 'fixtures', 'content');

/** The real content with a fixture's files laid over it, as an IG officer's broken edit would be. */
async function loadWithFixture(name: string) {
  const dir = await mkdtemp(join(tmpdir(), `content-${name}-`));
  await cp(join(root, 'content'), join(dir, 'content'), { recursive: true });
  for (const file of await readdir(join(fixtures, name))) {
    if (file === 'expected.json') continue;
    await writeFile(join(dir, 'content', file), await readFile(join(fixtures, name, file), 'utf8'));
  }
  return loadContentDir(join(dir, 'content'), dir);
}

describe('the content', () => {
  it('loads without a single message', async () => {
    const result = await loadContentDir(join(root, 'content'), root);
    expect(result.messages).toEqual([]);
    expect(result.content).toBeDefined();
  });

  it('holds every sentence of the seed notice', async () => {
    const { content } = await loadContentDir(join(root, 'content'), root);
    const words = [
      ...content!.notice.sections.map((s) => s.title),
      ...clausesOf(content!.notice).map(({ clause }) => plainText(clause.text)),
    ].join('\n');
    const sentences = await seedSentences();
    expect(sentences.length).toBeGreaterThan(40);
    const missing = sentences.filter((sentence) => !words.includes(sentence));
    expect(missing).toEqual([]);
  });

  it('lists each of the 16 organisation types of the seed once', async () => {
    const { content } = await loadContentDir(join(root, 'content'), root);
    const listed = content!.notice.sections.flatMap((s) => s.clauses).find((c) => c.id === 'strict-agreements')!.items!;
    expect(listed.map((i) => i.text)).toHaveLength(14); // 16 seed lines, two of them repeated
    expect(new Set(listed.map((i) => i.text)).size).toBe(listed.length);
    const organisations = content!.recipients.filter((r) => r.kind === 'organisation' || r.kind === 'processor');
    expect(organisations.map((r) => r.clause).sort()).toEqual(listed.map((i) => i.id).sort());
  });
});

describe('broken content is reported all at once, as file:line:col  message  rule-id', () => {
  // Cases of several messages at once; each rule's own fixture is in test/fixtures/validate/<rule id> (test/rule-fixtures.test.ts).
  const cases = ['many-at-once', 'one-broken-file-others-checked', 'repeated-list-entry', 'list-written-twice', 'listed-in-unknown-list', 'hidden-clause', 'changelog-dated-before', 'notice-dates-disagree', 'markdown-outside-clauses', 'recipients-unreadable', 'unclosed-quote', 'tab-indent'];
  for (const name of cases) {
    it(name, async () => {
      const expected = JSON.parse(await readFile(join(fixtures, name, 'expected.json'), 'utf8')) as { ruleIds: string[]; at: string[] };
      const result = await loadWithFixture(name);
      expect(result.content).toBeUndefined();
      expect(result.messages.map((m) => m.ruleId)).toEqual(expected.ruleIds);
      expect(result.messages.map((m) => `${m.file}:${m.line}:${m.column}`)).toEqual(expected.at);
    });
  }

  it('says where an unclosed quote opens, and that a tab should be spaces', async () => {
    const quote = (await loadWithFixture('unclosed-quote')).messages[0]!;
    expect([quote.reason, quote.expected]).toEqual(['Invalid YAML: the quote opened at 30:11 is never closed, so the rest of the file is read as its text', 'close the quote opened at 30:11 (") where its text ends']);
    const tab = (await loadWithFixture('tab-indent')).messages[0]!;
    expect(tab.expected).toBe('spaces to indent (YAML does not allow tabs): replace the tab with spaces');
  });

  it('refuses a file that is not UTF-8 (a Latin-1 \u00e9, a Windows-1252 quote) at the byte, instead of publishing U+FFFD', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'content-latin1-'));
    await cp(join(root, 'content'), join(dir, 'content'), { recursive: true });
    const file = join(dir, 'content', 'notice.yaml');
    const text = await readFile(file, 'utf8');
    const at = text.indexOf('team');
    const [before, after] = [Buffer.from(text.slice(0, at + 1)), Buffer.from(text.slice(at + 2))];
    await writeFile(file, Buffer.concat([before, Buffer.from([0xe9]), after]));
    const result = await loadContentDir(join(dir, 'content'), dir);
    expect(result.content).toBeUndefined();
    const lines = text.slice(0, at).split('\n');
    // (The character it was read as may break the schema's rules too; the byte is what to fix.)
    const encoding = result.messages.find((m) => m.ruleId === 'yaml-syntax');
    expect(encoding && `${encoding.file}:${encoding.line}:${encoding.column}`).toBe(`content/notice.yaml:${lines.length}:${lines.at(-1)!.length + 2}`);
    expect(encoding?.reason).toBe('Unexpected byte 0xE9: the file is not UTF-8 text');
  });

  it('refuses a control character (a NUL) in any content file, and a folder named like a content file, at where they are', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'content-control-'));
    await cp(join(root, 'content'), join(dir, 'content'), { recursive: true });
    const statement = join(dir, 'content', 'accessibility.md');
    await writeFile(statement, (await readFile(statement, 'utf8')).replace('This accessibility statement', 'This accessibility\u0000 statement'));
    await mkdir(join(dir, 'content', 'extra.yaml'));
    const result = await loadContentDir(join(dir, 'content'), dir);
    expect(result.content).toBeUndefined();
    expect(result.messages.map((m) => `${m.ruleId} ${m.file}:${m.line}:${m.column} ${m.reason}`)).toEqual([
      'yaml-syntax content/accessibility.md:3:19 Unexpected control character U+0000',
      'unknown-file content/extra.yaml:1:1 Unexpected folder `extra.yaml` in content/',
    ]);
  });

  it('refuses a symbolic link in content/ (it could publish a file from outside the repository), and a scenario link', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'content-symlink-'));
    await cp(join(root, 'content'), join(dir, 'content'), { recursive: true });
    const outside = await mkdtemp(join(tmpdir(), 'outside-'));
    await writeFile(join(outside, 'purposes.yaml'), await readFile(join(root, 'content', 'purposes.yaml'), 'utf8'));
    await rm(join(dir, 'content', 'purposes.yaml'));
    await symlink(join(outside, 'purposes.yaml'), join(dir, 'content', 'purposes.yaml'));
    const result = await loadContentDir(join(dir, 'content'), dir);
    expect(result.content).toBeUndefined();
    expect(result.messages.map((m) => `${m.ruleId} ${m.file}:${m.line}:${m.column}`)).toContain('symlink content/purposes.yaml:1:1');

    await mkdir(join(dir, 'test', 'scenarios'), { recursive: true });
    await symlink(join(root, 'test', 'scenarios', 'forbidden.yaml'), join(dir, 'test', 'scenarios', 'linked.yaml'));
    await expect(scenarioFiles(dir, ['test/scenarios'])).rejects.toThrow('test/scenarios/linked.yaml is a symbolic link');
  });

  it('says what an IG officer got wrong in YAML in words they can act on', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'content-yaml-words-'));
    await cp(join(root, 'content'), join(dir, 'content'), { recursive: true });
    const edit = async (file: string, change: (text: string) => string) => writeFile(join(dir, 'content', file), change(await readFile(join(dir, 'content', file), 'utf8')));
    // A key written twice in one recipient; a colon inside an unquoted value; 1.0 for a version; a list for a file of fields.
    await edit('recipients.yaml', (t) => t.replace('    care_role: provides-care\n    clause: recipient-gps\n', '    care_role: provides-care\n    clause: recipient-gps\n    care_role: involved-in-care\n'));
    await edit('obligations.yaml', (t) => t.replace('text: Record what was shared, with whom, when, why and on what basis.', 'text: Record this: what was shared'));
    await edit('notice.yaml', (t) => t.replace(/\n {2}version: \S+\n/, '\n  version: 1.0\n'));
    await writeFile(join(dir, 'content', 'programmes.yaml'), '- id: npsp\n');
    const said = (await loadContentDir(join(dir, 'content'), dir)).messages.map((m) => `${m.file}:${m.line}  ${m.reason}, expected ${m.expected}${m.cause ? ` (see line ${m.cause.line})` : ''}`);
    expect(said).toEqual(expect.arrayContaining([
      expect.stringMatching(/^content\/recipients\.yaml:\d+ {2}Unexpected duplicate key `care_role`, expected each key once in a mapping \(the second would silently replace the first\) \(see line \d+\)$/),
      expect.stringMatching(/^content\/obligations\.yaml:\d+ {2}Invalid YAML: a colon and a space inside a value start a new key, expected the value in quotes/),
      expect.stringMatching(/^content\/notice\.yaml:8 {2}Invalid `notice\.version`, expected text \(YAML reads an unquoted 1\.0 as a number/),
      expect.stringMatching(/^content\/programmes\.yaml:1 {2}Invalid file: its top level, expected fields \(a mapping/),
    ]));
    // A version that is text but not a version: its example, not a regular expression.
    await edit('notice.yaml', (t) => t.replace('\n  version: 1.0\n', '\n  version: "1.1"\n'));
    await writeFile(join(dir, 'content', 'programmes.yaml'), await readFile(join(root, 'content', 'programmes.yaml'), 'utf8'));
    const version = (await loadContentDir(join(dir, 'content'), dir)).messages.find((m) => m.file === 'content/notice.yaml');
    expect(version?.expected).toBe('text like `1.1.0`');
  });

  it('words each message for people', async () => {
    const result = await loadWithFixture('many-at-once');
    expect(formatPretty(result.messages)).toMatchInlineSnapshot(`
      "content/circumstances.yaml:38:35  error  Unknown recipient \`insurer\`, expected the id of a recipient that exists  unknown-reference
      content/notice.yaml:87:15  error  Unexpected empty clause \`trust-surveys\`, expected words patients can read  empty-clause
      content/recipients.yaml:36:9  error  Unexpected duplicate recipient id \`gp\`, expected unique ids (see content/recipients.yaml:29:9)  duplicate-id
      content/recipients.yaml:123:13  error  Unknown clause \`recipient-survey-contractors\`, expected the id of a clause that exists  unknown-reference"
    `);
  });
});

describe('an IG officer\u2019s slips are answered with what was meant', () => {
  it('names the nearest id or field, says a file is empty and that merge keys are not supported', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'content-slips-'));
    await cp(join(root, 'content'), join(dir, 'content'), { recursive: true });
    const edit = async (file: string, from: string, to: string) => {
      const path = join(dir, 'content', file);
      const text = await readFile(path, 'utf8');
      expect(text).toContain(from);
      await writeFile(path, text.replace(from, to));
    };
    await edit('recipients.yaml', '    name: Education Services\n    kind: organisation\n    care_role: involved-in-care\n', '    name: Education Services\n    kind: organisation\n    care_roll: involved-in-care\n');
    await edit('circumstances.yaml', 'local-authority, police-judicial, fire-rescue]', 'local-authority, police_judicial, fire-rescue]');
    await edit('recipients.yaml', '  - id: education\n', '  - id: Education \n');
    await writeFile(join(dir, 'content', 'obligations.yaml'), '# nothing yet\n');
    await edit('purposes.yaml', 'purposes:\n  - id: individual-care\n', 'purposes:\n  - <<: { forbidden: false }\n    id: individual-care\n');
    const result = await loadContentDir(join(dir, 'content'), dir);
    const slips = result.messages.filter((m) => /care_roll|police_judicial|Education|empty|merge key/.test(`${m.reason} ${m.expected ?? ''} ${m.actual ?? ''}`));
    expect(slips.map((m) => `${m.file.replace(/^content\//, '')}  ${m.reason}, expected ${m.expected}`).sort().join('\n')).toMatchInlineSnapshot(`
      "circumstances.yaml  Invalid \`circumstances[0].recipients[6]\`, expected to match pattern "^[a-z0-9]+(-[a-z0-9]+)*$" (such as \`police-judicial\`)
      obligations.yaml  The file is empty, expected its fields (an object)
      purposes.yaml  Unexpected YAML merge key \`<<\` in \`purposes[0]\`, expected the fields written out in full (merge keys are not supported; an alias of a whole value is)
      recipients.yaml  Invalid \`recipients[11].id\`, expected to match pattern "^[a-z0-9]+(-[a-z0-9]+)*$" (such as \`education\`)
      recipients.yaml  Unexpected field \`care_roll\` in \`recipients[11]\`, expected \`care_role\`, the nearest field the schema names"
    `);
    // A reference mistyped in a file that is otherwise valid.
    const typo = await mkdtemp(join(tmpdir(), 'content-typo-'));
    await cp(join(root, 'content'), join(typo, 'content'), { recursive: true });
    const circumstances = join(typo, 'content', 'circumstances.yaml');
    await writeFile(circumstances, (await readFile(circumstances, 'utf8')).replace('local-authority, police-judicial, fire-rescue]', 'local-authority, polce-judicial, fire-rescue]'));
    const referenced = (await loadContentDir(join(typo, 'content'), typo)).messages;
    expect(referenced.map((m) => `${m.ruleId}: ${m.reason}, expected ${m.expected}`)).toEqual(['unknown-reference: Unknown recipient `polce-judicial`, expected `police-judicial`, the nearest id of a recipient that exists']);
  });
});

describe('a choice\u2019s status (content/promises.yaml `choices`)', () => {
  // Each choice is proposed until the Caldicott Guardian confirms it: then who and when, and only then.
  it('is proposed, or confirmed with who and when; each mistake is one message at its place', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'content-choices-'));
    await cp(join(root, 'content'), join(dir, 'content'), { recursive: true });
    const file = join(dir, 'content', 'promises.yaml');
    const cases = [
      '    status: confirmed\n',
      '    status: proposed\n    confirmed_by: Dr A Example, Caldicott Guardian\n',
      '    status: confirmd\n',
      '',
      '    status: confirmed\n    confirmed_by: Dr A Example, Caldicott Guardian\n    confirmed_on: 2026-13-01\n',
      '    status: confirmed\n    confirmed_by: Dr A Example, Caldicott Guardian\n    confirmed_on: 2026-12-01\n',
      '    status: confirmed\n    confirmed_on: 2026-12-01\n',
    ];
    let n = 0;
    const text = (await readFile(file, 'utf8')).replace(/^ {4}status: proposed\n/gm, (line) => (n < cases.length ? cases[n++]! : line));
    expect(n).toBe(cases.length);
    await writeFile(file, text);
    // The line of each choice's `- id:` (the choices are the file's last list).
    const lines = text.split('\n');
    const choicesAt = lines.indexOf('choices:');
    const ids = lines.map((l, i) => (i > choicesAt && /^ {2}- id: /.test(l) ? i + 1 : 0)).filter(Boolean);
    const result = await loadContentDir(join(dir, 'content'), dir);
    expect(result.content).toBeUndefined();
    expect(result.messages.map((m) => `${m.file}:${m.line}:${m.column}  ${m.reason}, expected ${m.expected}${m.actual ? `, found ${m.actual}` : ''}  ${m.ruleId}`)).toEqual([
      `content/promises.yaml:${ids[0]}:5  Missing field \`confirmed_by\` in \`choices[0]\`, expected a \`confirmed_by\` field  schema`,
      `content/promises.yaml:${ids[0]}:5  Missing field \`confirmed_on\` in \`choices[0]\`, expected a \`confirmed_on\` field  schema`,
      `content/promises.yaml:${ids[1]! + 2}:5  Unexpected field \`confirmed_by\` in \`choices[1]\`, expected only the fields the schema names: \`id\`, \`status\`, \`question\`, \`choice\`, \`clauses\`  schema`,
      `content/promises.yaml:${ids[2]! + 1}:13  Unexpected value in \`choices[2].status\`, expected one of \`proposed\`, \`confirmed\`, found "confirmd"  schema`,
      `content/promises.yaml:${ids[3]}:5  Missing field \`status\` in \`choices[3]\`, expected a \`status\` field: one of \`proposed\`, \`confirmed\`  schema`,
      `content/promises.yaml:${ids[4]! + 3}:19  Invalid \`choices[4].confirmed_on\`, expected to match format "date", found "2026-13-01"  schema`,
      `content/promises.yaml:${ids[6]}:5  Missing field \`confirmed_by\` in \`choices[6]\`, expected a \`confirmed_by\` field  schema`,
    ]);
  });

  it('is carried to the content as typed, with where each status and confirmation date is written', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'content-choices-'));
    await cp(join(root, 'content'), join(dir, 'content'), { recursive: true });
    const file = join(dir, 'content', 'promises.yaml');
    const text = (await readFile(file, 'utf8')).replace(/^ {4}status: proposed\n/m, '    status: confirmed\n    confirmed_by: Dr A Example, Caldicott Guardian\n    confirmed_on: 2026-12-01\n');
    await writeFile(file, text);
    const { content, locations, messages } = await loadContentDir(join(dir, 'content'), dir);
    expect(messages).toEqual([]);
    const [first, second] = content!.choices;
    expect(first).toMatchObject({ status: 'confirmed', confirmed_by: 'Dr A Example, Caldicott Guardian', confirmed_on: '2026-12-01' });
    expect(second!.status).toBe('proposed');
    const lines = text.split('\n');
    const at = (written: string) => lines.findIndex((l) => l === written) + 1;
    expect(locations!.choices.get(first!.id)).toEqual({
      status: { file: 'content/promises.yaml', line: at('    status: confirmed'), column: 13 },
      confirmedOn: { file: 'content/promises.yaml', line: at('    confirmed_on: 2026-12-01'), column: 19 },
    });
    expect(locations!.choices.get(second!.id)).toEqual({ status: { file: 'content/promises.yaml', line: at('    status: proposed'), column: 13 } });
  });
});

describe('the runtime\u2019s vocabulary', () => {
  it('is the content\u2019s lists, in their order, and the request schema\u2019s consent states, opt-outs and facts', async () => {
    const { vocabulary } = await import('../policy/runtime/core.ts');
    const { content } = await loadContentDir(join(root, 'content'), root);
    const schema = JSON.parse(await readFile(join(root, 'dist', 'policy', 'request.schema.json'), 'utf8')) as { properties: Record<string, { enum?: string[]; properties?: object }>; $defs: Record<string, { enum: string[] }> };
    expect(vocabulary.noticeVersion).toBe(content!.notice.notice.version);
    expect(vocabulary.recipients.map((r) => [r.id, r.name, r.clause])).toEqual(content!.recipients.map((r) => [r.id, r.name, r.clause]));
    expect(vocabulary.purposes.map((p) => [p.id, p.name, p.codes?.hl7])).toEqual(content!.purposes.map((p) => [p.id, p.name, p.codes?.hl7]));
    expect(vocabulary.information.map((i) => i.id)).toEqual(schema.$defs.informationId!.enum);
    expect(vocabulary.circumstances.map((c) => [c.id, c.needsConfirming])).toEqual(content!.circumstances.map((c) => [c.id, c.needs_review]));
    expect(vocabulary.consent).toEqual(schema.properties.consent!.enum);
    expect(vocabulary.optOuts.map((o) => o.id)).toEqual(Object.keys(schema.properties.opt_outs!.properties!));
    expect(vocabulary.facts.map((f) => f.id).every((id) => id in schema.properties)).toBe(true);
  });

  it('marks the purposes the policy never shares for: benefitsCare false is never shared (nor referred without a claim), whoever asks, whatever the consent', async () => {
    const { vocabulary } = await import('../policy/runtime/core.ts');
    const { builtPolicy } = await import('./helpers.ts');
    const policy = await builtPolicy();
    const never = vocabulary.purposes.filter((p) => !p.benefitsCare);
    expect(never.map((p) => p.id)).toEqual(expect.arrayContaining(['research-and-planning', 'marketing', 'insurance']));
    expect(vocabulary.purposes.filter((p) => p.forbidden).every((p) => !p.benefitsCare)).toBe(true);
    for (const purpose of never) {
      for (const recipient of vocabulary.recipients) {
        for (const consent of vocabulary.consent) {
          const { outcome } = policy.decide({ recipient: recipient.id, purpose: purpose.id, information: ['care-record'], consent, necessary_for_care: true, sharing_agreement: true, processor_disclosed: true });
          expect(outcome, `${recipient.id} ${purpose.id} ${consent}`).toBe('do-not-share');
        }
      }
    }
  });
});
