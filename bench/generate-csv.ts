import fs from 'node:fs';
import { mulberry32 } from '../models/stats/random';

export interface GenerateOptions {
  rows: number;
  numeric: number;
  categorical: number;
  missingRate: number;
  seed: number;
}

const LEVELS = [3, 5, 8, 12, 20, 30, 50];

/**
 * Writes a seeded CSV of mixed columns: `n0…` numbers (integers and two-decimal amounts),
 * `c0…` categories with 3–50 levels, `id` a row key and `bad` a 0/1 target; `missingRate` of
 * the feature values are empty. The same options always give the same bytes.
 */
export function generateCsv(file: string, o: GenerateOptions): void {
  const rand = mulberry32(o.seed);
  const fd = fs.openSync(file, 'w');
  const header = ['id', ...Array.from({ length: o.numeric }, (_, i) => `n${i}`), ...Array.from({ length: o.categorical }, (_, i) => `c${i}`), 'bad'];
  const scales = Array.from({ length: o.numeric }, (_, i) => 10 ** (1 + (i % 5)));
  const levels = Array.from({ length: o.categorical }, (_, i) => Array.from({ length: LEVELS[i % LEVELS.length]! }, (_, k) => `cat${i % 7}_${k}`));
  let buf = `${header.join(',')}\n`;
  for (let r = 0; r < o.rows; r++) {
    let line = String(r);
    for (let i = 0; i < o.numeric; i++) {
      line += ',';
      if (rand() < o.missingRate) continue;
      const v = rand() * scales[i]!;
      line += i % 2 === 0 ? String(Math.floor(v)) : v.toFixed(2);
    }
    for (let i = 0; i < o.categorical; i++) {
      line += ',';
      if (rand() < o.missingRate) continue;
      const lv = levels[i]!;
      line += lv[Math.floor(rand() * rand() * lv.length)]!;
    }
    line += rand() < 0.08 ? ',1\n' : ',0\n';
    buf += line;
    if (buf.length > 8 << 20) { fs.writeSync(fd, buf); buf = ''; }
  }
  fs.writeSync(fd, buf);
  fs.closeSync(fd);
}
