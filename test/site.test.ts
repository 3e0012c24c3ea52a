// The published notice in a real browser: Debian's Chromium driven by playwright-core, against the built
// site served on loopback.
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic, type StaticServer } from '../scripts/tools/static-server.ts';
import { builtPolicy, root, seedSentences } from './helpers.ts';
import { siteHeaders } from '../site/lib/headers.ts';
import { requestSpace } from '../scripts/impact/space.ts';
import { decidedScenarios } from '../scripts/tools/scenarios.ts';
import { readDistPolicy } from '../scripts/compile/dist-policy.ts';
import { untrimmedDir } from '../scripts/compile/page-assets.ts';
import type { SharingPolicy, SharingRequest } from '../policy/runtime/core.ts';

const readDistData = async () => (await readDistPolicy(join(root, 'dist', 'policy'))).data;

const pages = ['/', '/who-we-share-with/', '/without-consent/', '/what-we-never-do/', '/your-choices/', '/your-rights/', '/easy-read/', '/staff/check/', '/changes/', '/accessibility/', '/downloads/', '/how-we-decide/'];
/** Every page the build wrote, as site paths (`/versions/1.2.0/`). */
const builtPages = () => readdirSync(join(root, 'dist', 'site'), { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('index.html')).map((file) => `/${file.replace(/index\.html$/, '')}`);
const axePath = join(createRequire(import.meta.url).resolve('axe-core'), '..', 'axe.min.js');

let server: StaticServer;
let browser: Browser;
let policy: SharingPolicy;

beforeAll(async () => {
  server = await serveStatic(join(root, 'dist', 'site'), { '/__test__/axe.min.js': axePath });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  policy = await builtPolicy();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A page that records console errors, failed CSP checks and any request that leaves loopback. */
async function open(context: BrowserContext, path: string): Promise<{ page: Page; errors: string[]; offsite: string[] }> {
  const page = await context.newPage();
  const errors: string[] = [];
  const offsite: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.protocol !== 'data:' && url.hostname !== '127.0.0.1') offsite.push(request.url());
  });
  await page.goto(`${server.url}${path}`, { waitUntil: 'networkidle' });
  return { page, errors, offsite };
}

/** Follows a reason's link as a reader does: opens the details its clause's words are behind, then the link. */
async function followReason(page: Page, selector: string): Promise<void> {
  const link = page.locator(selector).first();
  await link.locator('xpath=ancestor::details[1]/summary').click();
  await link.click();
}

async function axeViolations(page: Page): Promise<{ id: string; help: string; nodes: number }[]> {
  await page.addScriptTag({ url: '/__test__/axe.min.js' });
  const result = (await page.evaluate(() =>
    (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: { id: string; help: string; nodes: unknown[] }[] }> } }).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'] },
    }),
  )) as { violations: { id: string; help: string; nodes: unknown[] }[] };
  return result.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.length }));
}

describe('every page', () => {
  for (const path of pages) {
    it(`${path} loads with no console error, no request off the device, and no axe violation (WCAG 2.2 A/AA)`, async () => {
      const context = await browser.newContext();
      const { page, errors, offsite } = await open(context, path);
      expect(errors).toEqual([]);
      expect(offsite).toEqual([]);
      expect(await context.cookies()).toEqual([]);
      expect(await axeViolations(page)).toEqual([]);
      await context.close();
    });
  }

  // Whatever fonts the device has: the page's own fonts, and a wide monospace font with WCAG 1.4.12's
  // text spacing (letters 0.12em, words 0.16em, lines 1.5) forced on every element.
  const fontSettings = {
    'page fonts': undefined,
    'wide font, text spacing': `* { font-family: "DejaVu Sans Mono", "Liberation Mono", "Courier New", monospace !important;
      letter-spacing: 0.12em !important; word-spacing: 0.16em !important; line-height: 1.5 !important; }`,
  };
  for (const [fonts, css] of Object.entries(fontSettings)) {
    it(`fits a 320px-wide phone without scrolling sideways (${fonts})`, async () => {
      const context = await browser.newContext({ viewport: { width: 320, height: 640 }, bypassCSP: true });
      for (const path of pages) {
        const { page } = await open(context, path);
        if (css) await page.addStyleTag({ content: css });
        const overflow = await page.evaluate(() => ({
          width: document.documentElement.scrollWidth,
          // The elements that stick out, to say what to fix.
          wide: [...document.querySelectorAll('body *')]
            .filter((el) => el.getBoundingClientRect().right > 320.5)
            .slice(0, 5)
            .map((el) => `${el.tagName.toLowerCase()}.${el.className}: ${(el.textContent ?? '').trim().slice(0, 40)}`),
        }));
        expect(overflow.width, `${path}: ${overflow.wide.join(' | ')}`).toBeLessThanOrEqual(320);
        await page.close();
      }
      await context.close();
    });
  }

  it('is one well-formed document as a checker reads it: nothing after </html>, no empty heading, every file it links there, the header link named by what it shows', async () => {
    const { existsSync } = await import('node:fs');
    for (const path of pages) {
      const html = await readFile(join(root, 'dist', 'site', path, 'index.html'), 'utf8');
      expect(html.trimEnd().endsWith('</html>'), `${path} ends at </html>`).toBe(true);
      expect(html.match(/<h([1-6])\b[^>]*>\s*<\/h\1>/g) ?? [], `${path}: empty headings`).toEqual([]);
      const linked = [...html.matchAll(/<(?:link|script|img)\b[^>]*\b(?:href|src)="(\/[^"#?]*)"/g)].map((m) => m[1]!);
      expect(linked.filter((file) => !existsSync(join(root, 'dist', 'site', file))), `${path}: linked files missing`).toEqual([]);
      // WCAG 2.5.3, label in name: the logo link's name comes from what it shows (no aria-label to differ).
      expect(/<a class="nhsuk-header__service-logo"[^>]*aria-label=/.test(html), `${path}: the header link's name`).toBe(false);
    }
  });

  it('looks as it would with the whole stylesheet, element by element: every page and the checker\u2019s states, on screen, in print and with forced colours, with details open and with focus', async () => {
    const untrimmed = readdirSync(join(root, 'dist', untrimmedDir));
    expect(untrimmed).toHaveLength(1);
    const whole = await readFile(join(root, 'dist', untrimmedDir, untrimmed[0]!), 'utf8');
    const built = builtPages();
    const context = await browser.newContext({ viewport: { width: 320, height: 640 }, bypassCSP: true });
    const page = await context.newPage();
    const differences: string[] = [];
    // Each element's (and its ::before's and ::after's) computed style with the page's own style, then with
    // the whole stylesheet in its place: a rule the trimming dropped that applies shows as a difference.
    const compare = async (label: string) => {
      // (No transitions: a style swapped in would be read halfway through one.)
      await page.evaluate(() => {
        if (document.getElementById('no-motion')) return;
        const still = document.createElement('style');
        still.id = 'no-motion';
        still.textContent = '*, *::before, *::after { transition: none !important; animation: none !important; }';
        document.head.append(still);
      });
      // The pointer off every link and control (hover is not a state this compares), and the page settled
      // after each change (a focused element hidden for print loses its focus a frame later).
      await page.mouse.move(0, 0);
      for (const [media, forcedColors] of [['screen', 'none'], ['print', 'none'], ['screen', 'active']] as const) {
        await page.emulateMedia({ media, forcedColors });
        await settled(page);
        const [own, full] = [await computedStyles(page), await withStyle(page, whole, () => computedStyles(page))];
        const differ = Object.keys(full).filter((key) => own[key] !== full[key]);
        differences.push(...differ.slice(0, 5).map((key) => `${label} (${media}${forcedColors === 'active' ? ', forced colours' : ''}) ${key}: ${own[key] ?? 'none'} / ${full[key] ?? 'none'}`));
      }
      await page.emulateMedia({ media: 'screen', forcedColors: 'none' });
    };
    for (const path of built) {
      await page.goto(`${server.url}${path}`, { waitUntil: 'networkidle' });
      await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
      await compare(path);
    }
    // A link focused, on a page of each layout.
    for (const path of ['/', '/downloads/', '/your-choices/']) {
      await page.goto(`${server.url}${path}`, { waitUntil: 'networkidle' });
      await page.locator('main a').first().focus();
      await compare(`${path} link focused`);
    }
    await page.goto(`${server.url}/staff/check/`, { waitUntil: 'networkidle' });
    await page.click('#decide');
    await compare('/staff/check/ errors');
    for (const id of ['recipient-gp', 'purpose-individual-care', 'information-care-record', 'consent-given', 'necessary_for_care-yes', 'sharing_agreement-not-sure', 'national_data_opt_out-no']) await page.check(`#${id}`);
    await page.locator('#national_data_opt_out-no').focus();
    await compare('/staff/check/ a radio focused');
    await page.click('#decide');
    await page.locator('#result-heading').waitFor();
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
    await compare('/staff/check/ answered');
    await context.close();
    expect(differences).toEqual([]);
  });

  it('carries its own stylesheet, a few KB of NHS.UK\u2019s, allowed by its hash alone, and links none', async () => {
    const hosted = (await readFile(join(root, 'dist', 'site', '_headers'), 'utf8')).match(/style-src [^;]+/)![0];
    const built = builtPages();
    expect(built.length).toBeGreaterThan(pages.length);
    for (const path of built) {
      const html = await readFile(join(root, 'dist', 'site', path, 'index.html'), 'utf8');
      const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!);
      expect(styles, `${path}: one stylesheet in the page`).toHaveLength(1);
      expect(html, `${path}: no stylesheet linked`).not.toMatch(/<link[^>]+rel="stylesheet"/);
      // Trimmed to what the page uses: NHS.UK frontend's whole stylesheet is about 200 KB.
      expect(styles[0]!.length, `${path}: stylesheet size`).toBeLessThan(64 * 1024);
      const hash = `'sha256-${createHash('sha256').update(styles[0]!).digest('base64')}'`;
      const own = /<meta http-equiv="Content-Security-Policy" content="[^"]*(style-src [^;"]+)/.exec(html)?.[1];
      expect(own, `${path}: its policy allows its own style and nothing else`).toBe(`style-src ${hash}`);
      expect(hosted.split(' '), `${path}: the host's policy allows it`).toContain(hash);
    }
    expect(readdirSync(join(root, 'dist', 'site', '_assets')).filter((file) => file.endsWith('.css')), 'no stylesheet file left').toEqual([]);
  });

  it('shows every sentence of the seed notice', async () => {
    const context = await browser.newContext();
    let text = '';
    for (const path of pages) {
      const { page } = await open(context, path);
      text += `\n${await page.evaluate(() => document.body.innerText)}`;
      await page.close();
    }
    await context.close();
    const visible = text.replace(/\s+/g, ' ');
    const sentences = await seedSentences();
    expect(sentences.filter((sentence) => !visible.includes(sentence))).toEqual([]);
  });
});

const scenarios = () => decidedScenarios<SharingRequest & Record<string, unknown>>(root);

/** Checks each of these controls with the mouse, in turn. */
async function check(page: Page, ...selectors: string[]): Promise<void> {
  for (const selector of selectors) await page.check(selector);
}

/** Presses Tab until the control with this id has focus. */
async function tabTo(page: Page, id: string): Promise<void> {
  for (let presses = 0; presses < 120; presses++) {
    if ((await page.evaluate(() => document.activeElement?.id)) === id) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Could not reach #${id} with the Tab key`);
}

/**
 * Chooses a radio by the keyboard: Tab into its group (at the chosen one, or the first when none is), Space to
 * choose when none is, then the arrow keys to the one wanted.
 */
async function chooseRadio(page: Page, name: string, value: string): Promise<void> {
  const radios = await page.$$eval(`input[name="${name}"]`, (all) => all.map((i) => ({ id: i.id, value: (i as HTMLInputElement).value, checked: (i as HTMLInputElement).checked })));
  const current = radios.findIndex((r) => r.checked);
  const from = Math.max(current, 0);
  await tabTo(page, radios[from]!.id);
  if (current < 0) await page.keyboard.press('Space');
  const target = radios.findIndex((r) => r.value === value);
  expect(target, `${name}: ${value}`).toBeGreaterThanOrEqual(0);
  for (let i = 0; i < (target - from + radios.length) % radios.length; i++) await page.keyboard.press('ArrowDown');
  expect(await page.$eval(`#${radios[target]!.id}`, (i) => (i as HTMLInputElement).checked)).toBe(true);
}

/** Fills the checker's form for a request using only the keyboard, and submits it. */
async function fillByKeyboard(page: Page, request: SharingRequest): Promise<void> {
  const toggle = async (id: string, wanted: boolean) => {
    await tabTo(page, id);
    if ((await page.$eval(`#${id}`, (c) => (c as HTMLInputElement).checked)) !== wanted) await page.keyboard.press('Space');
  };
  await chooseRadio(page, 'recipient', request.recipient);
  await chooseRadio(page, 'purpose', request.purpose);
  for (const value of await page.$$eval('input[name="information"]', (all) => all.map((i) => (i as HTMLInputElement).value))) {
    await toggle(`information-${value}`, request.information.includes(value as never));
  }
  await chooseRadio(page, 'consent', request.consent);
  const claims = new Map<string, string>((request.circumstances ?? []).map((c) => [c.id, c.status ?? 'waiting']));
  for (const value of await page.$$eval('input[name="circumstance"]', (all) => all.map((i) => (i as HTMLInputElement).value))) {
    await toggle(`circumstance-${value}`, claims.has(value));
    // Where a person's judgement of the claim stands (waiting, confirmed, rejected), revealed by the claim.
    if (claims.has(value)) await chooseRadio(page, `status-${value}`, claims.get(value)!);
  }
  // Each fact is a yes/no question of its own, asked only for the recipients it matters for.
  const facts: [string, boolean][] = [
    ['necessary_for_care', request.necessary_for_care === true],
    ['sharing_agreement', request.sharing_agreement === true],
    ['processor_disclosed', request.processor_disclosed === true],
    ['national_data_opt_out', request.opt_outs?.national_data_opt_out === true],
    ['shared_care_record', request.opt_outs?.shared_care_record === true],
  ];
  for (const [fact, yes] of facts) {
    if (await page.$eval(`#question-${fact}`, (q) => (q as HTMLElement).hidden)) continue;
    await chooseRadio(page, fact, yes ? 'yes' : 'no');
  }
  await tabTo(page, 'decide');
  await page.keyboard.press('Enter');
}

describe('"For staff: can we share?"', () => {
  it('gives, driven by the keyboard alone, the Node runtime\'s outcome, reasons and what would change it for every scenario', async () => {
    const context = await browser.newContext();
    const all = await scenarios();
    expect(all.length).toBeGreaterThanOrEqual(80);
    // Three pages side by side, each a patient's tab taking every third scenario: the keyboard's round trips
    // overlap, and each page's keys, focus and answer are its own.
    const tabs = await Promise.all([0, 1, 2].map(() => open(context, '/staff/check/')));
    await Promise.all(tabs.map(async ({ page }, tab) => {
      for (const scenario of all.filter((_, i) => i % tabs.length === tab)) {
        await page.goto(`${server.url}/staff/check/`, { waitUntil: 'load' });
        await page.keyboard.press('Tab'); // into the page, at the skip link
        await fillByKeyboard(page, scenario.request);
        await page.waitForSelector('#result[data-outcome]:not([hidden])');
        const shown = await page.evaluate(() => ({
          outcome: document.getElementById('result')!.dataset.outcome,
          reasons: [...document.querySelectorAll<HTMLAnchorElement>('#result-reasons a[data-clause]')].map((a) => a.dataset.clause),
          obligations: [...document.querySelectorAll<HTMLElement>('#result-obligations [data-obligation]')].map((o) => o.dataset.obligation),
          alternatives: [...document.querySelectorAll<HTMLElement>('#result-alternatives [data-outcome]')].map((o) => o.dataset.outcome),
          // The answer's lead (the outcome, what may be shared, what staff must do): at most 120 words; the
          // reasons follow as clause titles, and what would change the answer is folded.
          shortEnough: ['result-heading', 'result-depends', 'result-information', 'result-obligations']
            .map((id) => document.getElementById(id)!.innerText).join(' ').split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length <= 120,
        }));
        const { decision, alternatives } = policy.explain(scenario.request);
        expect(shown, scenario.id).toEqual({
          outcome: decision.outcome,
          reasons: decision.reasons.map((r) => r.clause),
          obligations: decision.obligations.map((o) => o.id),
          alternatives: alternatives.map((a) => a.outcome),
          shortEnough: true,
        });
      }
    }));
    for (const { errors, offsite } of tabs) {
      expect(errors).toEqual([]);
      expect(offsite).toEqual([]);
    }
    await context.close();
  });

  it('leaves out only questions that cannot change the answer: proven over the request space for the recipients each is left out for', async () => {
    const html = await readFile(join(root, 'dist', 'site', 'staff', 'check', 'index.html'), 'utf8');
    const kinds = new Map([...html.matchAll(/name="recipient" type="radio" value="([^"]+)" data-kind="([^"]+)"/g)].map((m) => [m[1]!, m[2]!]));
    const askedFor = new Map([...html.matchAll(/id="question-([a-z_]+)" data-asked-for="([^"]*)"/g)].map((m) => [m[1]!, m[2]!.split(' ')]));
    const statusAsked = new Set([...html.matchAll(/id="conditional-([a-z-]+)"/g)].map((m) => m[1]!));
    const data = (await readDistData()) as Parameters<typeof requestSpace>[0];
    expect(kinds.size).toBe(Object.keys(data.notice.recipients).length);
    expect([...askedFor.keys()].sort()).toEqual(['national_data_opt_out', 'necessary_for_care', 'processor_disclosed', 'shared_care_record', 'sharing_agreement']);
    // Where a claim's judgement stands is asked of every circumstance (a claim turned down never justifies
    // sharing, whether or not the circumstance needs confirming), so no claim's status is left out.
    expect([...statusAsked].sort()).toEqual(Object.keys(data.notice.circumstances).sort());
    const flip = (request: Record<string, unknown>, fact: string) => {
      const optOut = fact === 'national_data_opt_out' || fact === 'shared_care_record';
      if (optOut) return { ...request, opt_outs: { ...(request.opt_outs as object), [fact]: !(request.opt_outs as Record<string, boolean> | undefined)?.[fact] } };
      return { ...request, [fact]: !request[fact] };
    };
    const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
    const changed: string[] = [];
    let checked = 0;
    let index = 0;
    for (const request of requestSpace(data)) {
      if (index++ % 7 !== 0) continue;
      const kind = kinds.get(request.recipient)!;
      const { policy: _, ...decided } = policy.decide(request as never);
      for (const [fact, kindsAsked] of askedFor) {
        if (kindsAsked.includes(kind)) continue;
        checked++;
        const { policy: __, ...other } = policy.decide(flip(request as never, fact) as never);
        if (!same(decided, other) && changed.length < 5) changed.push(`${fact} for ${request.recipient}: ${JSON.stringify(request)}`);
      }
    }
    expect(changed).toEqual([]);
    expect(checked).toBeGreaterThan(100_000);
  });

  it('asks where a circumstance\u2019s judgement stands only once it is chosen, and never sends a status without its claim', async () => {
    const context = await browser.newContext();
    const { page, errors } = await open(context, '/staff/check/');
    const state = () => page.$eval('#circumstance-serious-crime', (c) => ({ expanded: c.getAttribute('aria-expanded'), hidden: (document.getElementById('conditional-serious-crime') as HTMLElement).hidden, visible: (document.getElementById('status-serious-crime-confirmed') as HTMLElement).offsetParent !== null }));
    expect(await state()).toEqual({ expanded: 'false', hidden: true, visible: false });
    await page.keyboard.press('Tab');
    await fillByKeyboard(page, { recipient: 'police-judicial', purpose: 'crime-investigation', information: ['care-record'], consent: 'refused', circumstances: [{ id: 'serious-crime', status: 'confirmed' }] });
    await page.waitForSelector('#result[data-outcome]:not([hidden])');
    expect(await state()).toEqual({ expanded: 'true', hidden: false, visible: true });
    const confirmedOutcome = await page.$eval('#result', (r) => (r as HTMLElement).dataset.outcome);
    expect(confirmedOutcome).toBe(policy.decide({ recipient: 'police-judicial', purpose: 'crime-investigation', information: ['care-record'], consent: 'refused', circumstances: [{ id: 'serious-crime', status: 'confirmed' }] }).outcome);
    // Unchoosing the circumstance hides its question; the status left answered "confirmed" is not sent.
    await tabTo(page, 'circumstance-serious-crime');
    await page.keyboard.press('Space');
    expect(await state()).toEqual({ expanded: 'false', hidden: true, visible: false });
    await tabTo(page, 'decide');
    await page.keyboard.press('Enter');
    await page.waitForFunction((before) => document.getElementById('result')!.dataset.outcome !== before || true, confirmedOutcome);
    const unclaimed = policy.decide({ recipient: 'police-judicial', purpose: 'crime-investigation', information: ['care-record'], consent: 'refused' });
    await page.waitForFunction((outcome) => document.getElementById('result')!.dataset.outcome === outcome, unclaimed.outcome);
    expect(await page.$$eval('#result-reasons a[data-clause]', (all) => all.map((a) => (a as HTMLAnchorElement).dataset.clause))).toEqual(unclaimed.reasons.map((r) => r.clause));
    expect(errors).toEqual([]);
    await context.close();
  });

  it('answers nothing until every question asked is answered: the NHS.UK error summary, each linked to its question, axe clean', async () => {
    const context = await browser.newContext();
    const { page, errors } = await open(context, '/staff/check/');
    await page.click('#decide');
    await page.waitForSelector('#error-summary:not([hidden])');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('error-summary');
    expect(await page.title()).toMatch(/^Error: For staff: can we share\?/);
    // nhsuk-frontend's error summary: the alert role is on its content, not on the summary that takes focus.
    expect(await page.$eval('#error-summary', (e) => [e.getAttribute('role'), e.querySelector('[role="alert"]') !== null])).toEqual([null, true]);
    // NHS.UK's error summary, styled as such.
    expect(await page.$eval('#error-summary', (e) => getComputedStyle(e).borderTopStyle)).toBe('solid');
    const listed = async () => page.$$eval('#error-summary-list a', (all) => all.map((a) => [a.textContent, a.getAttribute('href')]));
    expect(await listed()).toEqual([
      ['Select who is asking for the information', '#recipient-care-team'],
      ['Select why they want it', `#${await page.$eval('input[name="purpose"]', (i) => i.id)}`],
      ['Select at least one kind of information', `#${await page.$eval('input[name="information"]', (i) => i.id)}`],
      ['Select whether the patient has agreed', '#consent-given'],
    ]);
    expect(await page.$eval('#result', (r) => (r as HTMLElement).hidden)).toBe(true);
    expect(await page.$eval('#question-consent fieldset', (f) => f.getAttribute('aria-describedby'))).toBe('error-consent');
    expect(await page.$eval('#question-consent', (q) => q.classList.contains('nhsuk-form-group--error'))).toBe(true);
    await page.click('#error-summary-list a[href="#consent-given"]');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('consent-given');
    expect(await axeViolations(page)).toEqual([]);
    // Choosing a recipient asks its questions; those, and where a chosen circumstance's judgement stands, must be answered too.
    await check(page, '#recipient-data-processor', '#purpose-individual-care', '#information-care-record', '#consent-given', '#circumstance-serious-crime');
    await page.click('#decide');
    await page.waitForFunction(() => document.querySelectorAll('#error-summary-list a').length === 3);
    expect((await listed()).map(([text]) => text)).toEqual([
      'Select whether \u201cInvestigation of a serious crime\u201d has been looked at',
      'Select an answer to \u201cDo we have a sharing agreement with them?\u201d',
      'Select an answer to \u201cHave patients been told about this data processor?\u201d',
    ]);
    // Another recipient: the errors of questions no longer asked go from the summary at once.
    await page.check('#recipient-care-team');
    expect((await listed()).map(([text]) => text)).toEqual(['Select whether \u201cInvestigation of a serious crime\u201d has been looked at']);
    await check(page, '#recipient-data-processor', '#status-serious-crime-waiting', '#sharing_agreement-yes', '#processor_disclosed-yes');
    await page.click('#decide');
    await page.waitForSelector('#result[data-outcome]:not([hidden])');
    expect(await page.$eval('#error-summary', (e) => (e as HTMLElement).hidden)).toBe(true);
    expect(await page.$$eval('.nhsuk-form-group--error', (all) => all.length)).toBe(0);
    // Any change takes the answer away until Check is pressed again.
    await page.check('#sharing_agreement-no');
    expect(await page.$eval('#result', (r) => (r as HTMLElement).hidden)).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows the questions its answers call for after going back to it, and decides what it shows', async () => {
    const context = await browser.newContext();
    const { page, errors } = await open(context, '/staff/check/');
    const gp = { recipient: 'gp', purpose: 'individual-care', information: ['care-record'], consent: 'given', necessary_for_care: true, sharing_agreement: true } as SharingRequest;
    await page.keyboard.press('Tab');
    await fillByKeyboard(page, gp);
    await page.waitForSelector('#result[data-outcome]:not([hidden])');
    const before = await page.$eval('#result', (r) => (r as HTMLElement).dataset.outcome);
    expect(before).toBe(policy.decide(gp).outcome);
    await followReason(page, '#result-reasons a[data-clause]');
    await page.waitForURL((url) => url.pathname === '/');
    await page.goBack();
    await page.waitForSelector('#checker:not([hidden])');
    // Whatever the browser put back, each question shown matches the answers held, and Check decides them.
    const shown = await page.evaluate(() => {
      const kind = document.querySelector<HTMLInputElement>('input[name="recipient"]:checked')?.dataset.kind;
      return [...document.querySelectorAll<HTMLElement>('[data-asked-for]')].map((q) => [q.id, q.hidden, kind !== undefined && q.dataset.askedFor!.split(' ').includes(kind)]);
    });
    expect(shown.length).toBe(5);
    for (const [id, hidden, asked] of shown) expect(hidden, String(id)).toBe(!asked);
    const restored = await page.evaluate(() => document.querySelector<HTMLInputElement>('input[name="recipient"]:checked')?.value);
    if (restored) {
      await page.click('#decide');
      await page.waitForFunction(() => !document.getElementById('result')!.hidden || !document.getElementById('error-summary')!.hidden);
      if (!(await page.$eval('#result', (r) => (r as HTMLElement).hidden))) expect(await page.$eval('#result', (r) => (r as HTMLElement).dataset.outcome)).toBe(before);
    }
    expect(errors).toEqual([]);
    await context.close();
  });

  it('decides the answers given when Check was pressed, and shows nothing if they change while the policy loads', async () => {
    const context = await browser.newContext();
    const { page } = await open(context, '/staff/check/');
    await page.route('**/downloads/policy.wasm', async (route) => {
      await new Promise((r) => setTimeout(r, 1500));
      await route.continue();
    });
    await check(page, '#recipient-care-team', '#purpose-individual-care', '#information-care-record', '#consent-given');
    await page.click('#decide');
    expect(await page.textContent('#checking')).toMatch(/^Loading the trust\u2019s rules/);
    await page.check('#recipient-gp'); // while the policy loads: GP questions now shown, unanswered
    await page.waitForResponse('**/downloads/policy.wasm');
    await page.waitForFunction(() => document.getElementById('checking')!.textContent === '');
    await page.waitForTimeout(300);
    expect(await page.$eval('#result', (r) => (r as HTMLElement).hidden)).toBe(true);
    await page.click('#decide');
    await page.waitForSelector('#error-summary:not([hidden])');
    expect(await page.$$eval('#error-summary-list a', (all) => all.length)).toBe(3);
    await context.close();
  });

  it('says when the policy cannot be loaded, and loads it on the next Check', async () => {
    const context = await browser.newContext();
    const { page } = await open(context, '/staff/check/');
    await page.route('**/downloads/policy.wasm', (route) => route.abort());
    await page.keyboard.press('Tab');
    const request = { recipient: 'gp', purpose: 'marketing', information: ['care-record'], consent: 'given' } as SharingRequest;
    await fillByKeyboard(page, request);
    await page.waitForSelector('#result[data-outcome="error"]:not([hidden])');
    expect(await page.textContent('#result-heading')).toBe('The checker could not give an answer');
    expect(await page.textContent('#result-problem')).toMatch(/could not load/);
    await page.unroute('**/downloads/policy.wasm');
    await tabTo(page, 'decide');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#result[data-outcome="do-not-share"]:not([hidden])');
    await context.close();
  });

  it('has no axe violation with an answer shown, and its reasons link to the clauses on the notice page', async () => {
    const context = await browser.newContext();
    const { page, errors } = await open(context, '/staff/check/');
    await page.keyboard.press('Tab');
    await fillByKeyboard(page, { recipient: 'police-judicial', purpose: 'crime-investigation', information: ['care-record'], consent: 'refused', circumstances: [{ id: 'serious-crime', status: 'confirmed' }] });
    await page.waitForSelector('#result[data-outcome="share-minimum"]');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('result-heading');
    expect(await axeViolations(page)).toEqual([]);
    const clauses = await page.$$eval('#result-reasons a[data-clause]', (all) => all.map((a) => (a as HTMLAnchorElement).dataset.clause!));
    expect(clauses).toEqual(['no-consent', 'circumstance-serious-crime']);
    for (const clause of clauses) {
      await page.goto(`${server.url}/staff/check/`, { waitUntil: 'networkidle' });
      await page.keyboard.press('Tab');
      await fillByKeyboard(page, { recipient: 'police-judicial', purpose: 'crime-investigation', information: ['care-record'], consent: 'refused', circumstances: [{ id: 'serious-crime', status: 'confirmed' }] });
      await page.waitForSelector('#result[data-outcome]');
      await followReason(page, `#result-reasons a[data-clause="${clause}"]`);
      await page.waitForURL(`${server.url}/#${clause}`);
      const target = await page.evaluate(() => {
        const element = document.querySelector(':target');
        return element ? { id: element.id, text: (element as HTMLElement).innerText } : undefined;
      });
      expect(target?.id).toBe(clause);
      expect(target?.text.replace(/\s+/g, ' ')).toContain(policy.decide({ recipient: 'police-judicial', purpose: 'crime-investigation', information: ['care-record'], consent: 'refused', circumstances: [{ id: 'serious-crime', status: 'confirmed' }] }).reasons.find((r) => r.clause === clause)!.text.slice(0, 40));
    }
    expect(errors).toEqual([]);
    await context.close();
  });

  it('says so when its script does not load, and hides that once it runs', async () => {
    const context = await browser.newContext();
    const { page: working } = await open(context, '/staff/check/');
    expect(await working.isVisible('#checker')).toBe(true);
    expect(await working.isVisible('#checker-unavailable')).toBe(false);
    // A proxy or a dropped connection that stops the page's script: the page says why there are no questions.
    const page = await context.newPage();
    await page.route('**/_assets/*.js', (route) => route.abort());
    await page.goto(`${server.url}/staff/check/`, { waitUntil: 'networkidle' });
    expect(await page.isVisible('#checker')).toBe(false);
    expect(await page.isVisible('#checker-unavailable >> text=If no questions appear here')).toBe(true);
    await context.close();
  });

  it('says in its status region when a change of answer takes the answer away', async () => {
    const context = await browser.newContext();
    const { page, errors } = await open(context, '/staff/check/');
    await check(page, '#recipient-care-team', '#purpose-individual-care', '#information-care-record', '#consent-given');
    await page.click('#decide');
    await page.waitForSelector('#result[data-outcome]:not([hidden])');
    expect(await page.textContent('#checking')).toBe('');
    await page.check('#consent-refused');
    expect(await page.$eval('#result', (r) => (r as HTMLElement).hidden)).toBe(true);
    expect(await page.getAttribute('#checking', 'role')).toBe('status');
    expect(await page.textContent('#checking')).toBe('The answer was taken away because an answer changed. Press Check for a new answer.');
    await page.click('#decide');
    await page.waitForSelector('#result[data-outcome]:not([hidden])');
    expect(await page.textContent('#checking')).toBe('');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('still explains the rules, with links, without JavaScript', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const { page } = await open(context, '/staff/check/');
    expect(await page.isVisible('#checker-unavailable >> text=The checker needs JavaScript')).toBe(true);
    expect(await page.isVisible('#how-we-decide')).toBe(true);
    // No form to send anything with: the page says nothing is sent, and without JavaScript nothing can be.
    const before = page.url();
    expect(await page.isVisible('#checker')).toBe(false);
    expect(await page.isVisible('#decide')).toBe(false);
    expect(await page.$$eval('form', (forms) => forms.filter((f) => !f.hidden && f.offsetParent !== null).length)).toBe(0);
    expect(page.url()).toBe(before);
    expect(new URL(page.url()).search).toBe('');
    const links = await page.$$eval('section a[href^="/#"]', (all) => all.map((a) => a.getAttribute('href')));
    expect(links).toContain('/#never-marketing-insurance');
    expect(links.length).toBeGreaterThanOrEqual(10);
    await context.close();
  });
});

describe('/who-we-share-with/', () => {
  it('names every recipient of the notice once, under a heading that says on what terms', async () => {
    const { data } = await readDistPolicy(join(root, 'dist', 'policy'));
    const recipients = Object.values((data as unknown as { notice: { recipients: Record<string, { name: string; kind: string; care_role?: string }> } }).notice.recipients);
    const context = await browser.newContext();
    const { page } = await open(context, '/who-we-share-with/');
    const listed = await page.$$eval('main section', (sections) => sections.map((section) => ({ heading: section.querySelector('h2')!.textContent!, names: [...section.querySelectorAll('li')].map((li) => li.textContent!.trim()) })));
    const names = listed.flatMap((group) => group.names);
    expect(names.sort()).toEqual(recipients.map((r) => r.name).sort());
    const headingOf = (name: string) => listed.find((group) => group.names.includes(name))!.heading;
    for (const recipient of recipients.filter((r) => r.kind === 'organisation')) {
      expect(headingOf(recipient.name), recipient.name).toMatch(recipient.care_role === 'none' ? /no part in your care/ : /involved in your care/);
    }
    expect(headingOf('Your family and carers')).toMatch(/with your consent/);
    await context.close();
  });
});

describe('/how-we-decide/', () => {
  it('says of each choice, in words, whether the Caldicott Guardian has confirmed it, and never that they confirm them all', async () => {
    const { loadContentDir } = await import('../scripts/content/content-node.ts');
    const { longDate } = await import('../site/lib/notice.ts');
    const { content } = await loadContentDir(join(root, 'content'), root);
    const context = await browser.newContext();
    const { page } = await open(context, '/how-we-decide/');
    const shown = await page.$$eval('[id^="choice-"][id$="-status"]', (lines) =>
      lines.map((line) => ({ id: line.id, text: (line as HTMLElement).innerText.replace(/\s+/g, ' ').trim(), datetime: line.querySelector('time')?.getAttribute('datetime') ?? null })));
    expect(shown).toEqual(content!.choices.map((c) => ({
      id: `choice-${c.id}-status`,
      ...(c.status === 'confirmed'
        ? { text: `Confirmed by ${c.confirmed_by} on ${longDate(c.confirmed_on)}`, datetime: c.confirmed_on }
        : { text: 'Proposed \u2014 not yet confirmed by the Caldicott Guardian', datetime: null }),
    })));
    // Each status sits in its choice's row, before the answer it speaks of.
    expect(await page.$$eval('.nhsuk-summary-list__row', (rows) => rows.map((row) => row.querySelector('dd > p')?.id ?? ''))).toEqual(content!.choices.map((c) => `choice-${c.id}-status`));
    const intro = await page.evaluate(() => document.body.innerText.replace(/\s+/g, ' '));
    expect(intro).toContain('Each one is proposed until our Caldicott Guardian, the senior person responsible for protecting your information, confirms it.');
    expect(intro).not.toMatch(/confirms them|has confirmed these/);
    await context.close();
  });
});

describe('the host\u2019s headers', () => {
  it('are shipped for static hosts (_headers, an nginx snippet) from one list, and served', async () => {
    const headersFile = await readFile(join(root, 'dist', 'site', '_headers'), 'utf8');
    const nginx = await readFile(join(root, 'dist', 'hosting', 'nginx-headers.conf'), 'utf8');
    // The styles the build wrote into the pages, each allowed by its hash.
    const built = builtPages();
    expect(built.length).toBeGreaterThan(pages.length);
    const styles = (await Promise.all(built.map((path) => readFile(join(root, 'dist', 'site', path, 'index.html'), 'utf8')))).map((html) => `sha256-${createHash('sha256').update(/<style>([\s\S]*?)<\/style>/.exec(html)![1]!).digest('base64')}`);
    for (const [name, value] of Object.entries(siteHeaders(styles))) {
      expect(headersFile).toContain(`  ${name}: ${value}\n`);
      expect(nginx).toContain(`add_header ${name} "${value}" always;`);
    }
    const response = await fetch(`${server.url}/staff/check/`);
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    // HTTPS only, long enough to count (at least a year, as browsers' preload lists ask), subdomains too.
    const hsts = /^max-age=(\d+); includeSubDomains$/.exec(response.headers.get('strict-transport-security') ?? '');
    expect(Number(hsts?.[1])).toBeGreaterThanOrEqual(31_536_000);
    expect(nginx).toContain('add_header Strict-Transport-Security "max-age=');
    expect((await fetch(`${server.url}/_headers`)).status).toBe(404);
  });

  it('keep another site from framing the checker', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'framer-'));
    await writeFile(join(dir, 'index.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Another site</title></head><body><iframe src="${server.url}/staff/check/" title="checker"></iframe></body></html>`);
    const framer = await serveStatic(dir);
    const context = await browser.newContext();
    const page = await context.newPage();
    const refused: string[] = [];
    page.on('console', (message) => refused.push(message.text()));
    await page.goto(`${framer.url}/index.html`);
    await page.waitForTimeout(500);
    const frame = page.frames().find((f) => f !== page.mainFrame())!;
    // The frame holds Chromium's error page, not the checker.
    expect(frame.url()).not.toBe(`${server.url}/staff/check/`);
    expect(await frame.$('#checker')).toBeNull();
    expect(refused.some((text) => /frame-ancestors/.test(text))).toBe(true);
    await context.close();
    await framer.close();
  });
});

describe('/changes/', () => {
  it('links each version to the notice as it was and the policy that decided with it, each file served with the SHA-256 the page gives', async () => {
    const page = await (await fetch(`${server.url}/changes/`)).text();
    const links = [...page.matchAll(/<a href="(\/versions\/[^"]+)">[^<]*<\/a> \(<code>[^<]+<\/code>, SHA-256 <code class="app-hash">([0-9a-f]{64})<\/code>\)/g)].map((m) => [m[1]!, m[2]!] as const);
    // Every version the archive publishes (an earlier one built from its last commit), each with its five files.
    const published = (await (await fetch(`${server.url}/versions/index.json`)).json() as { version: string; missing?: string }[]).filter((v) => !v.missing).map((v) => v.version);
    expect(published.length).toBeGreaterThan(0);
    const filesOf = (version: string) => links.filter(([href]) => href.startsWith(`/versions/${version}/`)).map(([href]) => href.split('/').pop()).sort();
    for (const version of published) expect(filesOf(version), version).toEqual(['data.json', 'decision.schema.json', 'notice.yaml', 'policy.wasm', 'request.schema.json']);
    expect(links).toHaveLength(published.length * 5);
    for (const [href, sha] of links) {
      const response = await fetch(`${server.url}${href}`, { headers: { 'accept-encoding': 'identity' } });
      expect(response.status, href).toBe(200);
      expect(createHash('sha256').update(new Uint8Array(await response.arrayBuffer())).digest('hex'), href).toBe(sha);
    }
  });
});

describe('the checker\u2019s explanation', () => {
  it('says, in the form\u2019s own words, what would change the answer, and when nothing would', async () => {
    const context = await browser.newContext();
    const { page } = await open(context, '/staff/check/');
    await check(page, '#recipient-gp', '#purpose-individual-care', '#information-care-record', '#consent-given', '#necessary_for_care-yes', '#sharing_agreement-no', '#national_data_opt_out-no');
    await page.click('#decide');
    await page.waitForSelector('#result[data-outcome]:not([hidden])');
    const said = await page.$$eval('#result-alternatives [data-outcome]', (items) => items.map((item) => item.textContent?.trim()));
    expect(said).toContain('If the answer to \u201cDo we have a sharing agreement with them?\u201d were \u201cYes\u201d: Yes, it can be shared');
    await page.check('#purpose-marketing');
    await page.click('#decide');
    // The answer before was do-not-share too: wait for the marketing answer's own reason, not the outcome.
    await page.waitForSelector('#result-reasons a[data-clause="never-marketing-insurance"]', { state: 'attached' });
    expect(await page.$eval('#result', (r) => (r as HTMLElement).dataset.outcome)).toBe('do-not-share');
    expect(await page.textContent('#result-alternatives')).toContain('No single change of consent, agreements, opt-outs or confirming a circumstance would change this answer.');
    await context.close();
  });

  it('words a claim not yet looked at as \u201cIf \u2026 were confirmed\u201d, and never proposes confirming one a person turned down', async () => {
    const context = await browser.newContext();
    const { page, errors } = await open(context, '/staff/check/');
    for (const status of ['rejected', 'waiting'] as const) {
      const request = { recipient: 'police-judicial', purpose: 'crime-investigation', information: ['care-record'], consent: 'refused', circumstances: [{ id: 'serious-crime', status }] } as SharingRequest;
      // The policy proposes `{ fact: 'status', circumstance, value: 'confirmed' }` for a waiting claim only
      // (a rejected one is the Caldicott Guardian's judgement, not a change to suggest); the page words it.
      const proposed = policy.explain(request).alternatives.filter((a) => a.change.fact === 'status');
      expect(proposed.map((a) => a.change), status).toEqual(status === 'waiting' ? [{ fact: 'status', circumstance: 'serious-crime', value: 'confirmed' }] : []);
      await page.goto(`${server.url}/staff/check/`, { waitUntil: 'networkidle' });
      await page.keyboard.press('Tab');
      await fillByKeyboard(page, request);
      await page.waitForSelector('#result[data-outcome]:not([hidden])');
      const said = await page.$$eval('#result-alternatives [data-outcome]', (items) => items.map((item) => [item.textContent?.trim(), (item as HTMLElement).dataset.outcome]));
      expect(said.filter(([text]) => text?.startsWith('If \u201cInvestigation of a serious crime\u201d were confirmed: ')).map(([, outcome]) => outcome), status).toEqual(proposed.map((p) => p.outcome));
    }
    expect(errors).toEqual([]);
    await context.close();
  });

  it('answers \u201cNot sure\u201d with what each answer would give, or with the one answer when both give it', async () => {
    const context = await browser.newContext();
    const { page, errors } = await open(context, '/staff/check/');
    const gp = { recipient: 'gp', purpose: 'individual-care', information: ['care-record'], consent: 'given', necessary_for_care: true } as const;
    await check(page, '#recipient-gp', '#purpose-individual-care', '#information-care-record', '#consent-given', '#necessary_for_care-yes', '#sharing_agreement-not-sure', '#national_data_opt_out-no');
    await page.click('#decide');
    await page.waitForSelector('#result[data-outcome]:not([hidden])');
    const outcomes = ([true, false] as const).map((agreement) => policy.decide({ ...gp, sharing_agreement: agreement, opt_outs: { national_data_opt_out: false } } as SharingRequest).outcome);
    expect(outcomes[0]).not.toBe(outcomes[1]);
    expect(await page.$eval('#result', (r) => (r as HTMLElement).dataset.outcome)).toBe('depends');
    expect(await page.textContent('#result-heading')).toBe('It depends on the answer to \u201cDo we have a sharing agreement with them?\u201d');
    expect(await page.$$eval('#result-depends [data-outcome]', (all) => all.map((li) => [li.textContent, (li as HTMLElement).dataset.outcome]))).toEqual([
      [expect.stringMatching(/^If Do we have a sharing agreement with them\? Yes: /), outcomes[0]],
      [expect.stringMatching(/^If Do we have a sharing agreement with them\? No: /), outcomes[1]],
    ]);
    // Marketing is refused whatever the agreement: the one answer, and a line that says it is the same either way.
    await page.check('#purpose-marketing');
    await page.click('#decide');
    await page.waitForSelector('#result[data-outcome="do-not-share"]:not([hidden])');
    expect(await page.textContent('#result-depends')).toBe('The answer is the same whatever the answer to \u201cDo we have a sharing agreement with them?\u201d.');
    // The same outcome with different steps for staff is not the same answer: a hospital in an emergency for a
    // patient who cannot consent shares either way, but under an agreement only if there is one.
    await page.goto(`${server.url}/staff/check/`, { waitUntil: 'networkidle' });
    await check(page, '#recipient-nhs-trust', '#purpose-emergency-care', '#information-care-record', '#consent-unable-to-consent', '#necessary_for_care-yes', '#sharing_agreement-not-sure', '#national_data_opt_out-no');
    await page.click('#decide');
    await page.waitForSelector('#result[data-outcome]:not([hidden])');
    const hospital = { recipient: 'nhs-trust', purpose: 'emergency-care', information: ['care-record'], consent: 'unable-to-consent', necessary_for_care: true, opt_outs: { national_data_opt_out: false } };
    const steps = ([true, false] as const).map((agreement) => policy.decide({ ...hospital, sharing_agreement: agreement } as SharingRequest).obligations.map((o) => o.id));
    expect(steps[0]).not.toEqual(steps[1]);
    expect(await page.$eval('#result', (r) => (r as HTMLElement).dataset.outcome)).toBe('depends');
    expect(await page.$$eval('#result-depends > ul > li', (all) => all.map((li) => [...li.querySelectorAll<HTMLElement>('[data-obligation]')].map((o) => o.dataset.obligation)))).toEqual(steps);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('prints the questions and the answers given with the answer, and links within the site without their address', async () => {
    const context = await browser.newContext();
    const { page } = await open(context, '/staff/check/');
    await check(page, '#recipient-care-team', '#purpose-individual-care', '#information-care-record', '#consent-given');
    await page.click('#decide');
    await page.waitForSelector('#result[data-outcome]:not([hidden])');
    await page.emulateMedia({ media: 'print' });
    expect(await page.isVisible('#checker')).toBe(false);
    const printed = await page.$eval('#result-answers', (e) => (e as HTMLElement).innerText);
    expect(printed).toContain('Who is asking for the information?');
    expect(printed).toContain('The team caring for you');
    expect(printed).toContain('Has the patient agreed?');
    // The reasons, folded on screen, are printed with their words.
    expect(await page.$eval('#result-reasons', (e) => (e as HTMLElement).innerText)).toContain('Your information will be shared with the team who are caring for you');
    const after = await page.$$eval('#result a[href^="/#"]', (all) => all.map((a) => getComputedStyle(a, '::after').content));
    expect(after.length).toBeGreaterThan(0);
    expect(new Set(after)).toEqual(new Set(['none']));
    await context.close();
  });

  it('scrolls a question\u2019s legend into view with its field when an error link is followed, at 400% zoom', async () => {
    // 1280px at 400% is a 320px-wide viewport.
    const context = await browser.newContext({ viewport: { width: 320, height: 256 } });
    const { page } = await open(context, '/staff/check/');
    await page.click('#decide');
    await page.waitForSelector('#error-summary:not([hidden])');
    await page.click('#error-summary-list a[href="#consent-given"]');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('consent-given');
    const legend = await page.$eval('#question-consent legend', (l) => { const r = l.getBoundingClientRect(); return { top: r.top, bottom: r.bottom, height: window.innerHeight }; });
    expect(legend.top).toBeGreaterThan(-1);
    expect(legend.bottom).toBeLessThanOrEqual(legend.height);
    await context.close();
  });
});

/** The properties a reader sees or a layout depends on: compared for each element (all of them take minutes). */
const seenProperties = ['display', 'visibility', 'position', 'top', 'left', 'float', 'clear', 'width', 'max-width', 'height', 'min-height', 'margin-top', 'margin-right', 'margin-bottom', 'margin-left', 'padding-top', 'padding-right', 'padding-bottom', 'padding-left', 'border-top-width', 'border-right-width', 'border-bottom-width', 'border-left-width', 'border-top-style', 'border-bottom-style', 'border-left-style', 'border-top-color', 'border-bottom-color', 'border-left-color', 'border-radius', 'outline-style', 'outline-width', 'outline-color', 'outline-offset', 'box-shadow', 'color', 'background-color', 'background-image', 'font-family', 'font-size', 'font-weight', 'font-style', 'line-height', 'text-decoration-line', 'text-decoration-color', 'text-decoration-thickness', 'text-underline-offset', 'text-align', 'text-transform', 'white-space', 'overflow-wrap', 'word-break', 'list-style-type', 'content', 'opacity', 'transform', 'clip-path', 'cursor', 'fill', 'break-inside', 'forced-color-adjust', 'content-visibility', 'vertical-align', 'overflow-x'];

/** Each element's (and its ::before's and ::after's) seen properties, by its place in the document. */
async function computedStyles(page: Page): Promise<Record<string, string>> {
  return page.evaluate((properties) => {
    const out: Record<string, string> = {};
    document.querySelectorAll('body *').forEach((element, index) => {
      for (const pseudo of [null, '::before', '::after']) {
        const style = getComputedStyle(element, pseudo);
        if (pseudo && style.content === 'none') continue;
        const key = `${index} ${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}${element.className && typeof element.className === 'string' ? `.${element.className.trim().split(/\s+/)[0]}` : ''}${pseudo ?? ''}`;
        for (const property of properties) out[`${key} ${property}`] = style.getPropertyValue(property);
      }
    });
    return out;
  }, seenProperties);
}

/** After the browser has drawn two frames: style, layout, focus and hover brought up to date. */
async function settled(page: Page): Promise<void> {
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

/** Runs `measure` with the page's <style> holding `css` instead, then puts the page's own back. */
async function withStyle<T>(page: Page, css: string, measure: () => Promise<T>): Promise<T> {
  const own = await page.evaluate((text) => {
    const style = document.querySelector('style')!;
    const was = style.textContent ?? '';
    style.textContent = text;
    return was;
  }, css);
  try {
    await settled(page);
    return await measure();
  } finally {
    await page.evaluate((text) => {
      document.querySelector('style')!.textContent = text;
    }, own);
    await settled(page);
  }
}
