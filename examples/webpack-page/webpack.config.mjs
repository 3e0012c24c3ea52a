// webpack 5 follows `new URL(…, import.meta.url)` in the package (asset modules) and emits policy.wasm and
// data.json beside the bundle: the page passes nothing. Top-level await needs an ES module output.
import { fileURLToPath } from 'node:url';

export default {
  mode: 'production',
  entry: './main.js',
  experiments: { outputModule: true, topLevelAwait: true },
  output: { path: fileURLToPath(new URL('./dist', import.meta.url)), filename: 'main.js', module: true, publicPath: 'auto', clean: true },
  performance: { hints: false },
};
