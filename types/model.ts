import type { InferenceReport } from './inference';
import type { BinSpec, BinningTable } from './binning';
import type { Said } from './said';
import type { GbdtConfig, GbdtImportance, GbdtModel } from './gbdt';

/** Targeting: will this user respond (apply, pass pre-screen, draw down). Credit: will this user go bad. */
export type ModelPurpose = 'targeting' | 'credit';
export const MODEL_PURPOSES: readonly ModelPurpose[] = ['targeting', 'credit'];

/** `scorecard-lr`: logistic regression on WOE features (becomes a scorecard); `logistic`: on raw features; `mlp`: neural challenger; `gbdt`: gradient-boosted trees challenger. */
export type ModelKind = 'scorecard-lr' | 'logistic' | 'mlp' | 'gbdt';
export const MODEL_KINDS: readonly ModelKind[] = ['scorecard-lr', 'logistic', 'mlp', 'gbdt'];

export type TfBackendName = 'tensorflow' | 'wasm' | 'cpu';

/** How one input column becomes model inputs; fitted on the training rows and stored with the model. */
export type FeatureEncoding =
  | { kind: 'woe'; name: string; party: string | null; spec: BinSpec; table: BinningTable }
  /** Missing values take the training median; `mean`/`sd` standardize (MLP inputs). */
  | { kind: 'numeric'; name: string; party: string | null; median: number; mean: number; sd: number }
  /** One input per level (levels outside the list, and missing, are all zeros); `reference` levels are dropped (logistic). */
  | { kind: 'onehot'; name: string; party: string | null; levels: string[] }
  /**
   * Piecewise-linear encoding of a number (MLP inputs): for training-quantile edges e0 < … < ek,
   * input t is clamp((x − e_t) / (e_t+1 − e_t), 0, 1); a missing value is all zeros and sets the
   * last input (its indicator). A network sees thresholds as trees do.
   */
  | { kind: 'ple'; name: string; party: string | null; edges: number[] }
  /** Tree inputs: a number as it is (NaN when missing), or a category's index in `levels` (NaN when missing or unseen). */
  | { kind: 'raw'; name: string; party: string | null }
  | { kind: 'category'; name: string; party: string | null; levels: string[] };

/** Headline figures of a model's scores on one sample. */
export interface SampleMetrics {
  rows: number;
  events: number;
  /** Weighted models: the sample's total weight and its events' (the figures below are weighted). */
  weight?: number;
  weightedEvents?: number;
  auc: number;
  aucLower: number;
  aucUpper: number;
  ks: number;
  gini: number;
  logLoss: number;
  brier: number;
}

/** How well a logistic regression fits, and how it got there. */
export interface LogisticFitStats {
  logLikelihood: number;
  nullLogLikelihood: number;
  aic: number;
  bic: number;
  /** Newton iterations on TensorFlow.js (float32), then float64 polishing steps (Adam: epochs, 0). */
  iterations: { tfjs: number; float64: number };
  converged: boolean;
}

export interface CoefficientRow {
  name: string;
  /** The input column the term comes from (null for the intercept). */
  feature: string | null;
  party: string | null;
  coefficient: number;
  standardError: number;
  z: number;
  pValue: number;
}

export interface MlpConfig {
  hiddenLayers: number[];
  dropout: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  patience: number;
  classWeight: 'balanced' | 'none';
  seed: number;
}

export interface TrainingPoint {
  step: number;
  loss: number;
  valLoss?: number;
  valAuc?: number;
}

/** A trained model as stored in the workspace (artifact kind `model`). */
export interface StoredModel {
  schemaVersion: 1;
  name: string;
  purpose: ModelPurpose;
  kind: ModelKind;
  dataset: string;
  target: string;
  event: string;
  /** e.g. `drew_down=1`; null = every row with a known target. */
  population: string | null;
  sampleColumn: string | null;
  /** The column whose values weighted the rows in fitting and in the metrics; absent: unweighted. */
  weight?: string;
  binning: { dataset: string; target: string; event: string; sample: string; weight?: string } | null;
  backend: TfBackendName;
  createdAt: string;
  seconds: number;
  features: FeatureEncoding[];
  /** Names of the model's inputs after encoding, in order. */
  inputs: string[];
  logistic: null | (LogisticFitStats & {
    coefficients: CoefficientRow[];
    l2: number;
    l1: number;
    solver: 'newton' | 'adam';
  });
  mlp: null | {
    config: MlpConfig;
    /** tfjs-layers model topology (JSON) and weights (float32, base64, in `weightSpecs` order). */
    topology: unknown;
    weightSpecs: { name: string; shape: number[]; dtype: string }[];
    weights: string;
    bestEpoch: number;
  };
  /** Gradient-boosted trees (absent for other kinds, and in models stored before them). */
  gbdt?: { config: GbdtConfig; model: GbdtModel; importance: GbdtImportance[] } | null;
  history: TrainingPoint[];
  /** What a modeler must know, as codes and parameters (absent in models stored before them); `warnings` in English. */
  notes?: Said[];
  warnings: string[];
  metrics: Partial<Record<'train' | 'test' | 'oot', SampleMetrics>>;
  /** Where the input list came from (absent in models trained before it was recorded). */
  featureSource?: FeatureSource;
  /** Outcomes left out, inputs kept despite the leakage guard, and its evidence on them. */
  leakage?: { outcomesLeftOut: string[]; allowed: string[]; evidence: { column: string; kind: string; said?: Said; detail: string }[] };
  /** "Why these settings": what cross-validation on the training rows chose, and from what. */
  settings?: ModelSettings;
  /** A model refitted by reject inference: how, from which known-good-bad model, and how the two differ. */
  rejectInference?: InferenceReport;
}

/** The input list's origin: named in the request, the stored selection, or the defaults. */
export type FeatureSource = { kind: 'request' } | { kind: 'selection'; selectionId: number; createdAt: string } | { kind: 'default'; rule: string };

export interface ModelSettings {
  /** The L2 penalty and input set a scorecard's logistic fit got by cross-validation (null when given by hand). */
  penalty: null | { folds: number; rows: number; chosen: { inputs: string; l2: number }; candidates: { inputs: string; features: number; l2: number; logLoss: number }[]; said?: Said; reason: string };
  /** Per WOE input: the binning settings cross-validation chose (trend, minimum bin share), when they were tuned. */
  binning: { variable: string; trend: string; minBinShare: number; said?: Said; reason: string }[];
  /** Settings the user gave by hand (they always win). */
  manual: string[];
}

export interface ModelSummary {
  id: number;
  name: string;
  dataset: string;
  purpose: ModelPurpose;
  kind: ModelKind;
  target: string;
  population: string | null;
  backend: TfBackendName;
  features: number;
  createdAt: string;
  metrics: StoredModel['metrics'];
}
