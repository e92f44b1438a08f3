import { bandOf, quantileCuts } from '../metrics/psi';
import type { ScoreDistribution } from '../../types/bundle';

/**
 * A score's distribution on development rows, the monitoring baseline shipped in scorecard.json:
 * bands at its deciles (left-closed cut points at observed scores), rows and events per band. A
 * band holding fewer than `minRows` rows is merged into its neighbour (the smaller of the two), so
 * no band describes fewer people than the bundle's privacy threshold.
 */
export function scoreDistribution(scores: ArrayLike<number>, labels: ArrayLike<number>, sample: string, minRows: number, bands = 10): ScoreDistribution {
  let cuts = quantileCuts(scores, bands);
  let counts = new Array<number>(cuts.length + 1).fill(0), events = new Array<number>(cuts.length + 1).fill(0);
  for (let i = 0; i < scores.length; i++) { const b = bandOf(scores[i]!, cuts); counts[b]!++; if (labels[i] === 1) events[b]!++; }
  for (;;) {
    const small = counts.findIndex((c) => c < minRows);
    if (small < 0 || counts.length === 1) break;
    // Merge with the smaller neighbour: drop the cut between them.
    const right = small === 0 || (small < counts.length - 1 && counts[small + 1]! < counts[small - 1]!);
    const keep = right ? small : small - 1;
    cuts = cuts.filter((_, k) => k !== keep);
    counts = [...counts.slice(0, keep), counts[keep]! + counts[keep + 1]!, ...counts.slice(keep + 2)];
    events = [...events.slice(0, keep), events[keep]! + events[keep + 1]!, ...events.slice(keep + 2)];
  }
  return { sample, rows: scores.length, cuts, counts, events };
}
