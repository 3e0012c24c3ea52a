// Plain English, page by page, as the build publishes it: each page's own words (its <main>, without the
// notice's quoted words, which are the trust's and marked `data-notice-words`, and released change-log
// entries, kept as released and marked `data-released-words`), measured with the
// Flesch–Kincaid grade level (wooorm's flesch-kincaid, as `npm run validate` measures the notice's sections)
// and the longest sentence. Headings, list entries, labels and cells end a sentence where they end. NHS
// style: grade 9 or below, sentences of 25 words at most. Browser-safe (it takes the page's HTML text).
import { fleschKincaid } from 'flesch-kincaid';
import { syllable } from 'syllable';

export const maxGrade = 9;
export const maxSentenceWords = 25;

export interface PageReadability {
  sentences: number;
  words: number;
  grade: number;
  /** The longest sentence, and its length in words. */
  longest: { words: number; text: string };
}

/** Elements whose end ends a sentence, as a reader hears them. */
const blocks = new Set(['p', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'dt', 'dd', 'td', 'th', 'caption', 'legend', 'label', 'button', 'summary', 'div', 'section', 'blockquote', 'figcaption', 'span-hint']);
const voids = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
/**
 * Elements whose words are not the page's own prose: scripts, styles, code (hashes and file names), the
 * notice's own words (`data-notice-words`: the trust's), and released change-log entries
 * (`data-released-words`: kept as they were released, never reworded).
 */
const skipped = (name: string, attributes: string) => name === 'script' || name === 'style' || name === 'code' || name === 'template' || /\sdata-(?:notice|released)-words(?:[\s=>]|$)/.test(attributes) || /\shidden(?:[\s=>]|$)/.test(attributes);

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
const decode = (text: string) =>
  text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) =>
    name.startsWith('#x') || name.startsWith('#X') ? String.fromCodePoint(parseInt(name.slice(2), 16)) : name.startsWith('#') ? String.fromCodePoint(Number(name.slice(1))) : (entities[name.toLowerCase()] ?? whole));

/** The prose of a page's <main>: its sentences, with the notice's quoted words and hidden parts left out. */
export function pageSentences(html: string): string[] {
  return ownWords(html).sentences;
}

/** The headings of a page's <main> in its own words (the notice's quoted words and hidden parts left out). */
export function pageHeadings(html: string): string[] {
  return ownWords(html).headings;
}

function ownWords(html: string): { sentences: string[]; headings: string[] } {
  const main = /<main\b[^>]*>([\s\S]*?)<\/main>/i.exec(html)?.[1] ?? '';
  let text = '';
  const headings: string[] = [];
  let heading: number | undefined;
  const open: { name: string; skipping: boolean }[] = [];
  const skipping = () => open.some((e) => e.skipping);
  let last = 0;
  for (const tag of main.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>|<!--[\s\S]*?-->/g)) {
    if (!skipping()) text += main.slice(last, tag.index);
    last = tag.index + tag[0].length;
    if (tag[0].startsWith('<!--')) continue;
    const [, closing, rawName, attributes = ''] = tag;
    const name = rawName!.toLowerCase();
    if (closing) {
      const at = open.map((e) => e.name).lastIndexOf(name);
      if (at >= 0) open.length = at;
      if (/^h[1-6]$/.test(name) && heading !== undefined) {
        headings.push(decode(text.slice(heading)).replace(/\s+/g, ' ').trim());
        heading = undefined;
      }
      if (blocks.has(name) && !skipping()) text += '\u2029';
      continue;
    }
    if (blocks.has(name) && !skipping()) text += '\u2029';
    if (/^h[1-6]$/.test(name) && !skipping() && !skipped(name, attributes)) heading = text.length;
    if (voids.has(name) || attributes.trimEnd().endsWith('/')) continue;
    open.push({ name, skipping: skipped(name, attributes) });
  }
  const sentences = decode(text)
    .split(/\u2029|(?<=[.!?])\s+(?=[^a-z])/)
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter((s) => /[\p{L}\p{N}]/u.test(s));
  return { sentences, headings: headings.filter((h) => /[\p{L}\p{N}]/u.test(h)) };
}

const wordsOf = (sentence: string) => sentence.match(/[\p{L}\p{N}][\p{L}\p{N}\u2019'’-]*/gu) ?? [];

export function pageReadability(html: string): PageReadability {
  const sentences = pageSentences(html);
  const words = sentences.flatMap(wordsOf);
  const syllables = words.reduce((sum, word) => sum + (/^\d/.test(word) ? 1 : syllable(word)), 0);
  const longest = sentences.reduce((best, text) => (wordsOf(text).length > best.words ? { words: wordsOf(text).length, text } : best), { words: 0, text: '' });
  const grade = words.length === 0 ? 0 : Math.round(fleschKincaid({ sentence: Math.max(sentences.length, 1), word: words.length, syllable: syllables }) * 10) / 10;
  return { sentences: sentences.length, words: words.length, grade, longest };
}
