const LOWER = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const UPPER = LOWER.map((h) => h.toUpperCase());

/** Hex of big-endian 32-bit words (SHA-256). */
export function hexBigEndian(words: Int32Array, upper: boolean): string {
  const t = upper ? UPPER : LOWER;
  let s = '';
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    s += t[(w >>> 24) & 255]! + t[(w >>> 16) & 255]! + t[(w >>> 8) & 255]! + t[w & 255]!;
  }
  return s;
}

/** Hex of little-endian 32-bit words (MD5). */
export function hexLittleEndian(words: Int32Array, upper: boolean): string {
  const t = upper ? UPPER : LOWER;
  let s = '';
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    s += t[w & 255]! + t[(w >>> 8) & 255]! + t[(w >>> 16) & 255]! + t[(w >>> 24) & 255]!;
  }
  return s;
}
