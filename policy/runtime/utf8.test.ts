// UTF-8 in plain code, for environments without TextEncoder and TextDecoder (Jest's jsdom): the same bytes
// and text as the platform's own, on text of every width, lone surrogates and a buffer too small.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeInPlainCode, encodeIntoInPlainCode } from './utf8.ts';

describe('UTF-8 without TextEncoder', () => {
  it('writes what TextEncoder writes, and reads it back as TextDecoder does', () => {
    const encoder = new TextEncoder();
    const decoder = new TextDecoder();
    const samples = ['', 'gp', 'Jane O\u2019Brien', '\u00e9\u00df\u20ac\ud83d\ude00', 'lone \ud800 high', 'lone \udc00 low', '\u0000\u007f\u0080\u07ff\u0800\uffff'];
    const check = (text: string) => {
      const expected = encoder.encode(text);
      const bytes = new Uint8Array(text.length * 3 + 4);
      const written = encodeIntoInPlainCode(text, bytes);
      expect([...bytes.subarray(0, written)]).toEqual([...expected]);
      expect(decodeInPlainCode(expected)).toBe(decoder.decode(expected));
    };
    samples.forEach(check);
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 64 }), (text) => check(text)), { numRuns: 2000, seed: 7 });
    // A buffer too small: whole characters only, as TextEncoder's encodeInto.
    const small = new Uint8Array(5);
    expect(encodeIntoInPlainCode('ab\u20acc', small)).toBe(encoder.encodeInto('ab\u20acc', new Uint8Array(5)).written);
    expect(encodeIntoInPlainCode('ab\ud83d\ude00', new Uint8Array(5))).toBe(2);
  });
});
