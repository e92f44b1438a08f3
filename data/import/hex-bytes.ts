/**
 * Bytes of hashed keys, four at a time: whether a word holds only lower-case hex digits (without
 * a branch), digits decoded to bytes while checked, bytes copied — each through DataViews kept per
 * array, as the byte dictionary reads and writes its keys.
 */

/** Bytes [start, end) of `bytes` written out as lower-case hex digits (two per byte). */
export function hexDigitsOf(bytes: Uint8Array, start = 0, end = bytes.length): Buffer {
  return Buffer.from(Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('hex'), 'latin1');
}

/** Lower-case hex digits [start, end) of `digits` (an even count) as the bytes they spell. */
export function bytesOfHexDigits(digits: Uint8Array, start = 0, end = digits.length): Buffer {
  return Buffer.from(Buffer.from(digits.buffer, digits.byteOffset + start, end - start).toString('latin1'), 'hex');
}

/** 1 for every byte that is not a lower-case hex digit. */
export const NOT_HEX = new Uint8Array(256).fill(1);
for (const c of '0123456789abcdef') NOT_HEX[c.charCodeAt(0)] = 0;

const ALL_HIGH = 0x80808080 | 0;

/**
 * Non-zero unless all four bytes of a word are lower-case hex digits, without a branch: for bytes
 * below 0x80, adding 0x80 − c to each sets its high bit exactly when it is ≥ c (no carry reaches
 * the next byte), so '0'…'9' is ≥ 0x30 and not ≥ 0x3a, 'a'…'f' ≥ 0x61 and not ≥ 0x67.
 */
export function notHexWord(w: number): number {
  const digit = (w + 0x50505050) & ~(w + 0x46464646);
  const letter = (w + 0x1f1f1f1f) & ~(w + 0x19191919);
  return (w & ALL_HIGH) | (((digit | letter) & ALL_HIGH) ^ ALL_HIGH);
}

/** A DataView per array, kept while the same arrays come back (a view object per value costs more than its bytes). */
export class WordViews {
  private readonly arrays: Uint8Array[] = [new Uint8Array(0), new Uint8Array(0)];
  private readonly views: DataView[] = [new DataView(new ArrayBuffer(0)), new DataView(new ArrayBuffer(0))];

  /** The view of `bytes` kept in place `which` (0 or 1), made anew when the array changed. */
  of(bytes: Uint8Array, which: 0 | 1): DataView {
    if (this.arrays[which] !== bytes) { this.arrays[which] = bytes; this.views[which] = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength); }
    return this.views[which]!;
  }
}

/** The packed bytes of the four hex digits of word w (first digit in the low byte), as 16 bits (first byte low). */
function packWord(w: number): number {
  // A digit's nibble: its low four bits, plus 9 for a letter (bit 6 set).
  const n = (w & 0x0f0f0f0f) + 9 * ((w >>> 6) & 0x01010101);
  const t = (n << 4) | (n >>> 8);
  return (t & 0xff) | ((t >>> 8) & 0xff00);
}

/**
 * Decodes the lower-case hex digits buf[start, end) (an even count) to bytes at `to` of `out`,
 * eight digits at a time; non-zero when a byte was not such a digit (what was written is then
 * meaningless).
 */
export function decodeHex(buf: Uint8Array, start: number, end: number, out: Uint8Array, to: number, views: WordViews): number {
  const a = views.of(buf, 0), b = views.of(out, 1);
  let i = start, j = to, notHex = 0;
  for (; i + 8 <= end; i += 8, j += 4) {
    const x = a.getInt32(i, true), y = a.getInt32(i + 4, true);
    notHex |= notHexWord(x) | notHexWord(y);
    b.setInt32(j, packWord(x) | (packWord(y) << 16), true);
  }
  for (; i < end; i += 2, j++) {
    const hi = buf[i]!, lo = buf[i + 1]!;
    notHex |= NOT_HEX[hi]! | NOT_HEX[lo]!;
    out[j] = (((hi & 0x0f) + 9 * ((hi >>> 6) & 1)) << 4) | ((lo & 0x0f) + 9 * ((lo >>> 6) & 1));
  }
  return notHex;
}

/** Copies n bytes from src at `from` to dst at `to`, four at a time. */
export function copyBytes(src: Uint8Array, from: number, dst: Uint8Array, to: number, n: number, views: WordViews): void {
  const a = views.of(src, 0), b = views.of(dst, 1);
  let i = 0;
  for (; i + 4 <= n; i += 4) b.setInt32(to + i, a.getInt32(from + i, true), true);
  for (; i < n; i++) dst[to + i] = src[from + i]!;
}
