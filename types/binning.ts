import type { Said } from './said';
/**
 * The binning vocabulary shared by the engine (`models/binning/`), the service, the CLI and the
 * UI. Numeric cut points c1 < … < ck make the bins (−∞, c1), [c1, c2), …, [ck, +∞): left-closed,
 * as optbinning and `numpy.digitize(right=False)`. Missing values and each listed special value
 * always have bins of their own, after the regular ones.
 */
export type BinningMethod = 'optimal' | 'chimerge' | 'tree' | 'quantile' | 'uniform';
export const BINNING_METHODS: readonly BinningMethod[] = ['optimal', 'chimerge', 'tree', 'quantile', 'uniform'];

/**
 * The trend of the event rate over the bins. `auto` lets cross-validation on the fitting sample
 * choose among ascending, descending, peak, valley and none (see `BinningOptions.tune`); without
 * tuning it picks ascending or descending, whichever has the higher IV.
 */
export type MonotonicTrend = 'auto' | 'ascending' | 'descending' | 'peak' | 'valley' | 'none';
export const MONOTONIC_TRENDS: readonly MonotonicTrend[] = ['auto', 'ascending', 'descending', 'peak', 'valley', 'none'];

export interface BinningOptions {
  method: BinningMethod;
  monotonic: MonotonicTrend;
  /** At most this many regular bins (missing and special bins come on top). */
  maxBins: number;
  /** Every regular bin holds at least this share of the variable's rows. */
  minBinShare: number;
  /** Every regular bin holds at least this many events and non-events. */
  minBinEvents: number;
  minBinNonEvents: number;
  /** Fine classes before coarse classing (quantiles for numbers; categories after rare ones are merged). */
  maxPrebins: number;
  /** Numeric values that mean something else (e.g. −999 "no record"): each gets its own bin. */
  special: number[];
  /** Categories rarer than this share are pooled into "Other" before grouping. */
  rareCategoryShare: number;
  /** Split criterion of the `tree` method. */
  treeCriterion: 'gini' | 'entropy';
  /** ChiMerge stops merging when every adjacent pair's χ² exceeds this (3.841 = 95%, 1 degree of freedom). */
  chiThreshold: number;
  /**
   * The settings chosen per variable by k-fold cross-validation on the fitting sample (the
   * held-out log-likelihood of the bins' event rates) instead of taken as given. A setting the
   * user gives explicitly is never tuned.
   */
  tune: TunedSetting[];
  /** Folds of that cross-validation. */
  cvFolds: number;
}

export type TunedSetting = 'monotonic' | 'minBinShare';
export const TUNED_SETTINGS: readonly TunedSetting[] = ['monotonic', 'minBinShare'];

/** One candidate setting of a variable's cross-validated binning and its held-out log-loss. */
export interface TuningCandidate {
  trend: 'ascending' | 'descending' | 'peak' | 'valley' | 'none';
  minBinShare: number;
  /** Mean held-out log-loss per row over the folds (lower is better). */
  logLoss: number;
  bins: number;
}

/** Why a variable got the settings it got: every candidate's held-out log-loss and the one chosen. */
export interface VariableTuning {
  folds: number;
  rows: number;
  chosen: { trend: TuningCandidate['trend']; minBinShare: number };
  candidates: TuningCandidate[];
  /** Why, as a code and parameters (absent in binnings stored before it); `reason` in English. */
  said?: Said;
  reason: string;
}

/** How a variable is binned — what a user edits. Categorical groups list category values; unseen ones score WOE 0. */
export type BinSpec =
  | { kind: 'numeric'; cuts: number[] }
  | { kind: 'categorical'; groups: string[][] };

export type BinKind = 'bin' | 'special' | 'missing';

/** One row of a binning table. WOE = ln(%non-event / %event); a bin without events or non-events is smoothed by 0.5 on both counts. */
export interface BinRow {
  label: string;
  kind: BinKind;
  /** Numeric bins: [lower, upper) (±Infinity at the ends, as null in JSON). */
  lower?: number | null;
  upper?: number | null;
  /** Categorical bins: the categories of the group. */
  categories?: string[];
  /** Special bins: the value. */
  value?: number;
  /** Rows (people) in the bin: what the privacy threshold counts. */
  count: number;
  /** Weighted binning only: the bin's weight (events + non-events are weights then). */
  weight?: number;
  /** Of the weight when weighted, else of the rows. */
  share: number;
  events: number;
  nonEvents: number;
  eventRate: number;
  woe: number;
  iv: number;
}

export interface BinningTable {
  bins: BinRow[];
  totals: { count: number; weight?: number; events: number; nonEvents: number; eventRate: number };
  iv: number;
  ks: number;
  /** The trend the regular bins' event rate follows, as measured. */
  trend: 'ascending' | 'descending' | 'peak' | 'valley' | 'flat' | 'none';
}

/** One variable of a stored binning: the automatic result, the user's edits (undo/redo) and the current table. */
export interface VariableBinning {
  name: string;
  type: 'numeric' | 'categorical';
  party: string | null;
  auto: BinSpec;
  /** Every spec the user went through, the automatic one first; `cursor` is the current one. */
  history: BinSpec[];
  cursor: number;
  /** True when the current spec differs from the automatic one. */
  edited: boolean;
  table: BinningTable;
  /** How the automatic bins' settings were chosen (absent when nothing was tuned). */
  tuning?: VariableTuning;
}

/** A binning of many variables of one dataset for one target and sample (stored as an artifact). */
export interface BinningSet {
  schemaVersion: 1;
  dataset: string;
  target: string;
  event: string;
  /** The sample the bins were fit on: `all`, or a value of the sample column (e.g. `train`). */
  sample: string;
  sampleColumn: string | null;
  /** The column whose values weight the rows (events, non-events, WOE and IV are sums of weights); absent: unweighted. */
  weight?: string | null;
  options: BinningOptions;
  variables: VariableBinning[];
  /** Outcome columns (and other targets) a default binning left out. */
  outcomesLeftOut?: string[];
  createdAt: string;
  updatedAt: string;
  seconds: number;
}
