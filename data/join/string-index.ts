/**
 * A hash index from distinct strings to their position, for a million hashed keys at a time:
 * an open-addressing table over a hash of each key's first and last 12 characters and its
 * length (hashed ids are uniformly random, so that is plenty), with a full comparison on every
 * hit. Several times faster than a Map on long keys, and it allocates nothing per key.
 */
export class StringIndex {
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(private readonly keys: readonly string[]) {
    let size = 1024;
    while (size < keys.length * 2) size *= 2;
    this.slots = new Int32Array(size).fill(-1);
    this.mask = size - 1;
    for (let i = 0; i < keys.length; i++) {
      let slot = hashKey(keys[i]!) & this.mask;
      while (this.slots[slot] !== -1) slot = (slot + 1) & this.mask;
      this.slots[slot] = i;
    }
  }

  /** The position of `key`, or −1. */
  get(key: string): number {
    let slot = hashKey(key) & this.mask;
    for (;;) {
      const i = this.slots[slot]!;
      if (i === -1) return -1;
      if (this.keys[i] === key) return i;
      slot = (slot + 1) & this.mask;
    }
  }
}

function hashKey(s: string): number {
  const n = s.length;
  let h = Math.imul(0x811c9dc5 ^ n, 0x01000193);
  const head = Math.min(n, 12);
  for (let i = 0; i < head; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  for (let i = Math.max(head, n - 12); i < n; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h ^ (h >>> 15);
}
