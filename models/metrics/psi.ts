import { orderOf } from './ranks';

/**
 * Population stability index of a score between an expected sample (e.g. train) and an actual
 * one (test, out-of-time): bands at the expected sample's quantiles (`bands`, default deciles;
 * cut points at observed values, left-closed), PSI = Σ (a − e) · ln(a / e) over the bands' shares,
 * a share of 0 floored at 1e−4 so an empty band counts without dividing by zero.
 */
export function psi(expected: ArrayLike<number>, actual: ArrayLike<number>, bands = 10): { psi: number; cuts: number[]; expected: number[]; actual: number[] } {
  const cuts = quantileCuts(expected, bands);
  const share = (xs: ArrayLike<number>) => {
    const c = new Array<number>(cuts.length + 1).fill(0);
    for (let i = 0; i < xs.length; i++) { let b = 0; while (b < cuts.length && xs[i]! >= cuts[b]!) b++; c[b]!++; }
    return c.map((x) => x / Math.max(1, xs.length));
  };
  const e = share(expected), a = share(actual);
  return { psi: stabilityIndex(e, a), cuts, expected: e, actual: a };
}

/** Σ (a − e) · ln(a / e) over groups' shares (each floored at 1e−4): PSI of a score, CSI of a binned variable. */
export function stabilityIndex(expected: readonly number[], actual: readonly number[]): number {
  let total = 0;
  for (let k = 0; k < expected.length; k++) { const ek = Math.max(expected[k]!, 1e-4), ak = Math.max(actual[k]!, 1e-4); total += (ak - ek) * Math.log(ak / ek); }
  return total;
}

/** Cut points at a sample's quantiles (`bands` groups; observed values, left-closed, distinct, above the minimum). */
export function quantileCuts(values: ArrayLike<number>, bands: number): number[] {
  const order = orderOf(values);
  const cuts: number[] = [];
  if (order.length === 0) return cuts;
  for (let q = 1; q < bands; q++) {
    const v = values[order[Math.floor((q * order.length) / bands)]!]!;
    if (v > values[order[0]!]! && (cuts.length === 0 || v > cuts[cuts.length - 1]!)) cuts.push(v);
  }
  return cuts;
}

/** The band of a value among left-closed cut points: the number of cuts at or below it. */
export function bandOf(v: number, cuts: readonly number[]): number {
  let lo = 0, hi = cuts.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (cuts[mid]! <= v) lo = mid + 1; else hi = mid; }
  return lo;
}
