// Text for terminals and logs, used by the runtime's errors and problems and the `notice` CLI. Browser-safe.

/**
 * Characters that a terminal or a log viewer acts on rather than shows: C0 controls but line feed and tab,
 * DEL, C1 controls (U+009B is a terminal's control sequence introducer too), the line and paragraph
 * separators, and the marks and overrides that reorder text (Trojan Source).
 */
const unprintable = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;

/**
 * Text safe to print or log: each character a terminal would act on written as its `\uXXXX` escape (as
 * JSON writes it, so JSON text stays JSON with the same value). A request's member names and values, a
 * logged decision id, a parse error quoting its input: an escape sequence there cannot clear a screen or
 * move the cursor. Line feeds and tabs are kept (for text of several lines): `oneLine` escapes them too,
 * for text that must not start a line of its own.
 */
export function printable(text: string): string {
  return text.replace(unprintable, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Text for one line of output: printable, and its line feeds and tabs escaped too, so it cannot start a line of its own. */
export function oneLine(text: string): string {
  return printable(text).replace(/[\n\t]/g, (c) => (c === '\n' ? '\\u000a' : '\\u0009'));
}

/** A request problem (errors.ts RequestProblem) with each of its texts printable. */
export function printableProblem<P extends { path: string; keyword: string; message: string; expected?: string; found?: string }>(problem: P): P {
  const shown = { ...problem };
  for (const key of ['path', 'keyword', 'message', 'expected', 'found'] as const) {
    const text = problem[key];
    if (typeof text === 'string') shown[key] = printable(text);
  }
  return shown;
}
