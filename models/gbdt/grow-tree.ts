import { BINS, subtractHistogram, type HistogramBuilder } from './histogram';
import { findBestSplit, leafValue, type Split, type SplitRules } from './find-split';
import { MISSING_BIN } from './quantize';
import type { TreeNode } from '../../types/gbdt';

export type { TreeNode };


export interface GrowOptions extends SplitRules {
  /** Per feature: whether any training row misses it (when none does, a missing value later goes to the larger child, as scikit-learn sends it). */
  hasMissing?: readonly boolean[];
  maxLeafNodes: number;
  maxDepth: number;
  learningRate: number;
}

interface Leaf {
  node: number;
  start: number;
  end: number;
  depth: number;
  G: number;
  H: number;
  hist: Float64Array;
  lo: number;
  hi: number;
  split: Split | null;
}

/** Whether a row with bin `b` goes left at a split. */
export function goesLeft(split: { bin: number; leftSet: Uint8Array | null; missingLeft: boolean }, b: number): boolean {
  if (split.leftSet) return split.leftSet[b] === 1;
  return b === MISSING_BIN ? split.missingLeft : b <= split.bin;
}

/** The split as a table: entry b is 1 when a row with bin b goes left. */
function leftTable(split: Split, table: Uint8Array): Uint8Array {
  for (let b = 0; b < table.length; b++) table[b] = goesLeft(split, b) ? 1 : 0;
  return table;
}

/** Reorders rows[start..end) so the rows whose bin of `feature` the table sends left come first, each side in its original order; returns where the right ones begin. */
export type Partition = (rows: Uint32Array, start: number, end: number, feature: number, table: Uint8Array) => number;

/**
 * The partition on this thread (rows stay ascending on each side, so a node's histogram reads
 * memory forwards). Branch-free: every row is written to both sides and only the side it belongs
 * to advances.
 */
export function serialPartition(bins: readonly Uint8Array[], n: number): Partition {
  const scratch = new Uint32Array(n);
  return (rows, start, end, feature, left) => {
    const col = bins[feature]!;
    let l = start, r = 0;
    for (let j = start; j < end; j++) {
      const i = rows[j]!;
      const t = left[col[i]!]!;
      rows[l] = i;
      scratch[r] = i;
      l += t;
      r += 1 - t;
    }
    rows.set(scratch.subarray(0, r), l);
    return l;
  };
}

/** What growing a tree does with rows: their histograms, their partition at a split, the exact gradient sums of the leaves. */
export interface TreeOps { build: HistogramBuilder; partition: Partition; leafSums: LeafSums }

/**
 * Grows one tree best-first (leaf-wise, as LightGBM and scikit-learn's HistGradientBoosting): the
 * leaf whose best split gains most is split next, until `maxLeafNodes` leaves or no split gains.
 * Each child's histogram is built only for the smaller child; the larger is the parent's minus it.
 * Monotone constraints bound the children's values at the midpoint of the split's two values.
 * `rows` (the rows this tree learns from) is reordered in place: each leaf's rows end up in its
 * `start..end` range. Leaf values come from `leafSums`, the exact sums of the leaves' gradients
 * (the histograms may hold rounded ones).
 */
export function growTree(F: number, rows: Uint32Array, features: readonly number[], o: GrowOptions, ops: TreeOps, pool: Float64Array[] = []): GrownTree {
  const { build, partition, leafSums } = ops;
  const nodes: TreeNode[] = [];
  const table = new Uint8Array(BINS);
  const histSize = F * BINS * 3;
  const take = () => pool.pop() ?? new Float64Array(histSize);
  const rootHist = take();
  build(rows, 0, rows.length, rootHist);
  // The root's sums as its histogram has them (every row is in one bin of each feature): the split search stays in the histograms' terms.
  let G = 0, H = 0;
  for (let b = 0; b < BINS; b++) { G += rootHist[b * 3]!; H += rootHist[b * 3 + 1]!; }
  const newLeaf = (start: number, end: number, depth: number, LG: number, LH: number, hist: Float64Array, lo: number, hi: number): Leaf => {
    nodes.push({ feature: -1, bin: 0, left: -1, right: -1, missingLeft: false, categories: null, value: 0, rows: end - start, gain: 0 });
    const canSplit = depth < o.maxDepth && end - start >= 2 * o.minSamplesLeaf;
    return { node: nodes.length - 1, start, end, depth, G: LG, H: LH, hist, lo, hi, split: canSplit ? findBestSplit(hist, LG, LH, end - start, features, o, lo, hi) : null };
  };
  const open: Leaf[] = [newLeaf(0, rows.length, 0, G, H, rootHist, -Infinity, Infinity)];
  while (open.length < o.maxLeafNodes) {
    let k = -1;
    for (let i = 0; i < open.length; i++) if (open[i]!.split && (k < 0 || open[i]!.split!.gain > open[k]!.split!.gain)) k = i;
    if (k < 0) break;
    const leaf = open.splice(k, 1)[0]!;
    const s = leaf.split!;
    const mid = partition(rows, leaf.start, leaf.end, s.feature, leftTable(s, table));
    // Monotone constraints: each child stays on its side of the midpoint of the two values.
    const c = o.monotone[s.feature] ?? 0;
    const m = (s.left.value + s.right.value) / 2;
    const [lLo, lHi, rLo, rHi] = c > 0 ? [leaf.lo, Math.min(leaf.hi, m), Math.max(leaf.lo, m), leaf.hi] : c < 0 ? [Math.max(leaf.lo, m), leaf.hi, leaf.lo, Math.min(leaf.hi, m)] : [leaf.lo, leaf.hi, leaf.lo, leaf.hi];
    const leftSmaller = mid - leaf.start <= leaf.end - mid;
    const small = take(), large = leaf.hist;
    if (leftSmaller) build(rows, leaf.start, mid, small);
    else build(rows, mid, leaf.end, small);
    subtractHistogram(leaf.hist, small, large);
    const [lh, rh] = leftSmaller ? [small, large] : [large, small];
    const node = nodes[leaf.node]!;
    const missingLeft = s.leftSet || (o.hasMissing?.[s.feature] ?? true) ? s.missingLeft : mid - leaf.start > leaf.end - mid;
    Object.assign(node, { feature: s.feature, bin: s.bin, missingLeft, gain: s.gain, categories: s.leftSet ? [...s.leftSet.keys()].filter((b) => s.leftSet![b] === 1) : null });
    const left = newLeaf(leaf.start, mid, leaf.depth + 1, s.left.g, s.left.h, lh, lLo, lHi);
    node.left = left.node;
    const right = newLeaf(mid, leaf.end, leaf.depth + 1, s.right.g, s.right.h, rh, rLo, rHi);
    node.right = right.node;
    open.push(left, right);
  }
  const sums = leafSums(open);
  open.forEach((leaf, k) => {
    nodes[leaf.node]!.value = o.learningRate * leafValue(sums[k]!.G, sums[k]!.H, o.l2, leaf.lo, leaf.hi);
    pool.push(leaf.hist);
  });
  return { nodes, leaves: open.map((l) => ({ node: l.node, start: l.start, end: l.end })) };
}

/** The exact sums of the gradients and hessians of the rows in each range of the row order. */
export type LeafSums = (ranges: readonly { start: number; end: number }[]) => { G: number; H: number }[];

/** A grown tree and where each leaf's rows sit in the row order. */
export interface GrownTree { nodes: TreeNode[]; leaves: { node: number; start: number; end: number }[] }
