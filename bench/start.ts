import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Process start-up as a user meets it: `jointscore --help` and a command that opens a workspace, best of several runs, beside bare Node and Python importing pandas. */
export interface StartBench {
  runs: number;
  help: number;
  datasets: number;
  node: number;
  pandasImport: number | null;
}

function best(runs: number, cmd: string, args: string[]): number | null {
  let min = Infinity;
  for (let k = 0; k < runs; k++) {
    const t = performance.now();
    const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'ignore'] });
    if (r.status !== 0) return null;
    min = Math.min(min, (performance.now() - t) / 1000);
  }
  return min;
}

export async function benchStart(runs = 7): Promise<StartBench> {
  const cli = path.join(process.cwd(), 'bin', 'jointscore.cjs');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jointscore-start-'));
  const ws = path.join(dir, 'w.jsw');
  spawnSync(process.execPath, [cli, 'workspace', 'create', ws], { stdio: 'ignore' });
  try {
    return {
      runs,
      help: best(runs, process.execPath, [cli, '--help'])!,
      datasets: best(runs, process.execPath, [cli, 'datasets', '--workspace', ws, '--json'])!,
      node: best(runs, process.execPath, ['-e', '0'])!,
      pandasImport: best(runs, '/usr/bin/python3', ['-c', 'import pandas']),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
