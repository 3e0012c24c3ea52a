// Node adapter for the content loader: reads content/*.yaml and content/schemas/*.json from disk.
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { loadContent, type LoadResult, type SourceFile } from './content.ts';
import { compareMessages, positionAt, type NoticeMessage } from './messages.ts';

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
    if (!entry.isFile()) {
      refused.push({ file: relative(cwd, path), line: 1, column: 1, ruleId: 'unknown-file', severity: 'error', reason: `Unexpected folder \`${entry.name}\` in content/`, expected: 'only the content files, each a file' });
      continue;
    }
    const bytes = await readFile(path);
    const text = new TextDecoder().decode(bytes);
    const invalid = firstInvalidUtf8(bytes);
    if (invalid !== undefined) {
      // Read as UTF-8 silently, such a byte would be published as U+FFFD ("t\ufffdam").
      refused.push({
        file: relative(cwd, path), ...positionAt(new TextDecoder().decode(bytes.subarray(0, invalid))), ruleId: 'yaml-syntax', severity: 'error',
        reason: `Unexpected byte 0x${bytes[invalid]!.toString(16).toUpperCase().padStart(2, '0')}: the file is not UTF-8 text`,
        expected: 'UTF-8 (text pasted from another program, or a file saved as Windows-1252 or Latin-1, must be saved as UTF-8)',
      });
    }
    // YAML allows no control character but tab and line breaks, and none belongs in what patients read.
    const control = invalid === undefined ? /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/.exec(text) : null;
    if (control) {
      refused.push({
        file: relative(cwd, path), ...positionAt(text.slice(0, control.index)), ruleId: 'yaml-syntax', severity: 'error',
        reason: `Unexpected control character U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`,
        expected: 'printable text (tabs and line breaks only)',
      });
    }
    files.push({ path: relative(cwd, path), text });
  }
  const loaded = loadContent(files, await readSchemas(join(contentDir, 'schemas')));
  if (refused.length === 0) return loaded;
  const { content: _content, locations: _locations, ...rest } = loaded;
  return { ...rest, messages: [...refused, ...loaded.messages].sort(compareMessages) };
}

/** The offset of the first byte that is not part of a well-formed UTF-8 character, if any. */
export function firstInvalidUtf8(bytes: Uint8Array): number | undefined {
  for (let i = 0; i < bytes.length; ) {
    const lead = bytes[i]!;
    const [size, min, max] = lead < 0x80 ? [1, 0, 0] : lead >= 0xc2 && lead <= 0xdf ? [2, 0x80, 0xbf] : lead === 0xe0 ? [3, 0xa0, 0xbf] : lead === 0xed ? [3, 0x80, 0x9f] : lead >= 0xe1 && lead <= 0xef ? [3, 0x80, 0xbf] : lead === 0xf0 ? [4, 0x90, 0xbf] : lead === 0xf4 ? [4, 0x80, 0x8f] : lead >= 0xf1 && lead <= 0xf3 ? [4, 0x80, 0xbf] : [0, 0, 0];
    if (size === 0) return i;
    for (let k = 1; k < size; k++) {
      const next = bytes[i + k];
      if (next === undefined || next < (k === 1 ? min : 0x80) || next > (k === 1 ? max : 0xbf)) return i;
    }
    i += size;
  }
  return undefined;
}
