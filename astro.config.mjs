// The published notice: a static site built from content/ into dist/site/.
import { defineConfig } from 'astro/config';

export default defineConfig({
  srcDir: './site',
  publicDir: './site/public',
  outDir: './dist/site',
  site: 'https://privacy.example.nhs.uk',
  trailingSlash: 'always',
  build: {
    format: 'directory',
    // Nothing inline: every script and stylesheet is a file from 'self', so the pages can carry a strict
    // Content-Security-Policy without hashes.
    inlineStylesheets: 'never',
    assets: '_assets',
  },
  vite: {
    build: { assetsInlineLimit: 0 },
    css: { preprocessorOptions: { scss: { quietDeps: true, silenceDeprecations: ['import'] } } },
  },
  devToolbar: { enabled: false },
});
