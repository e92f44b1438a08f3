import type { GbdtModel, TreeNode } from '../../types/gbdt';
import { rawGoesLeft } from './predict-gbdt';

/**
 * TreeSHAP's paths, one per depth, in flat arrays (as the reference C++ does): the path at depth d
 * starts at d·D; each element holds the feature split on, the shares of the paths where it is
 * absent (zero) or present (one), and the permutation weight.
 */
class Paths {
  readonly feature: Int32Array;
  readonly zero: Float64Array;
  readonly one: Float64Array;
  readonly weight: Float64Array;
  constructor(readonly D: number) {
    this.feature = new Int32Array(D * D);
    this.zero = new Float64Array(D * D);
    this.one = new Float64Array(D * D);
    this.weight = new Float64Array(D * D);
  }

  copy(from: number, to: number, length: number): void {
    this.feature.copyWithin(to, from, from + length);
    this.zero.copyWithin(to, from, from + length);
    this.one.copyWithin(to, from, from + length);
    this.weight.copyWithin(to, from, from + length);
  }

  /** Appends an element to the path at `at` of length m (the new length is m + 1). */
  extend(at: number, m: number, zero: number, one: number, feature: number): void {
    const w = this.weight;
    this.feature[at + m] = feature; this.zero[at + m] = zero; this.one[at + m] = one; w[at + m] = m === 0 ? 1 : 0;
    for (let i = m - 1; i >= 0; i--) {
      w[at + i + 1]! += (one * w[at + i]! * (i + 1)) / (m + 1);
      w[at + i] = (zero * w[at + i]! * (m - i)) / (m + 1);
    }
  }

  /** Removes element k from the path at `at` whose last index is m. */
  unwind(at: number, m: number, k: number): void {
    const w = this.weight;
    const one = this.one[at + k]!, zero = this.zero[at + k]!;
    let next = w[at + m]!;
    for (let i = m - 1; i >= 0; i--) {
      if (one !== 0) {
        const t = w[at + i]!;
        w[at + i] = (next * (m + 1)) / ((i + 1) * one);
        next = t - (w[at + i]! * zero * (m - i)) / (m + 1);
      } else {
        w[at + i] = (w[at + i]! * (m + 1)) / (zero * (m - i));
      }
    }
    for (let i = k; i < m; i++) { this.feature[at + i] = this.feature[at + i + 1]!; this.zero[at + i] = this.zero[at + i + 1]!; this.one[at + i] = this.one[at + i + 1]!; }
  }

  /** The total weight of the path at `at` (last index m) with element k removed. */
  unwoundSum(at: number, m: number, k: number): number {
    const w = this.weight;
    const one = this.one[at + k]!, zero = this.zero[at + k]!;
    let next = w[at + m]!, total = 0;
    for (let i = m - 1; i >= 0; i--) {
      if (one !== 0) {
        const t = next / ((i + 1) * one);
        total += t;
        next = w[at + i]! - t * zero * (m - i);
      } else {
        total += w[at + i]! / (zero * (m - i));
      }
    }
    return total * (m + 1);
  }
}

function depthOf(tree: readonly TreeNode[], k = 0): number {
  const n = tree[k]!;
  return n.feature < 0 ? 0 : 1 + Math.max(depthOf(tree, n.left), depthOf(tree, n.right));
}

/**
 * Exact TreeSHAP (Lundberg, Erion & Lee 2018, algorithm 2): each input's Shapley contribution to
 * one tree's value for one row, the expectation over absent inputs taken along the tree by its
 * training rows (path-dependent). Contributions add up to the tree's value minus its mean.
 */
function treeShap(tree: readonly TreeNode[], paths: Paths, goesLeft: (node: TreeNode) => boolean, phi: Float64Array): void {
  const D = paths.D;
  // `m`: the length of the parent's path; the node's path lives at depth·D.
  const recurse = (k: number, depth: number, m: number, zero: number, one: number, feature: number) => {
    const at = depth * D;
    if (depth > 0) paths.copy((depth - 1) * D, at, m);
    paths.extend(at, m, zero, one, feature);
    const last = m;
    const node = tree[k]!;
    if (node.feature < 0) {
      for (let i = 1; i <= last; i++) phi[paths.feature[at + i]!]! += paths.unwoundSum(at, last, i) * (paths.one[at + i]! - paths.zero[at + i]!) * node.value;
      return;
    }
    const [hot, cold] = goesLeft(node) ? [node.left, node.right] : [node.right, node.left];
    let iz = 1, io = 1, length = last + 1;
    for (let i = 1; i <= last; i++) {
      if (paths.feature[at + i] === node.feature) {
        iz = paths.zero[at + i]!; io = paths.one[at + i]!;
        paths.unwind(at, last, i);
        length -= 1;
        break;
      }
    }
    recurse(hot, depth + 1, length, (iz * tree[hot]!.rows) / node.rows, io, node.feature);
    recurse(cold, depth + 1, length, (iz * tree[cold]!.rows) / node.rows, 0, node.feature);
  };
  recurse(0, 0, 0, 1, 1, -1);
}

/** A tree's mean value over its training rows (the value with every input absent). */
export function treeMean(tree: readonly TreeNode[], k = 0): number {
  const n = tree[k]!;
  if (n.feature < 0) return n.value;
  return (tree[n.left]!.rows * treeMean(tree, n.left) + tree[n.right]!.rows * treeMean(tree, n.right)) / n.rows;
}

const PREPARED = new WeakMap<GbdtModel, { expected: number; paths: Paths }>();

/** The model's expected log-odds (baseline plus every tree's mean) and path buffers deep enough for its trees, computed once. */
function prepared(model: GbdtModel): { expected: number; paths: Paths } {
  let p = PREPARED.get(model);
  if (!p) {
    p = { expected: model.trees.reduce((s, t) => s + treeMean(t), model.baseline), paths: new Paths(Math.max(0, ...model.trees.map((t) => depthOf(t))) + 2) };
    PREPARED.set(model, p);
  }
  return p;
}

/**
 * The contributions of every input to a row's log-odds under the model, and the expected
 * log-odds they start from: `expected + Σ contributions` equals the model's log-odds for the row.
 * `value(f)` gives the row's raw input f (a number, or a category index; NaN when missing).
 */
export function gbdtContributions(model: GbdtModel, value: (feature: number) => number): { expected: number; contributions: Float64Array } {
  const phi = new Float64Array(model.features.length);
  const { expected, paths } = prepared(model);
  for (const tree of model.trees) {
    treeShap(tree, paths, (node) => rawGoesLeft(node, model.features[node.feature]!, value(node.feature)), phi);
  }
  return { expected, contributions: phi };
}

/**
 * Each input's mean absolute contribution to the log-odds over the given rows (a SHAP summary:
 * how much it moves scores, whichever way), in input order.
 */
export function meanAbsContributions(model: GbdtModel, columns: readonly Float64Array[], rows: readonly number[]): Float64Array {
  const out = new Float64Array(model.features.length);
  for (const i of rows) {
    const { contributions } = gbdtContributions(model, (f) => columns[f]![i]!);
    for (let f = 0; f < out.length; f++) out[f]! += Math.abs(contributions[f]!);
  }
  return out.map((x) => (rows.length ? x / rows.length : 0));
}
