import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { gbdtLogOdds } from '../../models/gbdt/predict-gbdt';
import { trainGbdt } from '../../models/gbdt/train-gbdt';
import { auc as aucOf } from '../../models/metrics/auc';
import { mulberry32 } from '../../models/stats/random';
import { startHistogramHelper } from '../../service/jobs/histogram-helper';
import { REPO } from '../helpers/temp';

/** 60,000 rows × 40 numbers (3 % missing) with a target from ten of them. */
function data() {
  const r = mulberry32(5);
  const n = 60_000, F = 40;
  const columns = Array.from({ length: F }, () => new Float64Array(n));
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let logit = -1;
    for (let f = 0; f < F; f++) { const v = r() < 0.03 ? NaN : r() * 4 - 2; columns[f]![i] = v; if (!Number.isNaN(v) && f < 10) logit += (f % 2 ? 0.4 : -0.3) * v + (f === 3 ? Math.sin(2 * v) : 0); }
    y[i] = r() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
  }
  return { columns, y, inputs: columns.map((_, f) => ({ name: `x${f}`, categorical: false })) };
}

describe('trees grown on two threads (a helper builds half of each large node\'s histogram)', () => {
  it('gives the same trees on every run and exactly one thread\'s trees, and the helper thread stops with the training', () => {
    const { columns, y, inputs } = data();
    const worker = path.join(REPO, 'dist', 'boost-helper.cjs');
    const two = () => trainGbdt(columns, inputs, y, { maxIter: 15, earlyStopping: false }, { histograms: (i) => startHistogramHelper(worker, i) });
    const a = two(), b = two();
    assert.equal(JSON.stringify(a), JSON.stringify(b), 'deterministic');
    const one = trainGbdt(columns, inputs, y, { maxIter: 15, earlyStopping: false });
    // Histograms of whole-number gradients are exact sums: which thread added which rows changes nothing.
    assert.equal(JSON.stringify(a), JSON.stringify(one), 'two threads give one thread\'s trees, byte for byte');
    assert.ok(aucOf(gbdtLogOdds(a, columns), y) > 0.7);
  });
});
