import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cholesky, choleskyInverse, choleskySolve } from '../../../../models/linear/cholesky';
import { weightedGram } from '../../../../models/linear/gram';
import { auc } from '../../../../models/metrics/auc';
import { ks } from '../../../../models/metrics/classification';
import { curves } from '../../../../models/metrics/curves';
import { psi } from '../../../../models/metrics/psi';
import { scoreBands } from '../../../../models/metrics/score-bands';
import { assignSamples, countSamples, OOT, TEST } from '../../../../models/sample/assign-samples';
import { correlationMatrix } from '../../../../models/selection/correlation';
import { stepwise } from '../../../../models/selection/stepwise';
import { vifs } from '../../../../models/selection/vif';
import { erfc, twoSidedP } from '../../../../models/stats/normal';
import { mulberry32 } from '../../../../models/stats/random';
import { assertClose } from '../../../helpers/assert-close';

describe('evaluation statistics against hand computations', () => {
  // Events score 0.9, 0.6, 0.6; non-events 0.6, 0.3. Pairs (event > non-event = 1, tie = ½):
  // 0.9: 1 + 1; 0.6: ½ + 1; 0.6: ½ + 1 → 5 of 6.
  const s = [0.9, 0.6, 0.6, 0.6, 0.3], y = [1, 1, 1, 0, 0];

  it('AUC equals the Mann–Whitney U / (n₁n₀) with ties counting one half', () => {
    assertClose(auc(s, y), 5 / 6, 1e-15);
  });

  it('KS is the largest gap between cumulative event and non-event shares, tied scores moving together', () => {
    // Thresholds from the top: >0.6 → events 1/3, non 0 (gap 1/3); ≥0.6 → events 1, non 1/2 (gap 1/2); all → 1, 1.
    assertClose(ks(s, y), 0.5, 1e-15);
  });

  it('PSI of two hand-made samples is Σ (a − e) ln(a / e) over the expected sample’s deciles', () => {
    const expected = Array.from({ length: 10 }, (_, i) => i);
    const actual = [0, 0, 0, 0, 0, 5, 6, 7, 8, 9];
    // Bands are the ten values; actual shares: 0.5 in band 0, 0 in bands 1–4 (floored at 1e-4), 0.1 in 5–9.
    let want = (0.5 - 0.1) * Math.log(0.5 / 0.1);
    want += 4 * (1e-4 - 0.1) * Math.log(1e-4 / 0.1);
    assertClose(psi(expected, actual).psi, want, 1e-12);
  });

  it('deciles keep tied scores together, count every row and event, and capture all events by the last band', () => {
    const rand = mulberry32(4);
    const scores = Array.from({ length: 1000 }, () => Math.round(rand() * 40) / 40);
    const labels = scores.map((p) => (rand() < p ? 1 : 0));
    const bands = scoreBands(scores, labels);
    assert.equal(bands.reduce((t, b) => t + b.rows, 0), 1000);
    assert.equal(bands.reduce((t, b) => t + b.events, 0), labels.reduce<number>((a, b) => a + b, 0));
    for (let k = 1; k < bands.length; k++) assert.ok(bands[k]!.maxScore < bands[k - 1]!.minScore, 'no score in two bands');
    assertClose(bands.at(-1)!.cumulativeEvents, 1, 1e-12);
    const c = curves(scores, labels);
    assert.deepEqual([c.roc.fpr.at(-1), c.roc.tpr.at(-1)], [1, 1]);
    assertClose(Math.max(...c.cumulative.events.map((e, i) => Math.abs(e - c.cumulative.nonEvents[i]!))), ks(scores, labels), 1e-12, 'the KS curve peaks at KS');
  });

  it('erfc and two-sided p-values match known values', () => {
    assertClose(erfc(1), 0.15729920705028513, 1e-14);
    assertClose(erfc(3), 2.2090496998585438e-05, 1e-14 * 1e5);
    assertClose(twoSidedP(1.959963984540054), 0.05, 1e-12);
  });
});

describe('linear algebra of the Newton steps', () => {
  it('Cholesky solves and inverts a symmetric positive definite matrix, and refuses a singular one', () => {
    const a = Float64Array.from([4, 2, 0.6, 2, 5, 1, 0.6, 1, 3]);
    const l = cholesky(a, 3)!;
    const x = choleskySolve(l, 3, [1, 2, 3]);
    for (let i = 0; i < 3; i++) assertClose(a[i * 3]! * x[0]! + a[i * 3 + 1]! * x[1]! + a[i * 3 + 2]! * x[2]!, i + 1, 1e-13);
    const inv = choleskyInverse(l, 3);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) assertClose([0, 1, 2].reduce((s, k) => s + a[i * 3 + k]! * inv[k * 3 + j]!, 0), i === j ? 1 : 0, 1e-13);
    assert.equal(cholesky(Float64Array.from([1, 2, 2, 4]), 2), null);
  });

  it('XᵀWX of [1 | standardized columns] equals the textbook sums, standardizing on the fly in blocks', () => {
    const x1 = Float64Array.from([1, 2, 3, 4, 5]), x2 = Float64Array.from([0, 1, 0, 1, 1]), w = Float64Array.from([0.1, 0.2, 0.3, 0.4, 0.5]);
    const scale = { means: Float64Array.from([3, 0.6]), sds: Float64Array.from([2, 0.5]) };
    const h = weightedGram([x1, x2], w, scale);
    const rows = [0, 1, 2, 3, 4].map((i) => [1, (x1[i]! - 3) / 2, (x2[i]! - 0.6) / 0.5]);
    for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) assertClose(h[a * 3 + b]!, rows.reduce((s, r, i) => s + r[a]! * w[i]! * r[b]!, 0), 1e-14);
    assert.deepEqual(Array.from(weightedGram([], w, { means: new Float64Array(0), sds: new Float64Array(0) })).map((v) => +v.toFixed(12)), [1.5], 'the intercept alone');
    // Many rows and columns: several blocks and the SIMD kernel's tail (rows not a multiple of four).
    const rand = mulberry32(3);
    const cols = Array.from({ length: 7 }, () => Float64Array.from({ length: 10_003 }, () => rand() * 10));
    const ww = Float64Array.from({ length: 10_003 }, () => rand());
    const sc = { means: Float64Array.from(cols, () => 5), sds: Float64Array.from(cols, () => 3) };
    const big = weightedGram(cols, ww, sc);
    const zs = cols.map((c) => Float64Array.from(c, (v) => (v - 5) / 3));
    const col = (k: number) => (k === 0 ? new Float64Array(10_003).fill(1) : zs[k - 1]!);
    for (let a = 0; a < 8; a++) for (let b = 0; b < 8; b++) {
      let t = 0;
      for (let i = 0; i < 10_003; i++) t += col(a)[i]! * ww[i]! * col(b)[i]!;
      assertClose(big[a * 8 + b]!, t, 1e-12);
    }
  });

  it('VIF of two variables is 1 / (1 − r²)', () => {
    const rand = mulberry32(9);
    const a = Float64Array.from({ length: 500 }, () => rand());
    const b = Float64Array.from(a, (v) => v + rand());
    const r = correlationMatrix([a, b]);
    const v = vifs(r, 2);
    assertClose(v[0]!, 1 / (1 - r[1]! ** 2), 1e-12);
    assertClose(v[1]!, v[0]!, 1e-12);
  });
});

describe('sample design', () => {
  it('keeps each stratum’s test share exactly, reproduces with the seed, and honours out-of-time rows', () => {
    const n = 10_000;
    const strata = Int32Array.from({ length: n }, (_, i) => (i % 10 === 0 ? 1 : 0));
    const oot = Uint8Array.from({ length: n }, (_, i) => (i >= 9000 ? 1 : 0));
    const a = assignSamples(n, { testShare: 0.3, seed: 5, strata, oot });
    const flags = Uint8Array.from(strata);
    const [train, test, out] = countSamples(a, flags);
    assert.equal(out!.rows, 1000);
    assert.equal(test!.rows, Math.round(0.3 * 8100) + Math.round(0.3 * 900));
    assertClose(train!.eventRate!, test!.eventRate!, 1e-12);
    assert.deepEqual(assignSamples(n, { testShare: 0.3, seed: 5, strata, oot }), a);
    assert.notDeepEqual(assignSamples(n, { testShare: 0.3, seed: 6, strata, oot }), a);
    assert.ok(a.every((c, i) => (i >= 9000 ? c === OOT : c !== OOT)));
    assert.ok(a.some((c) => c === TEST));
  });
});

describe('stepwise selection', () => {
  // A made-up criterion: a and b help, c and d do not; p-values say the same.
  const value: Record<string, number> = { a: -30, b: -12, c: 1, d: 3 };
  const fit = (vars: string[]) => {
    const aic = 100 + vars.reduce((s, v) => s + value[v]!, 0);
    return { aic, bic: aic + 2 * vars.length, pValues: new Map(vars.map((v) => [v, value[v]! < 0 ? 0.001 : 0.6])) };
  };

  it('forward and both add the helpful variables in order of gain, backward removes the rest', () => {
    assert.deepEqual(stepwise(['c', 'a', 'd', 'b'], fit, { direction: 'forward', criterion: 'aic' }).selected, ['a', 'b']);
    assert.deepEqual(stepwise(['c', 'a', 'd', 'b'], fit, { direction: 'both', criterion: 'p' }).selected, ['a', 'b']);
    const back = stepwise(['c', 'a', 'd', 'b'], fit, { direction: 'backward', criterion: 'aic' });
    assert.deepEqual(back.selected.sort(), ['a', 'b']);
    assert.deepEqual(back.steps.map((s) => s.variable), ['d', 'c']);
  });

  it('never removes or skips a variable included by hand', () => {
    assert.deepEqual(stepwise(['c', 'a', 'd', 'b'], fit, { direction: 'backward', criterion: 'aic', include: ['d'] }).selected.sort(), ['a', 'b', 'd']);
    assert.ok(stepwise(['c', 'a', 'd', 'b'], fit, { direction: 'forward', criterion: 'aic', include: ['c'] }).selected.includes('c'));
  });
});

describe('logistic regression edge cases', () => {
  it('with no feature, the intercept is logit(ȳ) with standard error 1/√(n·ȳ·(1−ȳ))', async () => {
    const tf = await import('@tensorflow/tfjs-core');
    await import('@tensorflow/tfjs-backend-cpu');
    await tf.setBackend('cpu');
    const { fitLogistic } = await import('../../../../models/logistic/fit-logistic');
    const y = Uint8Array.from({ length: 1000 }, (_, i) => (i % 4 === 0 ? 1 : 0));
    const fit = fitLogistic([], [], y);
    assertClose(fit.terms[0]!.coefficient, Math.log(0.25 / 0.75), 1e-12);
    assertClose(fit.terms[0]!.standardError, 1 / Math.sqrt(1000 * 0.25 * 0.75), 1e-12);
    assert.equal(fit.converged, true);
  });
});
