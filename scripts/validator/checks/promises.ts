// The validator's proof of the notice's promises (content/promises.yaml, written as Rego in
// policy/sharing/promises): every promise is checked on each request of the space (the shapes it holds,
// space.ts spaceCoverage; not the requests it leaves out) by the compiled policy
// (`sharing/promises/check`, over one thread per core), and on malformed requests built from the scenarios;
// the policy's own check of a request must give the request schema's answer on all of them. Each promise
// must be stated by a Rego rule and each rule must state a promise of the content. Returns data and
// messages; reporters word them. Node-only.
import type { ContentLocations } from '../../content/content.ts';
import type { Location, NoticeMessage } from '../../content/messages.ts';
import { join } from 'node:path';
import { promiseRuleChecks, promiseRules, rulesReadable, type PromiseRule } from './policy.ts';
import { malformedRequests } from '../malformed.ts';
import type { Check } from '../types.ts';
import type { PromiseProof } from '../report.ts';
import type { PolicyData } from '../../compile/policy-data.ts';
import { prover, type Broken } from '../../impact/space-decide.ts';
import { decideSpaceKept, type SpaceCache } from '../../impact/space-cache.ts';
import { beyondSpace, describeRequest, requestAt, spaceCoverage } from '../../impact/space.ts';
import type { MalformedRequest } from '../malformed.ts';

/** How many requests beyond the space's shapes each proof also checks. */
export const defaultBeyond = 50_000;

export interface ProofInput {
  /** How many requests beyond the space's shapes to check too (default defaultBeyond). */
  beyond?: number;
  data: PolicyData;
  wasm: Uint8Array<ArrayBuffer>;
  requestSchema: object;
  /** The promises of the content, with where each is written. */
  promises: readonly { id: string; clauses: string[] }[];
  locations: ContentLocations;
  rules: readonly PromiseRule[];
  malformed: readonly MalformedRequest[];
  threads?: number;
  /** Where earlier runs' results are kept (space-cache.ts); none by default. */
  cache?: SpaceCache;
}

const promisesFile = 'content/promises.yaml';

/** Proves every promise over the space and the malformed requests. */
export async function provePromises(input: ProofInput): Promise<{ proof: PromiseProof; messages: NoticeMessage[] }> {
  const { data } = input;
  const policy = { wasm: input.wasm, data, checkRequests: false, requestSchema: input.requestSchema };
  const start = performance.now();
  const { result, reused } = await decideSpaceKept({ spaceData: data, policies: [policy], prove: true, ...(input.threads ? { threads: input.threads } : {}) }, input.cache);
  const seconds = (performance.now() - start) / 1000;

  // The malformed requests, on this thread: each must be found malformed by the policy and not shared.
  const malformedShare = { broken: {} as Broken, rejected: [] as number[] };
  const check = await prover(policy);
  input.malformed.forEach((m, i) => check(m.request, i, malformedShare));
  // Well-formed requests beyond the space's shapes (many claims, repeated; any mix of kinds; flags stated
  // false): every promise must hold on them too.
  const beyond = beyondSpace(data, input.beyond ?? defaultBeyond);
  const beyondShare = { broken: {} as Broken, rejected: [] as number[] };
  beyond.forEach((request, i) => check(request, i, beyondShare));

  const messages: NoticeMessage[] = [];
  const ruleOf = new Map(input.rules.map((r) => [r.promise, r]));
  const where = (id: string): Location => input.locations.promises.get(id) ?? { file: promisesFile, line: 1, column: 1 };
  const report = (id: string, count: number, example: string, cause?: Location) => {
    const promise = input.promises.find((p) => p.id === id);
    messages.push({
      ...where(id), ruleId: 'promise-broken', severity: 'error',
      reason: `Promise \`${id}\` is broken by ${count} request(s), for example ${example}`,
      expected: `the decision the promise allows (clauses ${promise?.clauses.map((c) => `\`${c}\``).join(', ') ?? '?'})`,
      ...(cause ? { cause } : {}),
    });
  };
  const rule = (id: string): Location | undefined => {
    const r = ruleOf.get(id);
    return r ? { file: r.file, line: r.line, column: r.column } : undefined;
  };
  for (const [id, entry] of Object.entries(result.broken)) {
    const request = requestAt(data, entry.first[0]!);
    report(id, entry.count, `${JSON.stringify(request)} (${describeRequest(request, data)})`, rule(id));
  }
  for (const [id, entry] of Object.entries(beyondShare.broken)) {
    const request = beyond[entry.first[0]!]!;
    report(id, entry.count, `${JSON.stringify(request)} (beyond the space's shapes)`, rule(id));
  }
  for (const [id, entry] of Object.entries(malformedShare.broken)) {
    const m = input.malformed[entry.first[0]!]!;
    report(id, entry.count, `the malformed request with ${m.what}: ${JSON.stringify(m.request)}`, rule(id));
  }
  const disagreements = [
    ...result.rejected.map((i) => JSON.stringify(requestAt(data, i))),
    ...beyondShare.rejected.map((i) => JSON.stringify(beyond[i])),
    ...malformedShare.rejected.map((i) => JSON.stringify(input.malformed[i]!.request)),
  ];
  if (disagreements.length > 0) {
    messages.push({
      file: 'policy/sharing/wellformed/wellformed.rego', line: 1, column: 1, ruleId: 'checked-not-decided', severity: 'error',
      reason: `The policy's own request check and the request schema disagree on ${disagreements.length} request(s), for example ${disagreements[0]}`,
      expected: 'the same answer as dist/policy/request.schema.json',
    });
  }

  const broken = Object.fromEntries(input.promises.map((p) => [p.id, (result.broken[p.id]?.count ?? 0) + (beyondShare.broken[p.id]?.count ?? 0) + (malformedShare.broken[p.id]?.count ?? 0)]));
  return {
    proof: {
      space: result.evaluated, coverage: spaceCoverage(data), threads: result.threads, seconds, ...(reused ? { reused } : {}), outcomes: result.outcomes[0]!,
      plausible: { requests: Object.values(result.plausible).reduce((a, b) => a + b, 0), outcomes: result.plausible },
      malformed: input.malformed.length, beyond: beyond.length, broken, disagreements: disagreements.length,
    },
    messages,
  };
}

/**
 * The check: the promises, stated once in content and as Rego, proven over the whole space and over
 * malformed requests (built from the requests the scenarios share) on the WASM runtime.
 */
export const promisesCheck: Check = {
  id: 'promises',
  async run(context) {
    const { root, dist, content, locations, report, decisions } = context;
    const rules = promiseRules(join(root, 'policy', 'sharing'), root);
    if (rulesReadable(join(root, 'policy', 'sharing'), root)) report.messages.push(...promiseRuleChecks(content.promises, rules, locations));
    const shared = [...decisions].filter(([, d]) => d.outcome === 'share' || d.outcome === 'share-minimum').map(([s]) => s.request as Record<string, unknown>);
    const bases = [...new Map(shared.map((r) => [JSON.stringify(r), r])).values()];
    context.malformed = malformedRequests(dist.data, bases);
    const proven = await provePromises({
      data: dist.data, wasm: dist.wasm, requestSchema: dist.requestSchema, promises: content.promises, locations, rules, malformed: context.malformed, ...(context.cache ? { cache: context.cache } : {}),
    });
    report.proof = proven.proof;
    report.messages.push(...proven.messages);
  },
};
