import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { choleskyInverse, cholesky } from '../../../../models/linear/cholesky';
import { fitLogistic } from '../../../../models/logistic/fit-logistic';
import { AppError } from '../../../../types/errors';
import { mulberry32 } from '../../../../models/stats/random';
import { loadTfBackend } from '../../../../service/tf/load-backend';

/**
 * Large data takes the fast path (Newton on a sample in TensorFlow.js, BFGS-updated float64
 * steps over every row, the exact Hessian near the end). Whatever the path, the result must be
 * the optimum: checked here by hand in float64 — the penalized gradient Σ(y − μ)x − λβ is zero,
 * and the standard errors are the square roots of the inverse Hessian Σ μ(1−μ) x xᵀ + λI.
 */
function generated(n: number, seed: number): { columns: Float64Array[]; y: Uint8Array } {
  const rand = mulberry32(seed);
  const columns = [new Float64Array(n), new Float64Array(n), new Float64Array(n)];
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const a = Math.floor(rand() * 6) * 0.3 - 0.7, b = rand() * 10 + 5, c = rand() < 0.3 ? 1 : 0;
    columns[0]![i] = a; columns[1]![i] = b; columns[2]![i] = c;
    const eta = -1.5 - 0.9 * a + 0.08 * (b - 10) + 0.6 * c;
    y[i] = rand() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
  }
  return { columns, y };
}

function optimality(columns: Float64Array[], y: Uint8Array, coef: number[], l2: number): { gradient: number[]; se: number[] } {
  const q = columns.length + 1, n = y.length;
  const g = new Array<number>(q).fill(0);
  const h = new Float64Array(q * q);
  const x = new Float64Array(q);
  for (let i = 0; i < n; i++) {
    x[0] = 1;
    for (let j = 1; j < q; j++) x[j] = columns[j - 1]![i]!;
    let eta = 0;
    for (let j = 0; j < q; j++) eta += coef[j]! * x[j]!;
    const mu = 1 / (1 + Math.exp(-eta)), w = mu * (1 - mu);
    for (let a = 0; a < q; a++) { g[a] += (y[i]! - mu) * x[a]!; for (let b = 0; b < q; b++) h[a * q + b] += w * x[a]! * x[b]!; }
  }
  for (let j = 1; j < q; j++) { g[j] -= l2 * coef[j]!; h[j * q + j] += l2; }
  const inv = choleskyInverse(cholesky(h, q)!, q);
  return { gradient: g, se: Array.from({ length: q }, (_, j) => Math.sqrt(inv[j * q + j]!)) };
}

describe('logistic regression on large data reaches the exact optimum', () => {
  before(async () => { await loadTfBackend(); });

  for (const l2 of [0, 500]) {
    it(`${l2 ? `L2 λ=${l2}` : 'unpenalized'}, 240,000 rows (the sampled path): gradient zero and standard errors from the exact Hessian`, () => {
      const { columns, y } = generated(240_000, 7 + l2);
      const fit = fitLogistic(['a', 'b', 'c'], columns, y, { l2 });
      assert.ok(fit.converged);
      assert.ok(fit.iterations.tfjs > 0, 'the TensorFlow.js phase ran');
      const coef = fit.terms.map((t) => t.coefficient);
      const { gradient, se } = optimality(columns, y, coef, l2);
      // A gradient component of 1e-6 on 240,000 rows moves no coefficient by more than ~1e-9.
      gradient.forEach((v, j) => assert.ok(Math.abs(v) < 1e-6, `gradient ${j}: ${v}`));
      fit.terms.forEach((t, j) => assert.ok(Math.abs(t.standardError - se[j]!) <= 1e-6 * se[j]!, `${t.name} standard error ${t.standardError} vs ${se[j]}`));
      if (l2) {
        const plain = fitLogistic(['a', 'b', 'c'], columns, y);
        assert.ok(Math.abs(fit.terms[1]!.coefficient) < Math.abs(plain.terms[1]!.coefficient), 'the penalty shrinks');
      }
    });
  }
});

describe('a logistic fit that cannot be solved names the input to drop', () => {
  before(async () => { await loadTfBackend(); });

  it('names the column that repeats a combination of the ones before it', () => {
    const r = mulberry32(9);
    const a = Float64Array.from({ length: 400 }, () => r());
    const b = Float64Array.from({ length: 400 }, () => r());
    const sum = Float64Array.from(a, (x, i) => x + 2 * b[i]!);
    const y = Uint8Array.from(a, (x) => (r() < x ? 1 : 0));
    assert.throws(() => fitLogistic(['a', 'b', 'a+2b'], [a, b, sum], y), (e: unknown) => e instanceof AppError && e.details.column === 'a+2b' && /'a\+2b' is a linear combination/.test(e.message));
  });
});
