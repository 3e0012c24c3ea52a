// Reads the files of a (ustar) tar archive, enough for an OPA bundle. Browser-safe.
export function readTar(bytes: Uint8Array): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  const text = new TextDecoder();
  const field = (at: number, length: number) => text.decode(bytes.subarray(at, at + length)).replace(/\0.*$/s, '');
  let offset = 0;
  while (offset + 512 <= bytes.length) {
    const name = field(offset, 100);
    if (name === '') break;
    const size = parseInt(field(offset + 124, 12).trim() || '0', 8);
    const type = field(offset + 156, 1);
    const prefix = field(offset + 345, 155);
    const path = (prefix ? `${prefix}/${name}` : name).replace(/^\/+/, '');
    if (type === '0' || type === '') files.set(path, bytes.slice(offset + 512, offset + 512 + size));
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

/** Writes a ustar archive of the files, in the order given, with mode 0644, owner 0 and mtime 0. */
export function writeTar(files: readonly [path: string, bytes: Uint8Array][]): Uint8Array {
  const encoder = new TextEncoder();
  const blocks: Uint8Array[] = [];
  for (const [path, bytes] of files) {
    const header = new Uint8Array(512);
    const put = (at: number, length: number, text: string) => header.set(encoder.encode(text).subarray(0, length), at);
    const octal = (at: number, length: number, value: number) => put(at, length, `${value.toString(8).padStart(length - 1, '0')}\0`);
    let name = `/${path.replace(/^\/+/, '')}`;
    let prefix = '';
    if (name.length > 100) {
      const cut = name.lastIndexOf('/', 155);
      prefix = name.slice(0, cut);
      name = name.slice(cut + 1);
    }
    put(0, 100, name);
    octal(100, 8, 0o644);
    octal(108, 8, 0);
    octal(116, 8, 0);
    octal(124, 12, bytes.length);
    octal(136, 12, 0);
    put(148, 8, '        ');
    put(156, 1, '0');
    put(257, 6, 'ustar\0');
    put(263, 2, '00');
    put(345, 155, prefix);
    let sum = 0;
    for (const byte of header) sum += byte;
    put(148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
    blocks.push(header, bytes, new Uint8Array((512 - (bytes.length % 512)) % 512));
  }
  blocks.push(new Uint8Array(1024));
  const out = new Uint8Array(blocks.reduce((n, b) => n + b.length, 0));
  let offset = 0;
  for (const block of blocks) {
    out.set(block, offset);
    offset += block.length;
  }
  return out;
}
