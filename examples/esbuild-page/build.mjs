// One IIFE script (FORMAT=esm for a module) and policy.wasm beside it.
import { build } from 'esbuild';

await build({
  entryPoints: ['app.js'],
  bundle: true,
  format: process.env.FORMAT === 'esm' ? 'esm' : 'iife',
  platform: 'browser',
  target: 'es2022',
  outfile: 'dist/app.js',
  loader: { '.wasm': 'file' },
  publicPath: './dist',
  logLevel: 'warning',
});
