import type { TreeNode } from './grow-tree';
import { MAX_VALUE_BINS, type FeatureBins } from './quantize';
import type { GbdtModel } from './train-gbdt';

/**
 * Whether a raw value goes left at a split: a number when it is ≤ the split's threshold (bins ≤ b
 * hold exactly the values ≤ thresholds[b]; the last bin has no upper edge), a category when its
 * index is in the split's set; a missing value (NaN, or a category the model never saw) as the
 * split learned.
 */
export function rawGoesLeft(node: TreeNode, feature: FeatureBins, v: number): boolean {
  if (feature.kind === 'categorical') {
    const b = Number.isNaN(v) || v < 0 || v >= Math.min(feature.categories, MAX_VALUE_BINS) ? 255 : v;
    return node.categories!.includes(b);
  }
  if (Number.isNaN(v)) return node.missingLeft;
  return node.bin >= feature.thresholds.length || v <= feature.thresholds[node.bin]!;
}

/** The leaf a row lands in (its index in the tree). */
export function leafOf(tree: readonly TreeNode[], features: readonly FeatureBins[], value: (feature: number) => number): number {
  let k = 0;
  for (;;) {
    const n = tree[k]!;
    if (n.feature < 0) return k;
    k = rawGoesLeft(n, features[n.feature]!, value(n.feature)) ? n.left : n.right;
  }
}

/** The model's log-odds for every row of raw inputs (numbers, or category indices; NaN for missing). */
export function gbdtLogOdds(model: GbdtModel, columns: readonly Float64Array[]): Float64Array {
  const n = columns[0]?.length ?? 0;
  const out = new Float64Array(n).fill(model.baseline);
  for (const tree of model.trees) {
    for (let i = 0; i < n; i++) out[i]! += tree[leafOf(tree, model.features, (f) => columns[f]![i]!)]!.value;
  }
  return out;
}

/** Event probabilities. */
export function gbdtProbabilities(model: GbdtModel, columns: readonly Float64Array[]): Float64Array {
  return gbdtLogOdds(model, columns).map((x) => 1 / (1 + Math.exp(-x)));
}

/** The smallest and largest log-odds the model can give: its baseline plus each tree's lowest (highest) leaf. */
export function gbdtLogOddsRange(model: GbdtModel): { min: number; max: number } {
  let min = model.baseline, max = model.baseline;
  for (const tree of model.trees) {
    let lo = Infinity, hi = -Infinity;
    for (const n of tree) if (n.feature < 0) { lo = Math.min(lo, n.value); hi = Math.max(hi, n.value); }
    min += lo; max += hi;
  }
  return { min, max };
}
