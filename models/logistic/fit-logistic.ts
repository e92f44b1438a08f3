import { tfCore } from '../tf/lazy-tf';
import { AppError } from '../../types/errors';
import type { LogisticFitStats } from '../../types/model';
import { cholesky, failingPivot, choleskyInverse, choleskySolve } from '../linear/cholesky';
import { weightedGram, type Scale } from '../linear/gram';
import { LinearKernels } from '../linear/kernels';
import { standardization } from '../linear/standardize';
import { twoSidedP } from '../stats/normal';
import { mulberry32 } from '../stats/random';

export interface LogisticOptions {
  /** L2 penalty (λ/2)·Σβⱼ² (scikit-learn’s with λ = 1/C) on the features' coefficients (not the intercept), in their own units. */
  l2?: number;
  maxIterations?: number;
  /** Converged when no standardized coefficient moves more than this in a float64 Newton step. */
  tolerance?: number;
  onIteration?: (s: { iteration: number; logLikelihood: number; step: number; phase: 'tfjs' | 'float64' }) => void;
  signal?: { readonly aborted: boolean };
  /** Sample weights (frequency weights, ≥ 0, as statsmodels' GLM `freq_weights`): row i counts wᵢ times in the likelihood, its gradient and Hessian. */
  weights?: Float64Array;
}

export interface LogisticTerm {
  name: string;
  coefficient: number;
  standardError: number;
  z: number;
  pValue: number;
}

export interface LogisticFit extends LogisticFitStats {
  /** The intercept first, then one term per feature. */
  terms: LogisticTerm[];
  n: number;
  events: number;
}

const log1pexp = (x: number) => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));

/** The tfjs phase on a sample stops once a Newton step is below this (its optimum is not the full data's). */
const SAMPLE_STEP = 0.05;
/** Float64 steps switch to the exact Hessian once the approximate one's step is below this. */
const EXACT_FROM = 1e-7;

/** Rows whose weights form the Newton Hessian on TensorFlow.js: every row up to this many, else a seeded sample of at least this many (an eighth of the rows). */
const HESSIAN_ROWS = 100_000;

/** Raw-scale coefficients of standardized ones: η = b₀ + Σ bⱼ xⱼ with xⱼ as stored. */
function rawCoefficients(beta: Float64Array, scale: Scale): { b0: number; b: Float64Array } {
  let b0 = beta[0]!;
  const b = new Float64Array(scale.means.length);
  for (let j = 0; j < b.length; j++) { b0 -= (beta[j + 1]! * scale.means[j]!) / scale.sds[j]!; b[j] = beta[j + 1]! / scale.sds[j]!; }
  return { b0, b };
}

/**
 * The log-likelihood Σ yη − log(1+e^η) and its gradient in the standardized coefficients
 * (Σr, then (Σ r·xⱼ − meanⱼ·Σr)/sdⱼ with r = y − μ), in float64, a block of rows at a time:
 * η and Σ r·xⱼ by the SIMD kernels, the exponentials here. `withGradient` false: the
 * log-likelihood only. `weights`, when given, receives each row's μ(1−μ).
 */
function likelihoodAt(k: LinearKernels, columns: readonly Float64Array[], scale: Scale, y: Uint8Array, beta: Float64Array, withGradient: boolean, weights?: Float64Array, rowWeights?: Float64Array): { ll: number; g: Float64Array } {
  const n = y.length, p = columns.length;
  const { b0, b } = rawCoefficients(beta, scale);
  k.b.set(b);
  k.sums.fill(0);
  const eta = k.eta, r = k.r;
  let ll = 0, sr = 0;
  for (let s = 0; s < n; s += k.len) {
    const e = Math.min(n, s + k.len), m = e - s;
    k.loadRows(columns, s, e);
    k.linear(m, b0);
    for (let i = 0; i < m; i++) {
      const v = eta[i]!, yi = y[s + i]!, wi = rowWeights ? rowWeights[s + i]! : 1;
      ll += wi * (yi * v - log1pexp(v));
      const mu = 1 / (1 + Math.exp(-v));
      const ri = wi * (yi - mu);
      r[i] = ri; sr += ri;
      if (weights) weights[s + i] = wi * mu * (1 - mu);
    }
    if (withGradient) k.cross(m);
  }
  const g = new Float64Array(p + 1);
  g[0] = sr;
  for (let j = 0; j < p; j++) g[j + 1] = (k.sums[j]! - scale.means[j]! * sr) / scale.sds[j]!;
  return { ll, g };
}

/**
 * A seeded sample of `m` of the `n` row positions, in ascending order, in one pass (selection
 * sampling, Knuth's Algorithm S: each row is taken with probability (still needed)/(still left)).
 */
function sampleRows(n: number, m: number, seed: number): Int32Array {
  if (m >= n) return Int32Array.from({ length: n }, (_, i) => i);
  const out = new Int32Array(m);
  const rand = mulberry32(seed);
  for (let i = 0, k = 0; k < m; i++) if ((n - i) * rand() < m - k) out[k++] = i;
  return out;
}

/** The standardized problem both phases work on: the data, its scale, the penalty and the coefficients being fitted. */
interface Problem {
  names: readonly string[];
  columns: readonly Float64Array[];
  y: Uint8Array;
  /** Row weights (null: every row counts once). */
  w: Float64Array | null;
  /** Rows, and their total weight. */
  n: number;
  weightSum: number;
  p: number;
  q: number;
  /** The events' total weight. */
  events: number;
  scale: Scale;
  /** The L2 penalty per standardized coefficient (0 for the intercept). */
  pen: Float64Array;
  /** The standardized coefficients, updated in place. */
  beta: Float64Array;
  kernels: LinearKernels;
  options: LogisticOptions;
}

const maxAbs = (d: Float64Array) => { let m = 0; for (const v of d) m = Math.max(m, Math.abs(v)); return m; };

function checkCancelled(options: LogisticOptions): void {
  if (options.signal?.aborted) throw new AppError('CANCELLED', 'Training was cancelled.');
}

/** The Hessian cannot be inverted: name the first input that is a combination of the ones before it (or whose weight runs away because it separates the target). */
function singular(pr: Problem, h: Float64Array): AppError {
  const j = failingPivot(h, pr.q);
  const name = j > 0 ? pr.names[j - 1]! : null;
  return new AppError('INVALID_ARGUMENT', name
    ? `'${name}' is a linear combination of the inputs before it, or separates the target almost perfectly (its weight runs away): drop it, or merge its rare levels.`
    : 'The features are perfectly collinear (or one separates the target perfectly): drop one of the correlated features.', { ...(name ? { column: name } : {}), expected: 'features that are not linear combinations of each other and do not separate the target' });
}

/** The Cholesky factor of a Hessian with the penalty added (`share` of it on a sample). */
function factorPenalized(pr: Problem, h: Float64Array, share = 1): Float64Array {
  const a = Float64Array.from(h);
  for (let j = 0; j < pr.q; j++) a[j * pr.q + j] += share * pr.pen[j]!;
  const l = cholesky(a, pr.q);
  if (!l) throw singular(pr, a);
  return l;
}

/** The penalized objective: the log-likelihood less `share` of the penalty at the current coefficients. */
function penalizedAt(pr: Problem, ll: number, share = 1): number {
  let v = ll;
  for (let j = 1; j < pr.q; j++) v -= 0.5 * share * pr.pen[j]! * pr.beta[j]! * pr.beta[j]!;
  return v;
}

function problemOf(names: readonly string[], columns: readonly Float64Array[], y: Uint8Array, options: LogisticOptions): Problem {
  const n = y.length, p = columns.length, q = p + 1;
  const w = options.weights ?? null;
  if (w && w.length !== n) throw new AppError('INVALID_ARGUMENT', `${w.length} weights for ${n} rows.`, { expected: `${n} weights`, got: String(w.length) });
  let events = 0, weightSum = 0;
  for (let i = 0; i < n; i++) {
    const wi = w ? w[i]! : 1;
    if (!(wi >= 0) || !Number.isFinite(wi)) throw new AppError('INVALID_ARGUMENT', `Row ${i + 1} has the weight ${wi}; weights are finite numbers ≥ 0.`, { row: i + 1, expected: 'a weight ≥ 0', got: String(wi) });
    events += wi * y[i]!; weightSum += wi;
  }
  if (events === 0 || events === weightSum) throw new AppError('INVALID_ARGUMENT', `The target has ${events === 0 ? 'no events' : 'only events'} among ${n} rows: a model needs both.`, { expected: 'events and non-events' });
  const scale = standardization(columns);
  scale.sds.forEach((s, j) => {
    if (!(s > 0)) throw new AppError('INVALID_ARGUMENT', `'${names[j]}' has the same value on every row: it cannot be a feature.`, { column: names[j]!, expected: 'a feature that varies' });
  });
  // The penalty in the standardized scale: λβⱼ² = λ(βⱼ*/sⱼ)².
  const pen = new Float64Array(q);
  for (let j = 0; j < p; j++) pen[j + 1] = (options.l2 ?? 0) / (scale.sds[j]! * scale.sds[j]!);
  const beta = new Float64Array(q);
  beta[0] = Math.log(events / weightSum / (1 - events / weightSum));
  return { names, columns, y, w, n, weightSum, p, q, events, scale, pen, beta, kernels: new LinearKernels(p), options };
}

/**
 * Phase 1: Newton on TensorFlow.js (float32) over every row up to HESSIAN_ROWS, else over a seeded
 * sample of them, until float32 cannot tell the steps apart (or, on a sample, until the step is
 * below what the sample can tell). Returns the last Hessian, scaled to every row.
 */
function newtonOnTfjs(pr: Problem): { hessian: Float64Array; iterations: number } {
  const { n, p, q, columns, scale, beta, pen, options } = pr;
  const sub = sampleRows(n, n <= HESSIAN_ROWS ? n : Math.max(HESSIAN_ROWS, Math.ceil(n / 8)), 20240601);
  const m = sub.length;
  // The sample's standardized design in float32 as Xᵀ (q × rows) and X (rows × q), so that both
  // products are plain matMuls (a transposed operand is several times slower on wasm).
  const sampleColumns = m === n ? columns : columns.map(() => new Float64Array(m));
  const xtData = new Float32Array(q * m);
  xtData.fill(1, 0, m);
  for (let j = 0; j < p; j++) {
    const c = columns[j]!, out = sampleColumns[j]!, mean = scale.means[j]!, inv = 1 / scale.sds[j]!, row = (j + 1) * m;
    if (out !== c) for (let k = 0; k < m; k++) out[k] = c[sub[k]!]!;
    for (let k = 0; k < m; k++) xtData[row + k] = (out[k]! - mean) * inv;
  }
  const sampleY = m === n ? pr.y : Uint8Array.from(sub, (i) => pr.y[i]!);
  const sampleW = pr.w ? (m === n ? pr.w : Float64Array.from(sub, (i) => pr.w![i]!)) : null;
  // On the sample the likelihood weighs `share` of the whole: so does its penalty.
  let sampleWeight = m;
  if (sampleW) { sampleWeight = 0; for (const v of sampleW) sampleWeight += v; }
  const share = sampleWeight / pr.weightSum;
  const tf = tfCore();
  const XT = tf.tensor2d(xtData, [q, m]);
  const X = tf.transpose(XT);
  const yFloat = new Float32Array(m);
  for (let k = 0; k < m; k++) yFloat[k] = sampleY[k]!;
  const Y = tf.tensor2d(yFloat, [m, 1]);
  const W = sampleW ? tf.tensor2d(Float32Array.from(sampleW), [m, 1]) : null;
  let hessian: Float64Array = new Float64Array(q * q);
  let iterations = 0;
  try {
    // At the start (the intercept alone, no penalty) the sample's log-likelihood is Σy·b₀ − m·log(1+e^b₀).
    let sampleEvents = 0;
    for (let k = 0; k < m; k++) sampleEvents += (sampleW ? sampleW[k]! : 1) * sampleY[k]!;
    let ll = sampleEvents * beta[0]! - sampleWeight * log1pexp(beta[0]!);
    for (let it = 0; it < (options.maxIterations ?? 50); it++) {
      checkCancelled(options);
      const [hData, gData] = tf.tidy(() => {
        const mu = tf.sigmoid(tf.matMul(X, tf.tensor2d(Float32Array.from(beta), [q, 1])));
        const v = tf.mul(mu, tf.sub(1, mu)), r = tf.sub(Y, mu);
        const xw = tf.mul(X, W ? tf.mul(v, W) : v);
        return [tf.matMul(XT, xw), tf.matMul(XT, W ? tf.mul(r, W) : r)];
      }).map((t) => { const d = Float64Array.from(t.dataSync()); t.dispose(); return d; }) as [Float64Array, Float64Array];
      for (let j = 0; j < q; j++) gData[j] -= share * pen[j]! * beta[j]!;
      hessian = hData;
      const delta = choleskySolve(factorPenalized(pr, hData, share), q, gData);
      // Step halving keeps every step uphill.
      let stepScale = 1, next = ll;
      const old = Float64Array.from(beta);
      for (let half = 0; half < 20; half++) {
        for (let j = 0; j < q; j++) beta[j] = old[j]! + stepScale * delta[j]!;
        next = penalizedAt(pr, likelihoodAt(pr.kernels, sampleColumns, scale, sampleY, beta, false, undefined, sampleW ?? undefined).ll, share);
        if (next >= ll - 1e-9 * Math.abs(ll)) break;
        stepScale /= 2;
      }
      iterations++;
      const step = maxAbs(delta) * stepScale;
      options.onIteration?.({ iteration: iterations, logLikelihood: next / share, step, phase: 'tfjs' });
      ll = next;
      // On a sample, its own optimum lies ~1/√m from the full one: refining it further is work
      // the float64 steps over every row redo anyway.
      if (step < (m < n ? SAMPLE_STEP : 1e-3)) break;
    }
  } finally {
    X.dispose(); XT.dispose(); Y.dispose(); W?.dispose();
  }
  for (let j = 0; j < q * q; j++) hessian[j] = hessian[j]! / share;
  return { hessian, iterations };
}

/**
 * BFGS update, in place, of the approximate Hessian (of −log-likelihood, without the penalty,
 * which the factor adds) from the last step s and the change in gradient: superlinear, not linear,
 * convergence. y = −Δ(gradient) − penalty·s. False when the update would lose positive definiteness.
 */
function bfgsUpdate(pr: Problem, hessian: Float64Array, s: Float64Array, previousGradient: Float64Array, g: Float64Array): boolean {
  const q = pr.q;
  const yv = new Float64Array(q), hs = new Float64Array(q);
  let ys = 0, shs = 0;
  for (let a = 0; a < q; a++) { yv[a] = previousGradient[a]! - g[a]! - pr.pen[a]! * s[a]!; ys += yv[a]! * s[a]!; }
  for (let a = 0; a < q; a++) { let v = 0; for (let b = 0; b < q; b++) v += hessian[a * q + b]! * s[b]!; hs[a] = v; shs += v * s[a]!; }
  if (!(ys > 0 && shs > 0)) return false;
  for (let a = 0; a < q; a++) for (let b = 0; b < q; b++) hessian[a * q + b] += (yv[a]! * yv[b]!) / ys - (hs[a]! * hs[b]!) / shs;
  return true;
}

/**
 * Phase 2, over every row in float64: steps with the (scaled) tfjs Hessian, updated by BFGS after
 * each step, until they are below EXACT_FROM, then steps with the exact float64 Hessian, computed
 * there (and again after two steps that did not converge); converged when a step with it is below
 * `tolerance`. Its Hessian, taken within EXACT_FROM of the optimum, gives the covariance.
 */
function newtonInFloat64(pr: Problem, hessian: Float64Array, firstIteration: number): { ll: number; exact: Float64Array; iterations: number; converged: boolean } {
  const { q, columns, scale, y, beta, options, kernels } = pr;
  const tolerance = options.tolerance ?? 1e-10;
  let approx = factorPenalized(pr, hessian);
  let lastStep: Float64Array | null = null, lastGradient: Float64Array | null = null;
  let exact: Float64Array | null = null, exactFactor: Float64Array | null = null;
  let exactAge = 0, useExact = false, previous = -Infinity, ll = 0, iterations = 0, converged = false;
  const w = new Float64Array(pr.n);
  for (let it = 0; it < 40 && !converged; it++) {
    checkCancelled(options);
    const at = likelihoodAt(kernels, columns, scale, y, beta, true, w, pr.w ?? undefined);
    ll = at.ll;
    const g = at.g;
    for (let j = 0; j < q; j++) g[j] -= pr.pen[j]! * beta[j]!;
    // A cheap step that went downhill, or too many of them: from here on, exact steps.
    const objective = penalizedAt(pr, at.ll);
    if (objective < previous - 1e-9 * Math.abs(previous) || it >= 30) useExact = true;
    previous = objective;
    if (!exact && lastStep && lastGradient && bfgsUpdate(pr, hessian, lastStep, lastGradient, g)) approx = factorPenalized(pr, hessian);
    let delta = choleskySolve(exactFactor ?? approx, q, g);
    if (maxAbs(delta) < EXACT_FROM) useExact = true;
    if (useExact && (!exact || exactAge >= 2)) {
      exact = weightedGram(columns, w, scale, kernels);
      exactFactor = factorPenalized(pr, exact);
      exactAge = 0;
      delta = choleskySolve(exactFactor, q, g);
    }
    const step = maxAbs(delta);
    iterations++;
    options.onIteration?.({ iteration: firstIteration + iterations, logLikelihood: objective, step, phase: 'float64' });
    if (exact && step < tolerance) { converged = true; break; }
    for (let j = 0; j < q; j++) beta[j] += delta[j]!;
    lastStep = delta; lastGradient = g;
    exactAge++;
  }
  if (!converged) {
    ll = likelihoodAt(kernels, columns, scale, y, beta, false, w, pr.w ?? undefined).ll;
    exact = weightedGram(columns, w, scale, kernels);
  }
  return { ll, exact: exact!, iterations, converged };
}

/** Back to the features' units: β₀ = β₀* − Σ βⱼ* mⱼ ⁄ sⱼ, βⱼ = βⱼ* ⁄ sⱼ; Cov = T Cov* Tᵀ; with Wald z and two-sided p. */
function termsInFeatureUnits(pr: Problem, covStd: Float64Array): LogisticTerm[] {
  const { p, q, scale, beta, names } = pr;
  const t = new Float64Array(q * q);
  t[0] = 1;
  for (let j = 0; j < p; j++) { t[j + 1] = -scale.means[j]! / scale.sds[j]!; t[(j + 1) * q + j + 1] = 1 / scale.sds[j]!; }
  const terms: LogisticTerm[] = [];
  for (let a = 0; a < q; a++) {
    let coef = 0, v = 0;
    for (let b = 0; b < q; b++) coef += t[a * q + b]! * beta[b]!;
    for (let b = 0; b < q; b++) { const tb = t[a * q + b]!; if (tb === 0) continue; for (let c = 0; c < q; c++) v += tb * covStd[b * q + c]! * t[a * q + c]!; }
    const se = Math.sqrt(v);
    terms.push({ name: a === 0 ? '(intercept)' : names[a - 1]!, coefficient: coef, standardError: se, z: coef / se, pValue: twoSidedP(coef / se) });
  }
  return terms;
}

/**
 * Maximum-likelihood logistic regression by Newton–Raphson (IRLS), as statsmodels' `Logit`.
 * The features are standardized (a well-conditioned problem). Newton iterations run on
 * TensorFlow.js (float32, on whichever backend is active) with η, μ, Xᵀr and XᵀWX as tfjs ops
 * over every row up to 100,000, else over a seeded eighth of them, at least 100,000, until the
 * step is below what the sample can tell (its optimum is ~1/√m from the full one). Float64 steps
 * over every row then carry it to full precision with that Hessian (scaled, BFGS-updated after
 * each step); once a step is below 1e-7 the exact float64 Hessian takes over, converged when no
 * coefficient moves more than `tolerance`, and gives the covariance. Coefficients and standard
 * errors are reported in the features' own units with Wald
 * z and two-sided p-values. `columns` must be complete (no NaN): impute first.
 */
export function fitLogistic(names: readonly string[], columns: readonly Float64Array[], y: Uint8Array, options: LogisticOptions = {}): LogisticFit {
  const pr = problemOf(names, columns, y, options);
  const tfjs = newtonOnTfjs(pr);
  const f64 = newtonInFloat64(pr, tfjs.hessian, tfjs.iterations);
  const covStd = choleskyInverse(factorPenalized(pr, f64.exact), pr.q);
  // With weights, n and events are their totals (statsmodels' freq_weights count a row w times).
  const { weightSum: n, q, events } = pr;
  const ybar = events / n;
  const nullLl = events * Math.log(ybar) + (n - events) * Math.log(1 - ybar);
  const ll = f64.ll;
  return {
    terms: termsInFeatureUnits(pr, covStd), logLikelihood: ll, nullLogLikelihood: nullLl, aic: -2 * ll + 2 * q, bic: -2 * ll + q * Math.log(n),
    iterations: { tfjs: tfjs.iterations, float64: f64.iterations }, converged: f64.converged, n, events,
  };
}
