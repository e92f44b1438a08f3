import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createService } from '../service/create-service';
import { jointscore } from './cli';
import { generateScoringCsv } from './generate-scoring-csv';
import { pandasPython } from './reference';

const ROOT = process.cwd();
const OUT = path.join(ROOT, 'bench', 'out');
const ROWS = Number(process.env.BENCH_BIN_ROWS ?? 1_000_000);
const SHARED = path.resolve(ROOT, '..', 'shared', 'data');

export interface BinningBench {
  rows: number;
  variables: number;
  seconds: number;
  wallSeconds: number;
  editMs: { cold: number; median: number; max: number; edits: number };
  pandasSeconds: number | null;
  small: { name: string; rows: number; variables: number; seconds: number }[];
}

/** The part of `jointscore bin --json` this benchmark reads. */
interface BinJson { seconds: number; variables: { bins: { count: number }[] }[] }

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** pandas: per variable, 20 quantile classes (qcut) or the categories, then events / rows per class, WOE and IV — the usual notebook baseline. */
function pandasBinning(py: string, file: string): number | null {
  const code = `
import pandas as pd, numpy as np, time
df = pd.read_csv(${JSON.stringify(file)})
y = df['bad']
t = time.perf_counter()
for c in df.columns:
    if c in ('id', 'bad'): continue
    x = df[c]
    if x.dtype == object:
        g = x.fillna('Missing')
    else:
        g = pd.qcut(x.where(x != -999), 20, duplicates='drop').cat.add_categories(['Missing']).fillna('Missing')
    s = y.groupby(g, observed=True).agg(['sum', 'count'])
    e = s['sum'] + 0.5; n = s['count'] - s['sum'] + 0.5
    pe, pn = e / e.sum(), n / n.sum()
    iv = float(((pn - pe) * np.log(pn / pe)).sum())
print(time.perf_counter() - t)`;
  const r = spawnSync(py, ['-c', code], { encoding: 'utf8', maxBuffer: 1 << 24 });
  return r.status === 0 ? Number(r.stdout.trim()) : null;
}

/** `npm run bench -- binning`: every variable of a 1 M × 100 dataset, edit latency at 1 M rows, and the two public datasets. */
export async function benchBinning(): Promise<BinningBench> {
  fs.mkdirSync(OUT, { recursive: true });
  const file = path.join(OUT, `scoring-${ROWS}-seed7.csv`);
  if (!fs.existsSync(file)) {
    process.stderr.write(`generating ${file} …\n`);
    generateScoringCsv(file, { rows: ROWS, numeric: 70, categorical: 30, seed: 7 });
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jointscore-bench-'));
  try {
    const ws = path.join(dir, 'bin.jsw');
    await jointscore(['workspace', 'create', ws, '--json']);
    await jointscore(['import', file, '--workspace', ws, '--name', 'scoring', '--json']);
    const t0 = performance.now();
    const set = JSON.parse((await jointscore(['bin', '--workspace', ws, '--dataset', 'scoring', '--target', 'bad', '--special', '-999', '--json'])).stdout) as BinJson;
    const wallSeconds = (performance.now() - t0) / 1000;

    // Edits through the service in one process, as the UI makes them: the first reads and sorts the column.
    const service = createService({ mode: 'cli', settingsDir: dir });
    const times: number[] = [];
    const cuts = [[0], [-1, 0, 1], [-1.5, -0.5, 0.5, 1.5], [-2, -1, 0, 1, 2]];
    for (let i = 0; i < 21; i++) {
      const r = await service.call('binning.edit', { workspace: ws, dataset: 'scoring', target: 'bad', variable: 'x0', action: { op: 'cuts', cuts: cuts[i % cuts.length]! } });
      times.push(r.milliseconds);
    }
    service.close();

    const small: BinningBench['small'] = [];
    for (const [name, target] of [['germancredit', 'creditability'], ['hmeq', 'BAD']] as const) {
      await jointscore(['import', path.join(SHARED, `${name}.csv`), '--workspace', ws, '--name', name, '--json']);
      const s = JSON.parse((await jointscore(['bin', '--workspace', ws, '--dataset', name, '--target', target, '--json'])).stdout) as BinJson;
      small.push({ name, rows: s.variables[0]!.bins.reduce((a, b) => a + b.count, 0), variables: s.variables.length, seconds: s.seconds });
    }
    const py = pandasPython();
    return {
      rows: ROWS, variables: set.variables.length, seconds: set.seconds, wallSeconds,
      editMs: { cold: times[0]!, median: median(times.slice(1)), max: Math.max(...times.slice(1)), edits: times.length - 1 },
      pandasSeconds: py ? pandasBinning(py, file) : null, small,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
