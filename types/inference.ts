/** Reject inference: the methods, and what a run reports (stored with the inferred model). */
export const INFERENCE_METHODS = ['fuzzy', 'hard-cutoff', 'parceling'] as const;
export type InferenceMethod = typeof INFERENCE_METHODS[number];

/** One band of the inferred model's score over the through-the-door rows. */
export interface InferenceBand {
  lower: number;
  upper: number;
  /** Rows with a known outcome, and their observed bad rate (weighted when the models are). */
  known: number;
  knownBadRate: number | null;
  /** Rows without one, and their bad rate as each model predicts it. */
  unlabelled: number;
  kgbRate: number | null;
  inferredRate: number | null;
}

export interface InferenceReport {
  method: InferenceMethod;
  factor: number;
  /** The known-good-bad model the inference started from. */
  kgbModel: number;
  kgbName: string;
  population: string | null;
  /** Train rows the inferred model learned from: known, unlabelled (inferred), and the bad rate inferred for the latter. */
  trainKnown: number;
  trainUnlabelled: number;
  inferredBadRate: number;
  cutoff: number | null;
  parcels: { lower: number; upper: number; known: number; knownBadRate: number; unlabelled: number; inferredBadRate: number }[];
  iterations: number;
  converged: boolean;
  /** On every through-the-door row: mean predicted bad rate of each model on known and on unlabelled rows. */
  known: { rows: number; observed: number; kgb: number; inferred: number };
  unlabelled: { rows: number; kgb: number; inferred: number };
  /**
   * With `calibrate`: the factor measured on the train rows without an outcome here whose outcome
   * elsewhere is in the column, and — the out-of-sample check — the other samples' such rows:
   * their observed bad rate beside each model's prediction.
   */
  calibration?: {
    column: string;
    train: { rows: number; observed: number; kgb: number; factor: number; lower: number; upper: number };
    check: { rows: number; observed: number; kgb: number; inferred: number } | null;
  };
  /** PSI of the inferred model's probability against the known-good-bad model's, over the through-the-door rows. */
  psi: number;
  bands: InferenceBand[];
}
