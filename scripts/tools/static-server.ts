// A small static server for the built site on loopback, as a production host would serve it: gzip when
// the browser accepts it, index.html for folders, 404 otherwise. Used by the browser tests and the
// Lighthouse report; `npm run preview` (Astro's own) serves the same files for people.
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { createGzip } from 'node:zlib';

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.yaml': 'text/yaml; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.gz': 'application/gzip',
};
const compressible = new Set(['.html', '.css', '.js', '.json', '.svg', '.wasm']);

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

/**
 * The headers a `_headers` file (Netlify and Cloudflare Pages format) gives every path (`/*`), as a host
 * that reads it would send them.
 */
async function hostHeaders(dir: string): Promise<Record<string, string>> {
  const text = await readFile(join(dir, '_headers'), 'utf8').catch(() => '');
  const headers: Record<string, string> = {};
  let all = false;
  for (const line of text.split('\n')) {
    if (/^\S/.test(line)) all = line.trim() === '/*';
    else if (all && line.includes(':')) headers[line.slice(0, line.indexOf(':')).trim().toLowerCase()] = line.slice(line.indexOf(':') + 1).trim();
  }
  return headers;
}

/** Serves `dir` with the headers of its `_headers` file; `extra` maps further paths (for tests) to files. */
export async function serveStatic(dir: string, extra: Record<string, string> = {}): Promise<StaticServer> {
  const fromHost = await hostHeaders(dir);
  const server: Server = createServer((request, response) => {
    void (async () => {
      const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
      let file = extra[path] ?? join(dir, normalize(path).replace(/^(\.\.[/\\])+/, ''));
      let info = await stat(file).catch(() => undefined);
      if (info?.isDirectory()) {
        file = join(file, 'index.html');
        info = await stat(file).catch(() => undefined);
      }
      if (!info?.isFile() || path === '/_headers') {
        response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
        return;
      }
      const ext = extname(file);
      const headers: Record<string, string> = { ...fromHost, 'content-type': types[ext] ?? 'application/octet-stream', 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' };
      const gzip = compressible.has(ext) && /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
      if (gzip) headers['content-encoding'] = 'gzip';
      else headers['content-length'] = String(info.size);
      response.writeHead(200, headers);
      const stream = createReadStream(file);
      (gzip ? stream.pipe(createGzip()) : stream).pipe(response);
    })().catch(() => response.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
