// "What happens when…": the situations patients ask about, from the scenario files (a scenario with
// `patient: { title, answer }`), each decided by the built policy (dist/policy) when the site is built. The
// words and the decision must agree: the answer opens with Yes for share or share-minimum, No for
// do-not-share, It depends for refer, and the page's answer (the decision's line and the words) is 80 words
// at most; otherwise the build stops. Build time only.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { createSharingPolicy, type Decision, type SharingRequest } from '../../policy/runtime/core.ts';
import type { PolicyData } from '../../policy/runtime/policy-data.ts';
import { notice, root } from './notice.ts';

export const maxAnswerWords = 80;

/** The first words an answer opens with, for each outcome. */
export const openings: Record<Decision['outcome'], RegExp> = {
  share: /^Yes\b/,
  'share-minimum': /^Yes\b/,
  'do-not-share': /^No\b/,
  refer: /^It depends\b/,
};

export interface Situation {
  id: string;
  title: string;
  answer: string;
  /** The decision's line: what may go, and to whom (or that nothing does, or that a person decides). */
  line: string;
  decision: Decision;
  recipient: string;
}

const words = (text: string) => text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;

const joined = (names: string[]) => (names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`);

/** Where a situation's words and its decision disagree: the answer's opening, and its length with the decision's line. */
export function situationProblems(answer: string, line: string, outcome: Decision['outcome']): string[] {
  const problems: string[] = [];
  if (!openings[outcome].test(answer)) problems.push(`the answer opens "${answer.split(/\s+/).slice(0, 2).join(' ')}", but the policy decides ${outcome} (expected an answer opening "${openings[outcome].source.replace(/\^|\\b/g, '')}")`);
  const total = words(answer) + words(line);
  if (total > maxAnswerWords) problems.push(`the answer is ${total} words with the decision's line, expected ${maxAnswerWords} at most`);
  return problems;
}

let loaded: Promise<Situation[]> | undefined;

export function situations(): Promise<Situation[]> {
  loaded ??= decideSituations();
  return loaded;
}

async function decideSituations(): Promise<Situation[]> {
  const content = await notice();
  const policy = await createSharingPolicy({
    wasm: new Uint8Array(await readFile(join(root, 'dist', 'policy', 'policy.wasm'))),
    data: JSON.parse(await readFile(join(root, 'dist', 'policy', 'data.json'), 'utf8')) as PolicyData,
  });
  const dir = join(root, 'test', 'scenarios');
  const files = (await readdir(dir, { recursive: true })).filter((f) => f.endsWith('.yaml')).sort();
  const out: Situation[] = [];
  const problems: string[] = [];
  for (const file of files) {
    const { scenarios } = parse(await readFile(join(dir, file), 'utf8')) as { scenarios: { id: string; patient?: { title: string; answer: string }; request: SharingRequest }[] };
    for (const scenario of scenarios.filter((s) => s.patient)) {
      const decision = policy.decide(scenario.request);
      const recipient = (content.recipients.find((r) => r.id === scenario.request.recipient)?.name ?? scenario.request.recipient).replace(/&/g, 'and');
      const kinds = decision.information.map((id) => (content.information.find((i) => i.id === id)?.name ?? id).toLowerCase());
      const line =
        decision.outcome === 'refer' ? `A senior person decides before anything goes to ${recipient}.`
        : decision.outcome === 'do-not-share' ? `Nothing goes to ${recipient}.`
        : `What may go: ${joined(kinds)}${decision.outcome === 'share-minimum' ? ', only as much as is needed' : ''}. To: ${recipient}.`;
      const answer = scenario.patient!.answer.trim();
      problems.push(...situationProblems(answer, line, decision.outcome).map((problem) => `test/scenarios/${file}, scenario \`${scenario.id}\`: ${problem}`));
      out.push({ id: scenario.id, title: scenario.patient!.title, answer, line, decision, recipient });
    }
  }
  if (problems.length > 0) throw new Error(`What happens when…: the words and the decisions disagree:\n${problems.join('\n')}`);
  return out;
}
