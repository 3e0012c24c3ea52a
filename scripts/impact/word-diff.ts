// A word-level comparison of two texts (a clause before and after a change), as data: the words both have,
// and those taken away or added, in order. Reporters show it; the JSON report carries it with both texts
// whole. Browser-safe.

export interface WordChange {
  op: 'same' | 'removed' | 'added';
  text: string;
}

/** The words of two texts compared (longest common subsequence of words; runs of one kind joined). */
export function wordDiff(before: string, after: string): WordChange[] {
  const a = before.split(/\s+/).filter(Boolean);
  const b = after.split(/\s+/).filter(Boolean);
  // lengths[i][j]: the longest common run of a[i..] and b[j..].
  const lengths = Array.from({ length: a.length + 1 }, () => new Uint16Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) lengths[i]![j] = a[i] === b[j] ? lengths[i + 1]![j + 1]! + 1 : Math.max(lengths[i + 1]![j]!, lengths[i]![j + 1]!);
  }
  const out: WordChange[] = [];
  const push = (op: WordChange['op'], word: string) => {
    const last = out.at(-1);
    if (last?.op === op) last.text += ` ${word}`;
    else out.push({ op, text: word });
  };
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      push('same', a[i]!);
      i++;
      j++;
    } else if (j < b.length && (i === a.length || lengths[i]![j + 1]! >= lengths[i + 1]![j]!)) {
      push('added', b[j++]!);
    } else {
      push('removed', a[i++]!);
    }
  }
  // Removals before additions where they meet, as a reader compares them.
  for (let k = 0; k + 1 < out.length; k++) {
    if (out[k]!.op === 'added' && out[k + 1]!.op === 'removed') [out[k], out[k + 1]] = [out[k + 1]!, out[k]!];
  }
  return out;
}

/**
 * The changes with a few words of context either side, each change marked as a format marks it
 * (`[-…-]{+…+}` as `git diff --word-diff` does, or ~~…~~ **…** in Markdown); long runs of words both have are
 * cut to `…` between changes. Every changed word is shown: nothing that changed is cut.
 */
export function wordDiffText(changes: readonly WordChange[], marks: { removed: (text: string) => string; added: (text: string) => string }, context = 6): string {
  const parts: string[] = [];
  changes.forEach((change, k) => {
    if (change.op === 'removed') parts.push(marks.removed(change.text));
    else if (change.op === 'added') parts.push(marks.added(change.text));
    else {
      const words = change.text.split(' ');
      const first = k === 0;
      const last = k === changes.length - 1;
      if (first && last) parts.push(change.text);
      else if (first) parts.push(words.length > context ? `\u2026 ${words.slice(-context).join(' ')}` : change.text);
      else if (last) parts.push(words.length > context ? `${words.slice(0, context).join(' ')} \u2026` : change.text);
      else parts.push(words.length > 2 * context ? `${words.slice(0, context).join(' ')} \u2026 ${words.slice(-context).join(' ')}` : change.text);
    }
  });
  return parts.join(' ');
}
