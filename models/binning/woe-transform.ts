import type { BinSpec, BinningTable } from '../../types/binning';

/**
 * The WOE of every row under a stored binning: regular values by their bin, special values by
 * their special bin, missing values by the missing bin. Values the binning never saw get WOE 0
 * (neutral): a special value absent from training, a category not in any group.
 */
export function woeOfNumbers(values: Float64Array, spec: Extract<BinSpec, { kind: 'numeric' }>, table: BinningTable): Float64Array {
  const regular = table.bins.filter((b) => b.kind === 'bin').map((b) => b.woe);
  const special = new Map(table.bins.filter((b) => b.kind === 'special').map((b) => [b.value!, b.count > 0 ? b.woe : 0]));
  const missing = table.bins.find((b) => b.kind === 'missing')!.woe;
  const cuts = spec.cuts;
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) { out[i] = missing; continue; }
    const s = special.size > 0 ? special.get(v) : undefined;
    if (s !== undefined) { out[i] = s; continue; }
    let lo = 0, hi = cuts.length;
    while (lo < hi) { const mid = (lo + hi) >>> 1; if (cuts[mid]! <= v) lo = mid + 1; else hi = mid; }
    out[i] = regular[lo]!;
  }
  return out;
}

export function woeOfCodes(codes: Int32Array, dictionary: readonly string[], spec: Extract<BinSpec, { kind: 'categorical' }>, table: BinningTable): Float64Array {
  const regular = table.bins.filter((b) => b.kind === 'bin').map((b) => b.woe);
  const missing = table.bins.find((b) => b.kind === 'missing')!.woe;
  const group = new Map<string, number>();
  spec.groups.forEach((g, k) => { for (const c of g) group.set(c, k); });
  const byCode = Float64Array.from(dictionary, (d) => { const k = group.get(d); return k === undefined ? 0 : regular[k]!; });
  const out = new Float64Array(codes.length);
  for (let i = 0; i < codes.length; i++) { const c = codes[i]!; out[i] = c < 0 ? missing : byCode[c]!; }
  return out;
}
