import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gbdtLogOdds, rawGoesLeft } from '../../../../models/gbdt/predict-gbdt';
import { gbdtContributions } from '../../../../models/gbdt/tree-shap';
import type { GbdtModel, TreeNode } from '../../../../types/gbdt';
import { binNumeric, numericThresholds } from '../../../../models/gbdt/quantize';
import { trainGbdt, treeValueOfBins, type GbdtInput } from '../../../../models/gbdt/train-gbdt';
import { mulberry32 } from '../../../../models/stats/random';

/** n rows: x0 uniform in [0, 10), x1 normal-ish, a category c in 0…4; y from a wavy, non-monotone rate in x0. */
function synthetic(n: number, seed: number) {
  const r = mulberry32(seed);
  const x0 = new Float64Array(n), x1 = new Float64Array(n), c = new Float64Array(n);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    x0[i] = r() * 10;
    x1[i] = r() + r() + r() - 1.5;
    c[i] = Math.floor(r() * 5);
    const logit = 0.4 * x0[i]! - 2 + 1.5 * Math.sin(3 * x0[i]!) + x1[i]! + (c[i] === 1 || c[i] === 3 ? 1.2 : 0);
    y[i] = r() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
  }
  return { columns: [x0, x1, c], y };
}
const INPUTS: GbdtInput[] = [{ name: 'x0', categorical: false }, { name: 'x1', categorical: false }, { name: 'c', categorical: true, categories: 5 }];

describe('gradient-boosted trees', () => {
  it('respects each monotone constraint on a grid of the constrained input, the others held fixed', () => {
    const { columns, y } = synthetic(4000, 7);
    for (const sign of [1, -1]) {
      const model = trainGbdt(columns, INPUTS.map((f, k) => (k === 0 ? { ...f, monotone: sign } : f)), y, { maxIter: 60 });
      for (const [x1, c] of [[-1, 0], [0, 1], [0.8, 3], [NaN, 4]] as const) {
        const grid = Float64Array.from({ length: 201 }, (_, k) => -1 + k * 0.06);
        const p = gbdtLogOdds(model, [grid, new Float64Array(grid.length).fill(x1), new Float64Array(grid.length).fill(c)]);
        for (let k = 1; k < p.length; k++) assert.ok(sign * (p[k]! - p[k - 1]!) >= -1e-12, `sign ${sign}: step ${k} goes the wrong way (${p[k - 1]} → ${p[k]})`);
      }
      // Unconstrained, the same data gives a wavy curve: the constraint did the work.
      if (sign === 1) {
        const free = trainGbdt(columns, INPUTS, y, { maxIter: 60 });
        const grid = Float64Array.from({ length: 201 }, (_, k) => k * 0.05);
        const p = gbdtLogOdds(free, [grid, new Float64Array(grid.length), new Float64Array(grid.length)]);
        assert.ok(p.some((v, k) => k > 0 && v < p[k - 1]! - 1e-6), 'the unconstrained model follows the waves down somewhere');
      }
    }
  });

  it('trains byte-identical models from the same seed, and different ones from another when rows are subsampled', () => {
    const { columns, y } = synthetic(2000, 3);
    const a = JSON.stringify(trainGbdt(columns, INPUTS, y, { maxIter: 20, subsample: 0.8, seed: 5 }));
    const b = JSON.stringify(trainGbdt(columns, INPUTS, y, { maxIter: 20, subsample: 0.8, seed: 5 }));
    const c = JSON.stringify(trainGbdt(columns, INPUTS, y, { maxIter: 20, subsample: 0.8, seed: 6 }));
    assert.equal(a, b);
    assert.notEqual(a, c);
  });

  it('predicts from raw values exactly as from the training bins, missing values and categories included', () => {
    const { columns, y } = synthetic(3000, 11);
    columns[1]!.forEach((_, i) => { if (i % 7 === 0) columns[1]![i] = NaN; });
    const model = trainGbdt(columns, INPUTS, y, { maxIter: 30 });
    const bins = model.features.map((f, k) => (f.kind === 'numeric' ? binNumeric(columns[k]!, f.thresholds) : Uint8Array.from(columns[k]!)));
    const raw = gbdtLogOdds(model, columns);
    for (let i = 0; i < y.length; i += 13) {
      const fromBins = model.baseline + model.trees.reduce((s, t) => s + treeValueOfBins(t, bins, i), 0);
      assert.ok(Math.abs(fromBins - raw[i]!) < 1e-12, `row ${i}`);
    }
  });

  it('learns where missing values go: a column missing only for events sends its missing rows to a high score', () => {
    const { y } = synthetic(3000, 13);
    const x = Float64Array.from(y, (v, i) => (v === 1 && i % 2 === 0 ? NaN : (i % 10)));
    const model = trainGbdt([x], [{ name: 'x', categorical: false }], y, { maxIter: 30 });
    const p = gbdtLogOdds(model, [Float64Array.from([NaN, 3, 7])]);
    assert.ok(p[0]! > p[1]! + 1 && p[0]! > p[2]! + 1, `missing ${p[0]} vs present ${p[1]}, ${p[2]}`);
  });

  it('splits categories by sets: the two categories that raise the rate end up together', () => {
    const { columns, y } = synthetic(6000, 17);
    const model = trainGbdt([columns[2]!], [INPUTS[2]!], y, { maxIter: 20 });
    const p = gbdtLogOdds(model, [Float64Array.from([0, 1, 2, 3, 4, NaN, 9])]);
    assert.ok(Math.min(p[1]!, p[3]!) > Math.max(p[0]!, p[2]!, p[4]!), `categories 1 and 3 score highest: ${[...p].map((v) => v.toFixed(3))}`);
    assert.ok(Number.isFinite(p[5]!) && Number.isFinite(p[6]!), 'missing and unseen categories get a score');
  });

  it('sends a missing value of an input no training row missed to the larger side of each split, as scikit-learn does', () => {
    const { columns, y } = synthetic(3000, 19);
    const model = trainGbdt([columns[0]!], [INPUTS[0]!], y, { maxIter: 10 });
    const splits = model.trees.flatMap((t) => t.filter((n) => n.feature >= 0).map((n) => ({ n, larger: t[n.left]!.rows > t[n.right]!.rows })));
    assert.ok(splits.some((x) => x.larger) && splits.some((x) => !x.larger), 'both sides are the larger one somewhere');
    for (const { n, larger } of splits) assert.equal(n.missingLeft, larger);
  });

  it('leaves a category with too little support (under 10 rows\' hessian) out of the ordering: it goes right, with the larger side', () => {
    const { columns, y } = synthetic(4000, 23);
    // Category 4 kept for five rows only, all events: alone it would look like the riskiest category.
    const c = Float64Array.from(columns[2]!);
    let kept = 0;
    c.forEach((v, i) => { if (v === 4) { if (kept < 5 && y[i] === 1) kept++; else c[i] = 0; } });
    const model = trainGbdt([c], [INPUTS[2]!], y, { maxIter: 20 });
    const sets = model.trees.flatMap((t) => t.filter((n) => n.feature >= 0).map((n) => n.categories!));
    assert.ok(sets.length > 0);
    for (const set of sets) assert.ok(!set.includes(4), `category 4 never goes left: ${JSON.stringify(set)}`);
  });

  it('cuts numbers at midpoints between distinct values, or quantiles when there are more than 255', () => {
    assert.deepEqual([...numericThresholds(Float64Array.from([3, 1, 2, 2, NaN]))], [1.5, 2.5]);
    const many = numericThresholds(Float64Array.from({ length: 10_000 }, (_, i) => i));
    assert.equal(many.length, 254);
    // numpy's midpoint percentile (scikit-learn's): rank 1/255 · 9999 = 39.2 lies between 39 and 40.
    assert.equal(many[0], 39.5);
    assert.deepEqual([...binNumeric(Float64Array.from([1, 1.5, 1.6, 3, NaN]), [1.5, 2.5])], [0, 0, 1, 2, 255]);
  });

  it('explains every row exactly: TreeSHAP contributions add up to the log-odds and equal the Shapley values computed by brute force', () => {
    const { columns, y } = synthetic(3000, 19);
    columns[1]!.forEach((_, i) => { if (i % 9 === 0) columns[1]![i] = NaN; });
    const model = trainGbdt(columns, INPUTS, y, { maxIter: 15, maxLeafNodes: 8 });
    const raw = gbdtLogOdds(model, columns);
    for (let i = 0; i < 300; i += 7) {
      const value = (f: number) => columns[f]![i]!;
      const { expected, contributions } = gbdtContributions(model, value);
      const sum = expected + contributions.reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(sum - raw[i]!) < 1e-9, `row ${i}: ${sum} vs ${raw[i]}`);
      const brute = bruteShapley(model, value);
      contributions.forEach((c, f) => assert.ok(Math.abs(c - brute[f]!) < 1e-9, `row ${i}, input ${f}: ${c} vs ${brute[f]}`));
    }
  });
});

/** E[tree | the inputs in S as the row has them], the others averaged by the training rows at each split (path-dependent). */
function conditional(tree: readonly TreeNode[], model: GbdtModel, value: (f: number) => number, S: Set<number>, k = 0): number {
  const n = tree[k]!;
  if (n.feature < 0) return n.value;
  if (S.has(n.feature)) return conditional(tree, model, value, S, rawGoesLeft(n, model.features[n.feature]!, value(n.feature)) ? n.left : n.right);
  return (tree[n.left]!.rows * conditional(tree, model, value, S, n.left) + tree[n.right]!.rows * conditional(tree, model, value, S, n.right)) / n.rows;
}

/** Shapley values by their definition: every subset of the other inputs, weighted |S|! (M − |S| − 1)! / M!. */
function bruteShapley(model: GbdtModel, value: (f: number) => number): number[] {
  const M = model.features.length;
  const fact = (k: number): number => (k <= 1 ? 1 : k * fact(k - 1));
  const v = (S: Set<number>) => model.trees.reduce((s, t) => s + conditional(t, model, value, S), 0);
  return Array.from({ length: M }, (_, f) => {
    let phi = 0;
    for (let mask = 0; mask < 1 << M; mask++) {
      if (mask & (1 << f)) continue;
      const S = new Set(Array.from({ length: M }, (_, j) => j).filter((j) => mask & (1 << j)));
      phi += (fact(S.size) * fact(M - S.size - 1)) / fact(M) * (v(new Set([...S, f])) - v(S));
    }
    return phi;
  });
}
