import fs from 'node:fs';
import { mulberry32 } from '../models/stats/random';

/**
 * A seeded credit-like dataset for binning and model benchmarks: `id`, `numeric` numeric
 * features (normal, skewed amounts, counts; −999 "no record" in every fifth; 5% missing),
 * `categorical` categories, and a `bad` target drawn from a logistic model of the first ten
 * numeric and first five categorical features (so the bins have signal to find, with
 * non-linear and non-monotonic shapes among them). Same options, same bytes.
 */
export function generateScoringCsv(file: string, o: { rows: number; numeric: number; categorical: number; seed: number }): void {
  const rand = mulberry32(o.seed);
  const normal = () => { const u = Math.max(rand(), 1e-12), v = rand(); return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v); };
  const fd = fs.openSync(file, 'w');
  const header = ['id', ...Array.from({ length: o.numeric }, (_, i) => `x${i}`), ...Array.from({ length: o.categorical }, (_, i) => `k${i}`), 'bad'];
  let buf = `${header.join(',')}\n`;
  const x = new Float64Array(o.numeric);
  const k = new Int32Array(o.categorical);
  for (let r = 0; r < o.rows; r++) {
    let logit = -2.6;
    for (let i = 0; i < o.numeric; i++) {
      const z = normal();
      const kind = i % 3;
      x[i] = kind === 0 ? z : kind === 1 ? Math.exp(8 + z) : Math.floor(-Math.log(Math.max(rand(), 1e-12)) * 3);
      if (i < 10) logit += i % 4 === 3 ? 0.35 * z * z - 0.35 : 0.45 * (i % 2 ? -z : z);
    }
    for (let j = 0; j < o.categorical; j++) {
      const levels = 4 + (j % 5) * 6;
      k[j] = Math.floor(rand() * rand() * levels);
      if (j < 5) logit += ((k[j]! * 7919) % 11) / 11 - 0.5;
    }
    let line = String(r);
    for (let i = 0; i < o.numeric; i++) {
      const u = rand();
      line += u < 0.05 ? ',' : i % 5 === 4 && u < 0.08 ? ',-999' : i % 3 === 1 ? `,${x[i]!.toFixed(2)}` : i % 3 === 0 ? `,${x[i]!.toFixed(4)}` : `,${x[i]}`;
    }
    for (let j = 0; j < o.categorical; j++) line += rand() < 0.05 ? ',' : `,L${j % 7}_${k[j]}`;
    line += rand() < 1 / (1 + Math.exp(-logit)) ? ',1\n' : ',0\n';
    buf += line;
    if (buf.length > 8 << 20) { fs.writeSync(fd, buf); buf = ''; }
  }
  fs.writeSync(fd, buf);
  fs.closeSync(fd);
}
