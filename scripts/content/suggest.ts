// "Did you mean": the id or field an IG officer most likely meant, for a message that names an unknown one.
// Browser-safe.

/** An id as it is usually mistyped: case, spaces or underscores around and inside, a trailing dot. */
export function normalisedId(value: string): string {
  return value.trim().toLowerCase().replace(/[\s_]+/g, '-').replace(/\.+$/, '');
}

/** Levenshtein distance, stopping early once past `limit`. */
function distance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      best = Math.min(best, current[j]!);
    }
    if (best > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * The candidate `value` most likely meant: one that is the same once case, spacing and underscores are
 * set aside, else the single nearest within two edits (a third of the word, for short ones). Undefined
 * when nothing is close, or two are equally close.
 */
export function closest(value: string, candidates: Iterable<string>): string | undefined {
  const all = [...new Set(candidates)].filter((c) => c !== value);
  const normalised = normalisedId(value);
  const same = all.filter((c) => normalisedId(c) === normalised);
  if (same.length === 1) return same[0];
  const limit = Math.min(2, Math.floor(normalised.length / 3));
  let best: string | undefined;
  let bestDistance = limit + 1;
  let tie = false;
  for (const candidate of all) {
    const d = distance(normalised, normalisedId(candidate), limit);
    if (d < bestDistance) [best, bestDistance, tie] = [candidate, d, false];
    else if (d === bestDistance) tie = true;
  }
  return best !== undefined && !tie ? best : undefined;
}
