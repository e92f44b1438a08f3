/** How one tree input is cut into bins: numeric thresholds, or categories (a category's bin is its index). */
export type FeatureBins =
  | { kind: 'numeric'; name: string; thresholds: number[] }
  | { kind: 'categorical'; name: string; categories: number };

/**
 * One node of a fitted tree. A split sends a row left when its bin is ≤ `bin` (numeric) or is in
 * `categories` (category indices, 255 for missing); missing values go left when `missingLeft`. A
 * leaf has `feature` −1 and its `value` (already shrunk by the learning rate).
 */
export interface TreeNode {
  feature: number;
  bin: number;
  left: number;
  right: number;
  missingLeft: boolean;
  categories: number[] | null;
  value: number;
  /** Training rows and gain (for importance and TreeSHAP's cover). */
  rows: number;
  gain: number;
}

/** The settings of a gradient-boosted trees model. */
export interface GbdtConfig {
  maxIter: number;
  learningRate: number;
  maxLeafNodes: number;
  /** 0: no limit. */
  maxDepth: number;
  minSamplesLeaf: number;
  l2: number;
  maxBins: number;
  /** Share of rows each tree learns from (1: all), and of features it may split on. */
  subsample: number;
  colsample: number;
  /** 'auto': on when the training rows exceed 10,000 (as scikit-learn). */
  earlyStopping: boolean | 'auto';
  validationFraction: number;
  nIterNoChange: number;
  tol: number;
  classWeight: 'balanced' | 'none';
  seed: number;
}

/** A fitted model: the baseline log-odds, the bins of each input, and the trees (in bins) adding to it. */
export interface GbdtModel {
  baseline: number;
  features: FeatureBins[];
  /** Per input: +1 never lowers the prediction as it rises, −1 never raises it, 0 free. */
  monotone: number[];
  trees: TreeNode[][];
  /** Iterations kept (early stopping may stop before maxIter). */
  iterations: number;
}

/** An input's share of the loss reduction of every split on it, and how many splits use it. */
export interface GbdtImportance {
  feature: string;
  gain: number;
  share: number;
  splits: number;
  /** Mean |TreeSHAP contribution| to the log-odds over (up to 500 of) the training rows, evenly spaced. */
  meanAbsShap?: number;
}
