import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { fitLogisticAdam } from '../../../../models/logistic/fit-logistic-adam';
import { weightedSampleMetrics, sampleMetrics } from '../../../../models/metrics/sample-metrics';
import { resampledRows } from '../../../../models/mlp/mlp';
import { mulberry32 } from '../../../../models/stats/random';
import { loadTfBackend } from '../../../../service/tf/load-backend';
import { assertClose } from '../../../helpers/assert-close';

describe('weighted learners', () => {
  before(async () => { await loadTfBackend(); });

  it("the MLP's epoch draws each row n·w/W times, rounded down or up, n rows in all", () => {
    const w = Float64Array.from({ length: 1000 }, (_, i) => 0.25 + (i % 7) * 0.5);
    const W = w.reduce((t, x) => t + x, 0);
    const rows = resampledRows(w, mulberry32(5));
    assert.ok(Math.abs(rows.length - 1000) <= 1, `${rows.length} rows`);
    const counts = new Array<number>(1000).fill(0);
    for (const r of rows) counts[r]!++;
    counts.forEach((c, i) => { const e = (1000 * w[i]!) / W; assert.ok(c >= Math.floor(e) && c <= Math.ceil(e), `row ${i}: ${c} for ${e}`); });
  });

  it('Adam with unit weights is the unweighted fit, and with weights 2 counts each row twice in the log-likelihood', () => {
    const r = mulberry32(9);
    const x = Float64Array.from({ length: 600 }, () => r() * 2 - 1);
    const y = Uint8Array.from(x, (v) => (r() < 1 / (1 + Math.exp(-(0.3 + 1.5 * v))) ? 1 : 0));
    const plain = fitLogisticAdam(['x'], [x], y, { epochs: 20 });
    const unit = fitLogisticAdam(['x'], [x], y, { epochs: 20, weights: new Float64Array(600).fill(1) });
    assert.deepEqual(unit.terms.map((t) => t.coefficient), plain.terms.map((t) => t.coefficient));
    const two = fitLogisticAdam(['x'], [x], y, { epochs: 20, weights: new Float64Array(600).fill(2) });
    // Equal weights scale the loss, not its minimum: the same steps, twice the log-likelihood and the totals.
    two.terms.forEach((t, k) => assertClose(t.coefficient, plain.terms[k]!.coefficient, 1e-6, t.name));
    assertClose(two.logLikelihood, 2 * plain.logLikelihood, 1e-6, 'log-likelihood');
    assert.deepEqual([two.n, two.events], [1200, 2 * plain.events]);
  });

  it('weighted metrics: AUC interval by effective rows, log-loss and Brier as weighted means; equal weights give the unweighted figures', () => {
    const p = [0.9, 0.2, 0.7, 0.4, 0.35, 0.1, 0.6, 0.3], y = [1, 0, 1, 1, 0, 0, 0, 1], w = [2, 1, 1, 3, 2, 1, 0.5, 1];
    const m = weightedSampleMetrics(p, y, w);
    const W = w.reduce((t, x) => t + x, 0);
    let ll = 0, br = 0;
    p.forEach((q, i) => { ll -= w[i]! * (y[i] ? Math.log(q) : Math.log(1 - q)); br += w[i]! * (q - y[i]!) ** 2; });
    assertClose(m.logLoss, ll / W, 1e-12, 'log-loss');
    assertClose(m.brier, br / W, 1e-12, 'Brier');
    assert.deepEqual([m.rows, m.events, m.weight, m.weightedEvents], [8, 4, W, 7]);
    assert.ok(m.aucLower < m.auc && m.auc < m.aucUpper);
    const same = weightedSampleMetrics(p, y, new Array(8).fill(3));
    const plain = sampleMetrics(p, y);
    assert.deepEqual({ ...same, weight: undefined, weightedEvents: undefined }, { ...plain, weight: undefined, weightedEvents: undefined });
    assert.deepEqual([same.weight, same.weightedEvents], [24, 12]);
  });
});
