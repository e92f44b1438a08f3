import { sortF64 } from '../stats/sort-f64';
import type { CellDecision, StrategyCell, StrategyValue } from '../../types/strategy';

/** A score's band: how many cuts are ≤ it (band 0 holds the scores below the first cut). */
export function bandOf(score: number, cuts: readonly number[]): number {
  let lo = 0, hi = cuts.length;
  while (lo < hi) { const mid = (lo + hi) >>> 1; if (cuts[mid]! <= score) lo = mid + 1; else hi = mid; }
  return lo;
}

/** Cut points that split the scores into `bands` groups of about equal size (distinct, ascending; fewer when scores repeat). */
export function quantileCuts(scores: ArrayLike<number>, bands: number): number[] {
  const sorted = sortF64(Float64Array.from(scores));
  const n = sorted.length, cuts: number[] = [];
  for (let k = 1; k < bands; k++) {
    const v = sorted[Math.min(n - 1, Math.floor((k * n) / bands))];
    if (v !== undefined && v > sorted[0]! && (cuts.length === 0 || v > cuts[cuts.length - 1]!)) cuts.push(v);
  }
  return cuts;
}

/** `< 520`, `[520, 560)`, `≥ 600`. */
export function bandLabels(cuts: readonly number[]): string[] {
  if (cuts.length === 0) return ['all'];
  return [`< ${cuts[0]}`, ...cuts.slice(1).map((c, k) => `[${cuts[k]}, ${c})`), `≥ ${cuts[cuts.length - 1]}`];
}

/** Bid where a bid is expected to pay, else not. */
export function suggestedDecision(expectedValue: number | null): CellDecision {
  return expectedValue !== null && expectedValue > 0 ? { action: 'bid', coefficient: 1 } : { action: 'no-bid', coefficient: 0 };
}

export interface MatrixInput {
  targeting: ArrayLike<number>;
  credit: ArrayLike<number>;
  /** 1 responded, 0 did not, 255 unknown. */
  responded: ArrayLike<number>;
  /** 1 bad, 0 good, 255 unknown (did not draw down). */
  bad: ArrayLike<number>;
  targetingCuts: readonly number[];
  creditCuts: readonly number[];
  value: StrategyValue;
  /** Every row is an applicant the decision applies to (a credit-only strategy): a cell's response rate counts as 1 in its expected value. */
  everyoneResponds?: boolean;
}

/** Expected value of a bid: rr·((1 − br)·revenue − br·loss) − cost. */
export function expectedValue(responseRate: number | null, badRate: number | null, v: StrategyValue): number | null {
  if (responseRate === null || badRate === null) return null;
  return responseRate * ((1 - badRate) * v.revenuePerGood - badRate * v.lossPerBad) - v.costPerBid;
}

/**
 * The targeting-band × credit-band matrix: per cell the rows, response rate (among rows whose
 * response is known), bad rate (among rows whose outcome is known) and expected value per bid,
 * with a suggested decision (bid where the expected value is positive).
 */
export function strategyMatrix(input: MatrixInput): { cells: StrategyCell[][]; totals: { rows: number; responseRate: number | null; badRate: number | null } } {
  const T = input.targetingCuts.length + 1, C = input.creditCuts.length + 1;
  const counts = Array.from({ length: T * C }, () => ({ rows: 0, responseKnown: 0, responders: 0, outcomeKnown: 0, bads: 0 }));
  let rk = 0, rs = 0, ok = 0, bs = 0;
  for (let i = 0; i < input.targeting.length; i++) {
    const cell = counts[bandOf(input.targeting[i]!, input.targetingCuts) * C + bandOf(input.credit[i]!, input.creditCuts)]!;
    cell.rows++;
    const r = input.responded[i]!, b = input.bad[i]!;
    if (r !== 255) { cell.responseKnown++; cell.responders += r; rk++; rs += r; }
    if (b !== 255) { cell.outcomeKnown++; cell.bads += b; ok++; bs += b; }
  }
  const overallBad = ok > 0 ? bs / ok : null;
  const cells = Array.from({ length: T }, (_, t) => Array.from({ length: C }, (_, c): StrategyCell => {
    const k = counts[t * C + c]!;
    const responseRate = k.responseKnown > 0 ? k.responders / k.responseKnown : null;
    const badRate = k.outcomeKnown > 0 ? k.bads / k.outcomeKnown : null;
    const ev = expectedValue(input.everyoneResponds ? 1 : responseRate, badRate ?? overallBad, input.value);
    return { t, c, ...k, responseRate, badRate, expectedValue: ev, decision: suggestedDecision(ev) };
  }));
  return { cells, totals: { rows: input.targeting.length, responseRate: rk > 0 ? rs / rk : null, badRate: overallBad } };
}

/** The decision for a pair of scores under a strategy's cuts and cells. */
export function decide(targetingScore: number, creditScore: number, s: { targeting: { cuts: readonly number[] }; credit: { cuts: readonly number[] }; cells: readonly (readonly { decision: CellDecision }[])[] }): CellDecision & { cell: [number, number] } {
  const t = bandOf(targetingScore, s.targeting.cuts), c = bandOf(creditScore, s.credit.cuts);
  return { ...s.cells[t]![c]!.decision, cell: [t, c] };
}
