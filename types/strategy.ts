/**
 * A bid strategy: a targeting score's bands × a credit score's bands, each cell with its figures
 * and the decision the RTA service applies to a user who falls in it. Stored as `strategy.json`.
 */

/** No bid; or bid, with a bid coefficient (1 = the campaign's base bid; e.g. 0.5–1.5). */
export interface CellDecision {
  action: 'no-bid' | 'bid';
  coefficient: number;
}

export const MIN_BID_COEFFICIENT = 0.1;
export const MAX_BID_COEFFICIENT = 3;

/** What a bid is worth: revenue of a responder who stays good, loss of one who goes bad, cost of a bid. */
export interface StrategyValue {
  revenuePerGood: number;
  lossPerBad: number;
  costPerBid: number;
}

export const DEFAULT_STRATEGY_VALUE: StrategyValue = { revenuePerGood: 800, lossPerBad: 4000, costPerBid: 2 };

/** Bands of one score: band k holds scores s with cuts[k−1] ≤ s < cuts[k] (band 0 is the lowest scores). */
export interface ScoreAxis {
  scorecardId: number;
  modelId: number;
  modelName: string;
  purpose: 'targeting' | 'credit';
  orientation: 'higher-is-better' | 'higher-is-riskier';
  cuts: number[];
  labels: string[];
}

export interface StrategyCell {
  /** Band of the targeting score (row) and of the credit score (column). */
  t: number;
  c: number;
  rows: number;
  /** Rows whose response is known, and those who responded. */
  responseKnown: number;
  responders: number;
  responseRate: number | null;
  /** Rows whose outcome (good/bad) is known — those who drew down —, and the bad ones. */
  outcomeKnown: number;
  bads: number;
  badRate: number | null;
  /** Expected value per bid: responseRate·((1 − badRate)·revenue − badRate·loss) − cost; the overall bad rate stands in where the cell has no known outcome. */
  expectedValue: number | null;
  decision: CellDecision;
}

export interface Strategy {
  schemaVersion: 1;
  /** `matrix`: targeting bands × credit bands; `cutoff`: one scorecard, bid (or approve) on the passing side of a cut-off. */
  kind?: 'matrix' | 'cutoff';
  name: string;
  dataset: string;
  /** The rows the figures come from: train, test, oot or all. */
  sample: string;
  /** A one-card (cut-off) strategy has one axis; the other is null and counts as a single band. */
  targeting: ScoreAxis | null;
  credit: ScoreAxis | null;
  /** A cut-off strategy's cut-off and which side of it passes. */
  cutoff?: { score: number; pass: 'above' | 'below' };
  value: StrategyValue;
  /** cells[t][c]. */
  cells: StrategyCell[][];
  /** For users the RTA service cannot score (unknown id). */
  defaultDecision: CellDecision;
  totals: { rows: number; responseRate: number | null; badRate: number | null };
}

/** The cuts of an axis; none (one band) for an absent axis. */
export function axisCuts(a: ScoreAxis | null): number[] {
  return a ? a.cuts : [];
}

/** The band labels of an axis; one band, `all`, for an absent axis. */
export function axisLabels(a: ScoreAxis | null): string[] {
  return a ? a.labels : ['all'];
}

/** The axes a strategy has, targeting first. */
export function strategyAxes(s: Pick<Strategy, 'targeting' | 'credit'>): ScoreAxis[] {
  return [s.targeting, s.credit].filter((a): a is ScoreAxis => a !== null);
}
