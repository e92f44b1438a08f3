/**
 * A hash index over hashed keys packed as bytes (`width` bytes each, a multiple of 4): one
 * open-addressing table of (first word, position) pairs, so a probe reads one cache line and
 * compares the whole key only when the first 32 bits agree. Allocates nothing per key.
 */
export class HexKeyIndex {
  private readonly slots: Int32Array;
  private readonly mask: number;
  private readonly words: Int32Array;
  private readonly wpk: number;
  size = 0;

  /** An empty index for up to `capacity` keys of `keys` (a packed key array of `width` bytes per key). */
  constructor(keys: Uint8Array, width: number, capacity: number) {
    if (width % 4 !== 0) throw new Error(`key width ${width} is not a multiple of 4 bytes`);
    this.words = wordsOf(keys);
    this.wpk = width / 4;
    let size = 1024;
    while (size < capacity * 2) size *= 2;
    this.slots = new Int32Array(size * 2).fill(-1);
    this.mask = size - 1;
  }

  /** Adds key `i`; returns the position of an equal key already present, else `i`. */
  add(i: number): number {
    return this.addHashed(i, keyHash(this.words, i, this.wpk));
  }

  /** `add` for a key whose `keyHash` is known. */
  addHashed(i: number, h: number): number {
    const w = this.words, k = this.wpk;
    let slot = h & this.mask;
    const first = w[i * k]!;
    for (;;) {
      const at = this.slots[slot * 2 + 1]!;
      if (at === -1) { this.slots[slot * 2] = first; this.slots[slot * 2 + 1] = i; this.size++; return i; }
      if (this.slots[slot * 2] === first && sameKey(w, at * k, w, i * k, k)) return at;
      slot = (slot + 1) & this.mask;
    }
  }

  /** The position of key `j` of `other` (packed the same way), or −1. */
  find(other: Int32Array, j: number): number {
    return this.findHashed(other, j, keyHash(other, j, this.wpk));
  }

  /** `find` for a key whose `keyHash` is known. */
  findHashed(other: Int32Array, j: number, h: number): number {
    const w = this.words, k = this.wpk;
    let slot = h & this.mask;
    const first = other[j * k]!;
    for (;;) {
      const at = this.slots[slot * 2 + 1]!;
      if (at === -1) return -1;
      if (this.slots[slot * 2] === first && sameKey(w, at * k, other, j * k, k)) return at;
      slot = (slot + 1) & this.mask;
    }
  }
}

/** The bytes as 32-bit words (copied when not aligned). */
export function wordsOf(bytes: Uint8Array): Int32Array {
  if (bytes.byteOffset % 4 === 0 && bytes.byteLength % 4 === 0) return new Int32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  const copy = new Uint8Array(Math.ceil(bytes.byteLength / 4) * 4);
  copy.set(bytes);
  return new Int32Array(copy.buffer);
}

/** The hash of key i of a packed array of k words a key: every word mixed in (keys need not be random). */
export function keyHash(w: Int32Array, i: number, k: number): number {
  const at = i * k;
  let h = 0x9e3779b9 ^ k;
  for (let j = 0; j < k; j++) h = Math.imul(h ^ w[at + j]!, 0x85ebca6b) ^ (h >>> 13);
  h = Math.imul(h ^ (h >>> 16), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

function sameKey(a: Int32Array, ai: number, b: Int32Array, bi: number, k: number): boolean {
  for (let i = 0; i < k; i++) if (a[ai + i] !== b[bi + i]) return false;
  return true;
}
