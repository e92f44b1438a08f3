import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundleScorecard, scorecardDocument } from '../models/export/scorecard-document';
import { scorerSource } from '../models/export/scorer-source';
import { buildScorecard } from '../models/scorecard/build-scorecard';
import { mulberry32 } from '../models/stats/random';
import { inputsOf } from '../service/export/export-bundle';
import type { BundleScorer } from '../data/bundle/read-bundle';
import type { BinRow } from '../types/binning';
import type { ScorecardDocument } from '../types/bundle';
import { DEFAULT_SCALING } from '../types/scorecard';
import { pandasPython } from './reference';

const ROWS = Number(process.env.BENCH_SCORE_ROWS ?? 1_000_000);
const NUMERIC = 12, CATEGORICAL = 3;

export interface ScoreBench {
  characteristics: number;
  rows: number;
  scoreValueRowsPerSecond: number;
  scoreRowsPerSecond: number;
  cli: { seconds: number; rowsPerSecond: number; mb: number };
  pandas: { seconds: number; version: string } | null;
}

/** A 15-characteristic card (12 numeric with 6 bins, a special and missing; 3 categorical with 4 groups). */
export function benchCard() {
  const rand = mulberry32(21);
  const bin = (b: Partial<BinRow>): BinRow => ({ label: '', kind: 'bin', count: 1000, share: 0.1, events: 100, nonEvents: 900, eventRate: 0.1, woe: (rand() - 0.5) * 2, iv: 0.01, ...b });
  const characteristics = Array.from({ length: NUMERIC + CATEGORICAL }, (_, j) => {
    if (j < NUMERIC) {
      const cuts = [10, 20, 35, 50, 80];
      const bounds = [-Infinity, ...cuts, Infinity];
      const bins = cuts.map((_, k) => bin({ label: `b${k}`, lower: Number.isFinite(bounds[k]!) ? bounds[k]! : null, upper: bounds[k + 1]! })).concat([bin({ label: 'last', lower: 80, upper: null })]);
      bins.push(bin({ label: 'Special -999', kind: 'special', value: -999 }), bin({ label: 'Missing', kind: 'missing' }));
      return { name: `x${j}`, party: 'partner', coefficient: -(0.3 + rand()), spec: { kind: 'numeric' as const, cuts }, table: { bins, totals: { count: 0, events: 0, nonEvents: 0, eventRate: 0 }, iv: 0.1, ks: 0.1, trend: 'none' as const } };
    }
    const groups = [['a', 'b'], ['c'], ['d', 'e', 'f'], ['g']];
    const bins = groups.map((g, k) => bin({ label: `g${k}`, categories: g })).concat([bin({ label: 'Missing', kind: 'missing' })]);
    return { name: `c${j}`, party: 'partner', coefficient: -(0.3 + rand()), spec: { kind: 'categorical' as const, groups }, table: { bins, totals: { count: 0, events: 0, nonEvents: 0, eventRate: 0 }, iv: 0.1, ks: 0.1, trend: 'none' as const } };
  });
  return buildScorecard({ modelId: 1, modelName: 'bench', dataset: 'bench', purpose: 'credit', target: 'bad', event: '1', intercept: -2, characteristics }, DEFAULT_SCALING);
}

/** An unsigned bundle of one card (scorecard.json, scorer.mjs, a manifest with their sha256): what `score` and `monitor` read. */
export function writeBenchBundle(bundle: string, doc: ScorecardDocument, manifest: Record<string, unknown> = {}): string {
  const files = [
    { path: 'scorecard.json', data: Buffer.from(JSON.stringify(doc)) },
    { path: 'scorer.mjs', data: Buffer.from(scorerSource(doc, null, 'bench')) },
  ];
  fs.mkdirSync(bundle);
  for (const f of files) fs.writeFileSync(path.join(bundle, f.path), f.data);
  fs.writeFileSync(path.join(bundle, 'manifest.json'), JSON.stringify({ format: 'jointscore-bundle', formatVersion: 1, inputs: inputsOf(doc.scorecards), ...manifest, files: files.map((f) => ({ path: f.path, bytes: f.data.length, sha256: createHash('sha256').update(f.data).digest('hex') })) }));
  return bundle;
}

function records(n: number): Record<string, number | string | null>[] {
  const rand = mulberry32(22);
  const cats = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
  return Array.from({ length: n }, () => {
    const r: Record<string, number | string | null> = {};
    for (let j = 0; j < NUMERIC; j++) { const u = rand(); r[`x${j}`] = u < 0.03 ? null : u < 0.05 ? -999 : Math.round(rand() * 1000) / 10; }
    for (let j = NUMERIC; j < NUMERIC + CATEGORICAL; j++) { const u = rand(); r[`c${j}`] = u < 0.03 ? null : cats[Math.floor(rand() * cats.length)]!; }
    return r;
  });
}

/** `npm run bench -- score`: scorer.mjs rows per second on one core (15 characteristics), and `jointscore score` on a 1 M-row CSV against pandas. */
export async function benchScore(): Promise<ScoreBench> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jointscore-bench-score-'));
  try {
    const card = bundleScorecard(benchCard(), 1);
    const doc = scorecardDocument(card, []);
    const bundle = writeBenchBundle(path.join(dir, 'bundle'), doc);
    const scorer = (await import(pathToFileURL(path.join(bundle, 'scorer.mjs')).href)) as BundleScorer;
    const recs = records(ROWS);
    let sink = 0;
    for (let i = 0; i < 200_000; i++) sink += scorer.scoreValue(recs[i % recs.length]!);
    const best = (fn: () => void) => { let b = Infinity; for (let r = 0; r < 3; r++) { const t = performance.now(); fn(); b = Math.min(b, performance.now() - t); } return b / 1000; };
    const tValue = best(() => { for (let i = 0; i < recs.length; i++) sink += scorer.scoreValue(recs[i]!); });
    const tFull = best(() => { for (let i = 0; i < recs.length; i++) sink += scorer.score(recs[i]!).score; });
    if (sink === 42) console.log('');

    const csv = path.join(dir, 'input.csv');
    const names = Object.keys(recs[0]!);
    const lines = [['id', ...names].join(',')];
    recs.forEach((r, i) => lines.push([`u${i}`, ...names.map((n) => (r[n] === null ? '' : String(r[n])))].join(',')));
    fs.writeFileSync(csv, `${lines.join('\n')}\n`);
    const mb = fs.statSync(csv).size / 1048576;
    let t = performance.now();
    const cli = spawnSync(process.execPath, [path.join(process.cwd(), 'bin', 'jointscore.cjs'), 'score', '--bundle', bundle, '--input', csv, '--out', path.join(dir, 'out.csv'), '--json'], { encoding: 'utf8', env: { ...process.env, JOINTSCORE_SETTINGS_DIR: dir } });
    const cliSeconds = (performance.now() - t) / 1000;
    if (cli.status !== 0) throw new Error(`jointscore score failed: ${cli.stderr}`);

    let pandas: ScoreBench['pandas'] = null;
    const py = pandasPython();
    if (py) {
      // Vectorized points lookup per characteristic (searchsorted / map), summed, written: the same job in pandas.
      const spec = doc.scorecards[0]!.characteristics.map((c) => ({
        name: c.name, type: c.type, missing: c.attributes.find((a) => a.kind === 'missing')!.points,
        specials: c.attributes.filter((a) => a.kind === 'special').map((a) => [a.value, a.points]),
        cuts: c.attributes.filter((a) => a.kind === 'bin' && a.upper != null).map((a) => a.upper), points: c.attributes.filter((a) => a.kind === 'bin').map((a) => a.points),
        groups: c.attributes.filter((a) => a.kind === 'bin').flatMap((a) => (a.categories ?? []).map((v) => [v, a.points])),
      }));
      const code = `
import json, time, numpy as np, pandas as pd
spec = json.loads(${JSON.stringify(JSON.stringify(spec))})
t = time.perf_counter()
df = pd.read_csv(${JSON.stringify(csv)})
score = np.full(len(df), ${card.basePoints}.0)
for c in spec:
    v = df[c['name']]
    if c['type'] == 'numeric':
        x = v.to_numpy(dtype=float)
        p = np.asarray(c['points'], dtype=float)[np.searchsorted(np.asarray(c['cuts'], dtype=float), x, side='right')]
        for val, pts in c['specials']: p = np.where(x == val, pts, p)
        p = np.where(np.isnan(x), c['missing'], p)
    else:
        p = v.map(dict(c['groups'])).fillna(0).to_numpy(dtype=float)
        p = np.where(v.isna(), c['missing'], p)
    score += p
pd.DataFrame({'id': df['id'], 'score': score}).to_csv(${JSON.stringify(path.join(dir, 'pandas.csv'))}, index=False)
print(time.perf_counter() - t, pd.__version__)`;
      t = performance.now();
      const r = spawnSync(py, ['-c', code], { encoding: 'utf8', maxBuffer: 1 << 20 });
      if (r.status === 0) { const [s, v] = r.stdout.trim().split(/\s+/); pandas = { seconds: Number(s), version: v ?? '?' }; }
    }
    return {
      characteristics: NUMERIC + CATEGORICAL, rows: ROWS,
      scoreValueRowsPerSecond: ROWS / tValue, scoreRowsPerSecond: ROWS / tFull,
      cli: { seconds: cliSeconds, rowsPerSecond: ROWS / cliSeconds, mb }, pandas,
    };
  } finally {
    // BENCH_KEEP=1 keeps the bundle and the input for profiling `jointscore score` by hand.
    if (process.env.BENCH_KEEP) process.stderr.write(`kept ${dir}\n`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
}
