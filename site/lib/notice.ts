// The site reads content/ through the same loader as the build and the validator, and renders each
// clause's Markdown with remark. Build time only.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { remark } from 'remark';
import remarkRehype from 'remark-rehype';
import rehypeStringify from 'rehype-stringify';
import { clausesOf, plainText, type Content } from '../../scripts/content/content.ts';
import { loadContentDir } from '../../scripts/content/content-node.ts';
import { formatPretty } from '../../scripts/report/index.ts';

// Astro bundles this module before running it, so import.meta.url is not this file's place: the build runs
// from the repository's root.
export const root = `${process.cwd()}/`;

let loaded: Promise<Content> | undefined;

/** The notice's content; a build with content errors stops with them, as `npm run build` does. */
export function notice(): Promise<Content> {
  loaded ??= loadContentDir(`${root}content`, root).then((result) => {
    if (!result.content) throw new Error(`content/ has errors:\n${formatPretty(result.messages)}`);
    return result.content;
  });
  return loaded;
}

const markdown = remark().use(remarkRehype).use(rehypeStringify);

/** A clause's Markdown as HTML. */
export function html(text: string): string {
  return String(markdown.processSync(text));
}

/** A clause's Markdown as HTML without the wrapping paragraph, for list entries and inline use. */
export function inlineHtml(text: string): string {
  return html(text).trim().replace(/^<p>([\s\S]*)<\/p>$/, '$1');
}

export { clausesOf, plainText };

export interface Clause {
  id: string;
  text: string;
  section: string;
  items?: { id: string; text: string }[];
}

export async function clause(id: string): Promise<Clause> {
  const content = await notice();
  for (const section of content.notice.sections) {
    for (const c of section.clauses) {
      if (c.id === id) return { ...c, section: section.id };
      const entry = c.items?.find((i) => i.id === id);
      if (entry) return { ...entry, section: section.id };
    }
  }
  throw new Error(`No clause \`${id}\` in content/notice.yaml`);
}

/** The link to a clause on the notice page. */
export const clauseHref = (id: string) => `/#${id}`;

export const longDate = (iso: string) =>
  new Date(`${iso}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

export async function sha256(path: string): Promise<string> {
  return createHash('sha256').update(await readFile(path)).digest('hex');
}
