// A release of the notice as one step (`npm run release -- minor`): the next version, its dates (effective
// and reviewed on the day, the next review a year on) and a new change-log entry for the IG officer to fill
// in, written into content/notice.yaml with its comments and layout kept. The entry's summary starts as a
// placeholder that the content check refuses (`changelog`), so an unfilled release cannot be published.
// Browser-safe: takes the file's text, returns the new text.
import { isMap, isSeq, parseDocument, type Scalar, type YAMLMap } from 'yaml';

export type Bump = 'major' | 'minor' | 'patch';

/** The summary a new change-log entry starts with; the content check refuses it. */
export const placeholderSummary = 'WRITE HERE what changes for patients in this version, in plain words: what is shared, with whom and when, as a patient would notice it.';

export type ReleaseResult =
  | { text: string; version: string; previous: string; date: string; nextReview: string }
  | { problem: string };

/** The version after `version`: 1.2.0 -> 2.0.0, 1.3.0, 1.2.1. */
export function nextVersion(version: string, bump: Bump): string | undefined {
  const parts = /^(\d+)\.(\d+)\.(\d+)$/.exec(version)?.slice(1).map(Number);
  if (!parts) return undefined;
  const [major, minor, patch] = parts as [number, number, number];
  return bump === 'major' ? `${major + 1}.0.0` : bump === 'minor' ? `${major}.${minor + 1}.0` : `${major}.${minor}.${patch + 1}`;
}

/** A year after `date` (YYYY-MM-DD), less a day: the review a notice is due by. */
export function nextReviewDate(date: string): string {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCFullYear(day.getUTCFullYear() + 1);
  day.setUTCDate(day.getUTCDate() - 1);
  return day.toISOString().slice(0, 10);
}

/** content/notice.yaml's text released as the next version on `date`. */
export function releaseNotice(text: string, bump: Bump, date: string): ReleaseResult {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(date) ? new Date(`${date}T00:00:00Z`) : undefined;
  if (!day || Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== date) return { problem: `--date ${date} is not a date (expected YYYY-MM-DD)` };
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return { problem: `content/notice.yaml does not parse (${doc.errors[0]!.message.split('\n')[0]}): run npm run validate` };
  const notice = doc.get('notice');
  const changes = doc.get('changes');
  if (!isMap(notice) || !isSeq(changes)) return { problem: 'content/notice.yaml has no `notice` or no `changes`: run npm run validate' };
  const previous = String(notice.get('version'));
  const version = nextVersion(previous, bump);
  if (!version) return { problem: `The notice's version ${previous} is not MAJOR.MINOR.PATCH` };
  const newest = changes.items[0];
  if (isMap(newest) && String(newest.get('summary')).trim() === placeholderSummary) {
    return { problem: `The change-log entry for ${String(newest.get('version'))} still has its placeholder summary: write what changed for patients, and publish it, before the next release` };
  }
  const lastDate = isMap(newest) ? String(newest.get('date')) : '';
  if (date < lastDate) return { problem: `${date} is before the last release (${String(isMap(newest) ? newest.get('version') : '?')}, ${lastDate})` };
  const nextReview = nextReviewDate(date);
  // Edits made in the text itself, at the places the parse gives, so every comment and line break stays as
  // the IG officer wrote it: the four values, then the new entry above the newest.
  const edits: { at: number; end: number; text: string }[] = [];
  for (const [key, value] of [['version', version], ['effective', date], ['last_reviewed', date], ['next_review', nextReview]] as const) {
    const node = notice.get(key, true) as Scalar | undefined;
    if (!node?.range) return { problem: `content/notice.yaml has no \`notice.${key}\`: run npm run validate` };
    edits.push({ at: node.range[0], end: node.range[1], text: value });
  }
  const first = changes.items[0] as YAMLMap | undefined;
  if (!first?.range) return { problem: 'content/notice.yaml has no change-log entry to add the new one above: run npm run validate' };
  const lineStart = text.lastIndexOf('\n', first.range[0] - 1) + 1;
  const dash = /^(\s*)-\s+/.exec(text.slice(lineStart, first.range[0]));
  if (!dash) return { problem: 'content/notice.yaml: the change log is not a block list (`- version: …`)' };
  const indent = `${dash[1]}  `;
  const words = placeholderSummary.split(' ');
  const summaryLines: string[] = [];
  for (const word of words) {
    const last = summaryLines.at(-1);
    if (last !== undefined && indent.length + 2 + last.length + 1 + word.length <= 110) summaryLines[summaryLines.length - 1] = `${last} ${word}`;
    else summaryLines.push(word);
  }
  const entry = [`${dash[1]}- version: ${version}`, `${indent}date: ${date}`, `${indent}summary: >-`, ...summaryLines.map((line) => `${indent}  ${line}`)].join('\n');
  edits.push({ at: lineStart, end: lineStart, text: `${entry}\n` });
  let out = text;
  for (const edit of edits.sort((a, b) => b.at - a.at)) out = out.slice(0, edit.at) + edit.text + out.slice(edit.end);
  return { text: out, version, previous, date, nextReview };
}
