import type { BinRow, BinSpec } from './binning';
import type { ModelPurpose } from './model';

/** `higher-is-better`: the score rises with the odds of a non-event (credit: good). `higher-is-riskier`: with the odds of the event. */
export type ScoreOrientation = 'higher-is-better' | 'higher-is-riskier';

/** PDO scaling: `baseScore` at odds `baseOdds` (non-event:event for higher-is-better, event:non-event otherwise), `pdo` points per doubling. */
export interface ScalingOptions {
  pdo: number;
  baseScore: number;
  baseOdds: number;
  orientation: ScoreOrientation;
  /** Round each attribute's points (and the base points) to whole numbers: the rounded card is the one exported and scored. */
  round: boolean;
  /** How many reason codes each score carries. */
  reasonCodes: number;
}

export const DEFAULT_SCALING: ScalingOptions = { pdo: 20, baseScore: 600, baseOdds: 50, orientation: 'higher-is-better', round: true, reasonCodes: 3 };

/** A bin of a characteristic (as in its binning table: label, kind, bounds or categories, WOE, training rows) with its points. */
export type ScorecardAttribute = Pick<BinRow, 'label' | 'kind' | 'lower' | 'upper' | 'categories' | 'value' | 'woe' | 'count'> & {
  /** Points before rounding, and as scored (rounded when the card rounds). */
  rawPoints: number;
  points: number;
};

export interface ScorecardCharacteristic {
  name: string;
  party: string | null;
  type: 'numeric' | 'categorical';
  coefficient: number;
  spec: BinSpec;
  attributes: ScorecardAttribute[];
  /** Points for a value the binning never saw (a category in no group, an unseen special value): WOE 0. */
  unseenPoints: number;
  minPoints: number;
  maxPoints: number;
  /** The most favourable points (max when higher is better, min when higher is riskier): reason codes measure against it. */
  bestPoints: number;
  /** The reason code reported when this characteristic costs the most points, e.g. `RC03`. */
  reasonCode: string;
}

/** A scorecard: points per attribute of each characteristic and a base, from a WOE logistic model. */
export interface Scorecard {
  schemaVersion: 1;
  modelId: number;
  modelName: string;
  dataset: string;
  purpose: ModelPurpose;
  target: string;
  event: string;
  scaling: ScalingOptions;
  /** Score = offset + factor · ln(odds) with factor = pdo / ln 2. */
  factor: number;
  offset: number;
  /** The intercept's points (rounded when the card rounds). */
  basePoints: number;
  characteristics: ScorecardCharacteristic[];
  scoreRange: { min: number; max: number };
  /**
   * Set for a challenger (gbdt, mlp, logistic on raw inputs): the score is the PDO scaling of the
   * model's log-odds, offset + s·factor·log-odds (s = −1 when higher is better), rounded to a whole
   * number when the scaling rounds; `characteristics` is empty and `basePoints` is the offset.
   */
  scaled?: { kind: 'gbdt' | 'mlp' | 'logistic'; logOddsRange: { min: number; max: number } };
}

/** A scored row: total, points per characteristic (in card order) and the reason codes, worst first. */
export interface ScoredRow {
  score: number;
  points: number[];
  reasonCodes: string[];
}
