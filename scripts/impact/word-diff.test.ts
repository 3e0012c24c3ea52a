// The word-level comparison of a clause before and after a change: every changed word is kept, in every
// format's marks, and only long runs of unchanged words are cut.
import { describe, expect, it } from 'vitest';
import { wordDiff, wordDiffText } from './word-diff.ts';
import { fieldWords, gitWordMarks } from '../report/words.ts';

const before = 'We may share information with other professionals who are involved in your care when you agree and it is considered necessary for your treatment, and we tell you when we do.';
const after = 'We may share information with other professionals who are involved in your care when you agree, and we tell you when we do.';

describe('a clause compared word by word', () => {
  it('finds the words taken away and added, and keeps the rest in order', () => {
    const words = wordDiff(before, after);
    // Both texts come back whole: the words both have with those taken away, and with those added.
    expect(words.filter((w) => w.op !== 'added').map((w) => w.text).join(' ')).toBe(before);
    expect(words.filter((w) => w.op !== 'removed').map((w) => w.text).join(' ')).toBe(after);
    expect(words.filter((w) => w.op === 'removed').map((w) => w.text).join(' ')).toMatch(/it is considered necessary for your treatment,/);
    expect(wordDiff('a b c', 'a b c')).toEqual([{ op: 'same', text: 'a b c' }]);
    expect(wordDiff('', 'new words')).toEqual([{ op: 'added', text: 'new words' }]);
  });

  it('shows every changed word with a little context, in git\u2019s marks or Markdown\u2019s', () => {
    const words = wordDiff(before, after);
    expect(wordDiffText(words, gitWordMarks)).toMatchInlineSnapshot(`"… involved in your care when you [-agree-] {+agree,+} and [-it is considered necessary for your treatment, and-] we tell you when we do."`);
    expect(wordDiffText(words, { removed: (t) => `~~${t}~~`, added: (t) => `**${t}**` })).toMatchInlineSnapshot(`"… involved in your care when you ~~agree~~ **agree,** and ~~it is considered necessary for your treatment, and~~ we tell you when we do."`);
    // Two rows that once read the same (each cut at 160 characters) now differ where the words do.
    expect(fieldWords([{ name: 'text', before, after, words }])).toMatch(/^text: \u2026 .*it is considered necessary for your treatment,/);
    expect(fieldWords([{ name: 'purposes', before: '["a"]', after: '["a","b"]' }])).toBe('purposes: \u201c["a"]\u201d \u2192 \u201c["a","b"]\u201d');
  });
});
