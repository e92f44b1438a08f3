import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { trainGbdt } from '../models/gbdt/train-gbdt';
import { startHistogramHelper } from '../service/jobs/histogram-helper';
import { mulberry32 } from '../models/stats/random';
import { jointscore } from './cli';
import { hgb } from './quality';
import { pandasPython } from './reference';

const SHARED_DATA = path.resolve(process.cwd(), '..', 'shared', 'data');
const DATASETS = [
  { name: 'germancredit', target: 'creditability', event: 'bad' },
  { name: 'hmeq', target: 'BAD', event: '1' },
];

export interface GbdtBench {
  quality: { dataset: string; jointscore: { auc: number; seconds: number }; hgb: { auc: number; seconds: number; version: string } | null }[];
  speed: { rows: number; features: number; trees: number; leaves: number; jointscore: number; hgb: number | null };
}

/** Synthetic rows × features (numbers, 3 % missing) with a non-linear target, seeded, as a little-endian float64 matrix file (row-major) and its columns. */
function synthetic(rows: number, features: number, file: string): { columns: Float64Array[]; y: Uint8Array } {
  const r = mulberry32(42);
  const columns = Array.from({ length: features }, () => new Float64Array(rows));
  const y = new Uint8Array(rows);
  const m = new Float64Array(rows * (features + 1));
  for (let i = 0; i < rows; i++) {
    let logit = -1;
    for (let f = 0; f < features; f++) {
      const v = r() < 0.03 ? NaN : r() * 4 - 2 + (f % 5 === 0 ? Math.floor(r() * 3) : 0);
      columns[f]![i] = v;
      m[i * (features + 1) + f] = v;
      if (!Number.isNaN(v) && f < 10) logit += (f % 2 ? 0.4 : -0.3) * v + (f === 3 ? Math.sin(2 * v) : 0);
    }
    y[i] = r() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
    m[i * (features + 1) + features] = y[i]!;
  }
  fs.writeFileSync(file, Buffer.from(m.buffer));
  return { columns, y };
}

function hgbSpeed(py: string, file: string, rows: number, features: number, trees: number, leaves: number): number | null {
  const code = `
import time, numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
m = np.fromfile(${JSON.stringify(file)}, dtype='<f8').reshape(${rows}, ${features + 1})
X, y = m[:, :-1], m[:, -1].astype(int)
t = time.perf_counter()
HistGradientBoostingClassifier(max_iter=${trees}, max_leaf_nodes=${leaves}, early_stopping=False, random_state=0).fit(X, y)
print(time.perf_counter() - t)`;
  const r = spawnSync(py, ['-c', code], { encoding: 'utf8' });
  return r.status === 0 ? Number(r.stdout.trim()) : null;
}

/** `npm run bench -- gbdt`: test AUC against HistGradientBoosting on the shared splits, and training time on synthetic rows (JOINTSCORE_BENCH_GBDT_ROWS, default 1,000,000). */
export async function benchGbdt(): Promise<GbdtBench> {
  const py = pandasPython();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jointscore-gbdt-'));
  try {
    const quality: GbdtBench['quality'] = [];
    for (const d of DATASETS) {
      const file = path.join(SHARED_DATA, `${d.name}.split.csv`);
      const ws = path.join(dir, `${d.name}.jsw`);
      await jointscore(['workspace', 'create', ws, '--json']);
      await jointscore(['import', file, '--workspace', ws, '--name', d.name, '--role', 'sample=sample', '--json']);
      const t = JSON.parse((await jointscore(['train', '--workspace', ws, '--dataset', d.name, '--target', d.target, '--model', 'gbdt', '--json'])).stdout) as { metrics: { test: { auc: number } }; seconds: number };
      quality.push({ dataset: d.name, jointscore: { auc: t.metrics.test.auc, seconds: t.seconds }, hgb: py ? hgb(py, file, d.target, d.event) : null });
    }
    const rows = Number(process.env.JOINTSCORE_BENCH_GBDT_ROWS ?? 1_000_000), features = 50, trees = 200, leaves = 31;
    const matrix = path.join(dir, 'synthetic.f64');
    const { columns, y } = synthetic(rows, features, matrix);
    // As the product trains: a second thread builds half of each large node's histogram (the job worker's own script).
    const worker = path.join(process.cwd(), 'dist', 'boost-helper.cjs');
    const started = performance.now();
    trainGbdt(columns, columns.map((_, f) => ({ name: `x${f}`, categorical: false })), y, { maxIter: trees, maxLeafNodes: leaves, earlyStopping: false }, { histograms: (inputs) => startHistogramHelper(worker, inputs) });
    const seconds = (performance.now() - started) / 1000;
    return { quality, speed: { rows, features, trees, leaves, jointscore: seconds, hgb: py ? hgbSpeed(py, matrix, rows, features, trees, leaves) : null } };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
