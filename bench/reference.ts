import { spawnSync } from 'node:child_process';
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
