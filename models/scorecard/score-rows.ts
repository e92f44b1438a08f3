import type { ColumnData } from '../../types/columns';
import type { Scorecard, ScoredRow } from '../../types/scorecard';
import { binsOfCodes, binsOfNumbers, valueOfBins } from '../binning/woe-transform';

/** Each characteristic's points for every row, by the card's bins (values never seen in training score its unseen points). */
export function pointsOfRows(card: Scorecard, columnOf: (name: string) => ColumnData): Float64Array[] {
  return card.characteristics.map((c) => {
    const col = columnOf(c.name);
    const table = { bins: c.attributes };
    let bins: Int32Array;
    if (c.spec.kind === 'numeric') {
      if (col.kind !== 'f64') throw new Error(`'${c.name}' is numeric on the scorecard but categorical here`);
      bins = binsOfNumbers(col.values, c.spec, table);
    } else {
      if (col.kind !== 'i32') throw new Error(`'${c.name}' is categorical on the scorecard but numeric here`);
      bins = binsOfCodes(col.codes, col.dictionary, c.spec, table);
    }
    return valueOfBins(bins, c.attributes.map((a) => a.points), c.unseenPoints);
  });
}

/** Scores of every row: base points plus each characteristic's points. */
export function scoreRows(card: Scorecard, columnOf: (name: string) => ColumnData): Float64Array {
  const points = pointsOfRows(card, columnOf);
  const n = points[0]?.length ?? 0;
  const out = new Float64Array(n).fill(card.basePoints);
  for (const p of points) for (let i = 0; i < n; i++) out[i] += p[i]!;
  return out;
}

/**
 * One row's score with its reason codes: the characteristics that cost the most points against
 * their most favourable attribute, worst first (ties in card order), at most `reasonCodes`, and
 * only those that cost something.
 */
export function explainRow(card: Scorecard, points: readonly number[]): ScoredRow {
  const losses = card.characteristics.map((c, k) => ({ code: c.reasonCode, k, loss: Math.abs(c.bestPoints - points[k]!) }));
  losses.sort((a, b) => b.loss - a.loss || a.k - b.k);
  return {
    score: card.basePoints + points.reduce((s, p) => s + p, 0),
    points: [...points],
    reasonCodes: losses.filter((l) => l.loss > 0).slice(0, card.scaling.reasonCodes).map((l) => l.code),
  };
}
