import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { auc, aucWithCi } from '../../../../models/metrics/auc';
import { brier, ks, logLoss } from '../../../../models/metrics/classification';
import { psi } from '../../../../models/metrics/psi';
import { assertClose } from '../../../helpers/assert-close';
import { mulberry32 } from '../../../../models/stats/random';

/** 2,000 seeded rows: a score rounded to 0.05 (many ties) and a continuous probability. */
function sample() {
  const r = mulberry32(42);
  const y: number[] = [], s: number[] = [], p: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const yi = r() < 0.2 ? 1 : 0;
    y.push(yi);
    const z = r() + r() + r() - 1.5 + 0.6 * yi;
    s.push(Math.round(z * 20) / 20);
    p.push(1 / (1 + Math.exp(-(z * 2 - 1.5))));
  }
  return { y, s, p };
}

describe('evaluation metrics', () => {
  const { y, s, p } = sample();

  it('match scikit-learn 1.2.1 on the same rows (roc_auc_score with ties, roc_curve KS, log_loss, brier_score_loss)', () => {
    // Reference values printed by /usr/bin/python3 with python3-sklearn 1.2.1 on exactly these rows.
    assertClose(auc(s, y), 0.8038809945654444, 1e-12, 'AUC with ties');
    assertClose(auc(p, y), 0.8042008936294599, 1e-12, 'AUC');
    assertClose(ks(s, y), 0.46827257488173424, 1e-12, 'KS');
    assertClose(logLoss(p, y), 0.42007117657958987, 1e-12, 'log-loss');
    assertClose(brier(p, y), 0.13243467065908146, 1e-12, 'Brier');
    assert.equal(y.reduce((a, b) => a + b, 0), 426);
  });

  it('gives the DeLong standard error of the placement-value definition (checked pair by pair)', () => {
    const n = 300;
    const ss = s.slice(0, n), yy = y.slice(0, n);
    const pos = ss.filter((_, i) => yy[i] === 1), neg = ss.filter((_, i) => yy[i] === 0);
    const psiOf = (a: number, b: number) => (a > b ? 1 : a === b ? 0.5 : 0);
    const v10 = pos.map((a) => neg.reduce((t, b) => t + psiOf(a, b), 0) / neg.length);
    const v01 = neg.map((b) => pos.reduce((t, a) => t + psiOf(a, b), 0) / pos.length);
    const A = v10.reduce((a, b) => a + b, 0) / pos.length;
    const sv = (v: number[]) => v.reduce((t, x) => t + (x - A) ** 2, 0) / (v.length - 1);
    const se = Math.sqrt(sv(v10) / pos.length + sv(v01) / neg.length);
    const r = aucWithCi(ss, yy);
    assertClose(r.auc, A, 1e-12, 'AUC');
    assertClose(r.se, se, 1e-12, 'DeLong SE');
    assertClose(r.lower, A - 1.959963984540054 * se, 1e-12, 'lower');
    assert.ok(r.lower < r.auc && r.auc < r.upper);
  });

  it('AUC is 1 for a perfect score, 0.5 for a constant one, and refuses a single class', () => {
    assert.equal(auc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1]), 1);
    assert.equal(auc([1, 1, 1, 1], [0, 1, 0, 1]), 0.5);
    assert.equal(ks([1, 1, 1, 1], [0, 1, 0, 1]), 0);
    assert.throws(() => auc([1, 2], [1, 1]), /both events and non-events/);
  });

  it('PSI: zero for the same distribution, and the textbook sum for shifted bands', () => {
    assert.equal(psi(p, p).psi, 0);
    const expected = Array.from({ length: 100 }, (_, i) => i);
    const actual = Array.from({ length: 100 }, (_, i) => (i < 30 ? 5 : 50 + (i % 50)));
    const r = psi(expected, actual, 4);
    assert.deepEqual(r.cuts, [25, 50, 75]);
    assert.deepEqual(r.actual, [0.3, 0, 0.25, 0.45]); // 30 × 5; 25 of 50…74; 20 of 80…99 and 25 of 75…99
    const hand = [[0.25, 0.3], [0.25, 1e-4], [0.25, 0.25], [0.25, 0.45]].reduce((t, [e, a]) => t + (a! - e!) * Math.log(a! / e!), 0);
    assertClose(r.psi, hand, 1e-12, 'PSI');
  });
});
