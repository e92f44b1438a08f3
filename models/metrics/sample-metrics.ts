import type { SampleMetrics } from '../../types/model';
import { aucWithCi } from './auc';
import { brier, ks, logLoss } from './classification';
import { weightedAuc, weightedKs } from './weighted';

/** AUC with its DeLong interval, KS, Gini (2·AUC − 1), log-loss and Brier of probabilities `p`. */
export function sampleMetrics(p: ArrayLike<number>, labels: ArrayLike<number>, weights?: ArrayLike<number> | null): SampleMetrics {
  if (weights) return weightedSampleMetrics(p, labels, weights);
  const a = aucWithCi(p, labels);
  let events = 0;
  for (let i = 0; i < labels.length; i++) events += labels[i] === 1 ? 1 : 0;
  return { rows: p.length, events, auc: a.auc, aucLower: a.lower, aucUpper: a.upper, ks: ks(p, labels), gini: 2 * a.auc - 1, logLoss: logLoss(p, labels), brier: brier(p, labels) };
}

/** Kish's effective number of rows of a set of weights: (Σw)² / Σw². */
function effectiveRows(sum: number, squares: number): number {
  return squares > 0 ? (sum * sum) / squares : 0;
}

/**
 * The same figures with row weights (frequency or inference weights): AUC and KS as scikit-learn's
 * `sample_weight`, log-loss and Brier as weighted means, the AUC's 95% interval by Hanley and
 * McNeil on Kish's effective numbers of events and non-events. `rows` and `events` count rows;
 * `weight` and `weightedEvents` are the sums of weights.
 */
export function weightedSampleMetrics(p: ArrayLike<number>, labels: ArrayLike<number>, weights: ArrayLike<number>): SampleMetrics {
  // Equal weights change no figure: the unweighted ones (DeLong's interval) with the weight totals.
  let equal = true;
  for (let i = 1; i < weights.length && equal; i++) equal = weights[i] === weights[0];
  if (equal && weights.length > 0) {
    const m = sampleMetrics(p, labels);
    return { ...m, weight: weights[0]! * m.rows, weightedEvents: weights[0]! * m.events };
  }
  let events = 0, w1 = 0, w0 = 0, s1 = 0, s0 = 0, ll = 0, br = 0;
  for (let i = 0; i < labels.length; i++) {
    const w = weights[i]!, y = labels[i] === 1 ? 1 : 0, q = Math.min(1 - 1e-15, Math.max(1e-15, p[i]!));
    if (y) { events++; w1 += w; s1 += w * w; } else { w0 += w; s0 += w * w; }
    ll -= w * (y ? Math.log(q) : Math.log(1 - q));
    br += w * (p[i]! - y) ** 2;
  }
  const auc = weightedAuc(p, labels, weights);
  const n1 = effectiveRows(w1, s1), n0 = effectiveRows(w0, s0);
  const q1 = auc / (2 - auc), q2 = (2 * auc * auc) / (1 + auc);
  const se = Math.sqrt(Math.max(0, (auc * (1 - auc) + (n1 - 1) * (q1 - auc * auc) + (n0 - 1) * (q2 - auc * auc)) / (n1 * n0)));
  const z = 1.959963984540054;
  const W = w1 + w0;
  return {
    rows: p.length, events, weight: W, weightedEvents: w1, auc, aucLower: Math.max(0, auc - z * se), aucUpper: Math.min(1, auc + z * se),
    ks: weightedKs(p, labels, weights), gini: 2 * auc - 1, logLoss: ll / W, brier: br / W,
  };
}
