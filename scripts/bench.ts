// `npm run bench`: speed and memory, measured side by side in one run on this machine. Prints figures and
// ratios; asserts nothing. `npm run bench -- --write` also writes them into BENCHMARKS.md.
//   1. decisions/s and µs/decision of the TypeScript runtime in Node (warm, one thread): the ABI fast path
//      and the SDK path, against OPA's Go evaluator (`opa bench`) on the same bundle and the same input;
//   2. Node heap and WASM linear memory after 1,000,000 decisions, against after warm-up;
//   3. the full request space the content defines, end to end: the sweep as it was, the complete space
//      decided, and the complete space decided with every promise proven;
//   4. `npm run build`, split by stage;
//   5. the browser entry's size;
//   6. the change gate against mutants of the policy (scripts/impact/mutation-score.ts): the mutation score.
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { gunzipSync, gzipSync } from 'node:zlib';
import { readTar } from './tools/tar.ts';
import { loadRows } from './tools/load.ts';
import { join } from 'node:path';
import { createSharingPolicy, type SharingPolicy, type SharingRequest } from '../policy/runtime/core.ts';
import { mustRun, repoRoot } from './tools/opa.ts';
import { distPolicyDir, readDistPolicy } from './compile/dist-policy.ts';
import { informationSets, narrowSpace, requestSpace, spaceSize, type SpaceRequest } from './impact/space.ts';
import { decideSpace } from './impact/space-decide.ts';
import { mutationScore } from './impact/mutation-score.ts';

const write = process.argv.includes('--write');
const quick = process.argv.includes('--quick');
// (--no-build: measure the build already in dist/, as the test suite does, which has just built it.)
const rebuild = !process.argv.includes('--no-build');
const lines: string[] = [];
const say = (line = '') => {
  lines.push(line);
  console.log(line);
};

const policyDir = distPolicyDir(repoRoot);
const build = rebuild ? spawnSync(process.execPath, [join(repoRoot, 'scripts', 'build.ts')], { cwd: repoRoot, encoding: 'utf8' }) : undefined;
if (build && build.status !== 0) {
  console.error(build.stderr || build.stdout);
  process.exit(2);
}
const dist = await readDistPolicy(policyDir);
const { wasm, data } = dist;
const request: SharingRequest = { recipient: 'gp', purpose: 'individual-care', information: ['care-record'], consent: 'given', necessary_for_care: true, sharing_agreement: true };

const opaVersion = mustRun('opa', ['version']).split('\n')[0]!.replace('Version: ', '');
say('# Benchmarks');
say();
say(`Machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}; OPA ${opaVersion}; ${new Date().toISOString().slice(0, 10)}.`);
say('Measured side by side in one run of `npm run bench` (Node figures: the median of five rounds). This is a shared virtual machine: figures vary from run to run, by a third at times; compare the rows of one run, not runs.');

/**
 * µs per decision: the median of five rounds after a warm-up of two seconds (V8 compiles WebAssembly with a
 * baseline compiler first and optimises it in the background; the warm-up lets that finish), so neither
 * tiering nor one slow moment of the machine decides.
 */
function timePolicy(policy: SharingPolicy, requests: readonly SharingRequest[], count: number): number {
  const warm = performance.now() + (quick ? 500 : 2000);
  for (let i = 0; performance.now() < warm; i++) policy.decide(requests[i % requests.length]!);
  const rounds: number[] = [];
  const perRound = Math.ceil(count / 5);
  for (let round = 0; round < 5; round++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < perRound; i++) policy.decide(requests[i % requests.length]!);
    rounds.push(Number(process.hrtime.bigint() - start) / 1000 / perRound);
  }
  return rounds.sort((a, b) => a - b)[2]!;
}

// 1. Node runtime against OPA's Go evaluator, same bundle, same input.
const abi = await createSharingPolicy({ wasm, data: data as never, evaluation: 'abi' });
const sdk = await createSharingPolicy({ wasm, data: data as never, evaluation: 'sdk' });
const n = quick ? 50_000 : 300_000;
const abiUs = timePolicy(abi, [request], n);
const sdkUs = timePolicy(sdk, [request], n);
const inputFile = join(policyDir, '..', 'bench-input.json');
/** A Rego file for the Go floor: the decision's shape over the notice's data, with none of its rules. */
async function goFloorPolicy(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'notice-bench-go-floor-'));
  const file = join(dir, 'floor.rego');
  await writeFile(
    file,
    [
      'package floor',
      '',
      'outcome := "share" if {',
      '\tinput.consent == "given"',
      '\tinput.sharing_agreement == true',
      '\tinput.necessary_for_care == true',
      '\tdata.notice.purposes[input.purpose].benefits_care == true',
      '} else := "do-not-share"',
      '',
      'decision := {',
      '\t"outcome": outcome,',
      '\t"reasons": [{"clause": id, "text": data.notice.clauses[id].text} | some id in ["other-professionals", "strict-agreements", "recipient-gps"]],',
      '\t"information": input.information,',
      '\t"policy": {"notice_version": data.notice.version},',
      '}',
      '',
    ].join('\n'),
  );
  return file;
}
await writeFile(inputFile, JSON.stringify(request));
const goRuns = [
  { query: 'data.sharing.decision', flags: [] },
  { query: 'data.sharing.verdict', flags: [] },
  { query: 'data.sharing.decision', flags: ['--optimize-store-for-read-speed'] },
  // The policy's own request check alone (sharing.wellformed's malformed.rego, compiled from the schema).
  { query: 'data.sharing.malformed', flags: [] },
  // The floors: what `opa bench` takes on this machine for a query that reads nothing, and for a document of
  // the decision's shape (the notice's data, four comparisons, three reasons with their words) with none of
  // the notice's rules.
  { query: 'x := 1', flags: [] },
  { query: 'data.floor.decision', flags: ['--data', await goFloorPolicy()] },
].map(({ query, flags }) => {
  const out = JSON.parse(mustRun('opa', ['bench', '--format', 'json', ...flags, '--bundle', join(policyDir, 'bundle.tar.gz'), '--input', inputFile, query])) as { N: number; T: number };
  return { query, flags, us: out.T / out.N / 1000 };
});
say();
say('## Decisions in Node against OPA\'s Go evaluator');
say();
say(`One request (a GP, for care, consent given, necessary, agreement in place), ${n.toLocaleString('en-GB')} decisions each, warm, one thread.`);
say();
say('| engine | µs per decision | decisions per second | vs OPA Go (`data.sharing.decision`) |');
say('| --- | ---: | ---: | ---: |');
const goRun = (query: string) => goRuns.find((run) => run.query === query)!;
const goDecision = goRuns[0]!.us;
const row = (name: string, us: number) => say(`| ${name} | ${us.toFixed(2)} | ${Math.round(1e6 / us).toLocaleString('en-GB')} | ${(goDecision / us).toFixed(1)}× |`);
row('TypeScript runtime, ABI 1.2 fast path (default)', abiUs);
row('TypeScript runtime, through the SDK\'s evaluate', sdkUs);
const goName = (run: (typeof goRuns)[number]) => {
  if (run.query === 'x := 1') return '`opa bench` `x := 1`, a query that reads nothing (Go evaluator)';
  if (run.query === 'data.sharing.malformed') return '`opa bench` data.sharing.malformed, the policy\'s request check alone (Go evaluator)';
  if (run.query === 'data.floor.decision') return '`opa bench` a decision-shaped document with none of the notice\'s rules (Go evaluator)';
  return `\`opa bench${run.flags.map((f) => ` ${f}`).join('')}\` ${run.query} (Go evaluator)`;
};
for (const run of goRuns) row(goName(run), run.us);
say();
say(`Target for OPA's Go evaluator, \`opa bench\` ≤ 20 µs for \`data.sharing.decision\`: ${goDecision <= 20 ? 'met' : `not met (${goDecision.toFixed(0)} µs; on this machine \`opa bench\` takes ${goRun('x := 1').us.toFixed(1)} µs for a query that reads nothing and ${goRun('data.floor.decision').us.toFixed(1)} µs for a decision-shaped document with none of the notice's rules)`}. Servers should run with \`--optimize-store-for-read-speed\` (its row above).`);
say();
say(`The fast path is ${(sdkUs / abiUs).toFixed(1)}× the SDK path; the runtime is ${(goDecision / abiUs).toFixed(1)}× OPA's Go evaluator (target: 3×). Target 200,000 decisions/s (5 µs): ${abiUs <= 5 ? 'met' : `not met (${Math.round(1e6 / abiUs).toLocaleString('en-GB')}/s)`}.`);

// Where the time goes: the same call on a policy that returns a constant verdict (the floor of one call
// through the WASM module; a share of what the request asks, which the runtime holds every share to), and
// the real policy with request validation skipped.
const floorDir = await mkdtemp(join(tmpdir(), 'notice-bench-floor-'));
await writeFile(join(floorDir, 'floor.rego'), 'package sharing\n\n# METADATA\n# entrypoint: true\nverdict := ["share", ["care-team"], [], ["care-record"]]\n');
mustRun('opa', ['build', '-t', 'wasm', '-o', join(floorDir, 'floor.tar.gz'), join(floorDir, 'floor.rego')]);
const floorWasm = readTar(gunzipSync(await readFile(join(floorDir, 'floor.tar.gz')))).get('policy.wasm')!;
const floor = await createSharingPolicy({ wasm: new Uint8Array(floorWasm), data: data as never, checkRequest: () => [], pin: false });
const floorUs = timePolicy(floor, [request], n);
// Validation alone, on the instance measured above.
const validation = { decide: (r: SharingRequest) => abi.problems(r) } as unknown as SharingPolicy;
const validationUs = timePolicy(validation, [request], n);
say();
say('Where the time of one decision goes (same request, same run):');
say();
say('| part | µs |');
say('| --- | ---: |');
say(`| request validation (ajv standalone) | ${validationUs.toFixed(2)} |`);
say(`| one call through a WASM module that returns a constant verdict (JSON in and out, \`opa_eval\`) | ${floorUs.toFixed(2)} |`);
say(`| the rest: the sharing policy's own evaluation | ${(abiUs - validationUs - floorUs).toFixed(2)} |`);

// Under load: an OPA server and the embedded runtime behind Node's HTTP server, driven by autocannon.
say();
for (const line of await loadRows({ policyDir, seconds: quick ? 3 : 10 })) say(line);

// 2. Memory after 1,000,000 decisions.
const memoryPolicy = await createSharingPolicy({ wasm, data: data as never });
const varied = [...requestSpace(data)].filter((_, i) => i % 997 === 0) as unknown as SharingRequest[];
const gcOnce = (globalThis as unknown as { gc?: () => void }).gc;
const gc = gcOnce && (() => {
  gcOnce();
  gcOnce();
});
for (let i = 0; i < 20_000; i++) memoryPolicy.decide(varied[i % varied.length]!);
gc?.();
const heapBefore = process.memoryUsage().heapUsed;
const linearBefore = memoryPolicy.memoryBytes();
const million = quick ? 100_000 : 1_000_000;
for (let i = 0; i < million; i++) memoryPolicy.decide(varied[i % varied.length]!);
gc?.();
const heapAfter = process.memoryUsage().heapUsed;
const linearAfter = memoryPolicy.memoryBytes();
say();
say('## Memory');
say();
say(`${million.toLocaleString('en-GB')} decisions over ${varied.length} different requests, after a warm-up of 20,000${gc ? ' (garbage collected before each reading)' : ''}.`);
say();
say('| | after warm-up | after the decisions | growth |');
say('| --- | ---: | ---: | ---: |');
say(`| Node heap used | ${(heapBefore / 2 ** 20).toFixed(1)} MiB | ${(heapAfter / 2 ** 20).toFixed(1)} MiB | ${((heapAfter - heapBefore) / 2 ** 20).toFixed(1)} MiB |`);
say(`| WASM linear memory | ${(linearBefore / 2 ** 20).toFixed(2)} MiB | ${(linearAfter / 2 ** 20).toFixed(2)} MiB | ${((linearAfter - linearBefore) / 2 ** 20).toFixed(2)} MiB |`);
say();
say(`Target, no growth of WASM memory after warm-up: ${linearAfter === linearBefore ? 'met' : 'not met'}.`);

// 3. The full request space, end to end (generated, validated and decided one request at a time) over
// threads (one per core: this one and workers it starts, taking stretches in turn): the sweep as it was
// (the requests of the space's earlier shape: each recipient's own kinds, no claim or one claim), the
// complete space decided, and the complete space proven (decided and every promise checked, as `notice
// validate` does); then the complete space decided on this thread alone. Garbage collected before each.
const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)]!;
// The quick mode (a check that the bench runs, not a measurement) decides a narrow space of the same notice.
const narrowed = { recipients: ['gp', 'nhs-england', 'police-judicial'], purposes: ['individual-care', 'research-and-planning', 'crime-investigation'] };
const space = quick ? narrowSpace(data, narrowed) : data;
const size = spaceSize(space);
const rounds = quick ? 1 : 3;
const timedRounds = async <T>(run: () => Promise<T>): Promise<{ value: T; seconds: number; all: number[] }> => {
  const all: number[] = [];
  let value: T | undefined;
  for (let round = 0; round < rounds; round++) {
    gc?.();
    const start = process.hrtime.bigint();
    value = await run();
    all.push(Number(process.hrtime.bigint() - start) / 1e9);
  }
  return { value: value!, seconds: median(all), all };
};
// The earlier shape: each recipient's own kinds, with no claim or a single claim (waiting, or confirmed only
// where it needs confirming; never rejected, which that shape did not have).
const ownKinds = new Map(Object.keys(space.notice.recipients).map((r) => [r, informationSets(space, r)[0]!.join(',')]));
const earlierClaim = (claim: { id: string; status?: string } | undefined) =>
  claim === undefined || (claim.status !== 'rejected' && !(claim.status === 'confirmed' && data.notice.circumstances[claim.id]?.needs_review === false));
let earlier: SpaceRequest[] | undefined = [...requestSpace(space)].filter((r) => r.information.join(',') === ownKinds.get(r.recipient) && (r.circumstances?.length ?? 0) <= 1
  && earlierClaim(r.circumstances?.[0] as { id: string; status?: string } | undefined));
const earlierSweep = await timedRounds(async () => {
  let shares = 0;
  for (const each of earlier!) if (abi.decide(each as SharingRequest).outcome !== 'do-not-share') shares++;
  return shares;
});
// Let the earlier requests go before the space is decided, as `npm run validate` decides it in a process
// that holds little else (a heap kept full of them slows this thread's garbage collection).
const earlierLength = earlier.length;
earlier = undefined;
const requestSchema = dist.requestSchema!;
const decided = await timedRounds(() => decideSpace({ spaceData: space, policies: [{ wasm, data, checkRequests: true, requestSchema }] }));
const proven = await timedRounds(() => decideSpace({ spaceData: space, policies: [{ wasm, data, checkRequests: false, requestSchema }], prove: true }));
gc?.();
const oneStart = process.hrtime.bigint();
const outcomes = new Map<string, number>();
for (const each of requestSpace(space)) {
  const outcome = abi.decide(each as SharingRequest).outcome;
  outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
}
const oneThread = Number(process.hrtime.bigint() - oneStart) / 1e9;
const generateStart = process.hrtime.bigint();
for (const each of requestSpace(space)) void each;
const generated = Number(process.hrtime.bigint() - generateStart) / 1e9;
const parallel = decided.value;
const sameOutcomes = [...outcomes].every(([outcome, count]) => parallel.outcomes[0]![outcome] === count) && parallel.evaluated === size
  && [...outcomes].every(([outcome, count]) => proven.value.outcomes[0]![outcome] === count);
const brokenCount = Object.values(proven.value.broken).reduce((sum, b) => sum + b.count, 0);
const percent = (part: number, whole: number) => `${((100 * part) / whole).toFixed(1)}%`;
const plausibleTotal = Object.values(proven.value.plausible).reduce((a, b) => a + b, 0);
say();
say('## The full request space');
say();
if (quick) say(`Quick mode: a narrow space of the same notice (${narrowed.recipients.join(', ')}; ${narrowed.purposes.join(', ')}), not the notice's space: these figures are no measurement of the proof.`);
if (quick) say();
say(`The space (README, "How the proof works": a proof for its shapes, and only those): ${size.toLocaleString('en-GB')} requests (every recipient × purpose × consent state × opt-outs × necessity × agreement, with processor disclosure; each with the recipient's own kinds of information and every circumstance claim: none, each alone waiting, confirmed or rejected, each twice (confirmed with waiting, confirmed with rejected), each pair confirmed; and with every other set of kinds: each alone, a programme's together, with one outside them, all; and each other kind alone with each single claim, with no flag or with need and agreement). Each request is generated, validated and decided on its own; "proven" also checks every promise of \`content/promises.yaml\` on it (\`sharing/promises/check\`, as \`npm run validate\` does). ${rounds === 1 ? 'One round each' : `The median of ${rounds} rounds each`} (rounds: earlier sweep ${earlierSweep.all.map((t) => t.toFixed(2)).join(', ')} s; decided ${decided.all.map((t) => t.toFixed(2)).join(', ')} s; proven ${proven.all.map((t) => t.toFixed(2)).join(', ')} s).`);
say();
say('| | requests | total | requests per second |');
say('| --- | ---: | ---: | ---: |');
say(`| the sweep as it was (each recipient's own kinds, no claim or one claim: the space's earlier shape), one thread | ${earlierLength.toLocaleString('en-GB')} | ${earlierSweep.seconds.toFixed(2)} s | ${Math.round(earlierLength / earlierSweep.seconds).toLocaleString('en-GB')} |`);
say(`| the space, decided, ${parallel.threads} threads (one per core, stretches of 2,000 taken in turn) | ${size.toLocaleString('en-GB')} | ${decided.seconds.toFixed(2)} s | ${Math.round(size / decided.seconds).toLocaleString('en-GB')} |`);
say(`| **the space, decided and every promise proven**, ${proven.value.threads} threads | ${size.toLocaleString('en-GB')} | **${proven.seconds.toFixed(2)} s** | ${Math.round(size / proven.seconds).toLocaleString('en-GB')} |`);
say(`| the space, decided, one thread (of which generating the requests: ${generated.toFixed(2)} s) | ${size.toLocaleString('en-GB')} | ${oneThread.toFixed(2)} s | ${Math.round(size / oneThread).toLocaleString('en-GB')} |`);
say();
say(`Outcomes over the space: ${[...outcomes].sort().map(([o, c]) => `${o} ${c.toLocaleString('en-GB')} (${percent(c, size)})`).join(', ')}${sameOutcomes ? ' (every run counted the same)' : ' (THE RUNS COUNTED DIFFERENTLY)'}.`);
say(`Over the ${plausibleTotal.toLocaleString('en-GB')} requests an app would plausibly send (the notice names the recipient for the purpose, the recipient's own kinds, claims only of circumstances that reach it): ${Object.entries(proven.value.plausible).sort().map(([o, c]) => `${o} ${percent(c, plausibleTotal)}`).join(', ')}. Nearly every \`refer\` there is a claimed circumstance that waits for the Caldicott Guardian's judgement (is the harm serious? is this the nearest relative?), which the notice leaves to a person.`);
say(`Promises broken: ${brokenCount}; requests where the policy's own check and the request schema disagree: ${proven.value.rejected.length}.`);
say(`Target, the space decided and proven in under 10 s: ${quick ? 'not measured (quick mode)' : proven.seconds < 10 ? 'met' : `not met (${proven.seconds.toFixed(1)} s)`}.`);

// 4. The build, by stage (the build at the top of this run).
say();
say('## `npm run build`, by stage');
say();
if (build) {
  say('| stage | ms |');
  say('| --- | ---: |');
  for (const line of build.stdout.split('\n')) {
    const match = /^(.+?)\s+(\d+) ms$/.exec(line);
    if (match) say(`| ${match[1]!.trim()} | ${match[2]} |`);
  }
} else say('Not measured in this run (--no-build).');

// 5. What a browser downloads: the runtime's browser entries, bundled and minified as a page would ship them:
// the main one (through the OPA SDK) and the edge one (OPA's ABI alone), side by side.
{
  const { build: bundle } = await import('esbuild');
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
  // An entry with every export kept, or an app of a few lines that loads the policy and decides (what a
  // page ships: the bundler leaves out what it does not use).
  const appDir = await mkdtemp(join(tmpdir(), 'notice-bench-app-'));
  const measure = async (file: string, asApp = false) => {
    const entry = join(repoRoot, 'policy', 'runtime', file);
    if (asApp) await writeFile(join(appDir, `${file}.js`), `import { loadSharingPolicy } from ${JSON.stringify(entry)};\nconst policy = await loadSharingPolicy();\nconsole.log(policy.decide({ recipient: 'gp', purpose: 'individual-care', information: ['care-record'], consent: 'given' }).outcome);\n`);
    const bundled = await bundle({ entryPoints: [asApp ? join(appDir, `${file}.js`) : entry], bundle: true, minify: true, format: 'esm', platform: 'browser', target: 'es2022', write: false, metafile: true, logLevel: 'silent' });
    const code = bundled.outputFiles[0]!.contents;
    const byPackage = new Map<string, number>();
    for (const [input, { bytesInOutput }] of Object.entries(Object.values(bundled.metafile.outputs)[0]!.inputs)) {
      const match = /.*node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
      const name = match ? match[1]! : 'this package\'s runtime';
      byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput);
    }
    return { minified: code.byteLength, gzipped: gzipSync(code).byteLength, byPackage };
  };
  const main = await measure('browser.ts');
  const edge = await measure('edge.ts');
  const mainApp = await measure('browser.ts', true);
  const edgeApp = await measure('edge.ts', true);
  const target = 15 * 1024;
  say();
  say('## The browser entries');
  say();
  say(`Each bundled and minified by esbuild (ES module, every export kept), besides policy.wasm (${kib(wasm.byteLength)}) and data.json, which it fetches. \`/edge\` loads the policy by OPA's WebAssembly ABI alone; the main entry through the OPA SDK, which loads a policy through \`yaml\` (for YAML data, which this runtime never passes) and gives no way to leave it out.`);
  say();
  say('| entry | minified | gzipped | target (gzipped) | of which, minified |');
  say('| --- | ---: | ---: | ---: | --- |');
  for (const [name, measured, goal] of [
    ['`@msefnhst/privacy-notice` (browsers), every export', main, undefined],
    ['`@msefnhst/privacy-notice/edge`, every export', edge, target],
    ['an app that loads the policy and decides, with the main entry', mainApp, undefined],
    ['an app that loads the policy and decides, with `/edge`', edgeApp, target],
  ] as const) {
    const parts = [...measured.byPackage].sort((a, b) => b[1] - a[1]).map(([pkg, bytes]) => `${pkg} ${kib(bytes)}`).join(', ');
    say(`| ${name} | ${kib(measured.minified)} | **${kib(measured.gzipped)}** | ${goal ? `${kib(goal)}: ${measured.gzipped <= goal ? 'met' : 'not met'}` : '—'} | ${parts} |`);
  }
  say();
  say(`The edge entry is ${(main.gzipped / edge.gzipped).toFixed(1)}× smaller gzipped; both decide alike (\`policy/runtime/edge.test.ts\` compares them over every scenario and a sample of the space).`);
}

// 6. The change gate against mutants of the policy's own Rego: each compiled by OPA and decided beside the
// policy on what the gate decides (stopping at the first change), then, if it got through, on requests the
// gate never sees. The quick mode measures one mutant of each kind.
{
  const mutantCount = quick ? 7 : 320;
  const score = await mutationScore({
    root: repoRoot, policyDir: join(repoRoot, 'policy', 'sharing'), dataFile: join(policyDir, 'data.json'), capabilitiesFile: join(policyDir, 'capabilities.json'),
    wasm, data, count: mutantCount, beyond: 50_000, judge: quick ? 20_000 : 200_000, spaceData: space,
  });
  const fates = ['stillborn', 'killed', 'escaped', 'unchanged'] as const;
  say();
  say('## The change gate against mutants of the policy');
  say();
  say(`${score.results.length} mutants of the Rego that decides (\`policy/sharing\`, not the promises nor the explanation), drawn seeded from the ${score.generated} the generator makes (\`scripts/impact/mutants.ts\`: each kind of edit in turn), each compiled by OPA and decided beside the policy on the requests the gate decides — the scenarios', ${(50_000).toLocaleString('en-GB')} beyond the space, the space — stopping at the first change (\`--fail-on-change\` fails on it: a mutant has no scenario or acceptance). One the gate lets through is decided on ${score.judged.toLocaleString('en-GB')} requests the gate never sees, aimed at the space's gaps: a change there means it **escaped**; none, that it changes no decision found (\`unchanged\`, perhaps equivalent). Stillborn: OPA refused to compile it. ${score.seconds.toFixed(0)} s in all.`);
  say();
  say(`| edit | ${fates.join(' | ')} |`);
  say(`| --- | ${fates.map(() => '---:').join(' | ')} |`);
  for (const [operator, counts] of Object.entries(score.byOperator)) say(`| ${operator} | ${fates.map((f) => counts[f]).join(' | ')} |`);
  const where = (place: string) => score.results.filter((r) => r.foundIn === place).length;
  say();
  say(`Killed ${score.killed} (found by the scenarios ${where('scenarios')}, beyond the space ${where('beyond')}, in the space ${where('space')}); escaped ${score.escaped}.`);
  for (const r of score.results.filter((result) => result.fate === 'escaped')) {
    say(`- escaped: \`${r.mutant.file}:${r.mutant.line}\` ${r.mutant.operator} (${r.mutant.change.replace(/\|/g, '\\|')}): ${JSON.stringify(r.example!.request)} ${r.example!.before} → ${r.example!.after}`);
  }
  say();
  say(`Mutation score (killed / (killed + escaped)): **${(100 * score.score).toFixed(1)}%**. Goal: 100%${quick ? ' (quick mode: one mutant of each kind, on the narrow space)' : ''}. What it measures: edits of the Rego's own conditions, ids, outcomes and booleans, and narrow widenings on a purpose, recipient, consent state or one kind. No mutant reads what the space leaves out (claim order or count, a status written out, a \`false\`, \`[]\` or \`{}\`, disclosure for a non-processor: the gaps the reports list), and hand-written edits there pass the gate.`);
}

// 7. The validator end to end, as CI runs it on a pull request: `npm run validate` (the proof), and with
// `--base` against a commit whose policy differs (the proof and the change impact), each first with an
// empty cache (a fresh CI machine), then again with what that run kept (space-cache.ts). Not in the quick
// mode, which decides no whole space.
{
  say();
  say('## The validator end to end');
  say();
  if (quick) say('Not measured in the quick mode.');
  else {
    const validateRun = (args: string[], cacheDir: string) => {
      const start = process.hrtime.bigint();
      const run = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'validate.ts'), ...args, '--format', 'json'], { cwd: repoRoot, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, NOTICE_CACHE_DIR: cacheDir } });
      const report = (() => {
        try {
          return JSON.parse(run.stdout) as { impact?: { samePolicy?: boolean; evaluated?: number } };
        } catch {
          return undefined;
        }
      })();
      return { seconds: Number(process.hrtime.bigint() - start) / 1e9, status: run.status, samePolicy: report?.impact?.samePolicy === true };
    };
    const shown = (r: { seconds: number; status: number | null }) => (r.status === 2 || r.status === null ? 'could not run' : `${r.seconds.toFixed(1)} s`);
    const alone = await mkdtemp(join(tmpdir(), 'bench-cache-'));
    const first = validateRun([], alone);
    const again = validateRun([], alone);
    // A base whose policy differs (a base with the same policy bytes is compared in no time): the commit
    // before each recent change to the content's YAML or the Rego, newest first, until one differs.
    const candidates = spawnSync('git', ['log', '-n', '12', '--format=%H', '--', 'content/*.yaml', 'policy/sharing'], { cwd: repoRoot, encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
    let base: string | undefined;
    let baseFirst: ReturnType<typeof validateRun> | undefined;
    let baseAgain: ReturnType<typeof validateRun> | undefined;
    for (const commit of candidates) {
      if (spawnSync('git', ['rev-parse', '--verify', '--quiet', `${commit}~1`], { cwd: repoRoot }).status !== 0) break;
      // Tried with the proof kept from the runs above (only whether the policies differ is read from it).
      if (validateRun(['--base', `${commit.slice(0, 12)}~1`], alone).samePolicy) continue;
      base = `${commit.slice(0, 12)}~1`;
      const withBase = await mkdtemp(join(tmpdir(), 'bench-cache-'));
      baseFirst = validateRun(['--base', base], withBase);
      baseAgain = validateRun(['--base', base], withBase);
      break;
    }
    say(`Each run a subprocess, as CI runs it: the content checked, the policy rebuilt if stale, every scenario, the proof over the whole space, OPA's Go evaluator on the scenarios and a sample, and, with \`--base\`, the base built in a worktree and both policies compared over the space. "Empty cache" is a fresh CI machine; "kept" runs again with what the first run kept (README, "Decided once, reused after"). The base: ${base ? `\`${base}\`, the commit before the latest change to the content's YAML or the Rego after which the policy differs from this checkout's (a base with the same policy bytes is compared in no time)` : 'none found (no history, or no recent base with another policy)'}.`);
    say();
    say('| | empty cache | kept | target |');
    say('| --- | ---: | ---: | ---: |');
    say(`| \`npm run validate\` | ${shown(first)} | ${shown(again)} | 10 s |`);
    say(`| \`npm run validate -- --base <base>\` | ${baseFirst ? shown(baseFirst) : 'not measured'} | ${baseAgain ? shown(baseAgain) : 'not measured'} | 15 s |`);
    say();
    say(`Targets (issue "A proof as wide as its claim"), on an empty cache, as on a pull request: validate under 10 s ${first.seconds < 10 ? 'met' : 'not met'}; with \`--base\` under 15 s ${baseFirst && baseFirst.seconds < 15 ? 'met' : 'not met'}. A kept result counts only where nothing it depends on changed, so it is no answer to these targets.`);
  }
}

// The test suite's time is not measured here (it runs for many minutes, and a busy machine is part of the
// figure): it is measured by running `bash .ci/run` on a fresh clone, quiet and beside another job, and
// written by hand between the markers below, which a run of the bench keeps as they are.
if (write) {
  const before = await readFile(join(repoRoot, 'BENCHMARKS.md'), 'utf8').catch(() => '');
  const suite = /<!-- suite:start -->[\s\S]*?<!-- suite:end -->/.exec(before)?.[0];
  await writeFile(join(repoRoot, 'BENCHMARKS.md'), `${lines.join('\n')}\n${suite ? `\n${suite}\n` : ''}`);
}
