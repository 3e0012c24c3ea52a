// What a page loads before it shows, after Astro has built it. Its stylesheet, trimmed to what the page can
// use, is written into it; its scripts are fetched at low priority. Node-only.
//
// The stylesheet. NHS.UK frontend's
// core is one large stylesheet (typography, the grid, spacing and utility classes for every page NHS.UK
// has): a patient's phone would load about 200 KB of it, before the page shows, for a page that uses a
// tenth. After Astro has built the pages, the stylesheet each page links is run through PurgeCSS against
// that page (and, for a page with scripts, every built script: the staff checker adds classes as it
// answers, which its script names), so a rule stays when the page or its script names its selector. The
// rest is written into the page as its <style>, allowed by the page's Content-Security-Policy through its
// SHA-256 (site/lib/headers.ts), and the stylesheet file, which no page then links, is removed.
//
// The scripts. Only the staff checker has one: its page shows, with a note for a browser without
// JavaScript, before the script runs and reveals the form. So the script is not needed to draw the page,
// and the browser is told so (`fetchpriority="low"`, which Astro's processed <script> cannot carry). The
// page asks for nothing else, so the script is still fetched as soon as the page is read.
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { PurgeCSS, type ExtractorResultDetailed } from 'purgecss';
import fromHtml from 'purgecss-from-html';
import { styleSource } from '../../site/lib/headers.ts';

// (Node gives the package's CommonJS `exports.default` as the default import; its types describe it as the
// ES module it also ships, which TypeScript reads as a namespace here.)
const purgeHtml = fromHtml as unknown as (html: string) => ExtractorResultDetailed;

export interface PageStyle {
  /** The page's site path (`/staff/check/`). */
  page: string;
  /** The stylesheet's size as Astro wrote it, and as written into the page, in bytes. */
  before: number;
  after: number;
  /** The CSP hash source of the page's style (`sha256-…`). */
  hash: string;
}

/** Beside dist/site: the stylesheets before they were trimmed (dist/untrimmed-styles/). */
export const untrimmedDir = 'untrimmed-styles';

/** Where Astro writes built scripts and stylesheets (astro.config.mjs `build.assets`), and how it links a stylesheet. */
const assets = '_assets';
const linkPattern = /<link rel="stylesheet" href="\/(_assets\/[^"]+\.css)">/g;

/** Writes each page's stylesheet into the page, trimmed to what the page and its scripts use, and removes the files; asks for module scripts at low priority. */
export async function inlineStylesheets(siteDir: string): Promise<PageStyle[]> {
  const files = await readdir(siteDir, { recursive: true });
  const pages = files.filter((file) => file.endsWith('.html')).sort();
  const scripts = files.filter((file) => file.startsWith(`${assets}/`) && file.endsWith('.js')).map((file) => join(siteDir, file));
  const sheets = new Map<string, string>();
  const styles: PageStyle[] = [];
  for (const file of pages) {
    const path = join(siteDir, file);
    const html = await readFile(path, 'utf8');
    const linked = [...html.matchAll(linkPattern)];
    if (linked.length === 0) continue;
    if (linked.length > 1) throw new Error(`${file} links ${linked.length} stylesheets; the build writes one into each page`);
    const [link, sheet] = linked[0] as unknown as [string, string];
    if (!sheets.has(sheet)) sheets.set(sheet, await readFile(join(siteDir, sheet), 'utf8'));
    const text = sheets.get(sheet)!;
    const [result] = await new PurgeCSS().purge({
      content: [path, ...(/<script\b/.test(html) ? scripts : [])],
      css: [{ raw: text }],
      // The page is read as HTML (tags, classes, ids, and attributes with their values, so that a rule for
      // links to https:// addresses stays); scripts as words, which keeps any class a script names.
      extractors: [{ extractor: purgeHtml, extensions: ['html'] }],
      // Animations and fonts no remaining rule uses go too; custom properties stay (a rule may read one
      // through a var() PurgeCSS cannot follow).
      keyframes: true,
      fontFace: true,
    });
    if (!result) throw new Error(`PurgeCSS gave nothing for ${sheet} on ${file}`);
    // (Trimmed: the Nu HTML Checker hashes a <style>'s text without its trailing newline.)
    const css = withoutDeadBlocks(result.css).trim();
    // (A stylesheet cannot close the element that holds it: NHS.UK's has no "</style", and a trimmed one less.)
    if (/<\/style/i.test(css)) throw new Error(`${sheet} holds "</style", which cannot be written into a page`);
    const hash = `sha256-${createHash('sha256').update(css).digest('base64')}`;
    const directive = styleSource();
    if (html.split(directive).length !== 2) throw new Error(`${file} does not carry \`${directive}\` once in its Content-Security-Policy`);
    const written = html
      .replace(link, () => `<style>${css}</style>`)
      .replace(directive, () => styleSource([hash]))
      .replaceAll('<script type="module" src=', '<script type="module" fetchpriority="low" src=');
    await writeFile(path, written);
    styles.push({ page: `/${file.replace(/index\.html$/, '')}`, before: Buffer.byteLength(text), after: Buffer.byteLength(css), hash });
  }
  // The stylesheets as Astro wrote them are kept beside the site, not in it, for the test that holds each
  // page's trimmed style to the whole one (test/site.test.ts); no page links them.
  await rm(join(siteDir, '..', untrimmedDir), { recursive: true, force: true });
  await mkdir(join(siteDir, '..', untrimmedDir), { recursive: true });
  for (const [sheet, text] of sheets) {
    await writeFile(join(siteDir, '..', untrimmedDir, basename(sheet)), text);
    await rm(join(siteDir, sheet));
  }
  return styles;
}

/**
 * The stylesheet without what no browser we serve applies: the @media and @supports blocks PurgeCSS
 * emptied, and NHS.UK's Internet Explorer hack `@media screen\0` (minified to U+FFFD, a media query every
 * other browser reads as never true). The Nu HTML Checker, which reads the CSS of a page's own <style>,
 * rejects both the hack and some conditions the emptied blocks test (`container-type`).
 */
export function withoutDeadBlocks(css: string): string {
  let out = '';
  for (let at = 0; at < css.length; ) {
    const start = css.indexOf('@media screen\uFFFD', at);
    if (start < 0) {
      out += css.slice(at);
      break;
    }
    out += css.slice(at, start);
    // Past the block's closing brace, counting the rules within it.
    let depth = 0;
    let end = css.indexOf('{', start);
    if (end < 0) throw new Error('An @media screen\\0 block without its rules');
    for (; end < css.length; end++) {
      if (css[end] === '{') depth++;
      else if (css[end] === '}' && --depth === 0) break;
    }
    at = end + 1;
  }
  let before: string;
  let after = out;
  do {
    before = after;
    after = before.replace(/@(?:media|supports)\b[^{}]*\{\}/g, '');
  } while (after !== before);
  return after;
}
