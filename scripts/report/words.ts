// What every reporter words the same way: a message as a sentence, counts, the change impact and the
// proof in lines. The reporters (one file per format) build on these.
import type { FieldChange, ImpactGroup, ImpactReport } from '../impact/impact.ts';
import type { DecisionParts } from '../impact/space-decide.ts';
import type { Reused } from '../impact/space-cache.ts';
import type { SpaceGap } from '../impact/space.ts';
import { wordDiffText } from '../impact/word-diff.ts';
import type { NoticeMessage } from '../content/messages.ts';
import type { PromiseProof } from '../validator/report.ts';
import type { ValidateReport } from '../validator/report.ts';

/** A decision in a few words: "share-minimum (other-professionals; best-interests)". */
export function decisionWords(decision: DecisionParts | 'rejected'): string {
  if (decision === 'rejected') return 'rejected';
  const lists = [decision.clauses.join(', '), decision.obligations.join(', ')].filter(Boolean).join('; ');
  return lists ? `${decision.outcome} (${lists})` : decision.outcome;
}

export const number = (n: number) => n.toLocaleString('en-GB');
export const plural = (n: number, word: string) => `${number(n)} ${word}${n === 1 ? '' : 's'}`;
export const directions: Record<ImpactGroup['direction'], string> = { 'toward-sharing': 'Toward sharing', 'to-refer': 'To a person (refer)', other: 'Other changes' };

/** How a group's changes stand: pinned, accepted (by which entry), open. */
export function standing(group: ImpactGroup): string {
  const accepted = Object.entries(group.accepted).map(([id, n]) => `${number(n)} accepted by \`${id}\``);
  return [`${number(group.pinned)} pinned`, ...accepted, `${number(group.open)} open`].join(', ');
}

/**
 * Why the checks after the content's did not run, or undefined when they did: the content does not load,
 * or the run stopped before it (a --base that is no commit). A report without a notice version checked
 * nothing, and must not read as if it passed.
 */
export function notChecked(report: ValidateReport): string | undefined {
  if (report.noticeVersion !== undefined) return undefined;
  if (report.messages.some((m) => m.severity === 'error')) return 'the content does not load; see the errors';
  return report.impact && 'notRun' in report.impact ? report.impact.notRun : 'the run stopped before them';
}

/** How a format marks words taken away and added: `[-…-]` and `{+…+}` as `git diff --word-diff` does, by default. */
export interface WordMarks {
  removed: (text: string) => string;
  added: (text: string) => string;
}

export const gitWordMarks: WordMarks = { removed: (text) => `[-${text}-]`, added: (text) => `{+${text}+}` };

/**
 * What changed, in words: text compared word by word with every changed word shown (`text: … when it is
 * [-considered-]{+judged+} necessary`), any other value `before → after` (a field added or taken away:
 * “(none)”).
 */
export function fieldWords(fields: readonly FieldChange[], marks: WordMarks = gitWordMarks): string {
  const shown = (value: string | undefined) => (value === undefined ? '(none)' : `\u201c${value}\u201d`);
  return fields.map((f) => `${f.name !== undefined ? `${f.name}: ` : ''}${f.words ? wordDiffText(f.words, marks) : `${shown(f.before)} \u2192 ${shown(f.after)}`}`).join('; ');
}

/** No change found, and where it was not looked for. */
export function noChangeWords(impact: ImpactReport): string {
  if (impact.samePolicy) return 'No decision changed: the policy is the base\'s, byte for byte, so every request, of any shape, is decided as before.';
  return `No decision changed among the requests decided.${impact.gaps?.length ? ` Not looked at except by the requests beyond the space: ${gapsWords(impact.gaps)}.` : ''}`;
}

/** What an outcome means for the patient, in plain words. */
const outcomeForPatients: Record<string, string> = {
  share: 'they are given what they ask for',
  'share-minimum': 'they are given only what they need',
  'do-not-share': 'they are not given it',
  refer: 'a person at the trust decides',
  rejected: 'the notice does not name them, so nothing is shared',
};

/**
 * A group of changed decisions as a patient would read it, with no ids: "Police & Judicial Services, for
 * investigating a serious crime: now they are given only what they need (before, a person at the trust
 * decides), in 12 of the cases checked".
 */
export function patientWords(group: ImpactGroup): string {
  const who = group.names?.recipient ?? group.names?.listed ?? group.recipient ?? 'someone';
  const purpose = group.names?.purpose ? `, for ${group.names.purpose.charAt(0).toLowerCase()}${group.names.purpose.slice(1)}` : '';
  const cases = `in ${plural(group.count, 'case')} checked`;
  if (group.kind === 'removed') return `${group.names?.listed ?? who} is no longer in the notice: nothing is shared with them (${cases})`;
  const now = outcomeForPatients[group.after] ?? group.after;
  if (group.parts.includes('outcome') || group.kind === 'new') {
    const was = group.kind === 'new' ? 'the notice did not name them' : (outcomeForPatients[group.before] ?? group.before);
    return `${who}${purpose}: now ${now} (before, ${was}), ${cases}`;
  }
  const what = [
    ...(group.parts.includes('information') ? ['what may be sent'] : []),
    ...(group.parts.includes('obligations') ? ['what the trust must do when it shares'] : []),
    ...(group.parts.includes('reasons') ? ['the reasons the trust gives'] : []),
  ];
  return `${who}${purpose}: ${now}, but ${what.join(' and ')} ${what.length === 1 ? 'changes' : 'change'}, ${cases}`;
}

/** The change impact in words: the totals, then each group (toward sharing first) with examples, then the accepted changes. */
export function impactLines(impact: ImpactReport | { notRun: string }): string[] {
  if ('notRun' in impact) return [`change impact: not worked out (${impact.notRun})`];
  const lines = [impact.samePolicy ? `Change impact against ${impact.base} (notice ${impact.baseVersion} \u2192 ${impact.headVersion}): ${samePolicyWords}, in ${impact.seconds.toFixed(1)} s.` : `Change impact against ${impact.base} (notice ${impact.baseVersion} \u2192 ${impact.headVersion}): ${number(impact.evaluated)} requests (the content of both sides) and ${number(impact.beyond ?? 0)} beyond their shapes decided by both policies in ${impact.seconds.toFixed(1)} s${impact.reused ? ` (${reusedWords(impact.reused, 'two policies')})` : impact.baseReused ? ` (${baseReusedWords(impact.baseReused)})` : ''}.`];
  if (impact.changed === 0) lines.push(noChangeWords(impact));
  if (impact.scenariosRemoved?.length) lines.push(`Scenarios taken away since ${impact.base} (what they pinned is no longer pinned): ${impact.scenariosRemoved.join(', ')}.`);
  if (impact.reworded?.length) {
    lines.push(`Published notice changed since ${impact.base}:`);
    for (const r of impact.reworded) lines.push(`  ${r.kind} ${r.id} ${r.change ?? 'changed'} (${r.file}:${r.line}:${r.column})${r.fields?.length ? `: ${fieldWords(r.fields)}` : ''}`);
  }
  let heading: string | undefined;
  for (const group of impact.groups) {
    if (directions[group.direction] !== heading) {
      heading = directions[group.direction];
      lines.push('', heading);
    }
    lines.push(`  ${group.heading} (${plural(group.count, 'request')}: ${standing(group)}${group.clauses.length ? `; clauses ${group.clauses.join(', ')}` : ''})`);
    for (const example of group.examples) {
      const mark = example.pinnedBy ? `pinned by ${example.pinnedBy}` : example.acceptedBy ? `accepted by ${example.acceptedBy}` : 'open';
      lines.push(`    ${mark}: ${example.words}: ${decisionWords(example.before)} \u2192 ${decisionWords(example.after)}`);
    }
    if (group.count > group.examples.length) lines.push(`    \u2026 and ${number(group.count - group.examples.length)} more`);
  }
  lines.push('', `${plural(impact.changed, 'decision')} changed: ${number(impact.pinned)} pinned by a scenario, ${number(impact.accepted)} accepted, ${number(impact.open)} open.`);
  for (const a of impact.acceptances) lines.push(`accepted change ${a.id} (${a.file}:${a.line}:${a.column}): ${a.count === 0 ? 'stale, matches no changed decision' : plural(a.count, 'decision')} \u2014 ${a.because}`);
  return lines;
}

export function sentence(message: NoticeMessage): string {
  let text = message.reason;
  if (message.expected !== undefined) text += `, expected ${message.expected}`;
  if (message.actual !== undefined) text += `, found ${message.actual}`;
  if (message.cause) text += ` (see ${message.cause.file}:${message.cause.line}:${message.cause.column})`;
  return text;
}

export function counts(report: ValidateReport): { errors: number; warnings: number; passed: number; failed: number; invalid: number } {
  return {
    invalid: report.invalidScenarios ?? 0,
    errors: report.messages.filter((m) => m.severity === 'error').length,
    warnings: report.messages.filter((m) => m.severity === 'warning').length,
    passed: report.scenarios.filter((s) => s.passed).length,
    failed: report.scenarios.filter((s) => !s.passed).length,
  };
}

const share = (count: number, total: number) => `${total === 0 ? 0 : ((100 * count) / total).toFixed(1)}%`;
const outcomeShares = (outcomes: Record<string, number>, total: number) =>
  ['share', 'share-minimum', 'do-not-share', 'refer'].map((o) => `${o} ${share(outcomes[o] ?? 0, total)}`).join(', ');

/** What the space holds, in words (space.ts spaceCoverage). */
export const spaceWords =
  'every recipient, purpose, consent state, opt-out, need for care, agreement and (for a processor) disclosure; ' +
  "each with the recipient's own kinds of information and no claim, one circumstance claimed (waiting, confirmed or rejected), " +
  'one claimed twice (confirmed and waiting, or confirmed and rejected) or two different ones confirmed; ' +
  'each with every other set of kinds the space lists (each kind alone, each programme\'s, those with one kind more, all) and no claim; ' +
  'and every recipient, purpose and consent state with each other kind alone and one claim (waiting, confirmed or rejected), with no flag set or with need and agreement';

/** What the space does not hold, in words (space.ts spaceGaps). */
export const gapWords: Record<SpaceGap, string> = {
  'other-kinds-with-claims': "kinds other than the recipient's own asked with a claim (except each kind alone with one claim, with no flag set or with need and agreement)",
  'other-mixes-of-kinds': 'other mixes of kinds',
  'two-circumstances-not-both-confirmed': 'two different circumstances not both confirmed',
  'three-or-more-claims': 'three or more claims',
  'members-stated-false': 'a "no" stated as `false`',
  'status-waiting-stated': 'a claim\'s status `waiting` stated',
  'other-claim-orders': 'claims in another order (and one circumstance claimed twice other than confirmed first)',
  'empty-lists': 'an empty list of claims or empty opt-outs',
  'disclosure-for-non-processors': 'processor disclosure stated for a recipient that is not a processor',
};

/** The gaps as one list in words. */
export function gapsWords(gaps: readonly SpaceGap[]): string {
  return gaps.map((gap) => gapWords[gap] ?? gap).join('; ');
}

/** Why a change impact decided nothing: the two sides' policies are the same bytes. */
export const samePolicyWords = 'the policy (policy.wasm, data.json and the request schema) is the base\'s, byte for byte, so no request can be decided differently and none was decided';

/** That the space's decisions come from an earlier run (scripts/impact/space-cache.ts), and what made that safe. */
export function reusedWords(reused: Reused, what: string): string {
  return `the space's decisions reused from an earlier run of ${reused.at.slice(0, 16).replace('T', ' ')} UTC (${reused.seconds.toFixed(1)} s then) over the same space, ${what}, data and deciding code; --no-cache decides them again`;
}

/** That the base's decisions were kept by an earlier run, and what this run decided. */
export function baseReusedWords(reused: Reused): string {
  return `the base's decisions kept by an earlier run of ${reused.at.slice(0, 16).replace('T', ' ')} UTC over the same space, base policy and deciding code: every request decided by the working tree's policy, and by the base's again wherever the two differ; --no-cache decides both sides`;
}

/**
 * The proof of the promises in words: what was proven, over which requests (the space's shapes, and only
 * those), what was only sampled, and how the space is decided.
 */
export function proofLines(proof: PromiseProof): string[] {
  const promises = Object.entries(proof.broken);
  const kept = promises.filter(([, n]) => n === 0).length;
  const lines = [
    proof.reused
      ? `promises: ${kept} of ${promises.length} kept on each of the ${number(proof.space)} requests of the space, ${reusedWords(proof.reused, 'policy')}`
      : `promises: ${kept} of ${promises.length} kept on each of the ${number(proof.space)} requests of the space, decided and checked in ${proof.seconds.toFixed(1)} s over ${proof.threads} thread(s)`,
  ];
  if (proof.coverage) {
    lines.push(
      `the space: ${spaceWords}`,
      `not proven, only sampled${proof.beyond ? ` by ${number(proof.beyond)} seeded requests beyond the space` : ''}: ${gapsWords(proof.coverage.gaps)}`,
    );
  } else if (proof.beyond) {
    lines.push(`sampled beyond the space: ${number(proof.beyond)} seeded requests`);
  }
  lines.push(
    `also checked: ${number(proof.malformed)} malformed requests`,
    `outcomes over the space: ${outcomeShares(proof.outcomes, proof.space)}`,
    `outcomes over the ${number(proof.plausible.requests)} requests an app would plausibly send: ${outcomeShares(proof.plausible.outcomes, proof.plausible.requests)}`,
  );
  return lines;
}


/** The first lines that fit in `budget` characters (each with its line break): GitHub cuts or refuses more. */
export function withinBudget(lines: readonly string[], budget: number): string[] {
  let used = 0;
  const kept: string[] = [];
  for (const line of lines) {
    used += line.length + 1;
    if (used > budget) break;
    kept.push(line);
  }
  return kept;
}
