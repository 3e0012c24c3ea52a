import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// One place per run where the space's decisions are kept (scripts/impact/space-cache.ts): the first test
// that proves a policy decides its space; every other test, and every `notice validate` it starts, that
// proves the same policy with the same code reads that result, and its report says it was reused. A new
// run starts empty, so each run decides for itself.
const cacheDir = process.env.NOTICE_CACHE_DIR ?? mkdtempSync(join(tmpdir(), 'notice-cache-'));

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'policy/**/*.test.ts', 'scripts/**/*.test.ts'],
    env: { NOTICE_CACHE_DIR: cacheDir },
    // A limit for a test that hangs, not for a slow machine: no test's pass depends on how busy the
    // machine is (the slowest take a few minutes on two busy cores).
    testTimeout: 1_200_000,
    hookTimeout: 1_200_000,
    // The pack test installs into a temporary project; keep files' work apart but not starved.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
