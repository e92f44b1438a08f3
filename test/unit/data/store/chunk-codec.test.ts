import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeF64Into, decodeI32Into, encodeF64, encodeI32 } from '../../../../data/store/chunk-codec';

describe('column chunk codec', () => {
  it('round-trips Float64 values with NaN for missing, at an offset', () => {
    const v = new Float64Array([1.5, NaN, -0, Infinity, -1e300, 5e-324]);
    const blob = encodeF64(v, 5);
    assert.equal(blob.byteLength, 40);
    const out = new Float64Array(8).fill(7);
    assert.equal(decodeF64Into(blob, out, 2), 5);
    assert.deepEqual([...out], [7, 7, 1.5, NaN, -0, Infinity, -1e300, 7]);
    assert.ok(Object.is(out[4], -0));
  });
  it('round-trips Int32 codes with -1 for missing', () => {
    const c = new Int32Array([0, -1, 2147483647, 3]);
    const out = new Int32Array(4);
    decodeI32Into(encodeI32(c), out, 0);
    assert.deepEqual([...out], [0, -1, 2147483647, 3]);
  });
  it('refuses a blob whose size is not a whole number of values', () => {
    assert.throws(() => decodeF64Into(new Uint8Array(12), new Float64Array(4), 0), /corrupt/);
  });
});
