import { SCORE_BANDS, type DriftPlan } from '../decision/drift-plan';
import type { DriftScope, MetricsState } from './metrics';

const missing = (v: unknown) => v === null || v === undefined || v === '' || (typeof v === 'number' && Number.isNaN(v));

type Counter = { missing: number; unseen: number };
type Histogram = MetricsState['scores'][string];

/**
 * Counts scored users into `m`'s drift metrics: each input that is missing, each category the
 * bundle never saw, and each card's score in its band (below the range in the first, above in
 * the last). A generation's counters are looked up once, when its plan is first seen; a card
 * whose range changed with a reload starts its histogram afresh.
 */
export function driftObserver(m: DriftScope): (plan: DriftPlan, record: Record<string, unknown>, scores: { targeting: number; credit: number }) => void {
  let seen: DriftPlan | null = null;
  let counters: Counter[] = [];
  let histograms: Histogram[] = [];
  const prepare = (plan: DriftPlan) => {
    counters = plan.inputs.map((i) => (m.inputs[i.name] ??= { missing: 0, unseen: 0 }));
    histograms = plan.cards.map((card) => {
      const h = m.scores[card.key];
      return h && h.lo === card.lo && h.hi === card.hi ? h : (m.scores[card.key] = { lo: card.lo, hi: card.hi, counts: new Array<number>(SCORE_BANDS).fill(0) });
    });
    seen = plan;
  };
  return (plan, record, scores) => {
    if (plan !== seen) prepare(plan);
    plan.inputs.forEach((i, k) => {
      const v = record[i.name];
      if (missing(v)) counters[k]!.missing++;
      else if (i.known && !i.known.has(String(v))) counters[k]!.unseen++;
    });
    m.scored++;
    plan.cards.forEach((card, k) => {
      const s = scores[card.key];
      if (Number.isNaN(s)) return;
      const h = histograms[k]!;
      const band = h.hi > h.lo ? Math.floor(((s - h.lo) / (h.hi - h.lo)) * SCORE_BANDS) : 0;
      h.counts[Math.min(SCORE_BANDS - 1, Math.max(0, band))]!++;
    });
  };
}
