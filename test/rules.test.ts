// The registry of rules (scripts/validator/rules.ts): every rule the code reports is in it, the README's list is
// written from it, and notice.config.yaml's settings are checked against it.
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyRuleSettings, rules, rulesMarkdown } from '../scripts/validator/rules.ts';
import { readConfig } from '../scripts/validator/validate.ts';
import { root } from './helpers.ts';

async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile() && /\.ts$/.test(e.name) && !e.parentPath.includes('generated')).map((e) => join(e.parentPath, e.name));
  return Promise.all(files.map((file) => readFile(file, 'utf8')));
}

describe('the rules', () => {
  it('are each registered, and each registered rule is reported somewhere', async () => {
    const code = (await sources(join(root, 'scripts'))).join('\n');
    const reported = new Set([...code.matchAll(/ruleId: '([a-z-]+)'/g)].map((m) => m[1]!));
    expect([...reported].filter((id) => !(id in rules))).toEqual([]);
    expect(Object.keys(rules).filter((id) => !reported.has(id))).toEqual([]);
  });

  it("are listed in the README as the registry has them", async () => {
    const readme = await readFile(join(root, 'README.md'), 'utf8');
    const listed = /<!-- rules:start -->\n([\s\S]*?)\n<!-- rules:end -->/.exec(readme)?.[1];
    expect(listed, 'README.md: the list between <!-- rules:start --> and <!-- rules:end --> is written from scripts/validator/rules.ts').toBe(rulesMarkdown());
  });

  it('can be turned off or given another severity in notice.config.yaml, except the locked ones, named where they are set', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rules-config-'));
    await writeFile(join(dir, 'notice.config.yaml'), 'rules:\n  duplicate-clause: warning\n  readability: off\n');
    const config = await readConfig(dir);
    expect(config.rules).toEqual({ 'duplicate-clause': 'warning', readability: 'off' });
    const message = { file: 'content/notice.yaml', line: 1, column: 1, reason: 'x' };
    expect(applyRuleSettings([{ ...message, ruleId: 'duplicate-clause', severity: 'error' }, { ...message, ruleId: 'readability', severity: 'warning' }, { ...message, ruleId: 'schema', severity: 'error' }], config.rules)
      .map((m) => `${m.ruleId} ${m.severity}`)).toEqual(['duplicate-clause warning', 'schema error']);
    await writeFile(join(dir, 'notice.config.yaml'), 'rules:\n  readability: warning\n  promise-broken: off\n  no-such-rule: error\n');
    await expect(readConfig(dir)).rejects.toThrow(/notice\.config\.yaml:3:3 {2}rules\.promise-broken: cannot be set to off; patients' safety depends on it\nnotice\.config\.yaml:4:3 {2}rules\.no-such-rule: no such rule/);
    // Names every object has are not rules either.
    await writeFile(join(dir, 'notice.config.yaml'), 'rules:\n  constructor: warning\n  toString: off\n');
    await expect(readConfig(dir)).rejects.toThrow(/rules\.constructor: no such rule[\s\S]*rules\.toString: no such rule/);
  });

  it('cannot turn the Go evaluator\u2019s check of the space off', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rules-config-'));
    await writeFile(join(dir, 'notice.config.yaml'), 'engines:\n  sample: 0\n');
    await expect(readConfig(dir)).rejects.toThrow(/notice\.config\.yaml:2:11/);
  });
});
