import { sortF64 } from '../stats/sort-f64';

/** Events (label 1) and non-events (label 0) must both be present. */
function split(scores: ArrayLike<number>, labels: ArrayLike<number>): { pos: Float64Array; neg: Float64Array } {
  if (scores.length !== labels.length) throw new Error(`scores (${scores.length}) and labels (${labels.length}) differ in length`);
  let n1 = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === 1) n1++;
  const pos = new Float64Array(n1), neg = new Float64Array(labels.length - n1);
  for (let i = 0, a = 0, b = 0; i < labels.length; i++) { if (labels[i] === 1) pos[a++] = scores[i]!; else neg[b++] = scores[i]!; }
  if (pos.length === 0 || neg.length === 0) throw new Error('AUC needs both events and non-events');
  return { pos, neg };
}

/**
 * For each value of sorted `a`, the share of sorted `b` below it plus half the share equal to it
 * (its placement value), summed with their squares — one merge walk over both.
 */
function placements(a: Float64Array, b: Float64Array): { sum: number; sumSq: number } {
  let lt = 0, le = 0, sum = 0, sumSq = 0;
  const nb = b.length;
  for (let i = 0; i < a.length; i++) {
    const v = a[i]!;
    while (lt < nb && b[lt]! < v) lt++;
    if (le < lt) le = lt;
    while (le < nb && b[le]! <= v) le++;
    const p = (lt + 0.5 * (le - lt)) / nb;
    sum += p; sumSq += p * p;
  }
  return { sum, sumSq };
}

/**
 * The exact area under the ROC curve — the probability that a random event scores above a
 * random non-event, ties counting one half (Mann–Whitney U / n1·n0) — with its DeLong (1988)
 * standard error and 95% interval from the placement values (Sun & Xu, 2014): events and
 * non-events radix-sorted, then one merge walk each way, O(n) after the sorts.
 * Higher scores are taken to mean "more likely an event".
 */
export function aucWithCi(scores: ArrayLike<number>, labels: ArrayLike<number>): { auc: number; se: number; lower: number; upper: number } {
  const s = split(scores, labels);
  const pos = sortF64(s.pos), neg = sortF64(s.neg);
  const m = pos.length, n = neg.length;
  // V10: each event's share of non-events below it; V01: each non-event's share of events above it.
  const v10 = placements(pos, neg);
  const below = placements(neg, pos);
  const auc = v10.sum / m;
  const s10 = v10.sumSq - m * auc * auc;
  // V01 = 1 − (share of events below + ½ equal); its mean is auc too.
  const sumV01 = n - below.sum, sumSqV01 = n - 2 * below.sum + below.sumSq;
  const s01 = sumSqV01 - 2 * auc * sumV01 + n * auc * auc;
  const variance = (m > 1 ? Math.max(0, s10) / (m - 1) / m : 0) + (n > 1 ? Math.max(0, s01) / (n - 1) / n : 0);
  const se = Math.sqrt(variance);
  return { auc, se, lower: Math.max(0, auc - 1.959963984540054 * se), upper: Math.min(1, auc + 1.959963984540054 * se) };
}

export function auc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  return aucWithCi(scores, labels).auc;
}
