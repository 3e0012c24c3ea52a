// The rules the validator and the build report, each with its severity and what it finds: one registry, from
// which notice.config.yaml's `rules` settings are checked and the README's list of rules is written (as
// remark-lint and Regal keep theirs). Browser-safe.
import type { NoticeMessage } from '../content/messages.ts';

export interface RuleInfo {
  /** What runs it: the content loader (also the build), the build's agreement of notice and Rego, validate, or the change impact. */
  by: 'content' | 'build' | 'validate' | 'impact';
  /** Its severity unless configured: `error`, `warning`, or `configured` (set by another setting or flag). */
  severity: 'error' | 'warning' | 'configured';
  /** A finding patients' safety depends on: it cannot be turned off or made a warning. */
  locked?: boolean;
  description: string;
}

export const rules = {
  'yaml-syntax': { by: 'content', severity: 'error', locked: true, description: 'A YAML file does not parse.' },
  'yaml-aliases': { by: 'content', severity: 'error', locked: true, description: 'YAML aliases expand into too many values (a "billion laughs").' },
  schema: { by: 'content', severity: 'error', locked: true, description: 'A content, scenario or accepted-changes file does not match its JSON Schema.' },
  'unknown-file': { by: 'content', severity: 'error', description: 'A file in content/ that is not one of the content files.' },
  'missing-file': { by: 'content', severity: 'error', locked: true, description: 'A content file is missing.' },
  symlink: { by: 'content', severity: 'error', locked: true, description: 'A symbolic link in content/ (it could publish a file from outside the repository).' },
  'duplicate-id': { by: 'content', severity: 'error', locked: true, description: 'An id defined twice (a clause, a recipient, a scenario, an accepted change, …).' },
  'duplicate-name': { by: 'content', severity: 'error', description: 'Two names, or two entries of a list, that a reader would take for one (case, spacing, punctuation, plural, & for and, look-alike letters).' },
  'duplicate-clause': { by: 'content', severity: 'error', description: 'Two clauses with the same words.' },
  'unknown-reference': { by: 'content', severity: 'error', locked: true, description: 'A reference to an id that does not exist (a clause, recipient, purpose, kind of information, list).' },
  'not-listed': { by: 'content', severity: 'error', locked: true, description: "An organisation the policy decides is not in the notice's list of organisations." },
  'listed-as': { by: 'content', severity: 'error', locked: true, description: 'The words a list uses for a recipient do not name it.' },
  'shared-clause': { by: 'content', severity: 'error', description: 'Two recipients cite the same clause.' },
  'empty-clause': { by: 'content', severity: 'error', description: 'A clause with no words a patient can read (empty, or only HTML comments, markup or invisible characters).' },
  'markdown-link': { by: 'content', severity: 'error', locked: true, description: 'A link in published Markdown (clauses, the change log, the words for patients, accessibility.md) that is not https://, mailto: or an anchor of the notice (or, from the words for patients, a page of the site), or an image (it would be loaded from another site).' },
  changelog: { by: 'content', severity: 'error', description: "The notice's version has no newest change-log entry, or entries are out of order or dated before the version they follow, or the notice's dates disagree (effective or last reviewed before its newest entry, next review not after the last), or an entry still has the placeholder summary `npm run release` wrote." },
  'rego-compile': { by: 'build', severity: 'error', locked: true, description: 'The Rego does not compile (tests included).' },
  'unknown-clause': { by: 'build', severity: 'error', locked: true, description: "A Rego rule's METADATA names a clause the notice does not have." },
  'clause-not-implemented': { by: 'build', severity: 'error', locked: true, description: 'A clause marked `rule: true` that no Rego rule implements.' },
  'clause-not-a-rule': { by: 'build', severity: 'warning', description: 'A Rego rule implements a clause the content does not mark `rule: true`.' },
  'unknown-id': { by: 'build', severity: 'error', locked: true, description: "An id the Rego cites (a clause or obligation of a verdict, a promise, an outcome) that is none of the notice's, so the decision that cites it could not be worded; or a clause a page of the site names that the notice does not have." },
  'unknown-promise': { by: 'build', severity: 'error', locked: true, description: "A Rego rule's METADATA names a promise content/promises.yaml does not have." },
  'promise-not-stated': { by: 'build', severity: 'error', locked: true, description: 'A promise of content/promises.yaml that no Rego rule states.' },
  'promise-broken': { by: 'validate', severity: 'error', locked: true, description: 'A request of the space (or beyond it, or malformed) for which the policy breaks a promise.' },
  'checked-not-decided': { by: 'validate', severity: 'error', locked: true, description: "The policy's own request check and the request schema disagree on a request." },
  'engines-disagree': { by: 'validate', severity: 'error', locked: true, description: "The WASM runtime and OPA's Go evaluator decide a request differently, or the Go evaluator shares a malformed request." },
  'scenario-request': { by: 'validate', severity: 'error', locked: true, description: "A scenario's request does not match the request schema (and the scenario does not expect it rejected)." },
  'scenario-failed': { by: 'validate', severity: 'error', locked: true, description: 'A scenario whose expectation the policy does not meet.' },
  'misspelt-id': { by: 'validate', severity: 'error', locked: true, description: 'Two scenarios or more cite a clause id the notice does not have, and the nearest id it does have is cited nowhere but where it is defined (`clause: recipient-gsp` for `recipient-gps`): one finding at the definition, listing the places, instead of one at each.' },
  'rule-not-exercised': { by: 'validate', severity: 'error', description: 'A Rego rule that implements a clause and that no scenario reaches (checked only when every scenario runs).' },
  'gdpr-missing': { by: 'validate', severity: 'configured', description: "A UK GDPR Article 13/14 item the notice does not cover, or a contact of the trust's (itself, its DPO, PALS) that content/patients.yaml does not give (warning; `completeness.severity`)." },
  readability: { by: 'validate', severity: 'configured', description: 'A section reads above the configured grade (warning; `readability.severity`).' },
  'in-short-missing': { by: 'validate', severity: 'warning', description: 'A clause of more than 25 words with no "in short" summary beside it (content/patients.yaml `in_short`).' },
  'summary-length': { by: 'validate', severity: 'error', description: "The notice's first layer (content/patients.yaml `summary`) is over 150 words." },
  'choice-proposed': { by: 'validate', severity: 'warning', description: 'A choice the notice leaves open (content/promises.yaml `choices`) that is still `status: proposed`: the Caldicott Guardian has not confirmed it, and the site says so. Settle before release (`rules: { choice-proposed: error }` makes it fail the run).' },
  'choice-confirmed-future': { by: 'validate', severity: 'error', locked: true, description: 'A choice confirmed on a date after today (`confirmed_on`): the site would say the Caldicott Guardian confirmed it before they can have.' },
  'decision-changed': { by: 'impact', severity: 'configured', locked: true, description: 'A changed decision that no scenario pins and no accepted change covers (error with --fail-on-change, else warning).' },
  'wording-changed': { by: 'impact', severity: 'configured', locked: true, description: "What the notice publishes changed with the notice's version unchanged: its title, controller or effective date, a section's title, a clause's, obligation's, promise's or choice's words, a recipient's, purpose's, circumstance's, kind of information's or programme's fields (those its content file publishes too, such as a circumstance's plain-words basis), the words for patients (content/patients.yaml: the first layer, each \"In short\", the rights, complaints, contacts, easy read), or any of them added or taken away; or, whatever the version, a released version's change-log entry changed or taken away (error with --fail-on-change, else warning)." },
  'reworded-rules-unchanged': { by: 'impact', severity: 'warning', description: "A clause's words changed but no Rego that decides changed since the base: the decisions it words are as they were, so a reviewer checks the policy still does what the clause now says." },
  'accepted-change-released': { by: 'impact', severity: 'warning', description: 'An accepted change written for a notice version already released (or for a version this change does not release): it accepts nothing; remove it.' },
  'release-dated-early': { by: 'impact', severity: 'error', description: "The change releases a version (a new change-log entry) dated before the base commit or before today: the notice would say it changed before it could have." },
  'orphaned-clause': { by: 'impact', severity: 'error', description: 'A clause still published about a recipient, purpose, circumstance or kind of information the change takes away (and nothing the notice lists cites it): patients would read of something the notice no longer has.' },
  'id-renamed': { by: 'impact', severity: 'configured', locked: true, description: 'An id renamed since the base (a recipient, purpose, circumstance, kind of information or clause: the same entry under a new id), with the places still using the old one: an error at the new id while any place does, else a warning that says what a request naming the old id now gets.' },
  'accepted-change-stale': { by: 'impact', severity: 'configured', locked: true, description: 'An accepted change that matches no changed decision (error with --fail-on-change, else warning).' },
} as const satisfies Record<string, RuleInfo>;

export type RuleId = keyof typeof rules;

/** What `rules` in notice.config.yaml may set each rule to. */
export type RuleSetting = 'off' | 'warning' | 'error';

/** The rules that cannot be set as asked: unknown ids, and locked rules turned off or made warnings. */
export function ruleSettingProblems(settings: Record<string, RuleSetting>): string[] {
  const problems: string[] = [];
  for (const [id, setting] of Object.entries(settings)) {
    const rule = Object.hasOwn(rules, id) ? (rules as Record<string, RuleInfo>)[id] : undefined;
    if (!rule) problems.push(`rules.${id}: no such rule (see the README's list of rules)`);
    else if (rule.locked && setting !== 'error') problems.push(`rules.${id}: cannot be set to ${setting}; patients' safety depends on it`);
  }
  return problems;
}

/** The messages as the settings have them: a rule set `off` dropped, `warning` or `error` its severity. */
export function applyRuleSettings(messages: readonly NoticeMessage[], settings: Record<string, RuleSetting>): NoticeMessage[] {
  return messages.flatMap((message) => {
    const setting = settings[message.ruleId];
    if (setting === undefined) return [message];
    if (setting === 'off') return [];
    return [{ ...message, severity: setting }];
  });
}

/** The README's list of rules, written from the registry. */
export function rulesMarkdown(): string {
  const lines = ['| rule | from | severity | finds |', '| --- | --- | --- | --- |'];
  for (const [id, rule] of Object.entries(rules) as [string, RuleInfo][]) {
    lines.push(`| \`${id}\` | ${rule.by} | ${rule.severity}${rule.locked ? ' (locked)' : ''} | ${rule.description.replace(/\|/g, '\\|')} |`);
  }
  return lines.join('\n');
}
