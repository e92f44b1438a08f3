import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sortScaledKeys } from '../../../../models/stats/sort-f64';
import { ScaledKeySorter } from '../../../../models/stats/sort-keys-kernel';
import { mulberry32 } from '../../../../models/stats/random';
import { encodeF64, packedColumnKeys, unpackColumnKeys } from '../../../../data/store/chunk-codec';

/** The WebAssembly sort of packed keys must give exactly what the JavaScript one gives. */
describe('ScaledKeySorter (sortScaledKeys in WebAssembly)', () => {
  const sorter = ScaledKeySorter.create();

  it('compiles here', () => assert.ok(sorter));

  it('sorts keys counted or radix-sorted, with negative and wide ranges, ties and one value, to the same values and distinct count', () => {
    const rand = mulberry32(7);
    const cases: { n: number; min: number; span: number; scale: number }[] = [
      { n: 0, min: 0, span: 1, scale: 1 },
      { n: 1, min: -5, span: 1, scale: 10 },
      { n: 5000, min: 3, span: 1, scale: 1 },
      { n: 20000, min: -50, span: 100, scale: 100 },
      { n: 20000, min: 0, span: 262144, scale: 1 },
      { n: 20000, min: -1000, span: 262145, scale: 1000 },
      { n: 30000, min: -3_000_000, span: 10_000_000, scale: 100 },
      { n: 30000, min: -1_073_741_823, span: 2_147_483_646, scale: 10000 },
    ];
    for (const c of cases) {
      const keys = Int32Array.from({ length: c.n }, () => c.min + Math.floor(rand() * c.span));
      if (c.n > 2) { keys[0] = c.min; keys[1] = c.min + c.span - 1; }
      const min = c.n ? Math.min(...keys) : 0, max = c.n ? Math.max(...keys) : 0;
      const want = sortScaledKeys(keys, min, max, c.scale);
      sorter!.keys(c.n).set(keys);
      const got = sorter!.sort(c.n, min, max, c.scale);
      assert.equal(got.distinct, want.distinct, `distinct, ${JSON.stringify(c)}`);
      assert.deepEqual(Array.from(got.sorted), Array.from(want.sorted), `values, ${JSON.stringify(c)}`);
    }
  });

  it('unpacks packed chunks of every width and scale, with missing values, to the keys packedColumnKeys gives, and declines the same chunks', () => {
    const rand = mulberry32(9);
    const chunk = (n: number, make: () => number) => new Uint8Array(encodeF64(Float64Array.from({ length: n }, () => (rand() < 0.07 ? NaN : make()))));
    const columns: Uint8Array[][] = [
      [chunk(300, () => Math.floor(rand() * 100) - 50), chunk(200, () => Math.floor(rand() * 30000)), chunk(100, () => Math.floor(rand() * 1e9))],
      [chunk(300, () => Math.round(rand() * 1000) / 10), chunk(300, () => Math.round(rand() * 1e6) / 1000), chunk(50, () => Math.floor(rand() * 7))],
      [chunk(100, () => Math.round(rand() * 1e7) / 1e4), chunk(100, () => Math.floor(rand() * 2e5))], // 2e5 · 10^4 passes 2^30: declined
      [chunk(10, () => NaN)],
      [],
    ];
    for (const [i, chunks] of columns.entries()) {
      const want = packedColumnKeys(chunks);
      const got = unpackColumnKeys(chunks, sorter!);
      if (want === null) { assert.equal(got, null, `column ${i}: declined`); continue; }
      assert.ok(got, `column ${i}`);
      assert.deepEqual({ count: got.count, exponent: got.exponent, min: got.min, max: got.max }, { count: want.count, exponent: want.exponent, min: want.min, max: want.max }, `column ${i}`);
      assert.deepEqual(Array.from(sorter!.keys(got.count).subarray(0, got.n)), Array.from(want.keys), `column ${i}: keys`);
    }
    assert.equal(packedColumnKeys(columns[2]!), null, 'the declining case declines');
  });
});
