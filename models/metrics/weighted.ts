import { orderOf } from './ranks';

/** Total weight of events (label 1) and non-events; both must be positive. */
function totals(labels: ArrayLike<number>, weights: ArrayLike<number>): { w1: number; w0: number } {
  if (labels.length !== weights.length) throw new Error(`labels (${labels.length}) and weights (${weights.length}) differ in length`);
  let w1 = 0, w0 = 0;
  for (let i = 0; i < labels.length; i++) { if (labels[i] === 1) w1 += weights[i]!; else w0 += weights[i]!; }
  if (!(w1 > 0 && w0 > 0)) throw new Error('a weighted AUC or KS needs events and non-events of positive weight');
  return { w1, w0 };
}

/**
 * The weighted area under the ROC curve, as scikit-learn's `roc_auc_score(sample_weight=w)`: the
 * weighted share of (event, non-event) pairs the score orders right, a tie counting one half —
 * Σ wᵢwⱼ([sᵢ > sⱼ] + ½[sᵢ = sⱼ]) / (W₁W₀). Rows sorted once, then one sweep over tied groups.
 */
export function weightedAuc(scores: ArrayLike<number>, labels: ArrayLike<number>, weights: ArrayLike<number>): number {
  const { w1, w0 } = totals(labels, weights);
  const order = orderOf(scores);
  let negBelow = 0, sum = 0;
  for (let a = 0; a < order.length;) {
    let b = a, pos = 0, neg = 0;
    const s = scores[order[a]!]!;
    while (b < order.length && scores[order[b]!] === s) { const i = order[b]!; if (labels[i] === 1) pos += weights[i]!; else neg += weights[i]!; b++; }
    sum += pos * (negBelow + 0.5 * neg);
    negBelow += neg;
    a = b;
  }
  return sum / (w1 * w0);
}

/** The weighted Kolmogorov–Smirnov statistic: the largest gap between the cumulative weighted shares of events and non-events, over thresholds between distinct scores. */
export function weightedKs(scores: ArrayLike<number>, labels: ArrayLike<number>, weights: ArrayLike<number>): number {
  const { w1, w0 } = totals(labels, weights);
  const order = orderOf(scores);
  let e = 0, n = 0, best = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    if (labels[i] === 1) e += weights[i]!; else n += weights[i]!;
    if (k + 1 < order.length && scores[order[k + 1]!] === scores[i]) continue;
    best = Math.max(best, Math.abs(e / w1 - n / w0));
  }
  return best;
}
