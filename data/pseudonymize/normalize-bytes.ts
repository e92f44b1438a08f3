import type { KeyKind } from './normalize';

/**
 * Byte-level fast paths of the normalizers in normalize.ts, for the ids that are plain ASCII:
 * each writes the normalized id into `dst` at `at` and returns its length, or returns
 * ASK_STRING_NORMALIZER whenever it is not sure — any non-ASCII byte, any id it would reject —
 * so the string normalizer stays the one rule (and the one place reasons come from). A test
 * checks they agree on every id they accept.
 */
export const ASK_STRING_NORMALIZER = -1;
export type ByteNormalizer = (src: Uint8Array, s: number, e: number, dst: Uint8Array, at: number) => number;

const isAsciiSpace = (b: number) => b === 0x20 || (b >= 0x09 && b <= 0x0d);
const isDigit = (b: number) => b >= 0x30 && b <= 0x39;

/** Phone: drop spaces, dashes, dots and brackets and a +86 / 0086 / (13 digits) 86 prefix; 11 digits starting with 1. */
export const phoneBytes: ByteNormalizer = (src, s, e, dst, at) => {
  let n = 0;
  for (let i = s; i < e; i++) {
    const b = src[i]!;
    if (b >= 0x80) return ASK_STRING_NORMALIZER;
    if (isAsciiSpace(b) || b === 0x2d || b === 0x28 || b === 0x29 || b === 0x2e) continue;
    if (n === 16) return ASK_STRING_NORMALIZER;
    dst[at + n++] = b;
  }
  let skip = 0;
  if (dst[at] === 0x2b && dst[at + 1] === 0x38 && dst[at + 2] === 0x36) skip = 3;
  else if (dst[at] === 0x30 && dst[at + 1] === 0x30 && dst[at + 2] === 0x38 && dst[at + 3] === 0x36) skip = 4;
  else if (n === 13 && dst[at] === 0x38 && dst[at + 1] === 0x36) skip = 2;
  if (n - skip !== 11 || dst[at + skip] !== 0x31) return ASK_STRING_NORMALIZER;
  for (let i = 0; i < 11; i++) {
    const b = dst[at + skip + i]!;
    if (!isDigit(b)) return ASK_STRING_NORMALIZER;
    dst[at + i] = b;
  }
  return 11;
};

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = [0x31, 0x30, 0x58, 0x39, 0x38, 0x37, 0x36, 0x35, 0x34, 0x33, 0x32];

/** Resident ID: trimmed, 17 digits and a check character that matches; x becomes X. */
export const idCardBytes: ByteNormalizer = (src, s, e, dst, at) => {
  while (s < e && isAsciiSpace(src[s]!)) s++;
  while (e > s && isAsciiSpace(src[e - 1]!)) e--;
  if (e - s !== 18) return ASK_STRING_NORMALIZER;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const b = src[s + i]!;
    if (!isDigit(b)) return ASK_STRING_NORMALIZER;
    sum += (b - 0x30) * ID_WEIGHTS[i]!;
    dst[at + i] = b;
  }
  const last = src[s + 17] === 0x78 ? 0x58 : src[s + 17]!;
  if (last !== ID_CHECK[sum % 11]) return ASK_STRING_NORMALIZER;
  dst[at + 17] = last;
  return 18;
};

/** E-mail: trimmed, lower-cased; one @ with text before it, a dot inside the domain, no spaces. */
export const emailBytes: ByteNormalizer = (src, s, e, dst, at) => {
  while (s < e && isAsciiSpace(src[s]!)) s++;
  while (e > s && isAsciiSpace(src[e - 1]!)) e--;
  let atSign = -1;
  for (let i = s; i < e; i++) {
    let b = src[i]!;
    if (b >= 0x80 || isAsciiSpace(b)) return ASK_STRING_NORMALIZER;
    if (b === 0x40) { if (atSign >= 0) return ASK_STRING_NORMALIZER; atSign = i; }
    if (b >= 0x41 && b <= 0x5a) b += 0x20;
    dst[at + i - s] = b;
  }
  // [^\s@]+ @ [^\s@]+ \. [^\s@]+ : something before the @, between the @ and a dot, after the dot
  if (atSign <= s) return ASK_STRING_NORMALIZER;
  let dotAfterText = false;
  for (let i = atSign + 2; i < e - 1; i++) if (src[i] === 0x2e) { dotAfterText = true; break; }
  return dotAfterText ? e - s : ASK_STRING_NORMALIZER;
};

/** Free text: trimmed, not empty. */
export const textBytes: ByteNormalizer = (src, s, e, dst, at) => {
  while (s < e && isAsciiSpace(src[s]!)) s++;
  while (e > s && isAsciiSpace(src[e - 1]!)) e--;
  if (e === s) return ASK_STRING_NORMALIZER;
  for (let i = s; i < e; i++) {
    const b = src[i]!;
    if (b >= 0x80) return ASK_STRING_NORMALIZER;
    dst[at + i - s] = b;
  }
  return e - s;
};

const always: ByteNormalizer = () => ASK_STRING_NORMALIZER;

/** The fast path of each kind (device ids go through the string rules: their casing varies by kind). */
export const BYTE_NORMALIZERS: Record<KeyKind, ByteNormalizer> = {
  phone: phoneBytes, idcard: idCardBytes, email: emailBytes, text: textBytes,
  device: always, imei: always, idfa: always, oaid: always, caid: always,
};
