import type { GbdtModel } from './gbdt';
import type { FeatureEncoding } from './model';
import type { PortableModel } from './portable-model';
import type { Said } from './said';

/** Uplift modeling: how the uplift is estimated, by which learner, and who customers are to an offer. */
export const UPLIFT_METHODS = ['two-model', 'class-transformation'] as const;
export type UpliftMethod = typeof UPLIFT_METHODS[number];
export const UPLIFT_LEARNERS = ['scorecard-lr', 'gbdt'] as const;
export type UpliftLearner = typeof UPLIFT_LEARNERS[number];
/** Responds because of an offer, responds anyway, does not respond either way, is put off by it. */
export const UPLIFT_TIERS = ['persuadable', 'sure_thing', 'lost_cause', 'do_not_disturb'] as const;
export type UpliftTier = typeof UPLIFT_TIERS[number];

/** One fitted response model: its encodings and either logistic coefficients (intercept first) or trees. */
export interface UpliftPart {
  features: FeatureEncoding[];
  coefficients: number[] | null;
  gbdt: GbdtModel | null;
  /** Training rows (people) and their weight. */
  rows: number;
}

export interface QiniPoint { share: number; gain: number }

/** One decile of customers by predicted uplift (highest first), on the evaluation rows. */
export interface UpliftDecile {
  decile: number;
  treated: number;
  control: number;
  treatedRate: number | null;
  controlRate: number | null;
  /** Observed: treated rate − control rate. */
  uplift: number | null;
  predicted: number;
}

export interface UpliftArm {
  key: string;
  treatment: string;
  channel: string | null;
  /** Take-up cost of the offer (paid when the customer responds) and the cost of one contact by the channel. */
  offerCost: number;
  contactCost: number;
  rows: { train: number; evaluation: number };
  /** The arm's model (two-model: the response of treated customers; class transformation: the transformed outcome). */
  model: UpliftPart;
  /** On the evaluation rows: observed response rates of the arm and of the control, the Qini coefficient and curve, uplift by decile. */
  treatedRate: number;
  controlRate: number;
  qini: number;
  curve: QiniPoint[];
  deciles: UpliftDecile[];
}

export interface UpliftTierSummary {
  tier: UpliftTier;
  customers: number;
  share: number;
  meanControlRate: number;
  meanUplift: number;
  /** The offers recommended to the tier's customers: arm key (or `none`) and share of the tier. */
  recommended: { arm: string; share: number }[];
}

export interface StoredUplift {
  schemaVersion: 1;
  name: string;
  dataset: string;
  target: string;
  event: string;
  treatment: string;
  control: string;
  channel: string | null;
  method: UpliftMethod;
  learner: UpliftLearner;
  inputs: string[];
  /** Value of one response (the `value` column's mean over the control group's responders, or given). */
  valuePerResponse: number;
  valueSource: string;
  /** Tier rules: mean uplift over the arms ≥ +threshold persuadable, ≤ −threshold do-not-disturb; else response rate without an offer ≥ `controlRate` sure thing. */
  thresholds: { uplift: number; controlRate: number };
  /** The sample the figures are measured on (`test` when the dataset has one, else `train`). */
  evaluation: string;
  controlModel: UpliftPart;
  arms: UpliftArm[];
  tiers: UpliftTierSummary[];
  /** On the evaluation rows: how many customers each arm is recommended to, and the expected incremental value per customer. */
  recommendations: { arm: string; customers: number; share: number; incrementalValue: number }[];
  /** What a modeler must know, as codes and parameters; `warnings` the same in English. */
  notes: Said[];
  warnings: string[];
  createdAt: string;
  seconds: number;
}

/** An uplift model in a list. */
export interface UpliftSummary {
  upliftId: number;
  name: string;
  dataset: string;
  target: string;
  treatment: string;
  channel: string | null;
  method: UpliftMethod;
  learner: UpliftLearner;
  arms: number;
  createdAt: string;
  /** The largest Qini coefficient over the arms. */
  bestQini: number;
}

/** An uplift model as exported (`offers.json`): what `offers.mjs` computes, its parts as portable models (bins and leaves, never rows). */
export type OffersDocument = Pick<StoredUplift, 'name' | 'target' | 'event' | 'treatment' | 'control' | 'channel' | 'method' | 'learner' | 'inputs' | 'valuePerResponse' | 'thresholds' | 'createdAt'> & {
  formatVersion: 1;
  tool: { name: 'jointscore'; version: string };
  upliftId: number;
  privacy: { minBinRows: number };
  controlModel: PortableModel;
  arms: (Pick<UpliftArm, 'key' | 'treatment' | 'channel' | 'offerCost' | 'contactCost'> & { model: PortableModel })[];
};
