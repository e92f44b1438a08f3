import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleScorecard, scorecardDocument } from '../models/export/scorecard-document';
import { mulberry32 } from '../models/stats/random';
import { scoreDistribution } from '../models/monitor/score-baseline';
import { benchCard, writeBenchBundle } from './score';
import { categoricalAttribute, numericAttribute, pointsTable } from '../models/monitor/attribute-index';
import type { BundleScorecard } from '../types/bundle';
import { pandasPython } from './reference';
import { challengerThroughput, type ChallengerThroughput } from './rta';

/** Rows per month of each run: a million rows over the year (the target's size), then a million a month. */
const SIZES = (process.env.BENCH_MONITOR_ROWS_PER_MONTH ?? '83334,1000000').split(',').map(Number);
const MONTHS = 12;

export interface MonitorRun {
  rows: number;
  months: number;
  characteristics: number;
  mb: number;
  jointscore: { seconds: number; alerts: number; peakRssMb: number | null };
  pandas: { seconds: number; version: string } | null;
}

export interface MonitorBench {
  runs: MonitorRun[];
  rta: ChallengerThroughput | null;
}

/** The monitored file: month, 15 inputs (a shift in x0 from month 7), and an outcome that follows the inputs; the card's development figures are set from month 1 (attribute counts, score distribution), as its training rows would have them. */
function writeInput(file: string, card: BundleScorecard, ROWS_PER_MONTH: number): { mb: number; card: BundleScorecard } {
  const names = card.characteristics.map((c) => c.name);
  const counts = card.characteristics.map((c) => new Array<number>(c.attributes.length + 1).fill(0));
  const tables = card.characteristics.map(pointsTable);
  const devScores: number[] = [], devBad: number[] = [];
  const rand = mulberry32(31);
  const cats = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
  const fd = fs.openSync(file, 'w');
  let buf = `month,${names.join(',')},bad\n`;
  for (let m = 0; m < MONTHS; m++) {
    const month = `2025-${String(m + 1).padStart(2, '0')}`;
    for (let i = 0; i < ROWS_PER_MONTH; i++) {
      let line = month, risk = 0, score = card.basePoints;
      for (const [j, n] of names.entries()) {
        const u = rand();
        const c = card.characteristics[j]!;
        let a: number;
        if (n.startsWith('x')) {
          let v = u < 0.03 ? null : u < 0.05 ? -999 : Math.round(rand() * 1000) / 10;
          if (v !== null && v !== -999 && n === 'x0' && m >= 6) v = Math.round(v * 0.6 * 10) / 10;
          if (v !== null && v !== -999) risk += (v - 50) / 300;
          line += `,${v === null ? '' : v}`;
          a = numericAttribute(c, v === null ? NaN : v);
        } else {
          const s = u < 0.03 ? null : cats[Math.floor(rand() * cats.length)]!;
          line += `,${s ?? ''}`;
          a = categoricalAttribute(c, s);
        }
        if (m === 0) counts[j]![a]!++;
        score += tables[j]![a]!;
      }
      const bad = rand() < 1 / (1 + Math.exp(2 + risk)) ? 1 : 0;
      if (m === 0) { devScores.push(score); devBad.push(bad); }
      line += `,${bad}\n`;
      buf += line;
      if (buf.length > 1 << 20) { fs.writeSync(fd, buf); buf = ''; }
    }
  }
  fs.writeSync(fd, buf);
  fs.closeSync(fd);
  const developed: BundleScorecard = {
    ...card, characteristics: card.characteristics.map((c, j) => ({ ...c, attributes: c.attributes.map((x, k) => ({ ...x, count: counts[j]![k]! })) })),
    development: scoreDistribution(Float64Array.from(devScores), Uint8Array.from(devBad), 'train', 20),
  };
  return { mb: fs.statSync(file).size / 1048576, card: developed };
}

/** `npm run bench -- monitor`: `jointscore monitor` on 12 months × ROWS_PER_MONTH rows (a CSV, as a user runs it) against the same per-month PSI/CSI/AUC in pandas + scikit-learn; and RTA throughput with a challenger against without. */
export async function benchMonitor(): Promise<MonitorBench> {
  const runs: MonitorRun[] = [];
  for (const perMonth of SIZES) runs.push(await monitorRun(perMonth));
  console.log('monitor: RTA with and without a challenger …');
  const rta = process.env.BENCH_MONITOR_RTA === '0' ? null : await challengerThroughput();
  return { runs, rta };
}

async function monitorRun(ROWS_PER_MONTH: number): Promise<MonitorRun> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jointscore-bench-monitor-'));
  try {
    const card = bundleScorecard(benchCard(), 1);
    // The development distribution of the card's score on a sample like month 1.
    const names = card.characteristics.map((c) => c.name);
    const input = path.join(dir, 'input.csv');
    console.log(`monitor: writing ${(MONTHS * ROWS_PER_MONTH).toLocaleString('en')} rows …`);
    const { mb, card: developed } = writeInput(input, card, ROWS_PER_MONTH);
    const doc = scorecardDocument(developed, []);
    const bundle = writeBenchBundle(path.join(dir, 'bundle'), doc, { metrics: {}, trainingData: { dataset: 'bench', rows: ROWS_PER_MONTH, fingerprint: '' }, models: [] });
    console.log('monitor: jointscore monitor …');
    const t = performance.now();
    // GNU time reports the peak RSS; without it (macOS, Windows) the run goes on without that figure.
    const gnuTime = spawnSync('/usr/bin/time', ['-f', '%M', 'true'], { encoding: 'utf8' }).status === 0;
    const r = spawnSync(gnuTime ? '/usr/bin/time' : process.execPath, [...(gnuTime ? ['-f', 'PEAK_RSS_KB %M', process.execPath] : []), path.resolve('bin/jointscore.cjs'), 'monitor', '--bundle', bundle, '--input', input, '--time', 'month', '--target', 'bad', '--report', path.join(dir, 'report.html'), '--json'], { encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, JOINTSCORE_SETTINGS_DIR: dir } });
    const seconds = (performance.now() - t) / 1000;
    const rss = /PEAK_RSS_KB (\d+)/.exec(r.stderr ?? '');
    if (r.status !== 0) throw new Error(`jointscore monitor failed: ${r.stderr}`);
    const alerts = (JSON.parse(r.stdout) as { alerts: unknown[] }).alerts.length;

    let pandas: MonitorRun['pandas'] = null;
    const py = pandasPython();
    if (py) {
      console.log('monitor: pandas + scikit-learn …');
      const c0 = doc.scorecards[0]!;
      const spec = c0.characteristics.map((c) => ({
        name: c.name, type: c.type, n: c.attributes.length,
        cuts: c.attributes.filter((a) => a.kind === 'bin' && a.upper != null).map((a) => a.upper), bins: c.attributes.flatMap((a, k) => (a.kind === 'bin' ? [k] : [])),
        specials: c.attributes.flatMap((a, k) => (a.kind === 'special' ? [[a.value, k]] : [])), missing: c.attributes.findIndex((a) => a.kind === 'missing'),
        groups: c.attributes.flatMap((a, k) => (a.kind === 'bin' ? (a.categories ?? []).map((v) => [v, k]) : [])),
        points: [...c.attributes.map((a) => a.points), c.unseenPoints], counts: c.attributes.map((a) => a.count),
      }));
      const code = `
import json, time, numpy as np, pandas as pd
from sklearn.metrics import roc_auc_score, roc_curve
spec = json.loads(${JSON.stringify(JSON.stringify(spec))})
dev = json.loads(${JSON.stringify(JSON.stringify(c0.development))})
t = time.perf_counter()
df = pd.read_csv(${JSON.stringify(input)}, dtype={c['name']: (float if c['type'] == 'numeric' else str) for c in spec})
score = np.full(len(df), ${c0.basePoints}.0)
attrs = {}
for c in spec:
    v = df[c['name']]
    if c['type'] == 'numeric':
        x = v.to_numpy(dtype=float)
        a = np.asarray(c['bins'])[np.minimum(np.searchsorted(np.asarray(c['cuts'], dtype=float), x, side='right'), len(c['bins']) - 1)]
        for val, k in c['specials']: a = np.where(x == val, k, a)
        a = np.where(np.isnan(x), c['missing'], a)
    else:
        a = v.map(dict(c['groups'])).fillna(c['n']).to_numpy(dtype=int)
        a = np.where(v.isna(), c['missing'], a)
    attrs[c['name']] = a
    score += np.asarray(c['points'])[a]
def psi(e, a):
    e = np.maximum(e, 1e-4); a = np.maximum(a, 1e-4); return float(((a - e) * np.log(a / e)).sum())
e_score = np.asarray(dev['counts'], dtype=float) / dev['rows']
band = np.searchsorted(np.asarray(dev['cuts'], dtype=float), score, side='right')
out = []
for month, idx in df.groupby('month').indices.items():
    s = score[idx]; y = df['bad'].to_numpy()[idx]
    a_score = np.bincount(band[idx], minlength=len(e_score)) / len(idx)
    csi = {}
    for c in spec:
        cnt = np.asarray(c['counts'] + [0], dtype=float)
        csi[c['name']] = psi(cnt / cnt.sum(), np.bincount(attrs[c['name']][idx], minlength=c['n'] + 1) / len(idx))
    p = -s
    auc = roc_auc_score(y, p); fpr, tpr, _ = roc_curve(y, p)
    out.append((month, psi(e_score, a_score), csi, auc, float((tpr - fpr).max())))
print(time.perf_counter() - t, pd.__version__)`;
      const p = spawnSync(py, ['-c', code], { encoding: 'utf8', maxBuffer: 1 << 20 });
      if (p.status === 0) { const [s, v] = p.stdout.trim().split(/\s+/); pandas = { seconds: Number(s), version: v ?? '?' }; }
      else console.log(`monitor: pandas reference failed: ${p.stderr.slice(-500)}`);
    }
    return { rows: MONTHS * ROWS_PER_MONTH, months: MONTHS, characteristics: names.length, mb, jointscore: { seconds, alerts, peakRssMb: rss ? Number(rss[1]) / 1024 : null }, pandas };
  } finally {
    if (process.env.BENCH_MONITOR_KEEP) console.log(`monitor: kept ${dir}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
}
