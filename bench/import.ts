import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { readColumn } from '../data/store/column-chunks';
import { getDataset } from '../data/store/datasets';
import type { ImportResult } from '../service/contract';
import { jointscore } from './cli';
import { compareParsers, type ParserResult } from './csv-parsers';
import { generateCsv } from './generate-csv';
import { duckdbReadCsv, pandasPython, pandasReadCsv, type DuckDbRead, type PandasRead } from './reference';

/** The repository (benchmarks run from its root, bundled into dist/bench.cjs). */
const ROOT = process.cwd();
const OUT = path.join(ROOT, 'bench', 'out');
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const SPEC = { rows: ROWS, numeric: 60, categorical: 40, missingRate: 0.05, seed: 20261123 };


function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export interface ImportBench {
  file: { rows: number; columns: number; mb: number };
  jointscore: { seconds: number; mbPerSecond: number; rowsPerSecond: number; peakRssMb: number | null; timings: ImportResult['timings'] };
  pandas: (PandasRead & { mbPerSecond: number }) | null;
  duckdb: (DuckDbRead & { mbPerSecond: number }) | null;
  columnReadMs: { first: number; median: number };
  parsers: { sliceMb: number; results: ParserResult[]; pandasSeconds: number | null };
}

/** `npm run bench -- import`: a seeded 1 M × 100 CSV through the real CLI, against pandas.read_csv. */
export async function benchImport(): Promise<ImportBench> {
  fs.mkdirSync(OUT, { recursive: true });
  const file = path.join(OUT, `mixed-${ROWS}-seed${SPEC.seed}.csv`);
  if (!fs.existsSync(file)) {
    process.stderr.write(`generating ${file} …\n`);
    generateCsv(file, SPEC);
  }
  const mb = fs.statSync(file).size / 1048576;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jointscore-bench-'));
  try {
    const ws = path.join(dir, 'bench.jsw');
    await jointscore(['workspace', 'create', ws, '--json']);
    fs.readFileSync(file); // warm the page cache for both readers alike
    const run = await jointscore(['import', file, '--workspace', ws, '--json']);
    const r = JSON.parse(run.stdout) as ImportResult;

    const db = new Database(ws, { readonly: true });
    const ds = getDataset(db, r.dataset);
    const times: number[] = [];
    for (let i = 0; i < 7; i++) { const t = performance.now(); readColumn(db, ds, 'n7'); times.push(performance.now() - t); }
    db.close();

    const py = pandasPython();
    const pandas = py ? pandasReadCsv(py, file) : null;
    const duck = await duckdbReadCsv(file, dir);

    const slice = path.join(dir, 'slice.csv');
    const head = Math.min(fs.statSync(file).size, 100 * 1048576);
    const buf = Buffer.alloc(head);
    const fd = fs.openSync(file, 'r'); fs.readSync(fd, buf, 0, head, 0); fs.closeSync(fd);
    fs.writeFileSync(slice, buf.subarray(0, buf.lastIndexOf(10) + 1));
    const results = await compareParsers(slice);
    const slicePandas = py ? pandasReadCsv(py, slice, 3).seconds : null;

    return {
      file: { rows: r.rows, columns: r.columns.length, mb },
      jointscore: { seconds: r.seconds, mbPerSecond: mb / r.seconds, rowsPerSecond: r.rows / r.seconds, peakRssMb: run.peakMb, timings: r.timings },
      pandas: pandas ? { ...pandas, mbPerSecond: mb / pandas.seconds } : null,
      duckdb: duck ? { ...duck, mbPerSecond: mb / duck.seconds } : null,
      columnReadMs: { first: times[0]!, median: median(times) },
      parsers: { sliceMb: fs.statSync(slice).size / 1048576, results, pandasSeconds: slicePandas },
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
