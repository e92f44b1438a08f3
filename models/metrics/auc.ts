import { midranks } from './ranks';

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
 * The exact area under the ROC curve — the probability that a random event scores above a
 * random non-event, ties counting one half (Mann–Whitney U / n1·n0) — with its DeLong (1988)
 * standard error and 95% interval, by the midrank algorithm of Sun & Xu (2014): O(n log n).
 * Higher scores are taken to mean "more likely an event".
 */
export function aucWithCi(scores: ArrayLike<number>, labels: ArrayLike<number>): { auc: number; se: number; lower: number; upper: number } {
  const { pos, neg } = split(scores, labels);
  const m = pos.length, n = neg.length;
  const all = new Float64Array(m + n);
  all.set(pos); all.set(neg, m);
  const r = midranks(all), rp = midranks(pos), rn = midranks(neg);
  let sumPos = 0;
  for (let i = 0; i < m; i++) sumPos += r[i]!;
  const auc = (sumPos - (m * (m + 1)) / 2) / (m * n);
  // Placement values: V10 for each event, V01 for each non-event.
  let s10 = 0, s01 = 0;
  for (let i = 0; i < m; i++) { const v = (r[i]! - rp[i]!) / n - auc; s10 += v * v; }
  for (let j = 0; j < n; j++) { const v = 1 - (r[m + j]! - rn[j]!) / m - auc; s01 += v * v; }
  const variance = (m > 1 ? s10 / (m - 1) / m : 0) + (n > 1 ? s01 / (n - 1) / n : 0);
  const se = Math.sqrt(variance);
  return { auc, se, lower: Math.max(0, auc - 1.959963984540054 * se), upper: Math.min(1, auc + 1.959963984540054 * se) };
}

export function auc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  return aucWithCi(scores, labels).auc;
}
