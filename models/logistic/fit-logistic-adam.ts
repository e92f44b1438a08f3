import type * as Tf from '@tensorflow/tfjs-core';
import { tfWithGradients } from '../tf/lazy-tf';
import { AppError } from '../../types/errors';
import { standardization, standardize } from '../linear/standardize';
import { rowMajor } from '../mlp/mlp';
import { mulberry32 } from '../stats/random';
import type { LogisticFit } from './fit-logistic';

export interface AdamOptions {
  /** L1 penalty λ₁·Σ|βⱼ| (standardized scale): coefficients can become exactly zero. */
  l1?: number;
  l2?: number;
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  seed?: number;
  onEpoch?: (s: { epoch: number; loss: number }) => void;
  signal?: { readonly aborted: boolean };
  /** Row weights (≥ 0): each row's loss counts wᵢ times; penalties are on the scale of the total weight. */
  weights?: Float64Array;
}

/**
 * Logistic regression by mini-batch Adam on TensorFlow.js, for L1 (lasso) penalties and data too
 * wide for Newton's p × p Hessian: standardized inputs, seeded shuffles, and after each step a
 * proximal soft-threshold that sets small coefficients exactly to zero. Coefficients are reported
 * in the features' units; standard errors are not defined for a lasso and are NaN.
 */
export function fitLogisticAdam(names: readonly string[], columns: readonly Float64Array[], y: Uint8Array, o: AdamOptions = {}): LogisticFit {
  const n = y.length, p = columns.length;
  const rw = o.weights ?? null;
  let events = 0, total = 0;
  for (let i = 0; i < n; i++) { const wi = rw ? rw[i]! : 1; events += y[i]! * wi; total += wi; }
  // With weights, a batch's mean loss is scaled by n / W, so a row of average weight counts as one row.
  const scale = rw ? n / total : 1;
  if (events === 0 || events === total) throw new AppError('INVALID_ARGUMENT', `The target has ${events === 0 ? 'no events' : 'only events'} among ${n} rows: a model needs both.`, { expected: 'events and non-events' });
  const std = standardization(columns);
  const safe = { means: std.means, sds: std.sds.map((s) => (s > 0 ? s : 1)) };
  const x = rowMajor(standardize(columns, safe));
  const epochs = o.epochs ?? 30, lr = o.learningRate ?? 0.01, l1 = o.l1 ?? 0, l2 = o.l2 ?? 0;
  const batch = o.batchSize ?? Math.min(4096, Math.max(64, 2 ** Math.round(Math.log2(Math.max(1, n / 100)))));
  const rand = mulberry32(o.seed ?? 1);
  const tf = tfWithGradients();
  const w = tf.variable(tf.zeros([p, 1]));
  const b = tf.variable(tf.scalar(Math.log(events / (total - events))));
  const optimizer = tf.train.adam(lr);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const bx = new Float32Array(batch * p), by = new Float32Array(batch), bw = new Float32Array(batch).fill(1);
  let loss = NaN;
  try {
    for (let epoch = 1; epoch <= epochs; epoch++) {
      if (o.signal?.aborted) throw new AppError('CANCELLED', 'Training was cancelled.');
      for (let i = n - 1; i > 0; i--) { const j = Math.floor(rand() * (i + 1)); const t = order[i]!; order[i] = order[j]!; order[j] = t; }
      let sum = 0;
      for (let s = 0; s < n; s += batch) {
        const m = Math.min(batch, n - s);
        for (let k = 0; k < m; k++) { const r = order[s + k]!; bx.set(x.subarray(r * p, (r + 1) * p), k * p); by[k] = y[r]!; if (rw) bw[k] = rw[r]! * scale; }
        const value = tf.tidy(() => {
          const xs = tf.tensor2d(bx.subarray(0, m * p), [m, p]), ys = tf.tensor2d(by.subarray(0, m), [m, 1]), ws = tf.tensor2d(bw.subarray(0, m), [m, 1]);
          const cost = optimizer.minimize(() => {
            const logits = tf.add(tf.matMul(xs, w), b);
            const bce = tf.mean(tf.mul(ws, tf.sub(tf.add(tf.relu(logits), tf.log1p(tf.exp(tf.neg(tf.abs(logits))))), tf.mul(logits, ys))));
            return l2 > 0 ? tf.add(bce, tf.mul(l2 / n, tf.sum(tf.square(w)))) as Tf.Scalar : bce as Tf.Scalar;
          }, true)!;
          if (l1 > 0) w.assign(tf.mul(tf.sign(w), tf.relu(tf.sub(tf.abs(w), (lr * l1) / n))));
          return cost.dataSync()[0]!;
        });
        sum += value * m;
      }
      loss = sum / n;
      o.onEpoch?.({ epoch, loss });
    }
    const ws = w.dataSync(), b0 = b.dataSync()[0]!;
    const coef = Array.from(ws, (v, j) => (std.sds[j]! > 0 ? v / std.sds[j]! : 0));
    const intercept = b0 - coef.reduce((s, c, j) => s + c * std.means[j]!, 0);
    let ll = 0;
    for (let i = 0; i < n; i++) {
      let eta = intercept;
      for (let j = 0; j < p; j++) eta += coef[j]! * columns[j]![i]!;
      ll += (rw ? rw[i]! : 1) * (y[i]! * eta - (eta > 0 ? eta + Math.log1p(Math.exp(-eta)) : Math.log1p(Math.exp(eta))));
    }
    const k = 1 + coef.filter((c) => c !== 0).length;
    const ybar = events / total;
    return {
      terms: [{ name: '(intercept)', coefficient: intercept, standardError: NaN, z: NaN, pValue: NaN }, ...names.map((name, j) => ({ name, coefficient: coef[j]!, standardError: NaN, z: NaN, pValue: NaN }))],
      logLikelihood: ll, nullLogLikelihood: events * Math.log(ybar) + (total - events) * Math.log(1 - ybar), aic: -2 * ll + 2 * k, bic: -2 * ll + k * Math.log(total),
      iterations: { tfjs: epochs, float64: 0 }, converged: true, n: total, events,
    };
  } finally {
    w.dispose(); b.dispose(); optimizer.dispose();
  }
}
