// The scenario files (test/scenarios/**/*.yaml) as written, for the tools and tests that drive requests
// through an engine: the bench's load, OPA servers, the site's checker. No checks: `npm run validate`
// checks them (scripts/content/scenario-files.ts) with positions.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from './opa.ts';

export interface WrittenScenario<Request = unknown> {
  id: string;
  request: Request;
  expect: { outcome?: string; rejected?: true };
}

/** Every scenario, its files in path order. */
export async function readScenarios<Request = unknown>(root = repoRoot): Promise<WrittenScenario<Request>[]> {
  const dir = join(root, 'test', 'scenarios');
  const files = (await readdir(dir, { recursive: true })).filter((f) => f.endsWith('.yaml')).sort();
  const read = await Promise.all(files.map(async (f) => (parse(await readFile(join(dir, f), 'utf8')) as { scenarios: WrittenScenario<Request>[] }).scenarios));
  return read.flat();
}

/** The scenarios the notice decides (not those the runtime rejects). */
export async function decidedScenarios<Request = unknown>(root = repoRoot): Promise<WrittenScenario<Request>[]> {
  return (await readScenarios<Request>(root)).filter((scenario) => !scenario.expect.rejected);
}
