// Node adapter for the content loader: reads content/*.yaml and content/schemas/*.json from disk.
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { loadContent, type LoadResult, type SourceFile } from './content.ts';
import { compareMessages, type NoticeMessage } from './messages.ts';

export async function readSchemas(schemaDir: string): Promise<Record<string, object>> {
  const schemas: Record<string, object> = {};
  for (const name of (await readdir(schemaDir)).filter((n) => n.endsWith('.schema.json')).sort()) {
    schemas[name] = JSON.parse(await readFile(join(schemaDir, name), 'utf8')) as object;
  }
  return schemas;
}

/** Reads and loads the content folder; paths in messages are relative to `cwd`. */
export async function loadContentDir(contentDir: string, cwd = process.cwd()): Promise<LoadResult> {
  const entries = (await readdir(contentDir, { withFileTypes: true })).filter((e) => /\.(ya?ml|md)$/.test(e.name)).sort((a, b) => a.name.localeCompare(b.name));
  const files: SourceFile[] = [];
  const refused: NoticeMessage[] = [];
  for (const entry of entries) {
    const path = join(contentDir, entry.name);
    if (entry.isSymbolicLink()) {
      // A link could publish a file from outside the repository, or change with no change to content/.
      refused.push({ file: relative(cwd, path), line: 1, column: 1, ruleId: 'symlink', severity: 'error', reason: `Unexpected symbolic link \`${entry.name}\` in content/`, expected: 'a file kept in the repository itself' });
      continue;
    }
    files.push({ path: relative(cwd, path), text: await readFile(path, 'utf8') });
  }
  const loaded = loadContent(files, await readSchemas(join(contentDir, 'schemas')));
  if (refused.length === 0) return loaded;
  const { content: _content, locations: _locations, ...rest } = loaded;
  return { ...rest, messages: [...refused, ...loaded.messages].sort(compareMessages) };
}
