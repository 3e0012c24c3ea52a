// `npm run bench` as a developer runs it (its quick mode): it runs to the end and prints every section. It
// asserts no figure (speed is the bench's to report, not a test's); a change that stops the bench (a runtime
// that refuses its floor module, say) fails here instead of going unseen until someone measures.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from './helpers.ts';

describe('npm run bench', () => {
  it('runs to the end in its quick mode and prints each section, without writing BENCHMARKS.md', () => {
    const before = readFileSync(join(root, 'BENCHMARKS.md'), 'utf8');
    const run = spawnSync(process.execPath, ['--expose-gc', join(root, 'scripts', 'bench.ts'), '--quick', '--no-build'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    expect(run.stderr).not.toMatch(/Error/);
    expect(run.status).toBe(0);
    for (const heading of ['## Decisions in Node against OPA\'s Go evaluator', 'Where the time of one decision goes', '## Under load over HTTP', '## Memory', '## The validator end to end']) {
      expect(run.stdout).toContain(heading);
    }
    expect(run.stdout).toMatch(/Target, the space decided and proven in under 10 s: (met|not met|not measured \(quick mode\))/);
    // One mutant of each kind of edit, measured against the gate: the section runs and prints its score.
    expect(run.stdout).toContain('## The change gate against mutants of the policy');
    // The browser entries side by side, the edge one against its 15 KiB target.
    expect(run.stdout).toMatch(/\| `@msefnhst\/privacy-notice\/edge`, every export \| [\d.]+ KiB \| \*\*[\d.]+ KiB\*\* \| 15\.0 KiB: (met|not met) \|/);
    expect(run.stdout).toMatch(/\| an app that loads the policy and decides, with `\/edge` \| [\d.]+ KiB \| \*\*[\d.]+ KiB\*\* \| 15\.0 KiB: (met|not met) \|/);
    expect(run.stdout).toMatch(/Mutation score \(killed \/ \(killed \+ escaped\)\): \*\*\d+\.\d%\*\*/);
    expect(readFileSync(join(root, 'BENCHMARKS.md'), 'utf8')).toBe(before);
  });
});
