import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { binNumeric, MISSING_BIN, numericThresholds } from '../../../../models/gbdt/quantize';
import { mulberry32 } from '../../../../models/stats/random';

/** The bin by definition: how many thresholds lie below the value (binary search). */
function bySearch(v: number, t: readonly number[]): number {
  let lo = 0, hi = t.length;
  while (lo < hi) { const m = (lo + hi) >> 1; if (v <= t[m]!) hi = m; else lo = m + 1; }
  return lo;
}

describe('binning values for the trees', () => {
  const r = mulberry32(9);
  const shapes: [string, () => number][] = [
    ['uniform', () => r()], ['heavy-tailed', () => Math.exp(r() * 30)], ['five integers', () => Math.floor(r() * 5)],
    ['two extremes', () => (r() < 0.5 ? -1e12 : 1e12)], ['tiny', () => r() * 1e-300], ['negative skew', () => -Math.exp(r() * 8)],
  ];
  for (const [name, draw] of shapes) {
    it(`puts every value (${name}, ±∞, −0, NaN, each threshold and its neighbours) in the bin a binary search gives`, () => {
      const v = Float64Array.from({ length: 50_000 }, draw);
      v[0] = Infinity; v[1] = -Infinity; v[2] = NaN; v[3] = -0;
      const t = numericThresholds(v);
      const near = t.flatMap((x) => [x, x + Math.abs(x) * 1e-12 + 1e-300, x - Math.abs(x) * 1e-12 - 1e-300]);
      const all = Float64Array.from([...v, ...near]);
      const b = binNumeric(all, t);
      for (let i = 0; i < all.length; i++) assert.equal(b[i], Number.isNaN(all[i]!) ? MISSING_BIN : bySearch(all[i]!, t), `value ${all[i]}`);
    });
  }
  it('bins with no threshold (one distinct value) put every value in bin 0', () => {
    assert.deepEqual(Array.from(binNumeric(Float64Array.of(3, 3, NaN), [])), [0, 0, MISSING_BIN]);
  });
});
