// Findings as data, in the manner of vfile-message: where, which rule, what was expected and found.
// Wording for people is the reporters' job (reporters.ts).

export type Severity = 'error' | 'warning';

export interface Location {
  file: string;
  line: number;
  column: number;
}

export interface NoticeMessage extends Location {
  ruleId: string;
  severity: Severity;
  /** What is wrong, in a short phrase ("duplicate recipient id `gp`"). */
  reason: string;
  expected?: string;
  actual?: string;
  /** A related place, such as the first definition of a duplicated id. */
  cause?: Location;
}

/** Errors before warnings, then by place and rule: the order of every format. */
export function compareMessages(a: NoticeMessage, b: NoticeMessage): number {
  return severityRank[a.severity] - severityRank[b.severity] || a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId);
}

const severityRank: Record<Severity, number> = { error: 0, warning: 1 };

/** The line and column (1-based) of the place in a file that `before`, the file's text up to it, ends at. */
export function positionAt(before: string): { line: number; column: number } {
  return { line: before.split('\n').length, column: before.length - before.lastIndexOf('\n') };
}
