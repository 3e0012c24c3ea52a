// Build stages timed by name, for the build's report of where its time goes. Node-only.

/** A stage's name and how long it took, in ms. */
export type Timing = [stage: string, ms: number];

/** Runs a stage and records its time in `timings`, whether it succeeds or throws. */
export async function timed<T>(timings: Timing[], stage: string, run: () => T | Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    return await run();
  } finally {
    timings.push([stage, performance.now() - start]);
  }
}
