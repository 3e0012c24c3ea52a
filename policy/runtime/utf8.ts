// UTF-8, with TextEncoder and TextDecoder where the environment has them, and in plain TypeScript where it
// does not (Jest's jsdom environment, some embedded engines). Browser-safe.

const encoder = typeof TextEncoder === 'function' ? new TextEncoder() : undefined;
const decoder = typeof TextDecoder === 'function' ? new TextDecoder() : undefined;

/** The code point at `i` of a string, a lone surrogate as U+FFFD (as TextEncoder writes it), and its length in UTF-16 units. */
function codePointAt(text: string, i: number): [number, number] {
  const unit = text.charCodeAt(i);
  if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
    const next = text.charCodeAt(i + 1);
    if (next >= 0xdc00 && next <= 0xdfff) return [0x10000 + ((unit - 0xd800) << 10) + (next - 0xdc00), 2];
  }
  return [unit >= 0xd800 && unit <= 0xdfff ? 0xfffd : unit, 1];
}

/**
 * Writes `text` as UTF-8 into `target` from its start (as TextEncoder's encodeInto), as far as it fits;
 * answers how many bytes it wrote.
 */
export function encodeInto(text: string, target: Uint8Array): number {
  return encoder ? encoder.encodeInto(text, target).written : encodeIntoInPlainCode(text, target);
}

/** encodeInto without TextEncoder (exported for its test). */
export function encodeIntoInPlainCode(text: string, target: Uint8Array): number {
  let at = 0;
  for (let i = 0; i < text.length; ) {
    const [point, units] = codePointAt(text, i);
    const size = point < 0x80 ? 1 : point < 0x800 ? 2 : point < 0x10000 ? 3 : 4;
    if (at + size > target.length) break;
    if (size === 1) target[at++] = point;
    else if (size === 2) {
      target[at++] = 0xc0 | (point >> 6);
      target[at++] = 0x80 | (point & 0x3f);
    } else if (size === 3) {
      target[at++] = 0xe0 | (point >> 12);
      target[at++] = 0x80 | ((point >> 6) & 0x3f);
      target[at++] = 0x80 | (point & 0x3f);
    } else {
      target[at++] = 0xf0 | (point >> 18);
      target[at++] = 0x80 | ((point >> 12) & 0x3f);
      target[at++] = 0x80 | ((point >> 6) & 0x3f);
      target[at++] = 0x80 | (point & 0x3f);
    }
    i += units;
  }
  return at;
}

/** `text` as UTF-8 bytes. */
export function encode(text: string): Uint8Array<ArrayBuffer> {
  if (encoder) return encoder.encode(text) as Uint8Array<ArrayBuffer>;
  const bytes = new Uint8Array(text.length * 3);
  return bytes.slice(0, encodeIntoInPlainCode(text, bytes));
}

/** UTF-8 bytes as text, a malformed sequence as U+FFFD. */
export function decode(bytes: Uint8Array): string {
  return decoder ? decoder.decode(bytes) : decodeInPlainCode(bytes);
}

/** decode without TextDecoder, for well-formed UTF-8 as this runtime writes and OPA's module answers (exported for its test). */
export function decodeInPlainCode(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; ) {
    const first = bytes[i]!;
    const size = first < 0x80 ? 1 : first >= 0xf0 && first < 0xf8 ? 4 : first >= 0xe0 ? 3 : first >= 0xc0 ? 2 : 0;
    let point = size === 1 ? first : size === 2 ? first & 0x1f : size === 3 ? first & 0x0f : first & 0x07;
    let ok = size > 0 && i + size <= bytes.length;
    for (let k = 1; ok && k < size; k++) {
      const next = bytes[i + k]!;
      if ((next & 0xc0) !== 0x80) ok = false;
      else point = (point << 6) | (next & 0x3f);
    }
    if (!ok) {
      text += '\ufffd';
      i += 1;
      continue;
    }
    text += String.fromCodePoint(point);
    i += size;
  }
  return text;
}
