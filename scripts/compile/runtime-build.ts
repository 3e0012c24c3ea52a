// The runtime apps and the `notice` CLI run, compiled to JavaScript in dist/ (tsc -p tsconfig.build.json),
// with the request validator ajv generated copied beside it. Run by `npm run build`, and again by a
// validate or diff that rebuilt dist/policy after a full build, so that `npm run notice` pins the policy
// now in dist/policy, not the one built before. Node-only.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

/** Compiles the runtime and the CLI into `root`/dist; throws when tsc fails. */
export function compileRuntime(root: string): void {
  const tsc = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  if (tsc.status !== 0) throw new Error('tsc -p tsconfig.build.json failed');
  // The request validator ajv generated, with its hand-written declaration: copied, not compiled (tsc
  // would declare it from the JavaScript, with types that do not check without skipLibCheck).
  for (const file of ['validate-request.js', 'validate-request.d.ts']) {
    copyFileSync(join(root, 'policy', 'runtime', 'generated', file), join(root, 'dist', 'policy', 'runtime', 'generated', file));
  }
}

/** Whether `root` has a compiled CLI (a full `npm run build` ran), which a rebuilt dist/policy must not leave behind. */
export function hasCompiledRuntime(root: string): boolean {
  return existsSync(join(root, 'dist', 'scripts', 'notice.js'));
}
