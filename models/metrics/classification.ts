import { orderOf } from './ranks';

/**
 * Kolmogorov–Smirnov statistic of a score: the largest gap between the cumulative shares of
 * events and of non-events, over thresholds between distinct scores (ties move together).
 */
export function ks(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const order = orderOf(scores);
  let n1 = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === 1) n1++;
  const n0 = labels.length - n1;
  if (n1 === 0 || n0 === 0) throw new Error('KS needs both events and non-events');
  let e = 0, ne = 0, best = 0;
  for (let i = 0; i < order.length; i++) {
    if (labels[order[i]!] === 1) e++; else ne++;
    if (i + 1 < order.length && scores[order[i + 1]!] === scores[order[i]!]) continue;
    best = Math.max(best, Math.abs(e / n1 - ne / n0));
  }
  return best;
}

/** Mean negative log-likelihood of probabilities `p` of the event, clipped to [1e−15, 1 − 1e−15] as scikit-learn does. */
export function logLoss(p: ArrayLike<number>, labels: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < p.length; i++) {
    const q = Math.min(1 - 1e-15, Math.max(1e-15, p[i]!));
    s -= labels[i] === 1 ? Math.log(q) : Math.log(1 - q);
  }
  return s / p.length;
}

/** Mean squared difference between probability and outcome. */
export function brier(p: ArrayLike<number>, labels: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < p.length; i++) s += (p[i]! - (labels[i] === 1 ? 1 : 0)) ** 2;
  return s / p.length;
}
