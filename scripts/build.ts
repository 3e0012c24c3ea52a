// `npm run build`: content -> generated data, schemas and types -> policy.wasm and bundle -> runtime JS.
// Prints each stage's time. Exits 1 when the content has errors (listed as file:line:col), 2 when a
// stage could not run.
import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateContentTypes, generateFromContent } from './lib/generate.ts';
import { repoRoot } from './lib/opa.ts';

export const policyOut = join(repoRoot, 'dist', 'policy');

const stages: [string, number][] = [];
async function stage<T>(name: string, run: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await run();
  stages.push([name, performance.now() - start]);
  return result;
}

try {
  await stage('schema types', generateContentTypes);
  // Imported after the types exist, so a fresh clone type-checks in one build.
  const { loadContentDir } = await import('./lib/content-node.ts');
  const { formatPretty } = await import('./lib/reporters.ts');
  const loaded = await stage('content', () => loadContentDir(join(repoRoot, 'content'), repoRoot));
  if (loaded.messages.length > 0) console.error(formatPretty(loaded.messages));
  if (!loaded.content) {
    console.error(`\n${loaded.messages.length} problem(s) in content/: nothing was built.`);
    process.exit(1);
  }
  const content = loaded.content;
  await stage('generate', () => generateFromContent(content, policyOut));
  const { buildPolicy, wasmCapabilities } = await import('./lib/policy-build.ts');
  const built = await stage('policy wasm', async () => {
    await mkdir(policyOut, { recursive: true });
    const capabilitiesFile = join(policyOut, 'capabilities.json');
    await writeFile(capabilitiesFile, await wasmCapabilities());
    return buildPolicy({ outDir: policyOut, dataFile: join(policyOut, 'data.json'), capabilitiesFile, revision: content.notice.notice.version });
  });
  await stage('runtime', async () => {
    const tsc = spawnSync(process.execPath, [join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], {
      cwd: repoRoot,
      stdio: 'inherit',
    });
    if (tsc.status !== 0) throw new Error('tsc -p tsconfig.build.json failed');
  });
  for (const [name, ms] of stages) console.log(`${name.padEnd(14)} ${ms.toFixed(0).padStart(6)} ms`);
  console.log(`policy.wasm sha256 ${built.wasmSha256}`);
  console.log(`built ${join('dist', 'policy')} (notice ${content.notice.notice.version})`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(2);
}
