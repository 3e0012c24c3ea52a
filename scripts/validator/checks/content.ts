// The first check, which every other needs: the content loads and passes its own checks (schemas, ids,
// references, empty clauses, links), and dist/policy is rebuilt from it when stale. Without content that
// loads, the run stops here with the content's messages.
import { join } from 'node:path';
import { buildPolicyArtifacts, isStale } from '../../compile/pipeline.ts';
import { compileRuntime, hasCompiledRuntime } from '../../compile/runtime-build.ts';
import type { Content, ContentLocations } from '../../content/content.ts';
import { loadContentDir } from '../../content/content-node.ts';
import type { ValidateReport } from '../types.ts';

export async function contentCheck(root: string, report: ValidateReport): Promise<{ content: Content; locations: ContentLocations } | undefined> {
  report.rebuilt = await isStale(root);
  const loaded = report.rebuilt ? await buildPolicyArtifacts(root) : await loadContentDir(join(root, 'content'), root);
  // After a full build, the compiled CLI pins the policy it was built with: compile it again, so that
  // `npm run notice -- decide` decides with the policy just rebuilt.
  if (report.rebuilt && 'built' in loaded && loaded.built && hasCompiledRuntime(root)) compileRuntime(root);
  report.messages.push(...loaded.messages);
  return loaded.content && loaded.locations ? { content: loaded.content, locations: loaded.locations } : undefined;
}
