// A clause id misspelt where it is defined (`clause: recipient-gsp` for a recipient whose entry the notice
// lists) is one mistake, found where it was made: every scenario that cites the intended id would
// otherwise report it as unknown, and fail for it. When places cite an id the notice does not have, and
// two places or more cite it, and the nearest id the notice does have is cited nowhere but where it is defined, the places' findings
// (unknown clause, and scenarios failing only for that reason) become one finding at the definition, which
// lists them. Returns messages; reporters word them. Node-only: reads the checkout.
import type { Location, NoticeMessage } from '../../content/messages.ts';
import { definitionOf, namingFiles, usesOf } from '../../content/id-uses.ts';
import { closest } from '../../content/suggest.ts';
import type { ScenarioResult } from '../types.ts';

const unknownClause = /^Unknown clause `([^`]+)` in scenario `([^`]+)`$/;
const failedScenario = /^Scenario `([^`]+)` failed/;

export function misspeltIds(messages: readonly NoticeMessage[], scenarios: readonly ScenarioResult[], clauses: readonly string[], root: string): NoticeMessage[] {
  const uses = new Map<string, { places: Location[]; scenarios: Set<string> }>();
  for (const message of messages) {
    const found = message.ruleId === 'unknown-reference' ? unknownClause.exec(message.reason) : null;
    if (!found) continue;
    const entry = uses.get(found[1]!) ?? { places: [], scenarios: new Set<string>() };
    entry.places.push({ file: message.file, line: message.line, column: message.column });
    entry.scenarios.add(found[2]!);
    uses.set(found[1]!, entry);
  }
  if (uses.size === 0) return [...messages];
  const files = namingFiles(root);
  const folded = new Map<string, { id: string; at: Location; places: Location[]; scenarios: Set<string> }>();
  for (const [cited, { places, scenarios: citing }] of uses) {
    // Two places or more that agree on the id: one place could as well be the slip.
    const meant = places.length >= 2 ? closest(cited, clauses) : undefined;
    if (meant === undefined) continue;
    const at = definitionOf(meant, root);
    if (!at) continue;
    // Cited nowhere but where it is defined: the definition, not each use, is what changed.
    const elsewhere = usesOf(meant, files, root).filter((u) => !(u.file === at.file && u.line === at.line));
    if (elsewhere.length > 0) continue;
    folded.set(cited, { id: meant, at, places, scenarios: citing });
  }
  if (folded.size === 0) return [...messages];
  // A scenario fails only for a folded id when all it misses is that id as a reason.
  const onlyFor = new Set<string>();
  for (const result of scenarios) {
    if (result.passed || result.missing.length === 0) continue;
    if (result.missing.every((m) => m.startsWith('reason ') && folded.has(m.slice('reason '.length)))) onlyFor.add(result.scenario.id);
  }
  const out = messages.filter((message) => {
    const unknown = message.ruleId === 'unknown-reference' ? unknownClause.exec(message.reason) : null;
    if (unknown && folded.has(unknown[1]!)) return false;
    const failed = message.ruleId === 'scenario-failed' ? failedScenario.exec(message.reason) : null;
    return !(failed && onlyFor.has(failed[1]!));
  });
  for (const [cited, { id, at, places, scenarios: citing }] of folded) {
    const failing = [...citing].filter((s) => onlyFor.has(s)).length;
    out.push({
      ...at, ruleId: 'misspelt-id', severity: 'error',
      reason: `Clause \`${id}\` is cited nowhere, while ${citing.size} scenario${citing.size === 1 ? '' : 's'} cite${citing.size === 1 ? 's' : ''} \`${cited}\`, which the notice does not have${failing > 0 ? ` (${failing} fail${failing === 1 ? 's' : ''} for that alone)` : ''}`,
      expected: `\`${cited}\` here, as the scenarios have it, or \`${id}\` at each place that cites \`${cited}\``,
      actual: `${places.slice(0, 10).map((p) => `${p.file}:${p.line}:${p.column}`).join(', ')}${places.length > 10 ? `, and ${places.length - 10} more` : ''}`,
      cause: places[0]!,
    });
  }
  return out;
}
