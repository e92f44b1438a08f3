import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PseudonymizeResult } from '../service/contract';
import { jointscore } from './cli';
import { mulberry32 } from '../models/stats/random';
import { pandasPython } from './reference';

const cliOut = async (args: string[]) => (await jointscore(args)).stdout;

const ROWS = Number(process.env.BENCH_IDS ?? 1_000_000);


export interface PseudonymizeBench {
  rows: number;
  results: { hash: string; idsPerSecond: number; seconds: number }[];
  python: { hash: string; idsPerSecond: number }[] | null;
}

/** `npm run bench -- pseudonymize`: 1 M raw phone numbers through the CLI, against Python's hashlib on the same ids. */
export async function benchPseudonymize(): Promise<PseudonymizeBench> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jointscore-bench-'));
  try {
    const rand = mulberry32(7);
    const input = path.join(dir, 'phones.csv');
    const lines = ['phone,x'];
    for (let i = 0; i < ROWS; i++) lines.push(`+86 1${3 + Math.floor(rand() * 7)}${String(Math.floor(rand() * 1e9)).padStart(9, '0')},${i % 10}`);
    fs.writeFileSync(input, `${lines.join('\n')}\n`);
    const secret = path.join(dir, 'secret');
    fs.writeFileSync(secret, 'bench-secret-2026-pseudonymize', { mode: 0o600 });
    const results = [];
    for (const hash of ['hmac-sha256', 'md5']) {
      const r = JSON.parse(await cliOut(['pseudonymize', input, '--key', 'phone', '--key-kind', 'phone', '--hash', hash, '--secret-file', secret, '--out', path.join(dir, `out-${hash}.csv`), '--json'])) as PseudonymizeResult;
      results.push({ hash, idsPerSecond: r.idsPerSecond, seconds: r.seconds });
    }
    const py = pandasPython();
    let python: PseudonymizeBench['python'] = null;
    if (py) {
      const code = `
import hashlib, hmac, re, time
ids = [l.split(',')[0] for l in open(${JSON.stringify(input)}, encoding='utf-8').read().splitlines()[1:]]
def norm(s):
    s = re.sub(r'[\\s\\-().]', '', s)
    return s[3:] if s.startswith('+86') else s
for name in ('hmac-sha256', 'md5'):
    t = time.perf_counter()
    if name == 'md5':
        out = [hashlib.md5(norm(s).encode()).hexdigest() for s in ids]
    else:
        out = [hmac.new(b'bench-secret-2026-pseudonymize', norm(s).encode(), hashlib.sha256).hexdigest() for s in ids]
    print(name, len(ids) / (time.perf_counter() - t))`;
      const r = spawnSync(py, ['-c', code], { encoding: 'utf8' });
      if (r.status === 0) python = r.stdout.trim().split('\n').map((l) => { const [hash, v] = l.split(' '); return { hash: hash!, idsPerSecond: Number(v) }; });
    }
    return { rows: ROWS, results, python };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
