// `npm run release -- <major|minor|patch> [--date YYYY-MM-DD] [--root <dir>]`: the next version of the notice
// in content/notice.yaml, dated today (or --date), with a change-log entry to fill in. A thin CLI: it parses
// the arguments, calls scripts/content/release.ts, writes the file and says what to do next. Exit 2 when it
// could not (an unknown bump, a date before the last release, an entry still to be written up).
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { releaseNotice, type Bump } from './content/release.ts';

const usage = 'Usage: npm run release -- <major|minor|patch> [--date YYYY-MM-DD] [--root <dir>]';
let parsed;
try {
  parsed = parseArgs({ allowPositionals: true, options: { date: { type: 'string' }, root: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
} catch (error) {
  console.error(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
  process.exit(2);
}
const { values, positionals } = parsed;
if (values.help) {
  console.log(`${usage}\n\nmajor: what the notice promises changed; minor: what is shared changed; patch: words only.`);
  process.exit(0);
}
const bump = positionals[0];
if (positionals.length !== 1 || (bump !== 'major' && bump !== 'minor' && bump !== 'patch')) {
  console.error(`Expected one of major, minor or patch, found ${positionals.length === 0 ? 'nothing' : positionals.map((p) => JSON.stringify(p)).join(' ')}\n${usage}`);
  process.exit(2);
}
const file = join(resolve(values.root ?? '.'), 'content', 'notice.yaml');
const date = values.date ?? new Date().toISOString().slice(0, 10);
let text: string;
try {
  text = await readFile(file, 'utf8');
} catch (error) {
  console.error(`Cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
}
const result = releaseNotice(text, bump as Bump, date);
if ('problem' in result) {
  console.error(result.problem);
  process.exit(2);
}
await writeFile(file, result.text);
console.log(`content/notice.yaml: version ${result.previous} \u2192 ${result.version}, effective and reviewed ${result.date}, next review by ${result.nextReview}.`);
console.log('Next: write what changes for patients in the new change-log entry (`changes`, first), then run npm run validate -- --base origin/main.');
