import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'policy/**/*.test.ts', 'scripts/**/*.test.ts'],
    // Generous: several tests build a policy, start OPA or drive Chromium on a two-core machine.
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // The pack test installs into a temporary project; keep files' work apart but not starved.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
