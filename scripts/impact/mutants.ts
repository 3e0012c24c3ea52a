// Mutants of the policy's own Rego, to measure the change gate against (scripts/impact/mutation-score.ts,
// `npm run bench`): each is the policy with one small edit, found from the AST `opa parse` gives and made in
// the source text at the place the AST names. The edits are those a narrow Rego change would make:
//   - drop-condition     a condition of a rule's body replaced by `true` (the rule widens);
//   - negate-condition   `not` put in front of a condition, or taken away;
//   - flip-comparison    `==` and `!=`, `>` and `>=`, `<` and `<=` swapped;
//   - swap-outcome       one outcome written for another ("share" for "refer", …);
//   - swap-id            an id the notice lists (a recipient, purpose, consent state, kind of information,
//                        circumstance, claim status, recipient kind, care role, clause, obligation) written
//                        as another of the same list;
//   - flip-boolean       a `true` written in the code made `false`, or the other way;
//   - widen-narrowly     a rule defined once more, with one of its conditions dropped and one condition on
//                        the request added (a purpose, recipient, consent state, or exactly one kind of
//                        information), or two (a purpose and exactly one kind): a rule that holds in one
//                        narrow case more, as a careless edit does.
// Browser-safe: it takes the files' text and their ASTs, and returns text.
import { seeded } from './space.ts';

export type MutantOperator = 'drop-condition' | 'negate-condition' | 'flip-comparison' | 'swap-outcome' | 'swap-id' | 'flip-boolean' | 'widen-narrowly';

export const mutantOperators: readonly MutantOperator[] = ['drop-condition', 'negate-condition', 'flip-comparison', 'swap-outcome', 'swap-id', 'flip-boolean', 'widen-narrowly'];

export interface Mutant {
  /** `<file>:<line>:<column>:<operator>:<n>`, the same on every run for the same source. */
  id: string;
  file: string;
  line: number;
  column: number;
  operator: MutantOperator;
  /** What was changed: `input.purpose == "x"` → `true`. */
  change: string;
  /** The whole file, mutated. */
  text: string;
  /** widen-narrowly: the request members its added condition fixes, for a judge to aim at. */
  fixes?: Partial<Record<'purpose' | 'recipient' | 'consent' | 'information', string>>;
}

/** A Rego file and its AST as `opa parse --format json --json-include locations,-comments` prints it. */
export interface RegoSource {
  file: string;
  text: string;
  ast: RegoModule;
}

interface RegoLocation {
  row: number;
  col: number;
  /** The source text, base64. */
  text: string;
}

interface RegoTerm {
  type: string;
  value: unknown;
  location?: RegoLocation;
}

interface RegoExpr {
  negated?: boolean;
  generated?: boolean;
  with?: unknown[];
  location: RegoLocation;
  terms: RegoTerm | RegoTerm[];
}

interface RegoRule {
  default?: boolean;
  else?: unknown;
  head: { name?: string; args?: RegoTerm[]; value?: RegoTerm; key?: RegoTerm; assign?: boolean; location: RegoLocation };
  body: RegoExpr[];
  location: RegoLocation;
}

export interface RegoModule {
  rules?: RegoRule[];
}

/** The ids a mutant may write one for another: each list is ids of one sort. */
export interface MutantVocabulary {
  outcomes: readonly string[];
  lists: readonly (readonly string[])[];
  /** Values the request's members take, for widen-narrowly's added condition. */
  request: { recipient: readonly string[]; purpose: readonly string[]; consent: readonly string[]; information: readonly string[] };
}

const decode = (text: string) => new TextDecoder().decode(Uint8Array.from(atob(text), (c) => c.charCodeAt(0)));

/** The character offset in `text` of a location's row and (byte) column. */
function offsetOf(lineStarts: readonly number[], lines: readonly string[], location: RegoLocation): number {
  const line = lines[location.row - 1] ?? '';
  const bytes = new TextEncoder().encode(line).subarray(0, location.col - 1);
  return lineStarts[location.row - 1]! + new TextDecoder().decode(bytes).length;
}


const comparisons: Record<string, string> = { '==': '!=', '!=': '==', '>': '>=', '>=': '>', '<': '<=', '<=': '<' };

/** Whether a body expression binds names (an assignment, a `some`): dropping or negating it would leave them unbound. */
function binds(expr: RegoExpr): boolean {
  if (!Array.isArray(expr.terms)) return (expr.terms as { symbols?: unknown }).symbols !== undefined || expr.terms.type !== 'ref' && expr.terms.type !== 'call' && expr.terms.type !== 'boolean';
  const operator = expr.terms[0]?.value as { value?: string }[] | undefined;
  const name = Array.isArray(operator) ? operator[0]?.value : undefined;
  return name === 'assign' || name === 'eq';
}

/** Every string and boolean term under a term, with a location. */
function* constants(term: unknown): Generator<RegoTerm> {
  if (Array.isArray(term)) {
    for (const t of term) yield* constants(t);
    return;
  }
  if (term === null || typeof term !== 'object') return;
  const t = term as RegoTerm & { symbols?: unknown };
  if ((t.type === 'string' || t.type === 'boolean') && t.location) {
    yield t;
    return;
  }
  if ('value' in t) yield* constants(t.value);
  if (t.symbols) yield* constants(t.symbols);
  if ('terms' in (t as object)) yield* constants((t as unknown as RegoExpr).terms);
  if ('key' in (t as object)) yield* constants((t as { key?: unknown }).key);
}

/** Every mutant of the files the operators make, in a fixed order. */
export function allMutants(sources: readonly RegoSource[], vocabulary: MutantVocabulary, seed = 0x5eed): Mutant[] {
  const random = seeded(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const out: Mutant[] = [];
  for (const source of sources) {
    const lines = source.text.split('\n');
    const lineStarts: number[] = [];
    lines.reduce((at, line) => (lineStarts.push(at), at + line.length + 1), 0);
    let n = 0;
    const add = (location: RegoLocation, operator: MutantOperator, change: string, edit: (text: string) => string | undefined, fixes?: Mutant['fixes']) => {
      const text = edit(source.text);
      if (text === undefined || text === source.text) return;
      out.push({ id: `${source.file}:${location.row}:${location.col}:${operator}:${n++}`, file: source.file, line: location.row, column: location.col, operator, change, text, ...(fixes ? { fixes } : {}) });
    };
    /** Replaces the text at a location (which must read `expected` there) with `replacement`. */
    const splice = (location: RegoLocation, expected: string, replacement: string) => (text: string) => {
      const at = offsetOf(lineStarts, lines, location);
      return text.slice(at, at + expected.length) === expected ? text.slice(0, at) + replacement + text.slice(at + expected.length) : undefined;
    };
    for (const rule of source.ast.rules ?? []) {
      if (rule.default) continue;
      for (const expr of rule.body) {
        if (expr.generated || expr.with) continue;
        const text = decode(expr.location.text);
        if (text === 'true' || text.startsWith('some ') || text.startsWith('every ')) {
          // (Nothing to drop or negate; the constants inside an `every` are still swapped below.)
        } else if (!binds(expr)) {
          add(expr.location, 'drop-condition', `${text} \u2192 true`, splice(expr.location, text, 'true'));
          if (expr.negated && text.startsWith('not ')) add(expr.location, 'negate-condition', `${text} \u2192 ${text.slice(4)}`, splice(expr.location, text, text.slice(4)));
          else if (!expr.negated) add(expr.location, 'negate-condition', `${text} \u2192 not ${text}`, splice(expr.location, text, `not ${text}`));
        }
        if (Array.isArray(expr.terms) && expr.terms[0]?.location) {
          const operator = decode(expr.terms[0].location.text);
          const flipped = comparisons[operator];
          if (flipped) add(expr.terms[0].location, 'flip-comparison', `${text}: ${operator} \u2192 ${flipped}`, splice(expr.terms[0].location, operator, flipped));
        }
      }
      // The constants of the whole rule, its head (a value, a key) and body (and its else branches).
      for (const term of constants([rule.head.value, rule.head.key, rule.head.args, rule.body, rule.else])) {
        const written = decode(term.location!.text);
        if (term.type === 'boolean') {
          if (written === 'true' || written === 'false') add(term.location!, 'flip-boolean', `${written} \u2192 ${written === 'true' ? 'false' : 'true'}`, splice(term.location!, written, written === 'true' ? 'false' : 'true'));
          continue;
        }
        const value = term.value as string;
        if (written !== JSON.stringify(value)) continue;
        if (vocabulary.outcomes.includes(value)) {
          for (const other of vocabulary.outcomes.filter((o) => o !== value)) add(term.location!, 'swap-outcome', `"${value}" \u2192 "${other}"`, splice(term.location!, written, JSON.stringify(other)));
          continue;
        }
        const list = vocabulary.lists.find((l) => l.includes(value));
        if (list && list.length > 1) {
          const other = pick(list.filter((id) => id !== value));
          add(term.location!, 'swap-id', `"${value}" \u2192 "${other}"`, splice(term.location!, written, JSON.stringify(other)));
        }
      }
      // widen-narrowly: a rule that holds (a boolean rule or function, or one entry of a set) once more.
      const boolean = rule.head.value === undefined || (rule.head.value.type === 'boolean' && rule.head.value.value === true && !rule.head.value.location);
      if (!boolean || rule.else || rule.body.length === 0) continue;
      const args = (rule.head.args ?? []).map((a) => (a.type === 'var' ? String(a.value) : ''));
      const subject = args.includes('req') ? 'req' : rule.body.some((e) => decode(e.location.text).includes('input')) ? 'input' : undefined;
      if (!subject) continue;
      const droppable = rule.body.map((e, i) => [e, i] as const).filter(([e]) => !e.generated && !binds(e) && !decode(e.location.text).startsWith('some '));
      type Member = 'purpose' | 'recipient' | 'consent' | 'information';
      const condition = (member: Member): [Member, string, string] => {
        const value = pick(vocabulary.request[member]);
        return [member, value, member === 'information' ? `${subject}.information == [${JSON.stringify(value)}]` : `${subject}.${member} == ${JSON.stringify(value)}`];
      };
      for (const [dropped, i] of droppable) {
        const kept = rule.body.filter((_, j) => j !== i).map((e) => decode(e.location.text));
        const head = decode(rule.head.location.text);
        // One condition on the request, and (narrower still, as a careless edit for one case is) a purpose
        // with exactly one kind of information.
        for (const added of [[condition(pick(['purpose', 'recipient', 'consent', 'information'] as const))], [condition('purpose'), condition('information')]]) {
          const conditions = added.map(([, , c]) => c);
          const definition = `\n${head} if {\n${[...kept, ...conditions].map((c) => `\t${c}`).join('\n')}\n}\n`;
          const fixes = Object.fromEntries(added.map(([member, value]) => [member, value]));
          add(dropped.location, 'widen-narrowly', `${head}: \`${decode(dropped.location.text)}\` \u2192 \`${conditions.join('; ')}\``, (text) => `${text.replace(/\n*$/, '\n')}${definition}`, fixes);
        }
      }
    }
  }
  return out;
}

/**
 * A seeded sample of `count` mutants, taken from each operator in turn (so that every operator is
 * measured, not only the most common), the same on every run.
 */
export function sampleMutants(mutants: readonly Mutant[], count: number, seed = 0x5eed): Mutant[] {
  const random = seeded(seed);
  const byOperator = new Map<MutantOperator, Mutant[]>();
  for (const m of mutants) byOperator.set(m.operator, [...(byOperator.get(m.operator) ?? []), m]);
  for (const list of byOperator.values()) {
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [list[i], list[j]] = [list[j]!, list[i]!];
    }
  }
  const out: Mutant[] = [];
  while (out.length < count && [...byOperator.values()].some((list) => list.length > 0)) {
    for (const operator of mutantOperators) {
      const next = byOperator.get(operator)?.shift();
      if (next && out.length < count) out.push(next);
    }
  }
  return out;
}
