// The pages written for patients, as built (dist/site): the first layer, "What happens when…" decided by
// the policy, their rights and who to contact, each circumstance's lawful basis in plain words, easy read,
// and plain English page by page. Read as HTML, as the build wrote it (the browser tests are site.test.ts).
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadContentDir } from '../scripts/content/content-node.ts';
import type { Content } from '../scripts/content/content.ts';
import { maxGrade, maxSentenceWords, pageHeadings, pageReadability, pageSentences } from '../scripts/compile/page-readability.ts';
import { siteReadability } from '../scripts/compile/site-build.ts';
import { readScenarios } from '../scripts/tools/scenarios.ts';
import { situationProblems } from '../site/lib/situations.ts';
import { completeness } from '../scripts/validator/checks/completeness.ts';
import { wordCount } from '../scripts/validator/checks/plain-words.ts';
import type { SharingRequest } from '../policy/runtime/core.ts';
import { builtPolicy, root } from './helpers.ts';

const site = join(root, 'dist', 'site');
const page = (path: string) => readFile(join(site, path, 'index.html'), 'utf8');
const main = (html: string) => /<main\b[^>]*>([\s\S]*?)<\/main>/.exec(html)?.[1] ?? '';
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&amp;/g, '&').replace(/&#39;|&#x27;/g, "'").replace(/\s+/g, ' ').trim();
const content = async (): Promise<Content> => (await loadContentDir(join(root, 'content'), root)).content!;

describe('the first layer', () => {
  it('opens the home page with the main points in at most 150 words, each part linking to the rest', async () => {
    const html = main(await page(''));
    const first = /<section aria-labelledby="main-points"[^>]*>([\s\S]*?)<\/section>/.exec(html);
    expect(first, 'the home page has its first layer').not.toBeNull();
    // Before the notice's own words.
    expect(html.indexOf('main-points')).toBeLessThan(html.indexOf('data-notice-words'));
    const words = text(first![1]!).replace(/^The main points /, '').split(' ').filter((w) => /[\p{L}\p{N}]/u.test(w));
    expect(words.length).toBeLessThanOrEqual(150);
    const links = [...first![1]!.matchAll(/href="([^"]+)"/g)].map((m) => m[1]);
    expect(links).toEqual(expect.arrayContaining(['/who-we-share-with/', '/without-consent/', '/what-we-never-do/', '/your-choices/', '/your-rights/']));
  });

  it('puts "In short" beside every clause of more than 25 words', async () => {
    const html = main(await page(''));
    const loaded = await content();
    for (const section of loaded.notice.sections) {
      for (const clause of section.clauses.filter((c) => wordCount(c.text) > 25)) {
        const after = html.slice(html.indexOf(`id="${clause.id}"`));
        const next = after.indexOf('data-notice-words', `id="${clause.id}" data-notice-words`.length);
        const between = next > 0 ? after.slice(0, next) : after;
        expect(between, clause.id).toMatch(/class="app-in-short"><strong>In short:<\/strong>/);
      }
    }
  });
});

describe('What happens when…', () => {
  it('answers each situation patients ask about as the policy decides it, in at most 80 words, naming what may go and to whom', async () => {
    const policy = await builtPolicy();
    const situations = (await readScenarios<SharingRequest & object>()).filter((s) => (s as { patient?: unknown }).patient) as unknown as { id: string; request: SharingRequest; patient: { title: string; answer: string } }[];
    expect(situations.map((s) => s.id)).toEqual(expect.arrayContaining(['serious-crime-claimed', 'care-team-unconscious-emergency', 'nhse-returns-opted-out', 'npsp-contact-details', 'family-carers-refused', 'insurance-private-sector-provider-consent-given', 'court-order-confirmed']));
    // Each a question, so that its Yes or No answers it.
    for (const situation of situations) expect(situation.patient.title, situation.id).toMatch(/\?$/);
    const index = main(await page('what-happens-when'));
    for (const situation of situations) {
      expect(index, situation.id).toContain(`href="/what-happens-when/${situation.id}/"`);
      const html = main(await page(join('what-happens-when', situation.id)));
      const decision = policy.decide(situation.request);
      expect(html, situation.id).toContain(`data-outcome="${decision.outcome}"`);
      const line = text(/<p class="app-decision">([\s\S]*?)<\/p>/.exec(html)![1]!);
      if (decision.outcome === 'share' || decision.outcome === 'share-minimum') {
        expect(line, situation.id).toMatch(/^What may go: .+\. To: .+\.$/);
      }
      expect(situationProblems(situation.patient.answer, line, decision.outcome), situation.id).toEqual([]);
      // The notice's words behind the answer: a link to each clause the decision cites.
      for (const reason of decision.reasons) expect(html, situation.id).toContain(`href="/#${reason.clause}"`);
    }
  });

  it('stops the build when the words and the decision disagree, or the answer is too long', () => {
    expect(situationProblems('Yes. We share it.', 'Nothing goes to your GP.', 'do-not-share')).toEqual([
      'the answer opens "Yes. We", but the policy decides do-not-share (expected an answer opening "No")',
    ]);
    expect(situationProblems('No. We never share it.', 'Nothing goes to an insurer.', 'do-not-share')).toEqual([]);
    expect(situationProblems('It depends. A senior person decides.', 'x', 'share')).toHaveLength(1);
    expect(situationProblems(`Yes. ${'word '.repeat(80)}`, 'What may go: x. To: y.', 'share')).toEqual(['the answer is 87 words with the decision\'s line, expected 80 at most']);
  });
});

describe('your rights and who to contact', () => {
  it('lists the rights, how to complain to the ICO, and says plainly that the trust has given no contacts, making none up', async () => {
    const loaded = await content();
    const html = main(await page('your-rights'));
    for (const right of loaded.patients.rights) expect(html, right.id).toContain(`id="right-${right.id}"`);
    expect(html).toContain(`href="${loaded.patients.complaints.web}"`);
    expect(html).toContain(`href="tel:${loaded.patients.complaints.phone.replace(/\s/g, '')}"`);
    // The seed notice gives none of the trust's contacts: the page says so, and shows no phone number but the ICO's.
    expect(Object.keys(loaded.patients.contacts)).toEqual([]);
    expect(text(html)).toContain('This site does not yet give any contact details for the trust');
    expect([...html.matchAll(/href="tel:([^"]+)"/g)].map((m) => m[1])).toEqual([loaded.patients.complaints.phone.replace(/\s/g, '')]);
  });

  it('is linked from every page\u2019s footer, with the ICO', async () => {
    for (const file of (await readdir(site, { recursive: true })).filter((f) => f.endsWith('index.html'))) {
      const footer = /<footer[\s\S]*?<\/footer>/.exec(await readFile(join(site, file), 'utf8'))?.[0] ?? '';
      expect(footer, file).toContain('href="/your-rights/"');
      expect(footer, file).toContain('href="https://ico.org.uk/make-a-complaint/"');
    }
  });

  it('is reported by the validator where the trust has not supplied a contact, and not once it has', async () => {
    const loaded = await content();
    const told = (c: Content, id: string) => completeness(c).find((i) => i.id === id)!;
    expect(told(loaded, 'dpo').patients).toBeUndefined();
    expect(told(loaded, 'controller').patients).toBeUndefined();
    expect(told(loaded, 'rights').patients).toEqual(['rights']);
    expect(told(loaded, 'complain').patients).toEqual(['complaints']);
    const supplied = { ...loaded, patients: { ...loaded.patients, contacts: { dpo: { name: 'Data Protection Officer', email: 'dpo@example.nhs.uk' } } } } as Content;
    expect(told(supplied, 'dpo').patients).toEqual(['contacts.dpo']);
  });
});

describe('why we may share', () => {
  it('gives each circumstance\u2019s lawful basis in plain words on the page that describes it', async () => {
    const loaded = await content();
    const html = text(main(await page('without-consent')));
    for (const circumstance of loaded.circumstances.filter((c) => c.listed !== false)) {
      expect(circumstance.basis_plain, circumstance.id).toBeTruthy();
      expect(html, circumstance.id).toContain(`Why: ${circumstance.basis_plain}`);
    }
  });
});

describe('easy read', () => {
  it('gives the main points one idea per line, from content', async () => {
    const loaded = await content();
    const html = main(await page('easy-read'));
    for (const line of loaded.patients.easy_read.flatMap((part) => part.lines)) {
      expect(html).toContain(`<li>${line.replace(/&/g, '&amp;')}</li>`);
      expect(line.split(/\s+/).length, line).toBeLessThanOrEqual(15);
    }
  });
});

describe('plain English, page by page', () => {
  it('measures only the page\u2019s own words: the notice\u2019s quoted words and hidden parts are left out', () => {
    const html = '<main><h1>Title</h1><p>Our words here.</p><div data-notice-words><p>The trust’s long words.</p></div><p hidden>Hidden words.</p><code>abc123</code></main>';
    expect(pageSentences(html)).toEqual(['Title', 'Our words here.']);
    expect(pageReadability(html).words).toBe(4);
  });

  it(`has every page at grade ${maxGrade} or below with sentences of ${maxSentenceWords} words at most`, async () => {
    const measured = await siteReadability(root);
    expect(measured.length).toBeGreaterThanOrEqual(12);
    for (const [path, r] of measured) {
      expect(r.grade, `${path}: grade`).toBeLessThanOrEqual(maxGrade);
      expect(r.longest.words, `${path}: the longest sentence: ${r.longest.text}`).toBeLessThanOrEqual(maxSentenceWords);
    }
  });
});

describe('NHS style in the pages\u2019 own words', () => {
  // Names a heading keeps capitals for (proper nouns), and the months of a date.
  const properNouns = new Set(['NHS', 'England', 'GP', 'GPs', 'A&E', 'ICO', 'PALS', 'UK', 'GDPR', 'My', 'Care', 'Record', 'Mental', 'Health', 'Act', 'Caldicott', 'Guardian', 'Information', 'Commissioner\u2019s', "Commissioner's", 'Office', 'January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']);

  it('writes headings in sentence case and "and", not "&" (A&E aside)', async () => {
    const problems: string[] = [];
    for (const file of (await readdir(site, { recursive: true })).filter((f) => f.endsWith('index.html'))) {
      const html = await readFile(join(site, file), 'utf8');
      for (const heading of pageHeadings(html)) {
        const capitalised = heading.split(/\s+/).slice(1).map((w) => w.replace(/^[(\u201c"]+|[)\u201d",.:?]+$/g, '')).filter((w) => /^\p{Lu}\p{Ll}/u.test(w) && !properNouns.has(w));
        if (capitalised.length > 0) problems.push(`${file}: heading "${heading}" capitalises ${capitalised.join(', ')}`);
      }
      for (const sentence of pageSentences(html)) if (/&/.test(sentence.replace(/A&E/g, ''))) problems.push(`${file}: "&" in "${sentence}"`);
    }
    expect(problems).toEqual([]);
    expect(pageHeadings('<main><h2>Your Rights</h2><div data-notice-words><h2>Health and Social Care Professionals</h2></div></main>')).toEqual(['Your Rights']);
  });
});

describe('earlier versions', () => {
  it('has a page per published version with the notice as it read then, and the words changed in the next version', async () => {
    const published = JSON.parse(await readFile(join(site, 'versions', 'index.json'), 'utf8')) as { version: string; files?: Record<string, string> }[];
    const readable = published.filter((v) => v.files);
    expect(readable.length).toBeGreaterThanOrEqual(2);
    const clausesOf = async (version: string) => (JSON.parse(await readFile(join(site, 'versions', version, 'data.json'), 'utf8')) as { notice: { clauses: Record<string, { text: string }> } }).notice.clauses;
    for (const [i, { version }] of readable.entries()) {
      const html = main(await page(join('versions', version)));
      const clauses = await clausesOf(version);
      for (const [id, clause] of Object.entries(clauses)) expect(text(html), `${version} ${id}`).toContain(clause.text.replace(/\s+/g, ' '));
      expect(main(await page('changes'))).toContain(`href="/versions/${version}/"`);
      const next = readable[i - 1];
      if (!next) continue;
      const later = await clausesOf(next.version);
      const changed = [...new Set([...Object.keys(clauses), ...Object.keys(later)])].filter((id) => clauses[id]?.text !== later[id]?.text);
      if (changed.length === 0) expect(text(html), version).toContain(`The notice's words did not change in version ${next.version}`);
      else for (const id of changed) expect(html, `${version} ${id}`).toMatch(new RegExp(`<li id="change-${id}">[\\s\\S]*?<(?:del|ins)>`));
    }
  });
});
