import * as tf from '@tensorflow/tfjs-core';
import { AppError } from '../../types/errors';
import { cholesky, choleskyInverse, choleskySolve } from '../linear/cholesky';
import { crossVector, weightedGram } from '../linear/gram';
import { standardization, standardize } from '../linear/standardize';
import { twoSidedP } from '../stats/normal';

export interface LogisticOptions {
  /** L2 penalty λ·Σβⱼ² on the features' coefficients (not the intercept), in their own units. */
  l2?: number;
  maxIterations?: number;
  /** Converged when no standardized coefficient moves more than this in a float64 Newton step. */
  tolerance?: number;
  onIteration?: (s: { iteration: number; logLikelihood: number; step: number; phase: 'tfjs' | 'float64' }) => void;
  signal?: { readonly aborted: boolean };
}

export interface LogisticTerm {
  name: string;
  coefficient: number;
  standardError: number;
  z: number;
  pValue: number;
}

export interface LogisticFit {
  /** The intercept first, then one term per feature. */
  terms: LogisticTerm[];
  logLikelihood: number;
  nullLogLikelihood: number;
  aic: number;
  bic: number;
  /** Newton iterations: on TensorFlow.js (float32), then float64 polishing. */
  iterations: { tfjs: number; float64: number };
  converged: boolean;
  n: number;
  events: number;
}

const log1pexp = (x: number) => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));

/** η = β₀ + Σ βⱼ zⱼ, the log-likelihood Σ yη − log(1+eᵉᵗᵃ), μ and w = μ(1−μ), in float64. */
function linearState(z: readonly Float64Array[], y: Uint8Array, beta: Float64Array) {
  const n = y.length;
  const eta = new Float64Array(n).fill(beta[0]!);
  z.forEach((c, j) => { const b = beta[j + 1]!; for (let i = 0; i < n; i++) eta[i] += b * c[i]!; });
  const mu = new Float64Array(n), w = new Float64Array(n), r = new Float64Array(n);
  let ll = 0;
  for (let i = 0; i < n; i++) {
    const e = eta[i]!;
    ll += y[i]! * e - log1pexp(e);
    const m = 1 / (1 + Math.exp(-e));
    mu[i] = m; w[i] = m * (1 - m); r[i] = y[i]! - m;
  }
  return { ll, w, r };
}

/**
 * Maximum-likelihood logistic regression by Newton–Raphson (IRLS), as statsmodels' `Logit`:
 * the features are standardized (a well-conditioned problem), the Newton iterations run their
 * heavy products XᵀWX and Xᵀr as TensorFlow.js ops (float32, on whichever backend is active),
 * then float64 Newton steps polish the solution until no coefficient moves more than
 * `tolerance`, and the float64 Hessian there gives the covariance. Coefficients and standard
 * errors are reported in the features' own units with Wald z and two-sided p-values.
 * `columns` must be complete (no NaN): impute first.
 */
export function fitLogistic(names: readonly string[], columns: readonly Float64Array[], y: Uint8Array, options: LogisticOptions = {}): LogisticFit {
  const n = y.length, p = columns.length, q = p + 1;
  let events = 0;
  for (let i = 0; i < n; i++) events += y[i]!;
  if (events === 0 || events === n) throw new AppError('INVALID_ARGUMENT', `The target has ${events === 0 ? 'no events' : 'only events'} among ${n} rows: a model needs both.`, { expected: 'events and non-events' });
  const std = standardization(columns);
  std.sds.forEach((s, j) => {
    if (!(s > 0)) throw new AppError('INVALID_ARGUMENT', `'${names[j]}' has the same value on every row: it cannot be a feature.`, { column: names[j]!, expected: 'a feature that varies' });
  });
  const z = standardize(columns, std);
  // The penalty in the standardized scale: λβⱼ² = λ(βⱼ*/sⱼ)².
  const pen = new Float64Array(q);
  for (let j = 0; j < p; j++) pen[j + 1] = (options.l2 ?? 0) / (std.sds[j]! * std.sds[j]!);
  const maxIterations = options.maxIterations ?? 50;
  const tolerance = options.tolerance ?? 1e-10;
  const ybar = events / n;
  const beta = new Float64Array(q);
  beta[0] = Math.log(ybar / (1 - ybar));
  const check = () => { if (options.signal?.aborted) throw new AppError('CANCELLED', 'Training was cancelled.'); };

  const newtonStep = (h: Float64Array, g: Float64Array): Float64Array => {
    for (let j = 0; j < q; j++) { h[j * q + j] += pen[j]!; g[j] -= pen[j]! * beta[j]!; }
    const l = cholesky(h, q);
    if (!l) throw new AppError('INVALID_ARGUMENT', 'The features are perfectly collinear (or one separates the target perfectly): drop one of the correlated features.', { expected: 'features that are not linear combinations of each other' });
    return choleskySolve(l, q, g);
  };
  const penalized = (ll: number) => { let s = ll; for (let j = 1; j < q; j++) s -= 0.5 * pen[j]! * beta[j]! * beta[j]!; return s; };

  // Phase 1: Newton on TensorFlow.js, float32, until float32 cannot tell the steps apart.
  let tfjsIterations = 0;
  const rowMajor = new Float32Array(n * q);
  for (let i = 0; i < n; i++) rowMajor[i * q] = 1;
  z.forEach((c, j) => { for (let i = 0; i < n; i++) rowMajor[i * q + j + 1] = c[i]!; });
  const X = tf.tensor2d(rowMajor, [n, q]);
  const Y = tf.tensor2d(Float32Array.from(y), [n, 1]);
  try {
    let ll = penalized(linearState(z, y, beta).ll);
    for (let it = 0; it < maxIterations; it++) {
      check();
      const [hData, gData] = tf.tidy(() => {
        const mu = tf.sigmoid(tf.matMul(X, tf.tensor2d(Float32Array.from(beta), [q, 1])));
        const sw = tf.sqrt(tf.mul(mu, tf.sub(1, mu)));
        const xw = tf.mul(X, sw);
        return [tf.matMul(xw, xw, true, false), tf.matMul(X, tf.sub(Y, mu), true, false)];
      }).map((t) => { const d = Float64Array.from(t.dataSync()); t.dispose(); return d; }) as [Float64Array, Float64Array];
      const delta = newtonStep(hData, gData);
      // Step halving keeps every step uphill.
      let scale = 1, next = ll;
      const old = Float64Array.from(beta);
      for (let half = 0; half < 20; half++) {
        for (let j = 0; j < q; j++) beta[j] = old[j]! + scale * delta[j]!;
        next = penalized(linearState(z, y, beta).ll);
        if (next >= ll - 1e-9 * Math.abs(ll)) break;
        scale /= 2;
      }
      tfjsIterations++;
      const step = Math.max(...Array.from(delta, (d) => Math.abs(d * scale)));
      options.onIteration?.({ iteration: tfjsIterations, logLikelihood: next, step, phase: 'tfjs' });
      ll = next;
      if (step < 1e-4) break;
    }
  } finally {
    X.dispose();
    Y.dispose();
  }

  // Phase 2: float64 Newton to full precision; the last Hessian is the covariance's.
  let float64Iterations = 0;
  let converged = false;
  let hessian: Float64Array = new Float64Array(q * q);
  let ll = 0;
  for (let it = 0; it < 20; it++) {
    check();
    const s = linearState(z, y, beta);
    ll = s.ll;
    hessian = weightedGram(z, s.w);
    const g = crossVector(z, s.r);
    const delta = newtonStep(Float64Array.from(hessian), g);
    const step = Math.max(...Array.from(delta, Math.abs));
    float64Iterations++;
    options.onIteration?.({ iteration: tfjsIterations + float64Iterations, logLikelihood: penalized(ll), step, phase: 'float64' });
    if (step < tolerance) { converged = true; break; }
    for (let j = 0; j < q; j++) beta[j] += delta[j]!;
  }
  for (let j = 0; j < q; j++) hessian[j * q + j] += pen[j]!;
  const factor = cholesky(hessian, q);
  if (!factor) throw new AppError('INVALID_ARGUMENT', 'The Hessian is singular at the solution: the features are collinear.', {});
  const covStd = choleskyInverse(factor, q);

  // Back to the features' units: β₀ = β₀* − Σ βⱼ* mⱼ/sⱼ, βⱼ = βⱼ*/sⱼ; Cov = T Cov* Tᵀ.
  const t = new Float64Array(q * q);
  t[0] = 1;
  for (let j = 0; j < p; j++) { t[j + 1] = -std.means[j]! / std.sds[j]!; t[(j + 1) * q + j + 1] = 1 / std.sds[j]!; }
  const coef = new Float64Array(q);
  for (let a = 0; a < q; a++) { let s = 0; for (let b = 0; b < q; b++) s += t[a * q + b]! * beta[b]!; coef[a] = s; }
  const terms: LogisticTerm[] = [];
  for (let a = 0; a < q; a++) {
    let v = 0;
    for (let b = 0; b < q; b++) { const tb = t[a * q + b]!; if (tb === 0) continue; for (let c = 0; c < q; c++) v += tb * covStd[b * q + c]! * t[a * q + c]!; }
    const se = Math.sqrt(v);
    const zStat = coef[a]! / se;
    terms.push({ name: a === 0 ? '(intercept)' : names[a - 1]!, coefficient: coef[a]!, standardError: se, z: zStat, pValue: twoSidedP(zStat) });
  }
  const nullLl = events * Math.log(ybar) + (n - events) * Math.log(1 - ybar);
  return {
    terms, logLikelihood: ll, nullLogLikelihood: nullLl, aic: -2 * ll + 2 * q, bic: -2 * ll + q * Math.log(n),
    iterations: { tfjs: tfjsIterations, float64: float64Iterations }, converged, n, events,
  };
}
