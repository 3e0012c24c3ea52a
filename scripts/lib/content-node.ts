// Node adapter for the content loader: reads content/*.yaml and content/schemas/*.json from disk.
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { loadContent, type LoadResult, type SourceFile } from './content.ts';

export async function readSchemas(schemaDir: string): Promise<Record<string, object>> {
  const schemas: Record<string, object> = {};
  for (const name of (await readdir(schemaDir)).filter((n) => n.endsWith('.schema.json')).sort()) {
    schemas[name] = JSON.parse(await readFile(join(schemaDir, name), 'utf8')) as object;
  }
  return schemas;
}

/** Reads and loads the content folder; paths in messages are relative to `cwd`. */
export async function loadContentDir(contentDir: string, cwd = process.cwd()): Promise<LoadResult> {
  const names = (await readdir(contentDir)).filter((n) => n.endsWith('.yaml') || n.endsWith('.yml')).sort();
  const files: SourceFile[] = [];
  for (const name of names) {
    const path = join(contentDir, name);
    files.push({ path: relative(cwd, path), text: await readFile(path, 'utf8') });
  }
  return loadContent(files, await readSchemas(join(contentDir, 'schemas')));
}
