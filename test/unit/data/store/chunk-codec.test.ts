import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeF64Into, decodeI32Into, encodeF64, encodeI32 } from '../../../../data/store/chunk-codec';

describe('column chunk codec', () => {
  it('packs whole numbers in 1, 2 or 4 bytes each (missing kept), to a length no raw chunk has, and reads them back', () => {
    const cases: [number[], number][] = [[[0, 1, NaN, 1, -127, 127], 1], [[300, -32767, NaN, 5], 2], [[70000, -2147483647, 2147483647, NaN], 4]];
    for (const [xs, width] of cases) {
      const v = Float64Array.from(xs);
      const blob = encodeF64(v);
      assert.equal(blob[0], width);
      assert.equal(blob.byteLength % 8, 1, 'raw chunks are multiples of 8 bytes; packed ones are not');
      assert.ok(blob.byteLength < v.length * 8 + 8);
      const out = new Float64Array(v.length + 2).fill(7);
      assert.equal(decodeF64Into(blob, out, 1), v.length);
      assert.deepEqual([...out], [7, ...xs, 7]);
    }
    // What does not fit stays raw: fractions past four places, −0, numbers past 32 bits; all missing is packed.
    for (const xs of [[0.1 + 0.2, 1], [1 / 3, 0], [-0, 1], [2 ** 31, 0], [0.5, 2 ** 31]]) assert.equal(encodeF64(Float64Array.from(xs)).byteLength, xs.length * 8, String(xs));
    const empty = encodeF64(Float64Array.from([NaN, NaN]));
    const back = new Float64Array(2);
    decodeF64Into(empty, back, 0);
    assert.ok(Number.isNaN(back[0]!) && Number.isNaN(back[1]!));
    // A million flags: 1 byte each instead of 8.
    const flags = Float64Array.from({ length: 1_000_000 }, (_, i) => i % 3 === 0 ? 1 : 0);
    assert.ok(encodeF64(flags).byteLength < 1_000_010);
  });

  it('packs decimals of up to four places as scaled integers that read back as exactly the doubles the text parsed to', () => {
    let seed = 7;
    const rand = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
    for (let places = 1; places <= 4; places++) {
      const texts = Array.from({ length: 5000 }, () => ((rand() - 0.3) * 20000).toFixed(places));
      const v = Float64Array.from(texts, (t, i) => (i % 17 === 0 ? NaN : Number(t)));
      const blob = encodeF64(v);
      assert.equal(blob.byteLength % 8, 1, `${places} places: packed`);
      assert.equal(blob[0]! >> 4, places <= 1 ? 1 : places, 'the exponent is the fewest places that hold every value');
      const out = new Float64Array(v.length);
      decodeF64Into(blob, out, 0);
      for (let i = 0; i < v.length; i++) assert.ok(Object.is(out[i], v[i]) || (Number.isNaN(out[i]!) && Number.isNaN(v[i]!)), `${texts[i]} came back as ${out[i]}`);
    }
    const rates = Float64Array.from([0.35, 0.07, NaN, 1.25, -0.5]);
    const blob = encodeF64(rates);
    assert.deepEqual([blob[0]! & 15, blob[0]! >> 4], [1, 2], 'hundredths that fit a byte take one byte');
    const out = new Float64Array(5);
    decodeF64Into(blob, out, 0);
    assert.deepEqual([...out], [...rates]);
  });

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
  it('packs codes of small dictionaries in one or two bytes each (missing kept) and reads them back at an offset', () => {
    for (const [xs, width] of [[[0, -1, 127, 3], 1], [[128, -1, 32767], 2]] as [number[], number][]) {
      const blob = encodeI32(Int32Array.from(xs));
      assert.equal(blob[0], width);
      assert.equal(blob.byteLength % 4, 1, 'raw code chunks are multiples of 4 bytes; packed ones are not');
      const out = new Int32Array(xs.length + 1).fill(9);
      assert.equal(decodeI32Into(blob, out, 1), xs.length);
      assert.deepEqual([...out], [9, ...xs]);
    }
    assert.equal(encodeI32(Int32Array.from([32768, 0])).byteLength, 8, 'codes past 16 bits stay raw');
    assert.ok(encodeI32(new Int32Array(65536).fill(5)).byteLength < 65536 + 8);
  });
  it('refuses a blob whose size is not a whole number of values', () => {
    assert.throws(() => decodeF64Into(new Uint8Array(12), new Float64Array(4), 0), /corrupt/);
    assert.throws(() => decodeI32Into(new Uint8Array(6), new Int32Array(4), 0), /corrupt/);
  });
});
