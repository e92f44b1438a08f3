import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';

/** Debian's python3 with pandas (python3-pandas), if installed: the reference of every benchmark. */
export function pandasPython(): string | null {
  for (const py of ['/usr/bin/python3', 'python3']) {
    const r = spawnSync(py, ['-c', 'import pandas; print(pandas.__version__)'], { encoding: 'utf8' });
    if (r.status === 0) return py;
  }
  return null;
}

export interface PandasRead {
  seconds: number;
  peakRssMb: number;
  version: string;
}

/** Times `pandas.read_csv(file)` in a fresh Python process (best of `runs`). */
export function pandasReadCsv(py: string, file: string, runs = 1): PandasRead {
  const code = `
import time, resource, pandas
best = 1e9
for _ in range(${runs}):
    t = time.perf_counter(); df = pandas.read_csv(${JSON.stringify(file)}); best = min(best, time.perf_counter() - t); del df
print(best, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, pandas.__version__)`;
  const r = spawnSync(py, ['-c', code], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`pandas failed: ${r.stderr}`);
  const [s, rss, v] = r.stdout.trim().split(/\s+/);
  return { seconds: Number(s), peakRssMb: Number(rss), version: v ?? '?' };
}

/** Peak resident memory (MB) of a running process, from /proc (Linux); null elsewhere. */
export function peakRssMb(pid: number): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

export interface DuckDbRead {
  seconds: number;
  peakRssMb: number | null;
  version: string;
}

/**
 * Times DuckDB's own CSV reader (`read_csv`, its type sniffing, all cores) loading a file into a
 * table of a fresh database file, checkpointed — the closest thing to our import (a file on disk
 * holding the typed columns). Null when @duckdb/node-api is not installed.
 */
export function duckdbReadCsv(file: string, dir: string): Promise<DuckDbRead | null> {
  const script = `
const { DuckDBInstance, version } = require('@duckdb/node-api');
(async () => {
  const db = await DuckDBInstance.create(${JSON.stringify(`${dir}/duck.duckdb`)});
  const c = await db.connect();
  const t = performance.now();
  await c.run("CREATE TABLE t AS SELECT * FROM read_csv(${JSON.stringify(file).replaceAll('"', "'")})");
  await c.run('CHECKPOINT');
  console.log((performance.now() - t) / 1000, version());
})().catch((e) => { console.error(e); process.exit(1); });`;
  return spawnWithPeak(process.execPath, ['-e', script]).then(({ code, stdout, peakMb }) => {
    fs.rmSync(`${dir}/duck.duckdb`, { force: true });
    if (code !== 0) return null;
    const [s, v] = stdout.trim().split(/\s+/);
    return { seconds: Number(s), peakRssMb: peakMb, version: v ?? '?' };
  });
}

/** Runs a command from the repository root; resolves with its exit code, stdout and peak memory (MB, Linux; stderr passed through). */
export function spawnWithPeak(command: string, args: string[]): Promise<{ code: number | null; stdout: string; peakMb: number | null }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    let peak: number | null = null;
    const poll = setInterval(() => { const p = peakRssMb(child.pid!); if (p !== null) peak = Math.max(peak ?? 0, p); }, 50);
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.on('close', (code) => {
      clearInterval(poll);
      resolve({ code, stdout, peakMb: peak });
    });
  });
}
