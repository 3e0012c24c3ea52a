// The findings of a change impact, worded from its data (scripts/impact/impact.ts ImpactReport): each group
// of changed decisions neither pinned nor accepted, words patients read that changed with the version
// unchanged, the content changes (a release dated early, a clause left about an entry taken away, a
// rename), and the accepted changes that name unknown ids, are released or stale. Browser-safe.
import type { NoticeMessage } from '../content/messages.ts';
import type { ImpactReport } from '../impact/impact.ts';
import { decisionWords, fieldWords } from './words.ts';

const capitalised = (word: string) => `${word[0]!.toUpperCase()}${word.slice(1)}`;

/** The findings of a change impact: each group with changes neither pinned nor accepted, and each stale accepted change. Errors with `--fail-on-change`, warnings without. */
export function impactMessages(report: ImpactReport, options: { failOnChange: boolean; acceptedFile: string }): NoticeMessage[] {
  const severity = options.failOnChange ? 'error' : 'warning';
  const messages: NoticeMessage[] = [];
  // A change made in the Rego is found where the Rego changed (so a pull request shows it on those lines),
  // unless the content of the group's recipient or purpose changed too; the content's entry is its cause.
  const firstRego = report.regoChanges?.[0];
  const contentChanged = new Set((report.reworded ?? []).map((r) => `${r.kind}:${r.id}`));
  for (const group of report.groups.filter((g) => g.open > 0)) {
    const example = group.examples.find((e) => !e.pinnedBy && !e.acceptedBy) ?? group.examples[0]!;
    const inRego = firstRego && group.kind === 'changed' && !contentChanged.has(`recipient:${group.recipient}`) && !contentChanged.has(`purpose:${group.purpose}`);
    messages.push({
      ...(inRego ? { ...firstRego, cause: group.location } : group.location),
      ruleId: 'decision-changed',
      severity,
      reason: `${group.heading}: ${group.open === group.count ? 'no' : `${group.open.toLocaleString('en-GB')} of ${group.count.toLocaleString('en-GB')}`} changed decision${group.count === 1 ? ' is' : 's are'} ${group.open === group.count ? '' : 'not '}pinned by a scenario or accepted${group.clauses.length ? ` (clauses ${group.clauses.map((c) => `\`${c}\``).join(', ')})` : ''}`,
      expected: `a scenario that states the request and tells the two decisions apart, or an entry in ${options.acceptedFile}${group.lacksAfter ? ` (\`${group.lacksAfter}\` matches, but a change toward sharing is accepted only by an entry that names the outcome it accepts: \`after: ${group.after}\`)` : ''}`,
      actual: `${example.words}: ${decisionWords(example.before)} \u2192 ${decisionWords(example.after)}`,
    });
  }
  // Words patients read changed with the notice's version unchanged: the change log cannot say what changed.
  for (const reworded of (report.reworded ?? []).filter((r) => r.kind === 'release')) {
    messages.push({
      file: reworded.file, line: reworded.line, column: reworded.column,
      ruleId: 'wording-changed',
      severity,
      reason: `The change-log entry of released version ${reworded.id} was ${reworded.change ?? 'changed'} since ${report.base}`,
      expected: 'a released version\u2019s entry kept as it was, and a new version with its own entry for this change',
      ...(reworded.fields?.length ? { actual: fieldWords(reworded.fields) } : {}),
    });
  }
  if (report.baseVersion === report.headVersion) {
    for (const reworded of (report.reworded ?? []).filter((r) => r.kind !== 'release')) {
      messages.push({
        file: reworded.file, line: reworded.line, column: reworded.column,
        ruleId: 'wording-changed',
        severity,
        reason: `${reworded.kind === 'patients' ? `\`${reworded.id}\` of the words for patients` : `${capitalised(reworded.kind)} \`${reworded.id}\``} was ${reworded.change ?? 'changed'} since ${report.base}, but the notice is still version ${report.headVersion}`,
        expected: 'a new version of the notice, with its change-log entry (content/notice.yaml)',
        ...(reworded.fields?.length ? { actual: fieldWords(reworded.fields) } : {}),
      });
    }
  }
  // Words that say something new while the Rego that decides is as it was: a reviewer checks that the
  // policy still does what the clause now says.
  if (report.regoChanges !== undefined && report.regoChanges.length === 0) {
    for (const reworded of (report.reworded ?? []).filter((r) => r.kind === 'clause' && r.change === 'changed' && r.fields?.some((f) => f.name === 'text'))) {
      messages.push({
        file: reworded.file, line: reworded.line, column: reworded.column,
        ruleId: 'reworded-rules-unchanged',
        severity: 'warning',
        reason: `Clause \`${reworded.id}\` says something new since ${report.base}, but no Rego that decides changed`,
        expected: `a review that the policy still decides what the clause now says (the rules with \`custom.clause: ${reworded.id}\`)`,
        actual: fieldWords(reworded.fields!.filter((f) => f.name === 'text')),
      });
    }
  }
  // The notice's lists, besides decisions: a release dated before it can be, a clause left about an entry
  // taken away, an id renamed (and where the old one is still used).
  const content = report.contentChanges;
  if (content?.earlyRelease) {
    const early = content.earlyRelease;
    messages.push({
      ...early.location, ruleId: 'release-dated-early', severity: 'error',
      reason: `Version ${early.version} is dated ${early.date}, before ${early.before.what === 'base' ? `the base commit ${report.base} (${early.before.date})` : `today (${early.before.date})`}`,
      expected: `the day the version is released: ${early.before.date} or later (npm run release dates it)`,
    });
  }
  for (const orphan of content?.orphanedClauses ?? []) {
    const about = orphan.about.map((a) => `${a.kind === 'information' ? 'kind of information' : a.kind} \`${a.id}\` (${a.name})`);
    messages.push({
      ...orphan.location, ruleId: 'orphaned-clause', severity: 'error',
      reason: `Clause \`${orphan.clause}\` is still published, but what it is about was taken away since ${report.base}: ${about.join(' and ')}`,
      expected: 'the clause taken away too (or reworded to say what the notice does now, and cited by what replaces it)',
    });
  }
  for (const renamed of content?.renamed ?? []) {
    const noun = renamed.kind === 'information' ? 'kind of information' : renamed.kind;
    const places = renamed.uses.map((u) => `${u.file}:${u.line}:${u.column}`);
    messages.push({
      ...renamed.location, ruleId: 'id-renamed', severity: renamed.uses.length > 0 ? 'error' : 'warning',
      reason: `${capitalised(noun)} \`${renamed.from}\` is renamed \`${renamed.to}\` since ${report.base}${renamed.decisions ? ` (${renamed.decisions.toLocaleString('en-GB')} decision${renamed.decisions === 1 ? '' : 's'} cite it under its new id, otherwise unchanged)` : ''}${renamed.uses.length > 0 ? `, but ${renamed.uses.length} place${renamed.uses.length === 1 ? '' : 's'} still use${renamed.uses.length === 1 ? 's' : ''} \`${renamed.from}\`` : ''}`,
      expected: renamed.uses.length > 0 ? `\`${renamed.to}\` at each place, or the old id kept` : 'a rename the change meant (a request or scenario naming the old id is now refused)',
      ...(places.length > 0 ? { actual: `${places.slice(0, 10).join(', ')}${places.length > 10 ? `, and ${places.length - 10} more` : ''}`, cause: renamed.uses[0]! } : {}),
    });
  }
  // An id no side has can never match: a mistake in the entry, whatever --fail-on-change says.
  for (const acceptance of report.acceptances) {
    for (const unknown of acceptance.unknown ?? []) {
      const noun = unknown.field === 'consent' ? 'consent state' : unknown.field;
      messages.push({
        file: acceptance.file, line: acceptance.line, column: acceptance.column,
        ruleId: 'unknown-reference', severity: 'error',
        reason: `Unknown ${noun} \`${unknown.id}\` in accepted change \`${acceptance.id}\``,
        expected: unknown.nearest ? `\`${unknown.nearest}\`, the nearest that exists` : `the id of a ${noun} that exists`,
      });
    }
  }
  // An entry for a version already released (or not the one this change releases) accepts nothing, and is
  // no reason to fail an unrelated change: a note to remove it.
  for (const acceptance of report.acceptances.filter((a) => a.released !== undefined)) {
    messages.push({
      file: acceptance.file, line: acceptance.line, column: acceptance.column,
      ruleId: 'accepted-change-released',
      severity: 'warning',
      reason: `Accepted change \`${acceptance.id}\` is for notice ${acceptance.released}, ${acceptance.released === report.baseVersion ? `released before ${report.base}` : `not ${report.headVersion}, the version this change ${report.headVersion === report.baseVersion ? 'is still at' : 'releases'}`}: it accepts nothing`,
      expected: 'the entry removed (it was for a change that has landed)',
    });
  }
  // (An entry that names an unknown id is reported for that, not again as stale; one for another version, as above.)
  for (const acceptance of report.acceptances.filter((a) => a.count === 0 && !a.unknown && a.released === undefined)) {
    messages.push({
      file: acceptance.file, line: acceptance.line, column: acceptance.column,
      ruleId: 'accepted-change-stale',
      severity,
      reason: `Accepted change \`${acceptance.id}\` matches no changed decision`,
      expected: 'a change it accepts, or the entry removed (it would accept the next change unseen)',
    });
  }
  return messages;
}
