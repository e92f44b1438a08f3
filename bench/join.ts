import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { JoinResult } from '../service/contract';
import { jointscore } from './cli';
import { mulberry32 } from '../models/stats/random';
import { pandasPython } from './reference';

const cliOut = async (args: string[]) => (await jointscore(args)).stdout;

const ROWS = Number(process.env.BENCH_JOIN_ROWS ?? 1_000_000);


export interface JoinBench {
  rows: number;
  result: JoinResult;
  pandasMergeSeconds: number | null;
}

/** `npm run bench -- join`: two 1 M-row datasets keyed by SHA-256 hex, 60% overlap, joined through the CLI; pandas.merge on the same keys as reference. */
export async function benchJoin(): Promise<JoinBench> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jointscore-bench-'));
  try {
    const rand = mulberry32(11);
    const key = (i: number) => createHash('sha256').update(`user-${i}`).digest('hex');
    const write = (file: string, header: string, row: (i: number) => string, from: number) => {
      const fd = fs.openSync(file, 'w');
      let buf = `${header}\n`;
      for (let i = 0; i < ROWS; i++) { buf += `${row(from + i)}\n`; if (buf.length > 4 << 20) { fs.writeSync(fd, buf); buf = ''; } }
      fs.writeSync(fd, buf);
      fs.closeSync(fd);
    };
    const lender = path.join(dir, 'lender.csv');
    const partner = path.join(dir, 'partner.csv');
    write(lender, 'uid,bad', (i) => `${key(i)},${rand() < 0.05 ? 1 : 0}`, 0);
    write(partner, 'uid,usage', (i) => `${key(i)},${Math.floor(rand() * 500)}`, Math.round(ROWS * 0.4));
    const ws = path.join(dir, 'join.jsw');
    await cliOut(['workspace', 'create', ws, '--json']);
    await cliOut(['import', lender, '--workspace', ws, '--name', 'lender', '--json']);
    await cliOut(['import', partner, '--workspace', ws, '--name', 'partner', '--party', 'partner', '--json']);
    const result = JSON.parse(await cliOut(['join', '--workspace', ws, '--left', 'lender', '--right', 'partner', '--on', 'uid', '--name', 'joined', '--json'])) as JoinResult;
    const py = pandasPython();
    let pandasMergeSeconds: number | null = null;
    if (py) {
      const code = `
import pandas, time
l = pandas.read_csv(${JSON.stringify(lender)}); r = pandas.read_csv(${JSON.stringify(partner)})
t = time.perf_counter(); m = l.merge(r, on='uid', how='inner'); print(time.perf_counter() - t, len(m))`;
      const r = spawnSync(py, ['-c', code], { encoding: 'utf8' });
      if (r.status === 0) pandasMergeSeconds = Number(r.stdout.trim().split(' ')[0]);
    }
    return { rows: ROWS, result, pandasMergeSeconds };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
