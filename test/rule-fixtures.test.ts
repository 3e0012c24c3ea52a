// One fixture folder per rule of the registry (scripts/validator/rules.ts), as publint keeps its tests:
// test/fixtures/validate/<rule id>/ holds files laid over a copy of this repository's notice (at their
// paths: content/…, policy/sharing/…, test/scenarios/…), an optional fixture.json (edits, deletions, links,
// which checks to run, a base commit for the change impact) and expected.json: the rule ids and positions
// of every message the fixture adds to what the untouched notice gives. The findings come from what reports
// the rule: the content loader, the build's agreement of notice and Rego, the validator's checks, or
// `npm run diff` as CI runs it.
import { spawnSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPolicyArtifacts } from '../scripts/compile/pipeline.ts';
import { loadContentDir } from '../scripts/content/content-node.ts';
import type { NoticeMessage } from '../scripts/content/messages.ts';
import { policyAgreement } from '../scripts/validator/checks/policy.ts';
import { rules, type RuleId } from '../scripts/validator/rules.ts';
import { validate } from '../scripts/validator/validate.ts';
import { root } from './helpers.ts';
import { fixtureRepo, replaceIn } from './repo-fixtures.ts';

const fixtures = join(root, 'test', 'fixtures', 'validate');

interface Fixture {
  /** Text replaced in a file of the copy; the test fails when `from` is not there. */
  edits?: { file: string; from: string; to: string }[];
  /** Files removed from the copy. */
  delete?: string[];
  /** Files replaced by a symbolic link to a copy of them outside the repository. */
  links?: string[];
  /** The validator's checks to run (after the content's); all of them when absent. */
  checks?: string[];
  /** The scenario files or folders the validator runs; test/scenarios when absent. */
  paths?: string[];
  /** Environment variables for the change impact's run (NOTICE_TODAY, say). */
  env?: Record<string, string>;
}

interface Expected {
  ruleIds: string[];
  at: string[];
  /** Where given, what each message says was expected (its `expected`), in the same order. */
  expected?: (string | null)[];
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name)));
}

/** Lays a fixture over a repository copy. */
async function applyFixture(id: string, dir: string, fixture: Fixture): Promise<void> {
  for (const file of await filesUnder(join(fixtures, id))) {
    if (file === 'expected.json' || file === 'fixture.json') continue;
    await mkdir(dirname(join(dir, file)), { recursive: true });
    await writeFile(join(dir, file), await readFile(join(fixtures, id, file)));
  }
  for (const edit of fixture.edits ?? []) await replaceIn(join(dir, edit.file), edit.from, edit.to);
  for (const file of fixture.delete ?? []) await rm(join(dir, file));
  for (const file of fixture.links ?? []) {
    const outside = join(await mkdtemp(join(tmpdir(), 'outside-')), file.replaceAll('/', '-'));
    await cp(join(dir, file), outside);
    await rm(join(dir, file));
    await symlink(outside, join(dir, file));
  }
}

/** Every message the rule's reporter gives on the repository copy at `dir`. */
async function findings(by: (typeof rules)[RuleId]['by'], dir: string, fixture: Fixture): Promise<NoticeMessage[]> {
  if (by === 'content') return (await loadContentDir(join(dir, 'content'), dir)).messages;
  if (by === 'build') {
    const built = await buildPolicyArtifacts(dir);
    if (!built.content || !built.locations) return built.messages;
    return [...built.messages, ...(await policyAgreement(dir, built.content, built.locations))];
  }
  if (by === 'validate') return (await validate({ root: dir, ...(fixture.checks ? { checks: fixture.checks } : {}), ...(fixture.paths ? { paths: fixture.paths } : {}) })).messages;
  const run = spawnSync(process.execPath, [join(root, 'scripts', 'diff.ts'), '--root', dir, '--base', 'HEAD', '--fail-on-change', '--format', 'json'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, ...fixture.env } });
  if (run.status === 2) throw new Error(run.stderr);
  return (JSON.parse(run.stdout) as { messages: NoticeMessage[] }).messages;
}

const key = (m: NoticeMessage) => `${m.ruleId} ${m.file}:${m.line}:${m.column} ${m.reason}`;

/**
 * What the untouched notice gives, per reporter and checks: a fixture's expected messages are those it adds.
 * A fixture that names its scenario files keeps them (its files, not its edits) in its baseline.
 */
const baselines = new Map<string, Promise<Set<string>>>();
function baseline(id: string, by: (typeof rules)[RuleId]['by'], fixture: Fixture): Promise<Set<string>> {
  const name = fixture.paths ? id : `${by} ${fixture.checks?.join(',') ?? 'all'}`;
  if (!baselines.has(name)) {
    baselines.set(name, (async () => {
      const dir = await fixtureRepo('baseline', fixture.paths ? (copy) => applyFixture(id, copy, {}) : undefined, { git: by === 'impact' });
      return new Set((await findings(by, dir, fixture)).map(key));
    })());
  }
  return baselines.get(name)!;
}

describe('a fixture folder per rule', () => {
  it('every rule of the registry has one, and every folder is a rule', async () => {
    const folders = (await readdir(fixtures, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
    expect(folders).toEqual(Object.keys(rules).sort());
  });

  for (const [id, rule] of Object.entries(rules) as [RuleId, (typeof rules)[RuleId]][]) {
    it(`${id} (${rule.by})`, async () => {
      const fixture = JSON.parse(await readFile(join(fixtures, id, 'fixture.json'), 'utf8').catch(() => '{}')) as Fixture;
      const dir = await fixtureRepo(id, (copy) => applyFixture(id, copy, fixture), { git: rule.by === 'impact' });
      const before = await baseline(id, rule.by, fixture);
      const added = (await findings(rule.by, dir, fixture)).filter((m) => !before.has(key(m)));
      const expected = JSON.parse(await readFile(join(fixtures, id, 'expected.json'), 'utf8')) as Expected;
      expect(added.map((m) => m.ruleId)).toContain(id);
      expect(added.map((m) => m.ruleId)).toEqual(expected.ruleIds);
      expect(added.map((m) => `${m.file}:${m.line}:${m.column}`)).toEqual(expected.at);
      if (expected.expected) expect(added.map((m) => m.expected ?? null)).toEqual(expected.expected);
    });
  }
});
