import type * as Tf from '@tensorflow/tfjs-core';
import type * as Tfl from '@tensorflow/tfjs-layers';
import { tfCore, tfLayers } from '../tf/lazy-tf';
import { AppError } from '../../types/errors';
import type { MlpConfig, TrainingPoint } from '../../types/model';
import { auc } from '../metrics/auc';
import { logLoss } from '../metrics/classification';
import { weightedSampleMetrics } from '../metrics/sample-metrics';
import { mulberry32 } from '../stats/random';

/** `batchSize` 0 = about a hundred steps per epoch: a power of two between 32 and 1024. */
export const DEFAULT_MLP: MlpConfig = { hiddenLayers: [64, 32], dropout: 0.1, epochs: 80, batchSize: 0, learningRate: 0.001, patience: 8, classWeight: 'none', seed: 1 };

export function batchSizeFor(rows: number, asked: number): number {
  if (asked > 0) return asked;
  return Math.min(1024, Math.max(32, 2 ** Math.round(Math.log2(Math.max(1, rows / 100)))));
}

/** Row-major float32 [rows, columns] of the columns' rows. */
export function rowMajor(columns: readonly Float64Array[]): Float32Array {
  const p = columns.length, n = columns[0]?.length ?? 0;
  const out = new Float32Array(n * p);
  columns.forEach((c, j) => { for (let i = 0; i < n; i++) out[i * p + j] = c[i]!; });
  return out;
}

/** A multilayer perceptron for a binary target: ReLU hidden layers with dropout, a sigmoid output; seeded initial weights. */
export function buildMlp(inputs: number, config: MlpConfig): Tfl.Sequential {
  const tf = tfCore(), tfl = tfLayers();
  const model = tfl.sequential();
  config.hiddenLayers.forEach((units, k) => {
    model.add(tfl.layers.dense({ units, activation: 'relu', kernelInitializer: tfl.initializers.glorotUniform({ seed: config.seed + k }), ...(k === 0 ? { inputShape: [inputs] } : {}) }));
    if (config.dropout > 0) model.add(tfl.layers.dropout({ rate: config.dropout, seed: config.seed + 100 + k }));
  });
  model.add(tfl.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: tfl.initializers.glorotUniform({ seed: config.seed + 999 }), ...(config.hiddenLayers.length === 0 ? { inputShape: [inputs] } : {}) }));
  model.compile({ optimizer: tf.train.adam(config.learningRate), loss: 'binaryCrossentropy' });
  return model;
}

/** Event probabilities of every row, predicted in batches. */
export function predictMlp(model: Tfl.LayersModel, x: Float32Array, inputs: number): Float64Array {
  const tf = tfCore();
  const n = x.length / inputs;
  const out = new Float64Array(n);
  const step = 65536;
  for (let s = 0; s < n; s += step) {
    const e = Math.min(n, s + step);
    const p = tf.tidy(() => (model.predict(tf.tensor2d(x.subarray(s * inputs, e * inputs), [e - s, inputs])) as Tf.Tensor).dataSync());
    for (let i = 0; i < e - s; i++) out[s + i] = p[i]!;
  }
  return out;
}

export interface MlpTraining {
  model: Tfl.Sequential;
  history: TrainingPoint[];
  bestEpoch: number;
}

/**
 * Trains the MLP with Adam on binary cross-entropy: each epoch sees the training rows in a
 * seeded shuffled order; after each epoch the validation rows give loss and AUC, and training
 * stops `patience` epochs after the best validation loss, keeping that epoch's weights.
 * `onEpoch` reports each epoch; `signal` stops it (the caller stores nothing then).
 */
export async function trainMlp(
  x: Float32Array, y: Uint8Array, valX: Float32Array, valY: Uint8Array, inputs: number, config: MlpConfig,
  hooks: { onEpoch?: (p: TrainingPoint) => void; signal?: { readonly aborted: boolean }; weights?: Float64Array | null; valWeights?: Float64Array | null } = {},
): Promise<MlpTraining> {
  const tf = tfCore();
  const n = y.length;
  const weights = hooks.weights ?? null, valWeights = hooks.valWeights ?? null;
  const model = buildMlp(inputs, config);
  let n1 = 0;
  for (let i = 0; i < n; i++) n1 += y[i]!;
  const classWeight = config.classWeight === 'balanced' && n1 > 0 && n1 < n ? { 0: n / (2 * (n - n1)), 1: n / (2 * n1) } : undefined;
  const rand = mulberry32(config.seed);
  let order: Int32Array = Int32Array.from({ length: n }, (_, i) => i);
  const history: TrainingPoint[] = [];
  let best = Infinity, bestEpoch = 0, bestWeights: Tf.Tensor[] | null = null, waited = 0;
  const bx = new Float32Array((n + 1) * inputs), by = new Float32Array(n + 1);
  try {
    for (let epoch = 1; epoch <= config.epochs; epoch++) {
      if (hooks.signal?.aborted) throw new AppError('CANCELLED', 'Training was cancelled.');
      if (weights) order = resampledRows(weights, rand);
      const m = order.length;
      for (let i = m - 1; i > 0; i--) { const j = Math.floor(rand() * (i + 1)); const t = order[i]!; order[i] = order[j]!; order[j] = t; }
      for (let i = 0; i < m; i++) { const r = order[i]!; bx.set(x.subarray(r * inputs, (r + 1) * inputs), i * inputs); by[i] = y[r]!; }
      const xs = tf.tensor2d(bx.subarray(0, m * inputs), [m, inputs]), ys = tf.tensor2d(by.subarray(0, m), [m, 1]);
      let loss = NaN;
      try {
        const h = await model.fit(xs, ys, {
          epochs: 1, batchSize: batchSizeFor(m, config.batchSize), shuffle: false, verbose: 0, ...(classWeight ? { classWeight } : {}),
          callbacks: { onBatchEnd: async () => { if (hooks.signal?.aborted) model.stopTraining = true; } },
        });
        loss = Number(h.history.loss?.[0] ?? NaN);
      } finally {
        xs.dispose(); ys.dispose();
      }
      if (hooks.signal?.aborted) throw new AppError('CANCELLED', 'Training was cancelled.');
      const point: TrainingPoint = { step: epoch, loss };
      if (valY.length > 0) {
        const p = predictMlp(model, valX, inputs);
        let v1 = 0;
        for (let i = 0; i < valY.length; i++) v1 += valY[i]!;
        const both = v1 > 0 && v1 < valY.length;
        if (valWeights && both) {
          const m = weightedSampleMetrics(p, valY, valWeights);
          point.valLoss = m.logLoss; point.valAuc = m.auc;
        } else {
          point.valLoss = logLoss(p, valY);
          if (both) point.valAuc = auc(p, valY);
        }
      }
      history.push(point);
      hooks.onEpoch?.(point);
      const monitored = point.valLoss ?? loss;
      if (monitored < best - 1e-6) {
        best = monitored; bestEpoch = epoch; waited = 0;
        bestWeights?.forEach((w) => w.dispose());
        bestWeights = model.getWeights().map((w) => w.clone());
      } else if (++waited >= config.patience) break;
    }
    if (bestWeights) model.setWeights(bestWeights);
    return { model, history, bestEpoch };
  } catch (err) {
    model.dispose();
    throw err;
  } finally {
    bestWeights?.forEach((w) => w.dispose());
  }
}

/**
 * An epoch's rows for weighted training: row i drawn about n·wᵢ/W times by systematic resampling
 * (one random offset, so the counts are as even as whole numbers allow), then shuffled by the caller:
 * each epoch's expected gradient is the weighted one.
 */
export function resampledRows(weights: Float64Array, rand: () => number): Int32Array {
  const n = weights.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += weights[i]!;
  const out: number[] = [];
  const u = rand();
  let cum = 0, taken = 0;
  for (let i = 0; i < n; i++) {
    cum += (n * weights[i]!) / total;
    const upTo = Math.floor(cum + u);
    for (; taken < upTo && out.length < n + 1; taken++) out.push(i);
  }
  return Int32Array.from(out);
}

/** The model as JSON-safe parts: topology, weight specs and the float32 weights in base64. */
export function serializeMlp(model: Tfl.LayersModel): { topology: unknown; weightSpecs: { name: string; shape: number[]; dtype: string }[]; weights: string } {
  const weights = model.getWeights();
  const total = weights.reduce((s, w) => s + w.size, 0);
  const all = new Float32Array(total);
  let at = 0;
  for (const w of weights) { all.set(w.dataSync() as Float32Array, at); at += w.size; }
  let bin = '';
  const bytes = new Uint8Array(all.buffer);
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return { topology: model.toJSON(undefined, false), weightSpecs: weights.map((w, k) => ({ name: `w${k}`, shape: w.shape, dtype: w.dtype })), weights: btoa(bin) };
}

/** Rebuilds a stored MLP for scoring. */
export async function loadMlp(stored: { topology: unknown; weightSpecs: { shape: number[] }[]; weights: string }): Promise<Tfl.LayersModel> {
  const tf = tfCore(), tfl = tfLayers();
  const model = await tfl.models.modelFromJSON({ modelTopology: stored.topology as Tf.io.ModelJSON['modelTopology'] });
  const bin = atob(stored.weights);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  const all = new Float32Array(bytes.buffer);
  let at = 0;
  const tensors = stored.weightSpecs.map((s) => {
    const size = s.shape.reduce((a, b) => a * b, 1);
    const t = tf.tensor(all.subarray(at, at + size), s.shape);
    at += size;
    return t;
  });
  model.setWeights(tensors);
  tensors.forEach((t) => t.dispose());
  return model;
}
