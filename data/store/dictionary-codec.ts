/**
 * How a chunk of dictionary values is stored. Most dictionaries are JSON arrays of strings;
 * hashed keys (lower-case hex of a fixed length: MD5, SHA-256, HMAC) are packed as bytes, half
 * the size and readable without building a string per key.
 */
export type DictionaryEncoding = 'json' | `hex${number}`;

const MIN_HEX = 16, MAX_HEX = 128;

/**
 * Bytes per key when every value is lower-case hex of one length (a multiple of 8 digits, 16 to
 * 128), else 0 — such a dictionary can be packed without losing a character.
 */
export function hexKeyWidth(values: readonly string[]): number {
  if (values.length === 0) return 0;
  const len = values[0]!.length;
  if (len < MIN_HEX || len > MAX_HEX || len % 8 !== 0) return 0;
  for (const v of values) {
    if (v.length !== len) return 0;
    for (let i = 0; i < len; i++) {
      const c = v.charCodeAt(i);
      if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return 0;
    }
  }
  return len / 2;
}

/** Whether keys of this many bytes are packed (hex of 16 to 128 digits, a multiple of 8). */
export function isPackableWidth(bytes: number): boolean {
  return bytes * 2 >= MIN_HEX && bytes * 2 <= MAX_HEX && (bytes * 2) % 8 === 0;
}

export function encodeDictionaryChunk(values: readonly string[], width: number): { encoding: DictionaryEncoding; data: Buffer } {
  if (width > 0) return { encoding: `hex${width}`, data: Buffer.from(values.join(''), 'hex') };
  return { encoding: 'json', data: Buffer.from(JSON.stringify(values), 'utf8') };
}

/** Bytes per key of a packed encoding, or 0 for JSON. */
export function packedWidth(encoding: string): number {
  if (encoding === 'json') return 0;
  const w = /^hex(\d+)$/.exec(encoding);
  if (!w) throw new Error(`unknown dictionary encoding '${encoding}'`);
  return Number(w[1]);
}

export function decodeDictionaryChunk(encoding: string, data: Uint8Array): string[] {
  const width = packedWidth(encoding);
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (width === 0) return JSON.parse(buf.toString('utf8')) as string[];
  if (data.byteLength % width !== 0) throw new Error(`corrupt ${encoding} dictionary chunk: ${data.byteLength} bytes`);
  // One hex string for the chunk, then a slice per key (V8 keeps slices as views, not copies).
  const hex = buf.toString('hex');
  const n = data.byteLength / width, chars = width * 2;
  const out = new Array<string>(n);
  for (let i = 0; i < n; i++) out[i] = hex.slice(i * chars, (i + 1) * chars);
  return out;
}
