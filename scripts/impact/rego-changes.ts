// Where the Rego that decides changed since a base commit: the first line that says something of each
// stretch `git diff` finds changed, so a pull request shows a changed decision's finding on those lines.
// Node-only: runs git.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Location } from '../content/messages.ts';

/**
 * Where the Rego that decides (policy/sharing, not its tests) differs from the base in what it says: the
 * first line, in the working tree, of each stretch of lines `git diff` finds changed, not counting lines
 * that are blank or only a comment on either side (for a stretch only taken away, the line after it, or
 * the file's last line).
 */
export function regoChangesSince(root: string, base: string): Location[] {
  const diff = spawnSync('git', ['diff', '--no-color', '--no-ext-diff', '--unified=0', base, '--', 'policy/sharing'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (diff.status !== 0) return [];
  const out: Location[] = [];
  const said = (line: string) => line.trim() !== '' && !line.trim().startsWith('#');
  let file: string | undefined;
  let hunk: { line: number; added: number; firstSaid?: number; removedSaid: boolean } | undefined;
  const close = () => {
    if (!file || !hunk) return;
    if (hunk.firstSaid !== undefined) out.push({ file, line: hunk.firstSaid, column: 1 });
    else if (hunk.removedSaid) {
      const length = readFileSyncSafe(join(root, file)).split('\n').length;
      out.push({ file, line: Math.max(1, Math.min(hunk.line, length - 1)), column: 1 });
    }
    hunk = undefined;
  };
  for (const line of diff.stdout.split('\n')) {
    const target = /^\+\+\+ (?:b\/(.*)|\/dev\/null)$/.exec(line);
    if (target) {
      close();
      file = target[1] !== undefined && target[1].endsWith('.rego') && !target[1].endsWith('_test.rego') ? target[1] : undefined;
      continue;
    }
    const header = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (header) {
      close();
      const at = Number(header[1]);
      hunk = { line: header[2] === '0' ? at + 1 : at, added: 0, removedSaid: false };
      continue;
    }
    if (!hunk || line.startsWith('---')) continue;
    if (line.startsWith('+')) {
      if (hunk.firstSaid === undefined && said(line.slice(1))) hunk.firstSaid = hunk.line + hunk.added;
      hunk.added++;
    } else if (line.startsWith('-') && said(line.slice(1))) hunk.removedSaid = true;
  }
  close();
  return out;
}

const readFileSyncSafe = (path: string) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
};
