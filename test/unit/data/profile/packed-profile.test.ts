import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { profileColumn, profilePackedNumbers } from '../../../../data/profile/profile-column';
import { decodeF64Into, encodeF64 } from '../../../../data/store/chunk-codec';
import { mulberry32 } from '../../../../models/stats/random';
import type { ColumnSpec } from '../../../../types/columns';

const spec: ColumnSpec = { name: 'x', type: 'numeric', role: 'feature' };
const CHUNK = 1000;

/** A column stored as the import stores it: chunks packed by encodeF64 (each its own width and scale). */
function stored(values: Float64Array): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let at = 0; at < values.length; at += CHUNK) chunks.push(new Uint8Array(encodeF64(values.slice(at, at + CHUNK))));
  return chunks;
}

function decoded(chunks: Uint8Array[], rows: number): Float64Array {
  const values = new Float64Array(rows);
  let at = 0;
  for (const c of chunks) at += decodeF64Into(c, values, at);
  return values;
}

describe('profile from packed chunks', () => {
  it('gives exactly the profile of the decoded values: whole numbers, decimals of different places per chunk, missing, negatives, wide ranges', () => {
    const rnd = mulberry32(9);
    const n = 5500;
    const columns: [string, (i: number) => number][] = [
      ['counts', () => Math.floor(rnd() * 40)],
      ['amounts, 2 places, 5% missing', () => (rnd() < 0.05 ? NaN : Math.round(rnd() * 1e6) / 100)],
      ['whole in early chunks, 3 places later', (i) => (i < 2000 ? Math.floor(rnd() * 100) : Math.round(rnd() * 1e5) / 1000)],
      ['negative rates, 4 places', () => (Math.round((rnd() - 0.5) * 1e4) || 0) / 1e4],
      ['wide whole numbers (radix)', () => Math.floor((rnd() - 0.3) * 5e8)],
      ['all missing', () => NaN],
      ['one value', () => 7],
    ];
    for (const [name, gen] of columns) {
      const values = Float64Array.from({ length: n }, (_, i) => gen(i));
      const chunks = stored(values);
      const packed = profilePackedNumbers(spec, chunks);
      assert.ok(packed, `${name}: read from packed chunks`);
      assert.deepEqual(packed, profileColumn(spec, { kind: 'f64', values: decoded(chunks, n) }, null), name);
    }
  });

  it('declines a column with a chunk stored raw (dates, long decimals, −0): those are decoded first', () => {
    const day = 86_400_000;
    for (const v of [(i: number) => 1.7e12 + i * day, (i: number) => Math.PI * i, (i: number) => (i === 1500 ? -0 : i)]) {
      const values = Float64Array.from({ length: 3000 }, (_, i) => v(i));
      assert.equal(profilePackedNumbers(spec, stored(values)), null);
    }
  });
});
