/**
 * The export bundle's documents: what the lender's RTA service runs. `scorecard.json` follows
 * `models/export/scorecard.schema.json` (shipped in the bundle too); the README documents both.
 */
import type { PortableModel } from './portable-model';
import type { ScoreOrientation } from './scorecard';
import type { Strategy, StrategyCell } from './strategy';

export const BUNDLE_FORMAT_VERSION = 1;

/**
 * One attribute of a characteristic, matched in this order: `missing` (no value), `special`
 * (the value equals `value`), `bin` (numeric: lower ≤ value < upper, null = unbounded;
 * categorical: the value is one of `categories`). A value no attribute matches scores the
 * characteristic's `unseenPoints`.
 */
export interface BundleAttribute {
  label: string;
  kind: 'bin' | 'special' | 'missing';
  lower?: number | null;
  upper?: number | null;
  categories?: string[];
  value?: number;
  points: number;
  woe: number;
  /** Training rows in the bin (at least the privacy threshold, or none). */
  count: number;
}

export interface BundleCharacteristic {
  name: string;
  type: 'numeric' | 'categorical';
  party: string | null;
  reasonCode: string;
  /** The most favourable points: a row's loss on this characteristic is |baselinePoints − points|. */
  baselinePoints: number;
  unseenPoints: number;
  attributes: BundleAttribute[];
}

export interface BundleScorecard {
  /** `targeting` or `credit`: the key the scorer reports this card's score under. */
  key: 'targeting' | 'credit';
  scorecardId: number;
  modelId: number;
  modelName: string;
  target: string;
  event: string;
  orientation: ScoreOrientation;
  pdo: number;
  baseScore: number;
  baseOdds: number;
  factor: number;
  offset: number;
  basePoints: number;
  /** Reason codes per score: the characteristics losing the most points against their baseline, worst first, ties in card order, only those losing some. */
  reasonCodeCount: number;
  scoreRange: { min: number; max: number };
  /** A scorecard's characteristics (empty for a challenger card). */
  characteristics: BundleCharacteristic[];
  /**
   * A challenger card (gbdt, mlp, logistic on raw inputs): the model whose log-odds the score
   * scales (score = offset + s·factor·log-odds, s = −1 when higher is better, rounded when
   * `rounded`), and the reason code of each of its inputs.
   */
  model?: PortableModel;
  reasonCodes?: string[];
  rounded?: boolean;
  /** The score on the development rows: the monitoring baseline (absent in bundles exported before it, and in a partner's part). */
  development?: ScoreDistribution;
  /** A partner's part of a split scorecard: its score is the partial points, written to `column` for the lender's bundle to read. */
  partial?: { party: string; column: string };
}

/** Rows and events per score band (left-closed cut points at the development deciles; every band at least the privacy threshold). */
export interface ScoreDistribution {
  sample: string;
  rows: number;
  cuts: number[];
  counts: number[];
  events: number[];
}

export interface ScorecardDocument {
  format: 'jointscore-scorecard';
  formatVersion: typeof BUNDLE_FORMAT_VERSION;
  /** The key of the card whose score, points and reason codes `score()` returns first. */
  primary: 'targeting' | 'credit';
  scorecards: BundleScorecard[];
}

/** strategy.json: the strategy without its provenance in the workspace; a cell under the privacy threshold keeps its decision, not its figures (`suppressed`). */
export type StrategyDocument = Omit<Strategy, 'schemaVersion' | 'dataset' | 'cells'> & {
  format: 'jointscore-strategy';
  formatVersion: typeof BUNDLE_FORMAT_VERSION;
  cells: (StrategyCell & { suppressed?: true })[][];
};

/** One input the RTA service must supply per user. */
export interface BundleInput {
  name: string;
  type: 'numeric' | 'categorical';
  party: string | null;
  /** Numeric: the cut points and special values the card distinguishes; categorical: the categories it knows. */
  cuts?: number[];
  specials?: number[];
  allowedValues?: string[];
  missingAllowed: true;
  usedBy: ('targeting' | 'credit')[];
}

export interface BundleManifest {
  format: 'jointscore-bundle';
  formatVersion: typeof BUNDLE_FORMAT_VERSION;
  tool: { name: 'jointscore'; version: string };
  /** The newest creation time among the scorecards and strategy exported (so the same inputs give the same bundle). */
  createdAt: string;
  models: { key: 'targeting' | 'credit'; modelId: number; scorecardId: number; name: string; kind: string; target: string; event: string; population: string | null }[];
  strategyId: number | null;
  inputs: BundleInput[];
  /** sha256 of the training data: the dataset's content fingerprint, rows and sample column. */
  trainingData: { dataset: string; rows: number; fingerprint: string };
  metrics: Record<string, Partial<Record<'train' | 'test' | 'oot', { auc: number; ks: number; gini: number; rows: number }>>>;
  privacy: { minBinRows: number };
  /**
   * The workspace's audit entry that made the newest of the exported scorecards and strategy (or its
   * last decision edit): `jointscore audit verify --anchor BUNDLE` proves the log still holds it.
   * The same inputs give the same entry, so re-exports stay byte for byte the same.
   */
  audit: { seq: number; hash: string } | null;
  files: { path: string; sha256: string; bytes: number }[];
}
