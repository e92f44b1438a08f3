import type { BinRow, BinSpec, BinningTable } from '../../types/binning';

/** What assigning rows to bins needs of a table: each row's kind, special value and training count (a binning table, or a scorecard's attributes). */
export interface BinLayout {
  bins: readonly Pick<BinRow, 'kind' | 'value' | 'count'>[];
}

/** A row's bin when the binning never saw its value (a special value absent from training, a category in no group). */
export const UNSEEN_BIN = -1;

/**
 * Each row's row index in the binning table: regular values by their bin (cuts are left-closed),
 * special values by their special bin (UNSEEN_BIN when that bin held no training row), missing
 * values by the missing bin.
 */
export function binsOfNumbers(values: Float64Array, spec: Extract<BinSpec, { kind: 'numeric' }>, table: BinLayout): Int32Array {
  const regular: number[] = [];
  const special = new Map<number, number>();
  let missing = UNSEEN_BIN;
  table.bins.forEach((b, k) => {
    if (b.kind === 'bin') regular.push(k);
    else if (b.kind === 'special') special.set(b.value!, b.count > 0 ? k : UNSEEN_BIN);
    else missing = k;
  });
  const cuts = spec.cuts;
  const out = new Int32Array(values.length);
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

/** Each row's row index in the binning table for categories (codes into `dictionary`, −1 missing). */
export function binsOfCodes(codes: Int32Array, dictionary: readonly string[], spec: Extract<BinSpec, { kind: 'categorical' }>, table: BinLayout): Int32Array {
  const regular: number[] = [];
  let missing = UNSEEN_BIN;
  table.bins.forEach((b, k) => { if (b.kind === 'bin') regular.push(k); else if (b.kind === 'missing') missing = k; });
  const group = new Map<string, number>();
  spec.groups.forEach((g, k) => { for (const c of g) group.set(c, k); });
  const byCode = Int32Array.from(dictionary, (d) => { const k = group.get(d); return k === undefined ? UNSEEN_BIN : regular[k]!; });
  const out = new Int32Array(codes.length);
  for (let i = 0; i < codes.length; i++) { const c = codes[i]!; out[i] = c < 0 ? missing : byCode[c]!; }
  return out;
}

/** A value per table row looked up for every row's bin; `unseen` for UNSEEN_BIN. */
export function valueOfBins(bins: Int32Array, perBin: ArrayLike<number>, unseen: number): Float64Array {
  const out = new Float64Array(bins.length);
  for (let i = 0; i < bins.length; i++) { const b = bins[i]!; out[i] = b < 0 ? unseen : perBin[b]!; }
  return out;
}

/**
 * The WOE of every row under a stored binning: regular values by their bin, special values by
 * their special bin, missing values by the missing bin. Values the binning never saw get WOE 0
 * (neutral): a special value absent from training, a category not in any group.
 */
export function woeOfNumbers(values: Float64Array, spec: Extract<BinSpec, { kind: 'numeric' }>, table: BinningTable): Float64Array {
  return valueOfBins(binsOfNumbers(values, spec, table), table.bins.map((b) => b.woe), 0);
}

export function woeOfCodes(codes: Int32Array, dictionary: readonly string[], spec: Extract<BinSpec, { kind: 'categorical' }>, table: BinningTable): Float64Array {
  return valueOfBins(binsOfCodes(codes, dictionary, spec, table), table.bins.map((b) => b.woe), 0);
}
