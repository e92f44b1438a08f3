import { mulberry32 } from '../stats/random';
import { growTree, serialPartition, type LeafSums, type Partition, type TreeNode } from './grow-tree';
import { buildHistogram, rowMajorBins, type BoostHelper, type HistogramBuilder, type HistogramInputs } from './histogram';
import { cutUnits, placeOffsets, rangeSums, runUnit, unitCapacity, GRADIENT_PASS, PLACE_PASS, SPLIT_PASS, STEP_PASS, SUM_PASS, type BoostArrays, type PassKind } from './boost-passes';
import { quantize, MISSING_BIN } from './quantize';
import { HistogramKernel } from './histogram-kernel';
import type { GbdtConfig, GbdtImportance, GbdtModel } from '../../types/gbdt';

export type { GbdtConfig, GbdtModel };

/** The defaults: scikit-learn's HistGradientBoostingClassifier. */
export const DEFAULT_GBDT: GbdtConfig = {
  maxIter: 100, learningRate: 0.1, maxLeafNodes: 31, maxDepth: 0, minSamplesLeaf: 20, l2: 0, maxBins: 255,
  subsample: 1, colsample: 1, earlyStopping: 'auto', validationFraction: 0.1, nIterNoChange: 10, tol: 1e-7, classWeight: 'none', seed: 1,
};


export interface GbdtInput {
  name: string;
  /** Category indices 0…k−1 (NaN for missing) rather than numbers. */
  categorical: boolean;
  categories?: number;
  monotone?: number;
}

/** `trainLoss`: null on the iterations it is not computed (every tenth above 200,000 training rows). */
export interface GbdtProgress { iteration: number; trainLoss: number | null; validationLoss: number | null }

/** Thrown when the caller's signal asks training to stop. */
export class GbdtCancelled extends Error {
  constructor() { super('Training was cancelled.'); }
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

function logLoss(raw: Float64Array, y: Uint8Array, w: Float64Array, rows: Uint32Array): number {
  let s = 0, W = 0;
  for (let j = 0; j < rows.length; j++) {
    const i = rows[j]!;
    const p = Math.min(1 - 1e-15, Math.max(1e-15, sigmoid(raw[i]!)));
    s -= w[i]! * (y[i] === 1 ? Math.log(p) : Math.log(1 - p));
    W += w[i]!;
  }
  return W > 0 ? s / W : 0;
}

/** Adds a tree's values to the raw predictions of the given rows (rows in bins). */
function addTree(nodes: readonly TreeNode[], bins: readonly Uint8Array[], rows: Uint32Array, raw: Float64Array): void {
  for (let j = 0; j < rows.length; j++) { const i = rows[j]!; raw[i]! += treeValueOfBins(nodes, bins, i); }
}

/** A tree's value for row i of binned data. */
export function treeValueOfBins(nodes: readonly TreeNode[], bins: readonly Uint8Array[], i: number): number {
  let k = 0;
  for (;;) {
    const n = nodes[k]!;
    if (n.feature < 0) return n.value;
    const b = bins[n.feature]![i]!;
    const left = n.categories ? n.categories.includes(b) : b === MISSING_BIN ? n.missingLeft : b <= n.bin;
    k = left ? n.left : n.right;
  }
}

/** Below this many rows a node is partitioned on one thread (handing units over costs more). */
const PARALLEL_PARTITION_ROWS = 32_768;

/** Whether any of the rows has the missing bin. */
function missesAny(bins: Uint8Array, rows: Uint32Array): boolean {
  for (let j = 0; j < rows.length; j++) if (bins[rows[j]!] === MISSING_BIN) return true;
  return false;
}

/** Per-row weights: the given ones, times the class weights (balanced: n / (2 · class count)). */
function rowWeights(y: Uint8Array, weights: Float64Array | null, classWeight: GbdtConfig['classWeight']): Float64Array {
  const w = weights ? Float64Array.from(weights) : new Float64Array(y.length).fill(1);
  if (classWeight === 'balanced') {
    let pos = 0;
    for (let i = 0; i < y.length; i++) pos += y[i]! === 1 ? w[i]! : 0;
    let all = 0;
    for (let i = 0; i < y.length; i++) all += w[i]!;
    const wp = all / (2 * pos), wn = all / (2 * (all - pos));
    for (let i = 0; i < y.length; i++) w[i] = w[i]! * (y[i] === 1 ? wp : wn);
  }
  return w;
}

/** A seeded, stratified split of the rows into training and validation (for early stopping). */
function validationSplit(y: Uint8Array, fraction: number, random: () => number): { fit: Uint32Array; validation: Uint32Array } {
  const fit: number[] = [], validation: number[] = [];
  for (const cls of [0, 1]) {
    const idx: number[] = [];
    for (let i = 0; i < y.length; i++) if (y[i] === cls) idx.push(i);
    for (let k = idx.length - 1; k > 0; k--) { const j = Math.floor(random() * (k + 1)); [idx[k], idx[j]] = [idx[j]!, idx[k]!]; }
    const nv = Math.round(idx.length * fraction);
    validation.push(...idx.slice(0, nv));
    fit.push(...idx.slice(nv));
  }
  return { fit: Uint32Array.from(fit.sort((a, b) => a - b)), validation: Uint32Array.from(validation.sort((a, b) => a - b)) };
}

/**
 * Gradient boosting of regression trees on the binary log-loss (scikit-learn's
 * HistGradientBoostingClassifier, LightGBM): inputs binned once (≤ 255 bins, missing apart), each
 * tree grown leaf-wise on the gradients and hessians of the current predictions, missing values
 * sent where they gain most, categories split by sets, monotone constraints kept. Early stopping
 * holds out a stratified share of the training rows. Seeded: the same inputs give the same model.
 */
export function trainGbdt(columns: readonly Float64Array[], inputs: readonly GbdtInput[], y: Uint8Array, options: Partial<GbdtConfig> = {}, hooks: { weights?: Float64Array | null; onIteration?: (p: GbdtProgress) => void; signal?: { readonly aborted: boolean }; histograms?: (inputs: HistogramInputs) => BoostHelper } = {}): GbdtModel {
  const o: GbdtConfig = { ...DEFAULT_GBDT, ...options };
  const { bins, features } = quantize(columns, inputs, o.maxBins);
  const monotone = inputs.map((f) => (f.categorical ? 0 : Math.sign(f.monotone ?? 0)));
  const w = rowWeights(y, hooks.weights ?? null, o.classWeight);
  const random = mulberry32(o.seed);
  const stop = o.earlyStopping === 'auto' ? y.length > 10_000 : o.earlyStopping;
  const all = Uint32Array.from({ length: y.length }, (_, i) => i);
  const { fit, validation } = stop ? validationSplit(y, o.validationFraction, random) : { fit: all, validation: new Uint32Array(0) };
  let pos = 0, W = 0;
  for (const i of fit) { pos += y[i] === 1 ? w[i]! : 0; W += w[i]!; }
  const p0 = Math.min(1 - 1e-12, Math.max(1e-12, pos / W));
  const baseline = Math.log(p0 / (1 - p0));
  // With a helper thread every array it reads lives in shared memory.
  const memory = (bytes: number) => (hooks.histograms ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  const sharedCopy = <T extends Float64Array | Uint8Array>(a: T, make: (b: ArrayBufferLike) => T): T => { const c = make(memory(a.byteLength)); c.set(a); return c; };
  // Histograms in WebAssembly SIMD where it runs: rows' bins, gradients, row order and histograms in its memory.
  const F = bins.length;
  const kernel = HistogramKernel.create(y.length, F, o.maxLeafNodes + 2);
  const rules = {
    l2: o.l2, minSamplesLeaf: o.minSamplesLeaf, minHessian: 1e-3, monotone, categorical: inputs.map((f) => f.categorical),
    valueBins: features.map((f) => (f.kind === 'numeric' ? f.thresholds.length + 1 : f.categories)),
    hasMissing: bins.map((b) => missesAny(b, fit)),
    maxLeafNodes: o.maxLeafNodes, maxDepth: o.maxDepth > 0 ? o.maxDepth : Infinity, learningRate: o.learningRate,
  };
  const rowBins = rowMajorBins(bins, memory, kernel?.rowBins);
  const rowBuffer = kernel ? kernel.rows.subarray(0, fit.length) : new Uint32Array(memory(fit.length * 4));
  const capacity = unitCapacity(fit.length, o.maxLeafNodes + 2);
  const arrays: BoostArrays = {
    raw: new Float64Array(memory(y.length * 8)).fill(baseline), y: sharedCopy(y, (b) => new Uint8Array(b)), w: sharedCopy(w, (b) => new Float64Array(b)),
    g: new Float64Array(memory(y.length * 8)), h: new Float64Array(memory(y.length * 8)), gh: kernel?.gh ?? null,
    rows: rowBuffer, units: new Int32Array(memory(capacity * 12)), values: new Float64Array(memory(capacity * 16)), scales: new Float64Array(memory(16)),
    leafOf: new Uint16Array(memory(y.length * 2)), leafValues: new Float64Array(memory(o.maxLeafNodes * 8)),
    columns: hooks.histograms ? bins.map((b) => sharedCopy(b, (x) => new Uint8Array(x))) : bins, feature: new Int32Array(memory(4)), table: new Uint8Array(memory(256)),
    scratch: new Uint32Array(memory(hooks.histograms ? fit.length * 4 : 0)),
  };
  const { raw, g, h } = arrays;
  // Log-loss gradients are at most the row's weight in size, hessians a quarter of it: the integers' scales hold for the whole training.
  let maxW = 0;
  for (const i of fit) maxW = Math.max(maxW, w[i]!);
  kernel?.setScales(maxW, maxW / 4, fit.length);
  arrays.scales.set(kernel ? [1 / kernel.sg, 1 / kernel.sh] : [0, 0]);
  const helper = hooks.histograms?.({ rowBins, F, g, h, rows: rowBuffer, kernel, passes: arrays }) ?? null;
  const jsBuild: HistogramBuilder = (r, start, end, out) => buildHistogram(rowBins, F, g, h, r, start, end, out);
  const build: HistogramBuilder = helper ? helper.build : kernel ? (r, start, end, out) => { if (!kernel.build(r, start, end, out)) jsBuild(r, start, end, out); } : jsBuild;
  const runPass = helper ? helper.runPass : (kind: PassKind, count: number) => { for (let u = 0; u < count; u++) runUnit(arrays, kind, u); };
  /** The gradients of the first `count` rows of the row order, after moving each by its leaf's value when `step` (both threads, unit by unit). */
  const gradientsOf = (count: number, step: boolean) => runPass(step ? STEP_PASS : GRADIENT_PASS, cutUnits(arrays, [{ start: 0, end: count }]).count);
  const serial = serialPartition(bins, fit.length);
  // A large node's rows are split unit by unit on both threads, then each unit's two parts copied into place.
  const partition: Partition = (rows, start, end, feature, table) => {
    if (!helper || end - start < PARALLEL_PARTITION_ROWS) return serial(rows, start, end, feature, table);
    arrays.feature[0] = feature;
    arrays.table.set(table);
    const { count } = cutUnits(arrays, [{ start, end }]);
    runPass(SPLIT_PASS, count);
    const mid = placeOffsets(arrays, start, count);
    runPass(PLACE_PASS, count);
    return mid;
  };
  const leafSums: LeafSums = (ranges) => { const { count, ends } = cutUnits(arrays, ranges); runPass(SUM_PASS, count); return rangeSums(arrays, ends); };
  const pool: Float64Array[] = [];
  for (let k = 0; kernel && k < o.maxLeafNodes + 2; k++) pool.push(kernel.histogram()!);
  try {
    const trees: TreeNode[][] = [];
    const validationLosses: number[] = [];
    let best = { loss: Infinity, iterations: 0 };
    // Whether every training row's gradient is up to date (the last tree's pass moved its rows and computed them).
    let current = false;
    for (let it = 0; it < o.maxIter; it++) {
      if (hooks.signal?.aborted) throw new GbdtCancelled();
      const picked = o.subsample < 1 ? fit.filter(() => random() < o.subsample) : fit;
      rowBuffer.set(picked);
      const rows = rowBuffer.subarray(0, picked.length);
      if (!current) gradientsOf(rows.length, false);
      const featureSet = o.colsample < 1 ? sampleFeatures(columns.length, o.colsample, random) : columns.map((_, f) => f);
      const { nodes, leaves } = growTree(F, rows, featureSet, rules, { build, partition, leafSums }, pool);
      trees.push(nodes);
      if (o.subsample < 1) {
        addTree(nodes, bins, all, raw);
      } else {
        // The leaf sums noted each training row's leaf: they move by its value without a walk down the tree, in row order.
        leaves.forEach((l, k) => { arrays.leafValues[k] = nodes[l.node]!.value; });
        rowBuffer.set(fit);
        gradientsOf(fit.length, true);
        current = true;
        addTree(nodes, bins, validation, raw);
      }
      // The training loss is for progress and history: every iteration on small data, every tenth (and the last) on large.
      const trainLoss = fit.length <= 200_000 || (it + 1) % 10 === 0 || it + 1 === o.maxIter ? logLoss(raw, y, w, fit) : null;
      const validationLoss = stop ? logLoss(raw, y, w, validation) : null;
      hooks.onIteration?.({ iteration: it + 1, trainLoss, validationLoss });
      if (validationLoss !== null) {
        validationLosses.push(validationLoss);
        if (validationLoss < best.loss - o.tol) best = { loss: validationLoss, iterations: it + 1 };
        if (it + 1 - best.iterations >= o.nIterNoChange) break;
      }
    }
    const kept = stop ? Math.max(1, best.iterations) : trees.length;
    return { baseline, features, monotone, trees: trees.slice(0, kept), iterations: kept };
  } finally {
    helper?.close();
  }
}

/** Each input's share of the total gain of the splits on it (and how many splits), largest first. */
export function gbdtImportance(model: GbdtModel): GbdtImportance[] {
  const gain = new Float64Array(model.features.length), splits = new Float64Array(model.features.length);
  for (const tree of model.trees) for (const n of tree) if (n.feature >= 0) { gain[n.feature]! += n.gain; splits[n.feature]! += 1; }
  const total = gain.reduce((a, b) => a + b, 0) || 1;
  return model.features.map((f, k) => ({ feature: f.name, gain: gain[k]!, share: gain[k]! / total, splits: splits[k]! })).sort((a, b) => b.gain - a.gain || a.feature.localeCompare(b.feature));
}

function sampleFeatures(n: number, share: number, random: () => number): number[] {
  const k = Math.max(1, Math.round(n * share));
  const idx = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) { const j = Math.floor(random() * (i + 1)); [idx[i], idx[j]] = [idx[j]!, idx[i]!]; }
  return idx.slice(0, k).sort((a, b) => a - b);
}
