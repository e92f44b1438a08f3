import { HexKeyIndex, keyHash, wordsOf } from './hex-key-index';

/** Distinct hashed keys packed as bytes (`width` bytes each, a multiple of 4), `count` of them. */
export interface PackedKeys {
  bytes: Uint8Array;
  width: number;
  count: number;
}

/** A key's part when matching in two halves: the top bit of its hash, so equal keys fall in the same half. */
export const partOf = (h: number): number => h >>> 31;

/** Marks a left key of the other half in `matchHexPart`'s answer. */
export const OTHER_PART = -2;

/**
 * For each left key whose hash falls in half `part` (0 or 1), the position of the equal right key
 * or −1; OTHER_PART for the left keys of the other half. Two threads each match one half — the
 * right keys of that half indexed, the left keys of that half looked up — and together find what
 * one pass over all keys finds.
 */
export function matchHexPart(left: PackedKeys, right: PackedKeys, part: number): Int32Array {
  const k = right.width / 4;
  const rw = wordsOf(right.bytes), lw = wordsOf(left.bytes);
  const index = new HexKeyIndex(right.bytes, right.width, Math.ceil(right.count / 2) + 1024);
  for (let i = 0; i < right.count; i++) { const h = keyHash(rw, i, k); if (partOf(h) === part) index.addHashed(i, h); }
  const match = new Int32Array(left.count);
  for (let c = 0; c < left.count; c++) { const h = keyHash(lw, c, k); match[c] = partOf(h) === part ? index.findHashed(lw, c, h) : OTHER_PART; }
  return match;
}
