// The policy part of the build, for any checkout (the working tree, or a base ref's worktree):
// content -> data.json, request schema, generated runtime modules -> policy.wasm and bundle.tar.gz.
// Records a hash of its sources so the validator can tell when dist/ is stale. Node-only.
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { LoadResult } from '../content/content.ts';
import { loadContentDir } from '../content/content-node.ts';
import { generateBuildHashes, generateFromContent } from './generate.ts';
import { buildPolicy, wasmCapabilities, type PolicyBuild, type Signing } from './policy-build.ts';
import { timed as timedIn, type Timing } from '../tools/timing.ts';
import { compilerMessages } from './compiler-messages.ts';

export const sourceHashFile = 'source.sha256';

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name)).sort();
}

/** A hash of everything the policy artifacts are built from: content/ and the Rego. */
export async function sourceHash(root: string): Promise<string> {
  const hash = createHash('sha256');
  const files = [...(await listFiles(join(root, 'content'))), ...(await listFiles(join(root, 'policy', 'sharing'))).filter((f) => f.endsWith('.rego') && !f.endsWith('_test.rego'))];
  for (const file of files) hash.update(relative(root, file)).update('\0').update(await readFile(file)).update('\0');
  return hash.digest('hex');
}

export async function isStale(root: string): Promise<boolean> {
  const recorded = await readFile(join(root, 'dist', 'policy', sourceHashFile), 'utf8').catch(() => '');
  return recorded.trim() !== (await sourceHash(root));
}

export interface ArtifactBuild extends LoadResult {
  built?: PolicyBuild;
  timings: Timing[];
}

/** Builds dist/policy for the checkout at `root`. Stops (without `built`) when the content has errors. */
export async function buildPolicyArtifacts(root: string, outDir = join(root, 'dist', 'policy'), signing?: Signing): Promise<ArtifactBuild> {
  const timings: Timing[] = [];
  const timed = <T>(stage: string, run: () => Promise<T>) => timedIn(timings, stage, run);
  const loaded = await timed('content', () => loadContentDir(join(root, 'content'), root));
  if (!loaded.content) return { ...loaded, timings };
  const content = loaded.content;
  await timed('generate', () => generateFromContent(content, outDir, root));
  let built: PolicyBuild;
  try {
    built = await timed('policy wasm', async () => {
      await mkdir(outDir, { recursive: true });
      const capabilitiesFile = join(outDir, 'capabilities.json');
      await writeFile(capabilitiesFile, await wasmCapabilities());
      return buildPolicy({ outDir, dataFile: join(outDir, 'data.json'), capabilitiesFile, revision: content.notice.notice.version, regoDir: join(root, 'policy', 'sharing'), cwd: root, ...(signing ? { signing } : {}) });
    });
  } catch (error) {
    // Rego that OPA cannot compile (to WASM, or at all) is a finding at its line, not a crash.
    const output = error instanceof Error ? error.message : String(error);
    if (!/rego_[a-z_]+/.test(output)) throw error;
    return { ...loaded, content: undefined, messages: [...loaded.messages, ...compilerMessages(output, root)], timings } as ArtifactBuild;
  }
  // The runtime pins what it loads to this build, by default.
  const dataBytes = await readFile(join(outDir, 'data.json'));
  await generateBuildHashes(root, { noticeVersion: content.notice.notice.version, wasmSha256: built.wasmSha256, dataSha256: createHash('sha256').update(dataBytes).digest('hex') });
  await writeFile(join(outDir, sourceHashFile), `${await sourceHash(root)}\n`);
  return { ...loaded, built, timings };
}
