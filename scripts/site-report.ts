// `npm run site:report`: Lighthouse scores and transferred bytes of each page of the built site, served
// on loopback gzip-compressed as a production host would, in Debian's Chromium. Prints; asserts nothing.
// Aims: 100 in every category, under 50 KB transferred for the notice page.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { repoRoot } from './tools/opa.ts';
import { serveStatic } from './tools/static-server.ts';

// Every page the build wrote, or those named (`npm run site:report -- /staff/check/`).
const named = process.argv.slice(2);
const pages = named.length > 0 ? named : (await readdir(join(repoRoot, 'dist', 'site'), { recursive: true })).filter((file) => file.endsWith('index.html')).map((file) => `/${file.replace(/index\.html$/, '')}`).sort();
const chromePath = process.env.CHROME_PATH ?? '/usr/bin/chromium';

/** The audits that failed: scored below 1, or could not run (manual, informative and not applicable ones aside). */
function failedAudits(lhr: { audits: Record<string, { id: string; title: string; score: number | null; scoreDisplayMode?: string; displayValue?: string; errorMessage?: string }> }): string[] {
  return Object.values(lhr.audits)
    .filter((a) => a.scoreDisplayMode === 'error' || (['binary', 'numeric', 'metricSavings'].includes(a.scoreDisplayMode ?? '') && a.score !== null && a.score < 1))
    .map((a) => `${a.id} (${a.score ?? 'error'}): ${a.title}${a.displayValue ? `, ${a.displayValue}` : ''}${a.errorMessage ? `, ${a.errorMessage}` : ''}`);
}

const server = await serveStatic(join(repoRoot, 'dist', 'site'));
const chrome = await chromeLauncher.launch({
  chromePath,
  chromeFlags: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const categories = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
console.log(`Lighthouse on ${server.url} with ${chromePath}\n`);
console.log(`${'page'.padEnd(48)}${categories.map((c) => c.padStart(16)).join('')}${'transferred'.padStart(14)}`);
try {
  for (const path of pages) {
    const result = await lighthouse(`${server.url}${path}`, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: [...categories], formFactor: 'mobile' });
    if (!result) throw new Error(`Lighthouse gave no result for ${path}`);
    const { lhr } = result;
    const scores = categories.map((c) => String(Math.round((lhr.categories[c]?.score ?? 0) * 100)).padStart(16));
    const bytes = lhr.audits['total-byte-weight']?.numericValue ?? Number.NaN;
    console.log(`${path.padEnd(48)}${scores.join('')}${`${(bytes / 1024).toFixed(1)} KB`.padStart(14)}`);
    for (const audit of failedAudits(lhr)) console.log(`  failed: ${audit}`);
  }
} finally {
  await chrome.kill();
  await server.close();
}
