import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mulberry32 } from '../../../../models/stats/random';
import { csvField } from '../../../../data/pseudonymize/csv-writer';
import { NUMBER_BYTES, ReasonPieces, writeNumberBytes, writeReasonBytes } from '../../../../service/export/score-line-bytes';

const text = (v: number) => Buffer.from(String(v), 'latin1');
const written = (v: number) => { const to = new Uint8Array(NUMBER_BYTES + 8); return Buffer.from(to.subarray(0, writeNumberBytes(to, 0, v, text))).toString('latin1'); };

describe('output line bytes for jointscore score', () => {
  it('writes every number exactly as String() does: whole numbers digit by digit, the rest through the text it is given', () => {
    const rnd = mulberry32(4);
    const values = [0, -0, 1, -1, 9, 10, 99, 100, 545, -545, 1e15, 2 ** 53 - 1, -(2 ** 53 - 1), 2 ** 53, 1e21, 1e300, 0.5, -12.25, 1 / 3, NaN, Infinity, -Infinity, 5e-324];
    for (let i = 0; i < 20_000; i++) values.push(Math.round((rnd() - 0.5) * 10 ** Math.floor(rnd() * 17)), (rnd() - 0.5) * 10 ** Math.floor(rnd() * 30 - 10));
    for (const v of values) assert.equal(written(v), String(v), `${v}`);
  });

  it('writes a row\'s reason columns as csvField writes the codes and the named reasons, quoting only when a piece needs it', () => {
    const table = { count: 3, codes: ['R1', 'R2', 'R3'], names: ['age', 'city', 'x'], labels: [['<25', '[25, 40)'], ['say "hi"', '华东'], ['a']] };
    const p = new ReasonPieces(table);
    const line = (pairs: [number, number][], partial = false) => {
      const reasons = Int32Array.from({ length: 3 }, (_, r) => pairs[r]?.[0] ?? -1), attributes = Int32Array.from({ length: 3 }, (_, r) => pairs[r]?.[1] ?? -1);
      const to = new Uint8Array(p.maxRowBytes);
      const end = writeReasonBytes(p, partial, to, 0, reasons, attributes, 0, 3);
      return end < 0 ? null : Buffer.from(to.subarray(0, end)).toString('utf8');
    };
    const named = (pairs: [number, number][]) => pairs.map(([k, a]) => `${table.codes[k]} ${table.names[k]}: ${a < 0 ? 'other value' : table.labels[k]![a]}`).join('; ');
    for (const pairs of [[[0, 1], [2, 0]], [[1, 0], [0, 0], [2, -1]], [[2, 0]], [[1, 1], [0, -1]]] as [number, number][][]) {
      assert.equal(line(pairs), `,${pairs.map(([k]) => table.codes[k]).join(' ')},${csvField(named(pairs))}`);
      assert.equal(line(pairs, true), `,${table.codes[pairs[0]![0]]}`);
    }
    assert.equal(line([]), null, 'no reasons: the caller writes the row');
    assert.equal(line([[0, 2]]), null, 'an attribute the table does not name: the caller writes the row');
    const formula = new ReasonPieces({ ...table, codes: ['=R1', 'R2', 'R3'] });
    assert.equal(writeReasonBytes(formula, false, new Uint8Array(formula.maxRowBytes), 0, Int32Array.of(0, -1, -1), Int32Array.of(0, -1, -1), 0, 3), -1, 'a code a spreadsheet reads as a formula: the caller writes the row');
  });
});
