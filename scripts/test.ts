// `npm test`: builds, then runs every check on the real compiled policy and reports one closing line.
//   Rego: opa fmt, opa check --strict, opa test with 100% coverage enforced, Regal.
//   TypeScript: tsc --noEmit over the whole project.
//   Vitest: content, runtime, CLI, reproducibility, the packed package.
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot, runTool } from './tools/opa.ts';

const dataFile = join(repoRoot, 'dist', 'policy', 'data.json');
// The notice's policy, and OPA's own authorization policy for servers that serve it.
const regoDirs = [join('policy', 'sharing'), join('policy', 'system')];
let passed = 0;
let failed = 0;
const failures: string[] = [];

function check(name: string, ok: boolean, output: string, count = 1): void {
  if (ok) {
    passed += count;
    console.log(`ok    ${name}`);
  } else {
    failed += Math.max(count, 1);
    failures.push(name);
    console.log(`FAIL  ${name}\n${output.trim()}\n`);
  }
}

function node(args: string[], options: { stdio?: 'inherit' | 'pipe' } = {}) {
  return spawnSync(process.execPath, args, { cwd: repoRoot, encoding: 'utf8', stdio: options.stdio ?? 'pipe', maxBuffer: 64 * 1024 * 1024 });
}

const build = node([join('scripts', 'build.ts')], { stdio: 'inherit' });
if (build.status !== 0) {
  console.log('build failed: nothing else was run');
  console.log('\ntests: 0 passed, 1 failed');
  process.exit(1);
}

const fmt = runTool('opa', ['fmt', '--list', '--fail', 'policy']);
check('opa fmt (policy/ is formatted)', fmt.status === 0, `${fmt.stdout}${fmt.stderr}`);

const strict = runTool('opa', ['check', '--strict', ...regoDirs, dataFile]);
check('opa check --strict', strict.status === 0, `${strict.stdout}${strict.stderr}`);

const opaTest = runTool('opa', ['test', '--format', 'json', ...regoDirs, dataFile]);
const regoResults = (() => {
  try {
    return JSON.parse(opaTest.stdout) as { name: string; package: string; fail?: boolean; error?: unknown }[];
  } catch {
    return [];
  }
})();
const regoFailed = regoResults.filter((r) => r.fail || r.error);
passed += regoResults.length - regoFailed.length;
failed += regoFailed.length;
if (opaTest.status !== 0 || regoResults.length === 0) {
  failures.push('opa test');
  if (regoFailed.length === 0) failed++;
  console.log(`FAIL  opa test\n${regoFailed.map((r) => `  ${r.package}.${r.name}`).join('\n')}${opaTest.stderr}`);
} else console.log(`ok    opa test (${regoResults.length} Rego tests)`);

const coverage = runTool('opa', ['test', '--coverage', '--threshold', '100', ...regoDirs, dataFile]);
let coverageSummary = '';
try {
  const report = JSON.parse(coverage.stdout) as { coverage: number; files: Record<string, { not_covered?: { start: { row: number } }[] }> };
  coverageSummary = `${report.coverage.toFixed(2)}%`;
  for (const [file, entry] of Object.entries(report.files)) {
    if (entry.not_covered) coverageSummary += `\n  ${file}: lines ${entry.not_covered.map((r) => r.start.row).join(', ')} not covered`;
  }
} catch {
  coverageSummary = coverage.stderr;
}
check(`opa test --coverage --threshold 100 (${coverageSummary.split('\n')[0]})`, coverage.status === 0, coverageSummary);

const regal = runTool('regal', ['lint', '--format', 'compact', 'policy']);
check('regal lint', regal.status === 0, `${regal.stdout}${regal.stderr}`);

const tsc = node([join('node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', 'tsconfig.json']);
check('tsc --noEmit', tsc.status === 0, `${tsc.stdout}${tsc.stderr}`);

const reportDir = await mkdtemp(join(tmpdir(), 'vitest-'));
const reportFile = join(reportDir, 'report.json');
const vitest = node([join('node_modules', 'vitest', 'vitest.mjs'), 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${reportFile}`, ...process.argv.slice(2)], { stdio: 'inherit' });
try {
  const report = JSON.parse(await readFile(reportFile, 'utf8')) as { numPassedTests: number; numFailedTests: number; numTotalTests: number };
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  if (vitest.status !== 0) {
    failures.push('vitest');
    if (report.numFailedTests === 0) failed++;
  }
} catch {
  failures.push('vitest (no report)');
  failed++;
}

if (failures.length > 0) console.log(`\nfailed: ${failures.join(', ')}`);
console.log(`\ntests: ${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
