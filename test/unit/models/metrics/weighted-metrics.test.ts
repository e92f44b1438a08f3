import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { auc } from '../../../../models/metrics/auc';
import { ks } from '../../../../models/metrics/classification';
import { weightedAuc, weightedKs } from '../../../../models/metrics/weighted';
import { mulberry32 } from '../../../../models/stats/random';

describe('weighted AUC and KS', () => {
  it('equal scikit-learn with sample_weight on a small case with ties', () => {
    // sklearn 1.2.1: roc_auc_score(y, s, sample_weight=w); roc_curve(y, s, sample_weight=w) → max(tpr − fpr).
    const s = [0.1, 0.4, 0.35, 0.8, 0.8, 0.2, 0.55, 0.55, 0.9, 0.05, 0.3, 0.3];
    const y = [0, 0, 1, 1, 0, 0, 1, 0, 1, 0, 1, 0];
    const w = [1, 2, 0.5, 3, 1, 1, 2, 1, 0.25, 4, 1, 1.5];
    assert.ok(Math.abs(weightedAuc(s, y, w) - 0.8550724637681159) < 1e-12);
    assert.ok(Math.abs(weightedKs(s, y, w) - 0.6038647342995169) < 1e-12);
  });

  it('equal the unweighted figures with unit weights, and those of repeated rows with whole weights', () => {
    const rand = mulberry32(3);
    const n = 3000;
    const s = Float64Array.from({ length: n }, () => Math.round(rand() * 200) / 10);
    const y = Uint8Array.from(s, (v) => (rand() < 1 / (1 + Math.exp(-(v - 10) / 4)) ? 1 : 0));
    const ones = new Float64Array(n).fill(1);
    assert.ok(Math.abs(weightedAuc(s, y, ones) - auc(s, y)) < 1e-12);
    assert.ok(Math.abs(weightedKs(s, y, ones) - ks(s, y)) < 1e-12);
    const w = Float64Array.from({ length: n }, (_, i) => 1 + (i % 4));
    const idx: number[] = [];
    w.forEach((k, i) => { for (let r = 0; r < k; r++) idx.push(i); });
    const rs = idx.map((i) => s[i]!), ry = idx.map((i) => y[i]!);
    assert.ok(Math.abs(weightedAuc(s, y, w) - auc(rs, ry)) < 1e-12);
    assert.ok(Math.abs(weightedKs(s, y, w) - ks(rs, ry)) < 1e-12);
  });

  it('refuse weights that leave no event or no non-event', () => {
    assert.throws(() => weightedAuc([1, 2], [1, 0], [1, 0]), /positive weight/);
  });
});
