// Bundles the service into dist/service.mjs and copies the policy files beside it: the bundle runs without
// node_modules.
import { cp, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

await build({ entryPoints: ['service.mjs'], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: 'dist/service.mjs', logLevel: 'warning' });
const require = createRequire(import.meta.url);
await mkdir('dist', { recursive: true });
for (const file of ['policy.wasm', 'data.json']) {
  await cp(require.resolve(`@msefnhst/privacy-notice/${file}`), join('dist', file));
}
console.log(`built ${join(dirname(new URL(import.meta.url).pathname), 'dist', 'service.mjs')}`);
