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
  const words = new Uint32Array(input.buffer.slice(input.byteOffset, input.byteOffset + n * 8));
  let lo = new Uint32Array(n);
  let hi = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const h = words[2 * i + 1]!;
    const l = words[2 * i]!;
    if (h & 0x80000000) { hi[i] = ~h >>> 0; lo[i] = ~l >>> 0; } else { hi[i] = (h | 0x80000000) >>> 0; lo[i] = l; }
  }
  const counts = new Uint32Array(4 * 65536);
  for (let i = 0; i < n; i++) {
    const l = lo[i]!, h = hi[i]!;
    counts[l & 0xffff]!++;
    counts[65536 + (l >>> 16)]!++;
    counts[131072 + (h & 0xffff)]!++;
    counts[196608 + (h >>> 16)]!++;
  }
  let lo2 = new Uint32Array(n);
  let hi2 = new Uint32Array(n);
  for (let pass = 0; pass < 4; pass++) {
    const base = pass * 65536;
    let skip = false;
    for (let d = 0; d < 65536; d++) {
      const c = counts[base + d]!;
      if (c === n) { skip = true; break; }
      if (c !== 0) break;
    }
    if (skip) continue;
    const offsets = new Uint32Array(65536);
    let sum = 0;
    for (let d = 0; d < 65536; d++) { offsets[d] = sum; sum += counts[base + d]!; }
    const useHi = pass >= 2;
    const shift = pass % 2 === 0 ? 0 : 16;
    for (let i = 0; i < n; i++) {
      const key = useHi ? hi[i]! : lo[i]!;
      const d = (key >>> shift) & 0xffff;
      const j = offsets[d]!++;
      lo2[j] = lo[i]!;
      hi2[j] = hi[i]!;
    }
    [lo, lo2] = [lo2, lo];
    [hi, hi2] = [hi2, hi];
  }
  const ow = new Uint32Array(out.buffer);
  for (let i = 0; i < n; i++) {
    const h = hi[i]!;
    if (h & 0x80000000) { ow[2 * i + 1] = (h & 0x7fffffff) >>> 0; ow[2 * i] = lo[i]!; } else { ow[2 * i + 1] = ~h >>> 0; ow[2 * i] = ~lo[i]! >>> 0; }
  }
  return out;
}
