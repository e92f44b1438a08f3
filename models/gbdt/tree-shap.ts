import type { GbdtModel, TreeNode } from '../../types/gbdt';
import { rawGoesLeft } from './predict-gbdt';

/** One element of TreeSHAP's path: the feature split on, the shares of the paths where it is absent (z) or present (o), and the weight. */
interface PathElement { feature: number; zero: number; one: number; weight: number }

function extend(path: PathElement[], zero: number, one: number, feature: number): PathElement[] {
  const m = path.length;
  const p = path.map((e) => ({ ...e }));
  p.push({ feature, zero, one, weight: m === 0 ? 1 : 0 });
  for (let i = m - 1; i >= 0; i--) {
    p[i + 1]!.weight += (one * p[i]!.weight * (i + 1)) / (m + 1);
    p[i]!.weight = (zero * p[i]!.weight * (m - i)) / (m + 1);
  }
  return p;
}

function unwind(path: PathElement[], k: number): PathElement[] {
  const m = path.length - 1;
  const p = path.map((e) => ({ ...e }));
  const { one, zero } = p[k]!;
  let next = p[m]!.weight;
  for (let i = m - 1; i >= 0; i--) {
    if (one !== 0) {
      const t = p[i]!.weight;
      p[i]!.weight = (next * (m + 1)) / ((i + 1) * one);
      next = t - (p[i]!.weight * zero * (m - i)) / (m + 1);
    } else {
      p[i]!.weight = (p[i]!.weight * (m + 1)) / (zero * (m - i));
    }
  }
  for (let i = k; i < m; i++) { p[i]!.feature = p[i + 1]!.feature; p[i]!.zero = p[i + 1]!.zero; p[i]!.one = p[i + 1]!.one; }
  p.pop();
  return p;
}

function unwoundSum(path: PathElement[], k: number): number {
  const m = path.length - 1;
  const { one, zero } = path[k]!;
  let next = path[m]!.weight, total = 0;
  for (let i = m - 1; i >= 0; i--) {
    if (one !== 0) {
      const t = (next * (m + 1)) / ((i + 1) * one);
      total += t;
      next = path[i]!.weight - (t * zero * (m - i)) / (m + 1);
    } else {
      total += path[i]!.weight * (m + 1) / (zero * (m - i));
    }
  }
  return total;
}

/**
 * Exact TreeSHAP (Lundberg, Erion & Lee 2018, algorithm 2): each input's Shapley contribution to
 * one tree's value for one row, the expectation over absent inputs taken along the tree by its
 * training rows (path-dependent). Contributions add up to the tree's value minus its mean.
 */
function treeShap(tree: readonly TreeNode[], goesLeft: (node: TreeNode) => boolean, phi: Float64Array): void {
  const recurse = (k: number, path: PathElement[], zero: number, one: number, feature: number) => {
    const p = extend(path, zero, one, feature);
    const node = tree[k]!;
    if (node.feature < 0) {
      for (let i = 1; i < p.length; i++) phi[p[i]!.feature]! += unwoundSum(p, i) * (p[i]!.one - p[i]!.zero) * node.value;
      return;
    }
    const left = goesLeft(node);
    const [hot, cold] = left ? [node.left, node.right] : [node.right, node.left];
    let iz = 1, io = 1, q = p;
    const seen = q.findIndex((e, i) => i > 0 && e.feature === node.feature);
    if (seen > 0) { iz = q[seen]!.zero; io = q[seen]!.one; q = unwind(q, seen); }
    recurse(hot, q, (iz * tree[hot]!.rows) / node.rows, io, node.feature);
    recurse(cold, q, (iz * tree[cold]!.rows) / node.rows, 0, node.feature);
  };
  recurse(0, [], 1, 1, -1);
}

/** A tree's mean value over its training rows (the value with every input absent). */
export function treeMean(tree: readonly TreeNode[], k = 0): number {
  const n = tree[k]!;
  if (n.feature < 0) return n.value;
  return (tree[n.left]!.rows * treeMean(tree, n.left) + tree[n.right]!.rows * treeMean(tree, n.right)) / n.rows;
}

/**
 * The contributions of every input to a row's log-odds under the model, and the expected
 * log-odds they start from: `expected + Σ contributions` equals the model's log-odds for the row.
 * `value(f)` gives the row's raw input f (a number, or a category index; NaN when missing).
 */
export function gbdtContributions(model: GbdtModel, value: (feature: number) => number): { expected: number; contributions: Float64Array } {
  const phi = new Float64Array(model.features.length);
  let expected = model.baseline;
  for (const tree of model.trees) {
    expected += treeMean(tree);
    treeShap(tree, (node) => rawGoesLeft(node, model.features[node.feature]!, value(node.feature)), phi);
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
