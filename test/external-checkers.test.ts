// The published notice as checkers no one here wrote read it: the W3C Nu HTML Checker (vnu.jar, on Debian's
// Java), pa11y with both its runners (axe and HTML_CodeSniffer, WCAG 2 AA) in Debian's Chromium,
// linkinator following every link and anchor within the site, and Lighthouse on a page of each kind.
// Every page, 0 errors each: a finding here is a finding, not a warning to live with.
import { spawnSync } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import lighthouse from 'lighthouse';
import { LinkChecker } from 'linkinator';
import pa11y, { type Pa11yOptions } from 'pa11y';
import puppeteer, { type Browser } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic, type StaticServer } from '../scripts/tools/static-server.ts';
import { root } from './helpers.ts';

const site = join(root, 'dist', 'site');
const require = createRequire(import.meta.url);
const vnuJar = join(require.resolve('vnu-jar/package.json'), '..', 'build', 'dist', 'vnu.jar');

let server: StaticServer;
let browser: Browser;
let pages: string[];

beforeAll(async () => {
  server = await serveStatic(site);
  browser = await puppeteer.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--headless', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  pages = (await readdir(site, { recursive: true })).filter((file) => file.endsWith('index.html')).map((file) => `/${file.replace(/index\.html$/, '')}`).sort();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('checkers no one here wrote', () => {
  it('the Nu HTML Checker finds no error on any page', () => {
    const run = spawnSync('java', ['-jar', vnuJar, '--format', 'json', '--skip-non-html', site], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    expect(run.error, 'java (Debian\'s default-jre-headless, installed by .ci/run)').toBeUndefined();
    const { messages } = JSON.parse(run.stderr) as { messages: { type: string; url: string; message: string; lastLine?: number }[] };
    expect(messages.length, 'the checker read the pages').toBeGreaterThan(0);
    const errors = messages.filter((m) => m.type === 'error' || m.type === 'non-document-error').map((m) => `${m.url.replace(`file:${site}`, '')}:${m.lastLine ?? 0} ${m.message}`);
    expect(errors).toEqual([]);
  });

  it('pa11y (axe and HTML_CodeSniffer, WCAG 2 AA) finds no issue on any page, nor on the staff checker with an answer shown', async () => {
    expect(pages.length).toBeGreaterThanOrEqual(15);
    const options: Pa11yOptions = { browser, runners: ['axe', 'htmlcs'], standard: 'WCAG2AA', timeout: 60_000 };
    const issues: string[] = [];
    const checked = [
      ...pages.map((path) => ({ path, actions: [] as string[] })),
      {
        path: '/staff/check/',
        actions: ['check field #recipient-gp', 'check field #purpose-individual-care', 'check field #information-care-record', 'check field #consent-given', 'check field #necessary_for_care-yes', 'check field #sharing_agreement-not-sure', 'check field #national_data_opt_out-no', 'click element #decide', 'wait for element #result-heading to be visible'],
      },
    ];
    // Three pages at a time, each in a page of its own in the one browser.
    const queue = [...checked];
    await Promise.all([0, 1, 2].map(async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const { path, actions } = next;
        const result = await pa11y(`${server.url}${path}`, { ...options, actions });
        issues.push(...result.issues.map((issue) => `${path}${actions.length ? ' (answered)' : ''} ${issue.runner} ${issue.type} ${issue.code} ${issue.selector}: ${issue.message}`));
      }
    }));
    expect(issues).toEqual([]);
  });

  it('linkinator finds every link and anchor within the site, from the home page', async () => {
    const result = await new LinkChecker().check({
      path: `${server.url}/`,
      recurse: true,
      checkFragments: true,
      // Only the site's own links: the addresses of other sites are the content's (npm run validate checks them).
      linksToSkip: async (link: string) => new URL(link, server.url).origin !== new URL(server.url).origin,
    });
    const followed = result.links.filter((link) => link.state !== 'SKIPPED');
    for (const path of pages) expect(followed.map((link) => new URL(link.url).pathname), path).toContain(path);
    expect(result.links.filter((link) => link.state === 'BROKEN').map((link) => `${link.url} (${link.status ?? 'no answer'}) from ${link.parent ?? '?'}`)).toEqual([]);
  });

  it('Lighthouse fails no audit on a page of each kind (its timings on this machine aside)', async () => {
    // A page of each layout: the first layer, the staff checker (a form and a script), a table, easy read,
    // a situation and an earlier version. `npm run site:report` runs every page, timings included.
    const kinds = ['/', '/staff/check/', '/downloads/', '/easy-read/', pages.find((path) => /^\/what-happens-when\/.+/.test(path))!, pages.find((path) => /^\/versions\/.+/.test(path))!];
    expect(kinds.every(Boolean)).toBe(true);
    const port = Number(new URL(browser.wsEndpoint()).port);
    const failed: string[] = [];
    for (const path of kinds) {
      // How fast this machine paints is not the site's to pass or fail (tests assert no wall-clock): the lab
      // timings are left out. Lighthouse's trace sometimes misses the navigation on a busy machine
      // (NO_NAVSTART): that run is tried again, up to twice.
      let result: Awaited<ReturnType<typeof lighthouse>>;
      for (let attempt = 0; ; attempt++) {
        result = await lighthouse(`${server.url}${path}`, { port, output: 'json', logLevel: 'error', formFactor: 'mobile', skipAudits: [...machineTimings] });
        const missed = Object.values(result?.lhr.audits ?? {}).some((audit) => audit.errorMessage?.includes('NO_NAVSTART'));
        if (!missed || attempt === 2) break;
      }
      const { lhr } = result!;
      for (const category of ['accessibility', 'best-practices', 'seo']) {
        if (lhr.categories[category]?.score !== 1) failed.push(`${path} ${category} ${lhr.categories[category]?.score}`);
      }
      for (const audit of Object.values(lhr.audits)) {
        const scored = ['binary', 'numeric', 'metricSavings'].includes(audit.scoreDisplayMode) && audit.score !== null && audit.score < 1;
        if (scored || audit.scoreDisplayMode === 'error') failed.push(`${path} ${audit.id} (${audit.score ?? audit.errorMessage}): ${audit.title}`);
      }
    }
    expect(failed).toEqual([]);
  });
});

/** Lighthouse's lab timings, which measure this machine as much as the site. */
// (forced-reflow-insight too: it scores the time layout took when forced, and once failed on a busy machine
// on a page with no script.)
const machineTimings = ['first-contentful-paint', 'largest-contentful-paint', 'speed-index', 'total-blocking-time', 'max-potential-fid', 'interactive', 'mainthread-work-breakdown', 'bootup-time', 'forced-reflow-insight'] as const;
