import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import path from 'node:path';
import { fitLogistic } from '../../../../models/logistic/fit-logistic';
import { loadTfBackend } from '../../../../service/tf/load-backend';
import { readCsv } from '../../../helpers/read-csv';
import { SHARED_DATA } from '../../../helpers/temp';

const COLS = ['LOAN', 'MORTDUE', 'VALUE', 'YOJ', 'DEROG', 'DELINQ', 'CLAGE', 'NINQ', 'CLNO', 'DEBTINC'];

/**
 * statsmodels 0.13.5 (Debian python3-statsmodels), hmeq.csv numeric columns median-imputed, i = row position:
 *   sm.GLM(d['BAD'], sm.add_constant(X), family=sm.families.Binomial(), freq_weights=w).fit(tol=1e-13, maxiter=200)
 * with w = 1 + i % 3 (int) and w = 0.5 + 0.25·(i % 4) (frac): params, bse, llf.
 */
const REFERENCE: Record<'int' | 'frac', { terms: [string, number, number][]; llf: number }> = {
  int: { llf: -4664.011637570299, terms: [['(intercept)', -2.8425637255960394, 0.17243892740363193], ['LOAN', -2.2459276680230443e-05, 2.850559385345756e-06], ['MORTDUE', -3.758632918979615e-06, 1.031727756884549e-06], ['VALUE', 3.8548871322874335e-06, 7.408144777488939e-07], ['YOJ', -0.008476667981253598, 0.003996971760247503], ['DEROG', 0.614809049559681, 0.035243747821583446], ['DELINQ', 0.7726869811481585, 0.02720770775681401], ['CLAGE', -0.005495871053961518, 0.00039121812846829073], ['NINQ', 0.1729547559298502, 0.014117846234072508], ['CLNO', -0.017178447550065982, 0.0030085260938406424], ['DEBTINC', 0.06618487031263978, 0.004432253461344604]] },
  frac: { llf: -2050.566088616624, terms: [['(intercept)', -2.7605760257239313, 0.2600424846552707], ['LOAN', -2.4090590069555325e-05, 4.321061530779671e-06], ['MORTDUE', -4.355675813842406e-06, 1.5386079849564352e-06], ['VALUE', 4.1047268078749116e-06, 1.0967974413827593e-06], ['YOJ', -0.0070510925139434764, 0.005975191959839155], ['DEROG', 0.5954735650042192, 0.05227373451086457], ['DELINQ', 0.7558549766028242, 0.04075431731477352], ['CLAGE', -0.005308552760502767, 0.0005874995367988696], ['NINQ', 0.17402849418533534, 0.021502217545642494], ['CLNO', -0.015443207374672894, 0.004550763173716161], ['DEBTINC', 0.06301492572921512, 0.0067026574432001995]] },
};

/** pandas' median: the middle value of the non-missing ones (the mean of the two middle ones for an even count). */
function median(xs: number[]): number {
  const s = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b), m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

describe('weighted logistic regression (frequency weights)', () => {
  let columns: Float64Array[] = [];
  let y = new Uint8Array(0);
  before(async () => {
    await loadTfBackend();
    const d = readCsv(path.join(SHARED_DATA, 'hmeq.csv'));
    const at = (c: string) => d.header.indexOf(c);
    columns = COLS.map((c) => {
      const raw = d.rows.map((r) => (r[at(c)] === '' ? NaN : Number(r[at(c)])));
      const med = median(raw);
      return Float64Array.from(raw, (v) => (Number.isNaN(v) ? med : v));
    });
    y = Uint8Array.from(d.rows, (r) => Number(r[at('BAD')]));
  });

  for (const kind of ['int', 'frac'] as const) {
    it(`equals statsmodels' GLM with freq_weights (${kind === 'int' ? 'whole' : 'fractional'} weights): coefficients, standard errors and log-likelihood to 1e-6`, () => {
      const w = Float64Array.from(y, (_, i) => (kind === 'int' ? 1 + (i % 3) : 0.5 + 0.25 * (i % 4)));
      const fit = fitLogistic(COLS, columns, y, { weights: w, tolerance: 1e-12 });
      REFERENCE[kind].terms.forEach(([name, b, se], k) => {
        assert.equal(fit.terms[k]!.name, name);
        assert.ok(Math.abs(fit.terms[k]!.coefficient - b) <= Math.abs(b) * 1e-6, `${name}: ${fit.terms[k]!.coefficient} vs ${b}`);
        assert.ok(Math.abs(fit.terms[k]!.standardError - se) <= se * 1e-6, `${name} se: ${fit.terms[k]!.standardError} vs ${se}`);
      });
      assert.ok(Math.abs(fit.logLikelihood - REFERENCE[kind].llf) < 1e-6 * Math.abs(REFERENCE[kind].llf));
    });
  }

  it('with whole weights equals the fit on rows repeated that many times, and with unit weights the unweighted fit', () => {
    const w = Float64Array.from(y, (_, i) => 1 + (i % 3));
    const weighted = fitLogistic(COLS, columns, y, { weights: w, tolerance: 1e-12 });
    const idx: number[] = [];
    w.forEach((k, i) => { for (let r = 0; r < k; r++) idx.push(i); });
    const repeated = fitLogistic(COLS, columns.map((c) => Float64Array.from(idx, (i) => c[i]!)), Uint8Array.from(idx, (i) => y[i]!), { tolerance: 1e-12 });
    weighted.terms.forEach((t, k) => {
      assert.ok(Math.abs(t.coefficient - repeated.terms[k]!.coefficient) <= Math.abs(t.coefficient) * 1e-8, t.name);
      assert.ok(Math.abs(t.standardError - repeated.terms[k]!.standardError) <= t.standardError * 1e-8, `${t.name} se`);
    });
    assert.equal(weighted.n, idx.length);
    const ones = fitLogistic(COLS, columns, y, { weights: new Float64Array(y.length).fill(1), tolerance: 1e-12 });
    const plain = fitLogistic(COLS, columns, y, { tolerance: 1e-12 });
    ones.terms.forEach((t, k) => assert.ok(Math.abs(t.coefficient - plain.terms[k]!.coefficient) <= Math.abs(t.coefficient) * 1e-9, t.name));
  });

  it('refuses a negative or non-finite weight, naming the row', () => {
    const w = new Float64Array(y.length).fill(1);
    w[41] = -1;
    assert.throws(() => fitLogistic(COLS, columns, y, { weights: w }), /Row 42 has the weight -1/);
  });
});
