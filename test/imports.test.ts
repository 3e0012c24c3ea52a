// The house has no circles: among the tools (scripts/) and the runtime apps import (policy/runtime/), no
// module reaches itself through its imports, type imports and re-exports included (README, "What is
// where", lists the layers from the bottom up). Read from the source, as a reader would draw it.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from './helpers.ts';

/** The modules under a folder (not tests, not generated code), each with the modules of the set it imports. */
function importGraph(folders: readonly string[]): Map<string, string[]> {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(ts|js)$/.test(entry.name) && !entry.name.endsWith('.test.ts')) files.push(path);
    }
  };
  for (const folder of folders) walk(join(root, folder));
  const known = new Set(files);
  const specifiers = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+['"](\.[^'"]+)['"]|\bimport\(\s*['"](\.[^'"]+)['"]\s*\)/g;
  return new Map(files.map((file) => {
    const text = readFileSync(file, 'utf8');
    const targets = [...text.matchAll(specifiers)].map((m) => resolve(dirname(file), (m[1] ?? m[2])!)).filter((target) => known.has(target));
    return [file, [...new Set(targets)]];
  }));
}

/** The strongly connected groups of more than one module (Tarjan), and modules that import themselves. */
function circles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const group: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      group.push(w);
    } while (w !== v);
    if (group.length > 1 || graph.get(v)?.includes(v)) found.push(group.map((f) => relative(root, f)).sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe('the imports of scripts/ and policy/runtime/', () => {
  const graph = importGraph(['scripts', join('policy', 'runtime')]);

  it('form no circle', () => {
    expect(graph.size).toBeGreaterThan(50);
    expect(circles(graph)).toEqual([]);
  });

  it('would be caught: a circle made by one more import is found', () => {
    const planted = new Map(graph);
    const report = join(root, 'scripts', 'validator', 'report.ts');
    const validate = join(root, 'scripts', 'validator', 'validate.ts');
    expect(planted.get(validate)).toBeDefined();
    planted.set(report, [...(planted.get(report) ?? []), validate]);
    expect(circles(planted).flat()).toEqual(expect.arrayContaining(['scripts/validator/report.ts', 'scripts/validator/validate.ts']));
  });

  it('go down the layers README lists, never up', () => {
    // README, "What is where": the runtime, then tools and the content model, compile, impact, validator,
    // reporters, and the entry points (with the validator's argument parsing, cli.ts) on top.
    const layer = (file: string): number => {
      const path = relative(root, file);
      if (path.startsWith('policy/runtime/')) return 0;
      if (path === join('scripts', 'validator', 'cli.ts') || !path.slice('scripts/'.length).includes('/')) return 6;
      const folder = path.split('/')[1]!;
      const layers: Record<string, number> = { tools: 1, content: 1, compile: 2, impact: 3, validator: 4, report: 5 };
      expect(layers[folder], path).toBeDefined();
      return layers[folder]!;
    };
    const upward = [...graph].flatMap(([file, targets]) => targets.filter((t) => layer(t) > layer(file)).map((t) => `${relative(root, file)} -> ${relative(root, t)}`));
    expect(upward).toEqual([]);
  });

  it('keep the runtime apps import below the tools: policy/runtime imports nothing from scripts/', () => {
    const runtime = [...graph].filter(([file]) => file.startsWith(join(root, 'policy', 'runtime')));
    expect(runtime.length).toBeGreaterThan(5);
    expect(runtime.flatMap(([file, targets]) => targets.filter((t) => t.startsWith(join(root, 'scripts'))).map((t) => `${relative(root, file)} -> ${relative(root, t)}`))).toEqual([]);
  });
});
