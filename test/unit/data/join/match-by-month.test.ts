import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { matchByMonth } from '../../../../data/join/join-datasets';
import { mulberry32 } from '../../../../models/stats/random';

/** The same tally the plain way: a Date and a string per row. */
function byDate(values: Float64Array, kept: Uint8Array, matched: Uint8Array) {
  const tally = new Map<string, { rows: number; matched: number }>();
  values.forEach((v, i) => {
    if (!kept[i] || Number.isNaN(v)) return;
    const iso = new Date(v).toISOString();
    const month = iso.slice(0, iso.indexOf('-', 1) + 3);
    const t = tally.get(month) ?? { rows: 0, matched: 0 };
    t.rows++; t.matched += matched[i]!;
    tally.set(month, t);
  });
  return [...tally].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).slice(0, 240).map(([month, t]) => ({ month, rows: t.rows, matched: t.matched, rate: t.matched / t.rows }));
}

describe('the match rate by month of a join', () => {
  it('counts left rows and matched rows per UTC month as a Date per row would: runs and shuffles, months before the first seen, far-apart dates, missing and dropped rows', () => {
    const rnd = mulberry32(16);
    const month = (y: number, m: number, day = 1) => Date.UTC(y, m, day, Math.floor(rnd() * 24));
    for (const shape of ['shuffled', 'runs', 'wide', 'far']) {
      const n = 20_000;
      const values = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        if (rnd() < 0.03) { values[i] = NaN; continue; }
        if (shape === 'shuffled') values[i] = month(2025, Math.floor(rnd() * 12), 1 + Math.floor(rnd() * 28));
        else if (shape === 'runs') values[i] = month(2020 + Math.floor(i / 3000), (i >> 8) % 12);
        else if (shape === 'wide') values[i] = month(1990 + Math.floor(rnd() * 60) - (i > n / 2 ? 30 : 0), Math.floor(rnd() * 12));
        else values[i] = rnd() < 0.5 ? month(2024, Math.floor(rnd() * 3)) : (rnd() < 0.5 ? -1 : 1) * 8e15 * rnd();
      }
      const kept = Uint8Array.from({ length: n }, () => (rnd() < 0.9 ? 1 : 0));
      const matched = Uint8Array.from({ length: n }, () => (rnd() < 0.6 ? 1 : 0));
      assert.deepEqual(matchByMonth(values, kept, matched), byDate(values, kept, matched), shape);
    }
  });
});
