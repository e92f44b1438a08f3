/**
 * A trained challenger (gradient-boosted trees, a neural network, a logistic regression on raw
 * inputs) in the form every exporter reads: inputs by name with how each becomes a number, then
 * the trees or the layers. The log-odds of the event is what it computes; the bundle's PDO
 * scaling turns it into the score.
 */
import type { BundleCharacteristic } from './bundle';

/**
 * How one input column becomes model inputs:
 * - `raw`: the number as it is (missing stays missing: trees route it);
 * - `category`: the level's index in `levels` (a missing or unlisted value is missing);
 * - `impute`: a number with missing values replaced by `median`, then (x − shift) · scale;
 * - `onehot`: one input per level (1 when the value is that level; missing or other levels all 0);
 * - `ple`: piecewise-linear on `edges` (input t = clamp((x − e_t)/(e_t+1 − e_t), 0, 1)), then a
 *   missing indicator as the last input (a missing value sets it and leaves the others 0);
 * - `woe`: the value's WOE by the stored bins (`bins.attributes[k].points` is the WOE; a value no
 *   bin matches gets `bins.unseenPoints`, 0).
 */
export type PortableEncoding =
  | { kind: 'raw'; name: string; party: string | null }
  | { kind: 'category'; name: string; party: string | null; levels: string[] }
  | { kind: 'impute'; name: string; party: string | null; median: number; shift: number; scale: number }
  | { kind: 'onehot'; name: string; party: string | null; levels: string[] }
  | { kind: 'ple'; name: string; party: string | null; edges: number[] }
  | { kind: 'woe'; name: string; party: string | null; bins: BundleCharacteristic };

/**
 * A node of a portable tree. A split (`f` ≥ 0, an index into the encoded inputs) sends a value left
 * when it is ≤ `t` (numbers) or one of the level indices `c` (categories); a missing value goes
 * left when `m`. A leaf has `f` −1 and its value `v`. `n` is the node's training rows (TreeSHAP's cover).
 */
export interface PortableNode {
  f: number;
  t?: number;
  c?: number[];
  m?: boolean;
  l?: number;
  r?: number;
  v?: number;
  n: number;
}

export interface PortableTrees {
  kind: 'gbdt';
  encodings: PortableEncoding[];
  /** log-odds = baseline + each tree's leaf value, added in tree order. */
  baseline: number;
  /** The mean log-odds over the training rows (TreeSHAP's starting point). */
  expected: number;
  /** Per encoded input: +1, −1 or 0 (the monotone constraint it was trained under). */
  monotone: number[];
  trees: PortableNode[][];
}

/** A dense layer: out = activation(W·in + b), W as rows of weights per unit. */
export interface PortableLayer {
  weights: number[][];
  bias: number[];
  activation: 'relu' | 'identity';
}

/** A feed-forward network (the MLP), or a logistic regression as a network with no hidden layer; the last layer's one unit is the log-odds. */
export interface PortableNetwork {
  kind: 'mlp' | 'logistic';
  encodings: PortableEncoding[];
  layers: PortableLayer[];
  /** The encoded inputs' means on the training rows: the baseline integrated-gradient reasons start from. */
  baseline: number[];
}

export type PortableModel = PortableTrees | PortableNetwork;
