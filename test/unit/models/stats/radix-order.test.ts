import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { radixOrder, sortF64 } from '../../../../models/stats/sort-f64';
import { mulberry32 } from '../../../../models/stats/random';

describe('radixOrder (stable argsort of doubles)', () => {
  it('equals a stable comparator sort on values with ties, negatives, −0, infinities and tiny and huge magnitudes', () => {
    const rand = mulberry32(21);
    const pool = [0, -0, 1, -1, 0.5, -0.5, 1e-300, -1e-300, 1e300, Infinity, -Infinity, 3.25];
    const values = Float64Array.from({ length: 5000 }, () => (rand() < 0.5 ? pool[Math.floor(rand() * pool.length)]! : (rand() - 0.5) * 10 ** Math.floor(rand() * 12)));
    const want = Int32Array.from({ length: values.length }, (_, i) => i).sort((a, b) => (values[a]! < values[b]! ? -1 : values[a]! > values[b]! ? 1 : a - b));
    assert.deepEqual(radixOrder(values), want);
    assert.deepEqual(Array.from(sortF64(values), (v) => v + 0), Array.from(want, (i) => values[i]! + 0), '−0 and 0 compare equal');
  });

  it('sorts columns of few distinct values (dates as milliseconds, a handful of rates, infinities) bit for bit as a comparator sort, and one with −0 or too many values the radix way', () => {
    const rand = mulberry32(22);
    const months = Array.from({ length: 14 }, (_, m) => Date.UTC(2024, m, 1));
    const rates = [0.0325, 0.049, 0.1, 0.18, 0.24, 0.36, Infinity, -Infinity, 1e15 + 0.5];
    const wide = Array.from({ length: 1024 }, (_, k) => k * 1e6 + 0.25);
    for (const [name, pool] of [['months', months], ['rates', rates], ['1,024 values', wide], ['1,025 values', [...wide, -7.5]], ['with -0', [...rates, -0, 0]]] as const) {
      const values = Float64Array.from({ length: 20_000 }, () => pool[Math.floor(rand() * pool.length)]!);
      const want = Float64Array.from(values).sort((a, b) => (Object.is(a, -0) && b === 0 ? -1 : Object.is(b, -0) && a === 0 ? 1 : a - b));
      const got = sortF64(values);
      assert.deepEqual(Array.from(got, (v) => (Object.is(v, -0) ? '-0' : v)), Array.from(want, (v) => (Object.is(v, -0) ? '-0' : v)), name);
    }
  });
});
