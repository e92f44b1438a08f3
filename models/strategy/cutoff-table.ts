/** One cut-off of a score: who passes (approved / bid) and what they hold. */
export interface CutoffRow {
  cutoff: number;
  /** Rows that pass (score ≥ cut-off when the passing side is above, < cut-off when below: the bands of a cut-off strategy). */
  passed: number;
  passRate: number;
  /** Events among the rows that pass (with a known outcome), and their rate. */
  passedEvents: number;
  passedEventRate: number | null;
  rejected: number;
  rejectedEvents: number;
  /** Share of all events that the cut-off keeps out. */
  eventsAvoided: number;
}

/**
 * Cut-off analysis of one score: for each cut-off, the volume and rate that pass and the event
 * rate among them (the bad rate of approvals for a credit score, the response rate of bids for a
 * targeting score). `flags`: 1 event, 0 non-event, 255 unknown (counted in volumes, not rates).
 * Cut-offs: every `step` points across the scores' range (or the given list). `pass`: which side
 * of a cut-off is approved or bid on (the low-risk side of a credit score, the likely-to-respond
 * side of a targeting score).
 */
export function cutoffTable(scores: ArrayLike<number>, flags: ArrayLike<number>, o: { pass: 'above' | 'below'; step?: number; cutoffs?: number[] }): CutoffRow[] {
  const n = scores.length;
  let min = Infinity, max = -Infinity, totalEvents = 0;
  for (let i = 0; i < n; i++) { const s = scores[i]!; if (s < min) min = s; if (s > max) max = s; if (flags[i] === 1) totalEvents++; }
  if (n === 0) return [];
  const step = o.step ?? Math.max(1, Math.round((max - min) / 40));
  const cuts = o.cutoffs ?? Array.from({ length: Math.floor((max - min) / step) + 2 }, (_, k) => Math.floor(min / step) * step + k * step);
  return cuts.map((cutoff) => {
    let passed = 0, passedEvents = 0, passedKnown = 0, rejectedEvents = 0;
    for (let i = 0; i < n; i++) {
      const pass = o.pass === 'above' ? scores[i]! >= cutoff : scores[i]! < cutoff;
      const f = flags[i]!;
      if (pass) { passed++; if (f !== 255) { passedKnown++; passedEvents += f; } } else if (f === 1) rejectedEvents++;
    }
    return {
      cutoff, passed, passRate: passed / n, passedEvents, passedEventRate: passedKnown ? passedEvents / passedKnown : null,
      rejected: n - passed, rejectedEvents, eventsAvoided: totalEvents ? rejectedEvents / totalEvents : 0,
    };
  });
}
