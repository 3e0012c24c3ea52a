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
