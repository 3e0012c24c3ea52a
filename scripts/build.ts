// `npm run build`: content -> generated data, schemas and types -> policy.wasm and bundle -> runtime JS
// -> the package apps install (dist/package) -> the published notice (dist/site).
// Prints each stage's time. Exits 1 when the content has errors (listed as file:line:col), 2 when a
// stage could not run. With NOTICE_SIGNING_KEY (a PEM private key file; NOTICE_SIGNING_ALG, default
// RS256) the bundle is signed, and OPA servers verify it when they load it.
import { join } from 'node:path';
import { generateContentTypes } from './compile/generate.ts';
import { repoRoot } from './tools/opa.ts';
import { timed, type Timing } from './tools/timing.ts';

try {
  const timings: Timing[] = [];
  await timed(timings, 'schema types', generateContentTypes);
  // Imported after the content types exist, so a fresh clone type-checks in one build.
  const { buildPolicyArtifacts } = await import('./compile/pipeline.ts');
  const { formatPretty } = await import('./report/index.ts');
  const signingKey = process.env.NOTICE_SIGNING_KEY;
  const signing = signingKey ? { key: signingKey, ...(process.env.NOTICE_SIGNING_ALG ? { algorithm: process.env.NOTICE_SIGNING_ALG } : {}) } : undefined;
  const result = await buildPolicyArtifacts(repoRoot, undefined, signing);
  timings.push(...result.timings);
  if (result.messages.length > 0) console.error(formatPretty(result.messages));
  if (!result.built || !result.content || !result.locations) {
    console.error(`\n${result.messages.length} problem(s) in content/: nothing was built.`);
    process.exit(1);
  }
  // The notice and the Rego must agree before anything is published: every rule's METADATA names a clause
  // and a promise that exist, every clause marked as a rule and every promise has its rule, and the Rego
  // compiles (tests included). The same checks as npm run validate's, which also runs the scenarios.
  const { policyAgreement } = await import('./validator/checks/policy.ts');
  const agreement = (await policyAgreement(repoRoot, result.content, result.locations)).filter((m) => m.severity === 'error');
  if (agreement.length > 0) {
    console.error(formatPretty(agreement));
    console.error(`\n${agreement.length} problem(s) between content/ and policy/: the site was not built (dist/policy holds the policy for npm run validate to report on; do not publish it).`);
    process.exit(1);
  }
  const { compileRuntime } = await import('./compile/runtime-build.ts');
  await timed(timings, 'runtime (tsc)', () => compileRuntime(repoRoot));
  const { assemblePackage } = await import('./compile/package.ts');
  await timed(timings, 'package', () => assemblePackage(repoRoot));
  const { prepareSite, buildSite, writeHostingHeaders } = await import('./compile/site-build.ts');
  const content = result.content;
  await timed(timings, 'site (astro)', async () => {
    await prepareSite(repoRoot, content);
    // Every released version, for /versions/ and /changes/ (an earlier one built from its commit).
    const { buildVersions } = await import('./compile/versions.ts');
    for (const version of await buildVersions(repoRoot, content)) {
      if (version.missing) console.error(`version ${version.version} is not published: ${version.missing}`);
    }
    buildSite(repoRoot);
    // NHS.UK frontend's stylesheet, trimmed to what each page uses and written into it (the hosts' headers
    // then allow those styles by their hashes); scripts fetched at low priority.
    const { inlineStylesheets } = await import('./compile/page-assets.ts');
    const styles = await inlineStylesheets(join(repoRoot, 'dist', 'site'));
    await writeHostingHeaders(repoRoot, styles.map((style) => style.hash));
    const largest = styles.reduce((a, b) => (b.after > a.after ? b : a));
    console.log(`stylesheets: each page's own written into it, ${(largest.after / 1024).toFixed(1)} KB at most (${largest.page}) of NHS.UK's ${(largest.before / 1024).toFixed(1)} KB`);
  });
  // Plain English: each page's own words (the notice's quoted words aside), printed for whoever builds.
  const { siteReadability, maxGrade, maxSentenceWords } = await import('./compile/site-build.ts');
  const measured = await siteReadability(repoRoot);
  const over = measured.filter(([, r]) => r.grade > maxGrade || r.longest.words > maxSentenceWords);
  console.log(`reading grade per page (Flesch-Kincaid, the notice's own words and released change-log entries aside; aim ${maxGrade} or below, sentences of ${maxSentenceWords} words at most): ${measured.map(([path, r]) => `${path} ${r.grade}`).join(', ')}`);
  for (const [path, r] of over) console.log(`  ${path}: grade ${r.grade}, longest sentence ${r.longest.words} words: "${r.longest.text}"`);
  for (const [name, ms] of timings) console.log(`${name.padEnd(14)} ${ms.toFixed(0).padStart(6)} ms`);
  console.log(`policy.wasm sha256 ${result.built.wasmSha256}`);
  console.log(`built dist/policy (notice ${result.content.notice.notice.version})${signing ? ', bundle signed' : ''}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(2);
}
