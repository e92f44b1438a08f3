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
});
