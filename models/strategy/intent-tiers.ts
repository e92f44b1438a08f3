import { radixOrder } from '../stats/sort-f64';

export interface IntentTier {
  tier: 'high' | 'mid' | 'low';
  /** Score range of the tier (inclusive). */
  minScore: number | null;
  maxScore: number | null;
  rows: number;
  share: number;
  responseKnown: number;
  responders: number;
  responseRate: number | null;
  /** The tier's share of all responders. */
  capture: number | null;
}

/**
 * Stock-customer tiers by a targeting score: the `shares[0]` most likely to respond are high
 * intent, the next `shares[1]` mid, the rest low. "Most likely" is the highest scores when the
 * score rises with the event's odds (higher-is-riskier), the lowest otherwise. Rows with equal
 * scores stay in one tier (the tier boundary moves past them).
 */
export function intentTiers(scores: ArrayLike<number>, responded: ArrayLike<number>, o: { eventRisesWithScore: boolean; shares?: [number, number] }): IntentTier[] {
  const n = scores.length;
  const [high, mid] = o.shares ?? [0.2, 0.3];
  if (!(high > 0 && mid > 0 && high + mid < 1)) throw new Error('tier shares must be positive and leave room for the low tier');
  const keyed = Float64Array.from({ length: n }, (_, i) => (o.eventRisesWithScore ? -scores[i]! : scores[i]!));
  const order = radixOrder(keyed);
  const ends = [Math.round(n * high), Math.round(n * (high + mid)), n];
  const tiers: IntentTier[] = [];
  let start = 0, totalResponders = 0;
  for (let i = 0; i < n; i++) if (responded[i] === 1) totalResponders++;
  (['high', 'mid', 'low'] as const).forEach((tier, k) => {
    let end = Math.max(start, ends[k]!);
    while (end > 0 && end < n && keyed[order[end]!] === keyed[order[end - 1]!]) end++;
    let known = 0, resp = 0, min = Infinity, max = -Infinity;
    for (let j = start; j < end; j++) {
      const i = order[j]!, r = responded[i]!;
      if (r !== 255) { known++; resp += r; }
      min = Math.min(min, scores[i]!); max = Math.max(max, scores[i]!);
    }
    const rows = end - start;
    tiers.push({
      tier, minScore: rows ? min : null, maxScore: rows ? max : null, rows, share: n ? rows / n : 0, responseKnown: known, responders: resp,
      responseRate: known ? resp / known : null, capture: totalResponders ? resp / totalResponders : null,
    });
    start = end;
  });
  return tiers;
}
