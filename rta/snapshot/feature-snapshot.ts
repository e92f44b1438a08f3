/**
 * A feature snapshot in memory: per hashed device id, the model's inputs. Ids are ASCII bytes
 * back to back (lower-cased), found through an open-addressing table of row numbers on their
 * FNV-1a hash. The inputs are one Float64Array, row after row — a row's 8 inputs are one cache
 * line, so a lookup costs one memory miss for them rather than one per input (with 1 M ids the
 * misses, not the arithmetic, are the cost): numbers (NaN = missing), categorical inputs as codes
 * into their dictionary (−1 = missing). Every array is transferable, so a snapshot is built in a
 * worker thread and handed over without a copy. 1 M ids × 8 inputs ≈ 110 MB.
 */

export interface SnapshotInput {
  name: string;
  type: 'numeric' | 'categorical';
  /** A categorical input's values by code (empty for a numeric one). */
  dictionary: string[];
}

export interface SnapshotData {
  file: string;
  keyColumn: string;
  rows: number;
  /** Id bytes, row after row; row r's id is keyBytes[keyStarts[r], keyStarts[r + 1]). */
  keyBytes: Uint8Array;
  keyStarts: Uint32Array;
  /** Row number + 1 per slot (0 = empty); the length is a power of two ≥ 2 × rows. */
  slots: Int32Array;
  inputs: SnapshotInput[];
  /** Row r's input j at cells[r × inputs.length + j]. */
  cells: Float64Array;
}

/** FNV-1a over the id's characters (ASCII: the same over its bytes). */
export function idHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export function idHashBytes(b: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
  return h >>> 0;
}

/** The table size for `rows` ids: a power of two at least twice as large. */
export function slotCount(rows: number): number {
  let n = 16;
  while (n < rows * 2) n *= 2;
  return n;
}

/**
 * The open-addressing table of `rows` ids (bytes back to back, row r's at starts[r]..starts[r + 1]):
 * row number + 1 per slot. `duplicate(r, other)` is thrown when row r's id equals an earlier row's.
 */
export function buildIdTable(bytes: Uint8Array, starts: Uint32Array, rows: number, duplicate: (r: number, other: number) => Error): Int32Array {
  const slots = new Int32Array(slotCount(rows));
  const mask = slots.length - 1;
  for (let r = 0; r < rows; r++) {
    const s = starts[r]!, e = starts[r + 1]!;
    let i = idHashBytes(bytes, s, e) & mask;
    for (;;) {
      const other = slots[i]! - 1;
      if (other < 0) { slots[i] = r + 1; break; }
      const os = starts[other]!, oe = starts[other + 1]!;
      if (oe - os === e - s && Buffer.compare(bytes.subarray(s, e), bytes.subarray(os, oe)) === 0) throw duplicate(r, other);
      i = (i + 1) & mask;
    }
  }
  return slots;
}

export class FeatureSnapshot {
  private readonly mask: number;

  constructor(readonly data: SnapshotData) {
    this.mask = data.slots.length - 1;
  }

  get rows(): number { return this.data.rows; }

  /** The row of an id (already lower-cased), or −1. */
  find(id: string): number {
    const { keyBytes, keyStarts, slots } = this.data;
    const n = id.length;
    let i = idHash(id) & this.mask;
    for (;;) {
      const r = slots[i]! - 1;
      if (r < 0) return -1;
      const s = keyStarts[r]!;
      if (keyStarts[r + 1]! - s === n) {
        let k = 0;
        while (k < n && keyBytes[s + k] === id.charCodeAt(k)) k++;
        if (k === n) return r;
      }
      i = (i + 1) & this.mask;
    }
  }

  /** Row `r`'s id (lower-cased). */
  idAt(r: number): string {
    const { keyBytes, keyStarts } = this.data;
    return Buffer.from(keyBytes.buffer, keyBytes.byteOffset + keyStarts[r]!, keyStarts[r + 1]! - keyStarts[r]!).toString('latin1');
  }

  /** Writes row `r`'s inputs into `record` (numbers, NaN for missing; text or null). */
  fill(r: number, record: Record<string, unknown>): void {
    const { inputs, cells } = this.data;
    let at = r * inputs.length;
    for (const c of inputs) {
      const v = cells[at++]!;
      record[c.name] = c.type === 'numeric' ? v : v < 0 ? null : c.dictionary[v];
    }
  }

  /** The arrays to transfer to another thread. */
  transferList(): ArrayBuffer[] {
    const d = this.data;
    return [d.keyBytes.buffer, d.keyStarts.buffer, d.slots.buffer, d.cells.buffer] as ArrayBuffer[];
  }
}
