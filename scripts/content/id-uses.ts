// Where a checkout writes an id: the files that name ids (scenarios, accepted changes, Rego, content, site
// pages), each place an id is used as an id, and where content/ defines it. For the change impact's renames
// and the validator's misspelt ids. Node-only: reads the checkout.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { positionAt, type Location } from './messages.ts';

/** The files of the working tree that name ids: scenarios, accepted changes, Rego, content and site pages. */
export function namingFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, pattern: RegExp) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
      if (entry.isFile() && pattern.test(entry.name)) out.push(join(entry.parentPath, entry.name));
    }
  };
  walk(join(root, 'test', 'scenarios'), /\.ya?ml$/);
  for (const file of ['test/accepted-changes.yaml']) if (existsSync(join(root, file))) out.push(join(root, file));
  walk(join(root, 'policy', 'sharing'), /\.rego$/);
  walk(join(root, 'content'), /\.ya?ml$/);
  walk(join(root, 'site'), /\.(astro|ts|md|mdx)$/);
  return out.sort();
}

/**
 * Every place an id is written as an id: in YAML, a whole value (after `key:`, `- `, `[` or `,`, quoted or
 * not); in Rego and site sources, a whole quoted string. Words of prose that happen to spell it are not uses.
 */
export function usesOf(id: string, files: readonly string[], root: string): Location[] {
  const escaped = id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const yaml = new RegExp(`(?:^|[:\\[,]|^[ \\t]*-)[ \\t]*['"]?(${escaped})['"]?[ \\t]*(?=$|[,\\]#])`, 'gm');
  const quoted = new RegExp(`(["'\`])(${escaped})\\1`, 'g');
  const out: Location[] = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const pattern = /\.ya?ml$/.test(file) ? yaml : quoted;
    for (const match of text.matchAll(pattern)) {
      const at = match.index + match[0].lastIndexOf(id);
      out.push({ file: relative(root, file), ...positionAt(text.slice(0, at)) });
    }
  }
  return out;
}

/** Where an id is written in content/: its `id:` in notice.yaml or a list, else a `clause:` that defines it. */
export function definitionOf(id: string, root: string): Location | undefined {
  const escaped = id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  for (const key of ['id', 'clause']) {
    for (const name of ['notice.yaml', 'recipients.yaml', 'purposes.yaml', 'circumstances.yaml', 'information.yaml']) {
      const file = join(root, 'content', name);
      if (!existsSync(file)) continue;
      const text = readFileSync(file, 'utf8');
      const match = new RegExp(`^([ \\t]*(?:- )?${key}:[ \\t]*['"]?)${escaped}['"]?[ \\t]*(?:#.*)?$`, 'm').exec(text);
      if (match) return { file: `content/${name}`, ...positionAt(text.slice(0, match.index + match[1]!.length)) };
    }
  }
  return undefined;
}
