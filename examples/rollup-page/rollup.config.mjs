// Rollup with only @rollup/plugin-node-resolve: the edge entry is ES modules all through (the main entry
// also needs @rollup/plugin-commonjs, for the OPA SDK). Rollup does not emit the files that
// `new URL(…, import.meta.url)` names, so the policy files are copied beside the bundle and passed.
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { nodeResolve } from '@rollup/plugin-node-resolve';

const require = createRequire(import.meta.url);
mkdirSync('dist', { recursive: true });
for (const file of ['policy.wasm', 'data.json']) copyFileSync(require.resolve(`@msefnhst/privacy-notice/${file}`), `dist/${file}`);

export default {
  input: 'app.js',
  output: { file: 'dist/app.js', format: 'es' },
  plugins: [nodeResolve({ browser: true })],
};
