// The published notice: copies NHS.UK frontend's images and the policy downloads into site/public, then
// builds the Astro site into dist/site. Node-only.
import { spawnSync } from 'node:child_process';
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Content } from '../content/content.ts';
import { headersFile, nginxHeaders } from '../../site/lib/headers.ts';
import { maxGrade, maxSentenceWords, pageReadability, type PageReadability } from './page-readability.ts';

export { maxGrade, maxSentenceWords };

export async function prepareSite(root: string, content: Content): Promise<void> {
  const publicDir = join(root, 'site', 'public');
  await rm(publicDir, { recursive: true, force: true });
  const require = createRequire(join(root, 'package.json'));
  const nhsuk = dirname(require.resolve('nhsuk-frontend/package.json'));
  await mkdir(join(publicDir, 'assets'), { recursive: true });
  await cp(join(nhsuk, 'dist', 'nhsuk', 'assets', 'images'), join(publicDir, 'assets', 'images'), { recursive: true });
  const downloads = join(publicDir, 'downloads');
  await mkdir(downloads, { recursive: true });
  for (const name of ['policy.wasm', 'data.json', 'bundle.tar.gz', 'request.schema.json']) {
    await cp(join(root, 'dist', 'policy', name), join(downloads, name));
  }
  await writeFile(join(downloads, 'notice.json'), `${JSON.stringify(content, null, 2)}\n`);
}

export function buildSite(root: string): void {
  const astro = join(root, 'node_modules', 'astro', 'bin', 'astro.mjs');
  const run = spawnSync(process.execPath, [astro, 'build', '--silent'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
  });
  if (run.status !== 0) throw new Error('astro build failed');
}

/** The longest `_headers` line Cloudflare Pages reads. */
export const maxHeaderLine = 2000;

/**
 * The site's security headers for static hosts: dist/site/_headers and dist/hosting/nginx-headers.conf,
 * allowing the styles (hashes) the build wrote into the pages.
 */
export async function writeHostingHeaders(root: string, styles: readonly string[]): Promise<void> {
  const file = headersFile(styles);
  // Cloudflare Pages reads a `_headers` line of at most 2,000 characters; the policy's line (which also
  // forbids framing) grows by 54 with each distinct page style.
  const long = file.split('\n').find((line) => line.length > maxHeaderLine);
  if (long) throw new Error(`dist/site/_headers: the line "${long.slice(0, 60)}…" is ${long.length} characters, over the ${maxHeaderLine} Cloudflare Pages reads (${styles.length} page styles; pages that share a layout share one)`);
  await writeFile(join(root, 'dist', 'site', '_headers'), file);
  await mkdir(join(root, 'dist', 'hosting'), { recursive: true });
  await writeFile(join(root, 'dist', 'hosting', 'nginx-headers.conf'), nginxHeaders(styles));
}

/** Each built page's own words, measured (page-readability.ts): by path, in path order. */
export async function siteReadability(root: string): Promise<[string, PageReadability][]> {
  const site = join(root, 'dist', 'site');
  const pages = (await readdir(site, { recursive: true })).filter((file) => file.endsWith('index.html')).sort();
  return Promise.all(pages.map(async (file): Promise<[string, PageReadability]> => [`/${file.replace(/index\.html$/, '')}`, pageReadability(await readFile(join(site, file), 'utf8'))]));
}
