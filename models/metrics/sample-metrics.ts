import type { SampleMetrics } from '../../types/model';
import { aucWithCi } from './auc';
import { brier, ks, logLoss } from './classification';

/** AUC with its DeLong interval, KS, Gini (2·AUC − 1), log-loss and Brier of probabilities `p`. */
export function sampleMetrics(p: ArrayLike<number>, labels: ArrayLike<number>): SampleMetrics {
  const a = aucWithCi(p, labels);
  let events = 0;
  for (let i = 0; i < labels.length; i++) events += labels[i] === 1 ? 1 : 0;
  return { rows: p.length, events, auc: a.auc, aucLower: a.lower, aucUpper: a.upper, ks: ks(p, labels), gini: 2 * a.auc - 1, logLoss: logLoss(p, labels), brier: brier(p, labels) };
}
