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
    // Astro writes every script and stylesheet as a file from 'self'. The build then writes each page's
    // stylesheet, trimmed to what the page uses, into the page, allowed by its hash alone
    // (scripts/compile/page-assets.ts); scripts stay files.
    inlineStylesheets: 'never',
    assets: '_assets',
  },
  vite: {
    build: { assetsInlineLimit: 0 },
    css: { preprocessorOptions: { scss: { quietDeps: true, silenceDeprecations: ['import'] } } },
  },
  devToolbar: { enabled: false },
});
