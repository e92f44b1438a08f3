import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fitLogistic } from '../models/logistic/fit-logistic';
import { auc } from '../models/metrics/auc';
import { batchSizeFor, DEFAULT_MLP, rowMajor, trainMlp } from '../models/mlp/mlp';
import { mulberry32 } from '../models/stats/random';
import { loadTfBackend } from '../service/tf/load-backend';
import { pandasPython } from './reference';

const ROWS = Number(process.env.BENCH_TRAIN_ROWS ?? 1_000_000);

export interface TrainBench {
  rows: number;
  backend: string;
  lr: { columns: number; seconds: number; iterations: { tfjs: number; float64: number }; sklearnSeconds: number | null; sklearnVersion: string | null; maxCoefDiff: number | null };
  mlp: { columns: number; secondsPerEpoch: number; batchSize: number };
  aucMs: number;
}

/** WOE-like columns: each takes one of 6 values (bins), the target follows a logistic model of them. */
function woeData(rows: number, p: number, seed: number): { columns: Float64Array[]; y: Uint8Array } {
  const rand = mulberry32(seed);
  const levels = Array.from({ length: p }, () => Array.from({ length: 6 }, () => (rand() - 0.5) * 1.6));
  const beta = Array.from({ length: p }, () => -(0.2 + rand() * 0.8));
  const columns = levels.map(() => new Float64Array(rows));
  const y = new Uint8Array(rows);
  for (let i = 0; i < rows; i++) {
    let eta = -2;
    for (let j = 0; j < p; j++) { const v = levels[j]![Math.floor(rand() * 6)]!; columns[j]![i] = v; eta += beta[j]! * v * 0.5; }
    y[i] = rand() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
  }
  return { columns, y };
}

function sklearnLogistic(py: string, columns: Float64Array[], y: Uint8Array): { seconds: number; version: string; coef: number[] } | null {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jointscore-bench-'));
  try {
    const xFile = path.join(dir, 'x.f64'), yFile = path.join(dir, 'y.u8');
    const n = y.length, p = columns.length;
    const buf = new Float64Array(n * p);
    columns.forEach((c, j) => { for (let i = 0; i < n; i++) buf[i * p + j] = c[i]!; });
    fs.writeFileSync(xFile, Buffer.from(buf.buffer));
    fs.writeFileSync(yFile, Buffer.from(y.buffer));
    const code = `
import numpy as np, time, sklearn, json
from sklearn.linear_model import LogisticRegression
X = np.fromfile(${JSON.stringify(xFile)}, dtype=np.float64).reshape(${n}, ${p})
y = np.fromfile(${JSON.stringify(yFile)}, dtype=np.uint8)
t = time.perf_counter()
m = LogisticRegression(penalty=None, max_iter=1000, tol=1e-8).fit(X, y)
s = time.perf_counter() - t
print(json.dumps({"seconds": s, "version": sklearn.__version__, "coef": [float(m.intercept_[0])] + [float(v) for v in m.coef_[0]]}))`;
    const r = spawnSync(py, ['-c', code], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (r.status !== 0) return null;
    return JSON.parse(r.stdout.trim()) as { seconds: number; version: string; coef: number[] };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** `npm run bench -- train`: LR on 1 M × 30 WOE columns (against scikit-learn), MLP seconds per epoch at 1 M × 50, AUC of 1 M scores. */
export async function benchTrain(): Promise<TrainBench> {
  const backend = await loadTfBackend();
  const lrData = woeData(ROWS, 30, 11);
  let t = performance.now();
  const fit = fitLogistic(lrData.columns.map((_, j) => `x${j}`), lrData.columns, lrData.y);
  const lrSeconds = (performance.now() - t) / 1000;
  const py = pandasPython();
  const sk = py ? sklearnLogistic(py, lrData.columns, lrData.y) : null;
  const maxCoefDiff = sk ? Math.max(...fit.terms.map((term, k) => Math.abs(term.coefficient - sk.coef[k]!))) : null;

  const mlpData = woeData(ROWS, 50, 12);
  const x = rowMajor(mlpData.columns);
  const config = { ...DEFAULT_MLP, epochs: 2, patience: 10 };
  t = performance.now();
  const trained = await trainMlp(x, mlpData.y, x.subarray(0, 50 * 10_000), mlpData.y.subarray(0, 10_000), 50, config);
  const secondsPerEpoch = (performance.now() - t) / 1000 / trained.history.length;
  trained.model.dispose();

  const rand = mulberry32(13);
  const scores = Float64Array.from({ length: ROWS }, () => rand());
  const labels = Uint8Array.from(scores, (s) => (rand() < s * 0.3 ? 1 : 0));
  // Steady state: the first calls run while V8 is still optimizing (the very first ~200 ms).
  for (let r = 0; r < 3; r++) auc(scores, labels);
  const times: number[] = [];
  for (let r = 0; r < 7; r++) { t = performance.now(); auc(scores, labels); times.push(performance.now() - t); }
  times.sort((a, b) => a - b);
  return {
    rows: ROWS, backend,
    lr: { columns: 30, seconds: lrSeconds, iterations: fit.iterations, sklearnSeconds: sk?.seconds ?? null, sklearnVersion: sk?.version ?? null, maxCoefDiff },
    mlp: { columns: 50, secondsPerEpoch, batchSize: batchSizeFor(ROWS, 0) },
    aucMs: times[3]!,
  };
}
