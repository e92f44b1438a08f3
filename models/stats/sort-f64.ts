/**
 * Sorts finite-or-infinite doubles (no NaN) ascending with an LSD radix sort on their IEEE bits,
 * 16 bits a pass, skipping passes where every value shares the digit. Several times faster than
 * `Float64Array.prototype.sort` on a million values. Returns a new array.
 */
export function sortF64(input: Float64Array): Float64Array {
  const n = input.length;
  const out = new Float64Array(n);
  if (n < 256) {
    out.set(input);
    out.sort();
    return out;
  }
  if (countingSortInts(input, out)) return out;
  if (sortFewDistinct(input, out)) return out;
  if (sortScaledDecimals(input, out)) return out;
  const { lo, hi } = radixSortKeys(orderedKeys(input, false), null);
  const ow = new Uint32Array(out.buffer);
  for (let i = 0; i < n; i++) {
    const h = hi[i]!;
    if (h & 0x80000000) { ow[2 * i + 1] = (h & 0x7fffffff) >>> 0; ow[2 * i] = lo[i]!; } else { ow[2 * i + 1] = ~h >>> 0; ow[2 * i] = ~lo[i]! >>> 0; }
  }
  return out;
}

/** Doubles as 64-bit keys (high, low words) whose unsigned order is the numeric order (−0 before 0 unless `mergeZeros`). */
function orderedKeys(input: Float64Array, mergeZeros: boolean): { lo: Uint32Array; hi: Uint32Array } {
  const n = input.length;
  const lo = new Uint32Array(n), hi = new Uint32Array(n);
  const cell = new Float64Array(1), bits = new Uint32Array(cell.buffer);
  for (let i = 0; i < n; i++) {
    const v = input[i]!;
    cell[0] = mergeZeros && v === 0 ? 0 : v;
    const h = bits[1]!, l = bits[0]!;
    if (h & 0x80000000) { hi[i] = ~h >>> 0; lo[i] = ~l >>> 0; } else { hi[i] = (h | 0x80000000) >>> 0; lo[i] = l; }
  }
  return { lo, hi };
}

/**
 * LSD radix sort of 64-bit keys, 16 bits a pass, skipping passes where every key shares the
 * digit; stable, carrying `idx` along when given.
 */
function radixSortKeys(keys: { lo: Uint32Array; hi: Uint32Array }, idx: Int32Array | null): { lo: Uint32Array; hi: Uint32Array; idx: Int32Array | null } {
  let lo: Uint32Array = keys.lo, hi: Uint32Array = keys.hi;
  const n = lo.length;
  const counts = new Uint32Array(4 * 65536);
  for (let i = 0; i < n; i++) {
    const l = lo[i]!, h = hi[i]!;
    counts[l & 0xffff]!++;
    counts[65536 + (l >>> 16)]!++;
    counts[131072 + (h & 0xffff)]!++;
    counts[196608 + (h >>> 16)]!++;
  }
  let lo2: Uint32Array = new Uint32Array(n), hi2: Uint32Array = new Uint32Array(n), idx2: Int32Array | null = idx ? new Int32Array(n) : null;
  const offsets = new Uint32Array(65536);
  for (let pass = 0; pass < 4; pass++) {
    const base = pass * 65536;
    let skip = false;
    for (let d = 0; d < 65536; d++) {
      const c = counts[base + d]!;
      if (c === n) { skip = true; break; }
      if (c !== 0) break;
    }
    if (skip) continue;
    let sum = 0;
    for (let d = 0; d < 65536; d++) { offsets[d] = sum; sum += counts[base + d]!; }
    const src = pass >= 2 ? hi : lo;
    const shift = pass % 2 === 0 ? 0 : 16;
    for (let i = 0; i < n; i++) {
      const j = offsets[(src[i]! >>> shift) & 0xffff]!++;
      lo2[j] = lo[i]!; hi2[j] = hi[i]!;
      if (idx) idx2![j] = idx[i]!;
    }
    [lo, lo2] = [lo2, lo];
    [hi, hi2] = [hi2, hi];
    if (idx) [idx, idx2] = [idx2!, idx];
  }
  return { lo, hi, idx };
}

/** The stable ascending order of doubles (no NaN; −0 counts as 0): positions 0…n−1 by value, ties in position order. */
export function radixOrder(input: Float64Array): Int32Array {
  return radixSortKeys(orderedKeys(input, true), Int32Array.from({ length: input.length }, (_, i) => i)).idx!;
}

/** Integer values spanning at most this many distinct slots are counted instead of sorted. */
export const MAX_COUNTING_RANGE = 1 << 18;

/**
 * Counting sort for columns of whole numbers in a narrow range (counts, days, ages, amounts in
 * whole units — most credit features): one pass to check, one to count, one to write. Returns
 * false, leaving `out` untouched, when the values are not such integers (or hold −0).
 */
function countingSortInts(input: Float64Array, out: Float64Array): boolean {
  const n = input.length;
  let min = Infinity, max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = input[i]!;
    if (!Number.isInteger(v) || (v === 0 && 1 / v < 0)) return false;
    if (v < min) min = v;
    if (v > max) max = v;
    if (max - min >= MAX_COUNTING_RANGE) return false;
  }
  const counts = new Uint32Array(max - min + 1);
  for (let i = 0; i < n; i++) counts[input[i]! - min]!++;
  writeCounted(counts, min, 1, out);
  return true;
}

/** Columns of at most this many distinct values are counted in a small table (see `sortFewDistinct`). */
const FEW_DISTINCT = 1024;
/** That table's slots: a power of two, at most half full. */
const FEW_SLOTS = FEW_DISTINCT * 2;

/**
 * Columns of few distinct values that are not narrow integers (dates as milliseconds, a handful of
 * rates, codes spread far apart): each value counted in a small open-addressing table on its bits,
 * then the distinct values sorted and written out by their counts. Returns false, leaving `out`
 * untouched, past FEW_DISTINCT distinct values (found within the first few thousand values of a
 * continuous column) or at a −0 (which the radix sort orders before 0).
 */
function sortFewDistinct(input: Float64Array, out: Float64Array): boolean {
  const keys = new Float64Array(FEW_SLOTS).fill(NaN), counts = new Uint32Array(FEW_SLOTS);
  const cell = new Float64Array(1), bits = new Int32Array(cell.buffer);
  let distinct = 0;
  for (let i = 0; i < input.length; i++) {
    const v = input[i]!;
    if (v === 0 && 1 / v < 0) return false;
    cell[0] = v;
    let slot = Math.imul(bits[0]! ^ Math.imul(bits[1]!, 0x85ebca6b), 0x9e3779b1) >>> 21;
    // NaN marks a free slot (the input holds none).
    while (keys[slot] !== v) {
      if (Number.isNaN(keys[slot]!)) {
        if (++distinct > FEW_DISTINCT) return false;
        keys[slot] = v;
        break;
      }
      slot = (slot + 1) & (FEW_SLOTS - 1);
    }
    counts[slot]!++;
  }
  const order = Int32Array.from({ length: FEW_SLOTS }, (_, k) => k).filter((k) => counts[k]! > 0).sort((a, b) => keys[a]! - keys[b]!);
  let j = 0;
  for (const k of order) { out.fill(keys[k]!, j, j + counts[k]!); j += counts[k]!; }
  return true;
}

const SCALES = [1, 10, 100, 1000, 10000];

/**
 * Decimals with at most four places (amounts, rates — what most credit files hold) are integers
 * in disguise: when every value equals round(v · 10^d) / 10^d exactly, sort those integers
 * (counted when their range is narrow, else radix-sorted) and divide back, which gives back
 * exactly the original doubles. Returns false when the values are not such.
 */
function sortScaledDecimals(input: Float64Array, out: Float64Array): boolean {
  const keys = new Int32Array(input.length);
  for (const scale of SCALES) {
    if (!scaledKeys(input, scale, keys)) continue;
    sortKeysInto(keys, keyRange.min, keyRange.max, scale, out);
    return true;
  }
  return false;
}

/**
 * The values m / scale of integer keys (|m| ≤ 2^30, `min` and `max` their extremes), sorted —
 * counted when their range is narrow, else radix-sorted — and how many distinct values they are
 * (found while writing them). For keys read straight from packed chunks (`packedColumnKeys`);
 * gives exactly what `sortF64` gives on the values.
 */
export function sortScaledKeys(keys: Int32Array, min: number, max: number, scale: number): { sorted: Float64Array; distinct: number } {
  const sorted = new Float64Array(keys.length);
  return { sorted, distinct: keys.length > 0 ? sortKeysInto(keys, min, max, scale, sorted) : 0 };
}

/** Writes the sorted values into `out`; returns how many distinct values they are. */
function sortKeysInto(keys: Int32Array, min: number, max: number, scale: number, out: Float64Array): number {
  const range = max - min + 1;
  if (range > MAX_COUNTING_RANGE) return radixSortOffsets(keys, min, range, out, scale);
  const counts = new Uint32Array(range);
  for (let i = 0; i < keys.length; i++) counts[keys[i]! - min]!++;
  return writeCounted(counts, min, scale, out);
}

/** Set by `scaledKeys`: the smallest and largest key. */
const keyRange = { min: 0, max: 0 };

/** Writes round(v · scale) of every value into `keys` when each gives its value back exactly (and none is −0 or past ±2^30); false at the first that does not. */
function scaledKeys(input: Float64Array, scale: number, keys: Int32Array): boolean {
  let min = Infinity, max = -Infinity;
  for (let i = 0; i < input.length; i++) {
    const v = input[i]!;
    const m = Math.round(v * scale);
    if (m / scale !== v || m > 1073741823 || m < -1073741823 || (v === 0 && 1 / v < 0)) return false;
    keys[i] = m;
    if (m < min) min = m;
    if (m > max) max = m;
  }
  keyRange.min = min;
  keyRange.max = max;
  return true;
}

/** Writes each slot k's value (min + k) / scale counts[k] times, in slot order (a single one without a call: most slots of a wide range hold one); returns the distinct values written. */
function writeCounted(counts: Uint32Array, min: number, scale: number, out: Float64Array): number {
  // Keys a whole step apart (|m| ≤ 2^30, scale ≤ 10^4) never divide to the same double: a slot is a value.
  let j = 0, distinct = 0;
  for (let k = 0; k < counts.length; k++) {
    const c = counts[k]!;
    if (c === 0) continue;
    const v = (min + k) / scale;
    distinct++;
    if (c === 1) out[j++] = v;
    else { out.fill(v, j, j + c); j += c; }
  }
  return distinct;
}

/**
 * Scaled integers too widely spread to count: an LSD radix sort of their offsets from `min`
 * (at most 31 bits) in as few passes of at most 12 bits as the range needs — two for a range of
 * up to 16 M, where sorting the doubles' 64-bit patterns takes four — then divided back. (Twelve:
 * a 24-bit range in two passes of 4096 buckets measured 25% faster than three of 256.)
 */
function radixSortOffsets(keys: Int32Array, min: number, range: number, out: Float64Array, scale: number): number {
  const n = keys.length;
  let a = new Uint32Array(n);
  let b = new Uint32Array(n);
  for (let i = 0; i < n; i++) a[i] = keys[i]! - min;
  const bits = 32 - Math.clz32(range - 1);
  const passes = Math.ceil(bits / 12);
  const digitBits = Math.ceil(bits / passes);
  const mask = (1 << digitBits) - 1;
  const offsets = new Uint32Array(mask + 1);
  for (let pass = 0, shift = 0; pass < passes; pass++, shift += digitBits) {
    offsets.fill(0);
    for (let i = 0; i < n; i++) offsets[(a[i]! >>> shift) & mask]!++;
    let sum = 0;
    for (let d = 0; d <= mask; d++) { const c = offsets[d]!; offsets[d] = sum; sum += c; }
    for (let i = 0; i < n; i++) { const x = a[i]!; b[offsets[(x >>> shift) & mask]!++] = x; }
    [a, b] = [b, a];
  }
  let distinct = 0, last = NaN;
  for (let i = 0; i < n; i++) {
    const v = (a[i]! + min) / scale;
    out[i] = v;
    distinct += v !== last ? 1 : 0;
    last = v;
  }
  return distinct;
}
