// The mutant generator on a fixture file, as `opa parse` reads it: which edits it makes, where, and the text
// of each (pinned), and that the sample takes every kind of edit in turn.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTool } from '../tools/opa.ts';
import { allMutants, sampleMutants, type MutantVocabulary } from './mutants.ts';

const root = join(import.meta.dirname, '..', '..');
const file = 'test/fixtures/mutants/rules.rego';
const vocabulary: MutantVocabulary = {
  outcomes: ['share', 'share-minimum', 'do-not-share', 'refer'],
  lists: [['gp', 'police-judicial'], ['given', 'refused']],
  request: { recipient: ['gp'], purpose: ['individual-care'], consent: ['refused'], information: ['diagnoses'] },
};

describe('the mutants of a Rego file', async () => {
  const parsed = runTool('opa', ['parse', '--format', 'json', '--json-include', 'locations,-comments', file], { cwd: root });
  const source = { file, text: await readFile(join(root, file), 'utf8'), ast: JSON.parse(parsed.stdout) };
  const mutants = allMutants([source], vocabulary);

  it('makes each kind of edit where the AST says, never touching a default or an assignment', () => {
    expect(mutants.map((m) => `${m.line}:${m.column} ${m.operator}: ${m.change}`)).toMatchInlineSnapshot(`
      [
        "8:2 drop-condition: input.consent == "given" → true",
        "8:2 negate-condition: input.consent == "given" → not input.consent == "given"",
        "8:16 flip-comparison: input.consent == "given": == → !=",
        "9:2 drop-condition: not input.opt_outs.national_data_opt_out → true",
        "9:2 negate-condition: not input.opt_outs.national_data_opt_out → input.opt_outs.national_data_opt_out",
        "10:2 drop-condition: count(input.information) > 1 → true",
        "10:2 negate-condition: count(input.information) > 1 → not count(input.information) > 1",
        "10:27 flip-comparison: count(input.information) > 1: > → >=",
        "7:12 swap-outcome: "share" → "share-minimum"",
        "7:12 swap-outcome: "share" → "do-not-share"",
        "7:12 swap-outcome: "share" → "refer"",
        "8:19 swap-id: "given" → "refused"",
        "14:2 drop-condition: req.recipient == "gp" → true",
        "14:2 negate-condition: req.recipient == "gp" → not req.recipient == "gp"",
        "14:16 flip-comparison: req.recipient == "gp": == → !=",
        "15:2 drop-condition: request.agreed(req) → true",
        "15:2 negate-condition: request.agreed(req) → not request.agreed(req)",
        "17:2 drop-condition: flag == true → true",
        "17:2 negate-condition: flag == true → not flag == true",
        "17:7 flip-comparison: flag == true: == → !=",
        "14:19 swap-id: "gp" → "police-judicial"",
        "17:10 flip-boolean: true → false",
        "14:2 widen-narrowly: allowed(req): \`req.recipient == "gp"\` → \`req.information == ["diagnoses"]\`",
        "14:2 widen-narrowly: allowed(req): \`req.recipient == "gp"\` → \`req.purpose == "individual-care"; req.information == ["diagnoses"]\`",
        "15:2 widen-narrowly: allowed(req): \`request.agreed(req)\` → \`req.recipient == "gp"\`",
        "15:2 widen-narrowly: allowed(req): \`request.agreed(req)\` → \`req.purpose == "individual-care"; req.information == ["diagnoses"]\`",
        "17:2 widen-narrowly: allowed(req): \`flag == true\` → \`req.information == ["diagnoses"]\`",
        "17:2 widen-narrowly: allowed(req): \`flag == true\` → \`req.purpose == "individual-care"; req.information == ["diagnoses"]\`",
      ]
    `);
  });

  it('writes each edit into the text, and a narrow widening as one more definition of the rule', () => {
    const negated = mutants.find((m) => m.operator === 'negate-condition' && m.line === 9)!;
    expect(negated.text.split('\n')[8]).toBe('\tinput.opt_outs.national_data_opt_out');
    const widened = mutants.find((m) => m.operator === 'widen-narrowly' && m.line === 14)!;
    expect(widened.text.slice(source.text.length)).toMatchInlineSnapshot(`
      "
      allowed(req) if {
      	request.agreed(req)
      	flag := req.necessary_for_care
      	flag == true
      	req.information == ["diagnoses"]
      }
      "
    `);
    // Every mutant still parses (an edit that breaks the syntax measures nothing).
    const dir = mkdtempSync(join(tmpdir(), 'mutants-'));
    for (const mutant of mutants) {
      writeFileSync(join(dir, 'rules.rego'), mutant.text);
      expect(runTool('opa', ['parse', join(dir, 'rules.rego')]).status, mutant.id).toBe(0);
    }
  });

  it('samples every kind of edit in turn, the same on every run', () => {
    const sample = sampleMutants(mutants, 7);
    expect(new Set(sample.map((m) => m.operator)).size).toBe(7);
    expect(sampleMutants(mutants, 7).map((m) => m.id)).toEqual(sample.map((m) => m.id));
  });
});
