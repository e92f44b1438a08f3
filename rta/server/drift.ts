import { SCORE_BANDS, type DriftPlan } from '../decision/drift-plan';
import type { MetricsState } from './metrics';

const missing = (v: unknown) => v === null || v === undefined || v === '' || (typeof v === 'number' && Number.isNaN(v));

/**
 * Counts one scored user into the drift metrics: each input that is missing, each category the
 * bundle never saw, and each card's score in its band (below the range in the first, above in the last).
 */
export function observeDrift(m: MetricsState, plan: DriftPlan, record: Record<string, unknown>, scores: { targeting: number; credit: number }): void {
  for (const i of plan.inputs) {
    const c = (m.inputs[i.name] ??= { missing: 0, unseen: 0 });
    const v = record[i.name];
    if (missing(v)) c.missing++;
    else if (i.known && !i.known.has(String(v))) c.unseen++;
  }
  m.scored++;
  for (const card of plan.cards) {
    const s = scores[card.key];
    if (Number.isNaN(s)) continue;
    const h = (m.scores[card.key] ??= { lo: card.lo, hi: card.hi, counts: new Array<number>(SCORE_BANDS).fill(0) });
    const band = h.hi > h.lo ? Math.floor(((s - h.lo) / (h.hi - h.lo)) * SCORE_BANDS) : 0;
    h.counts[Math.min(SCORE_BANDS - 1, Math.max(0, band))]!++;
  }
}
