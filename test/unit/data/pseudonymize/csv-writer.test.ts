import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { AtomicCsvWriter, csvField, csvQuote } from '../../../../data/pseudonymize/csv-writer';
import { mulberry32 } from '../../../../models/stats/random';
import { tempDir } from '../../../helpers/temp';

const dir = tempDir();

describe('the atomic CSV writer', () => {
  it('writes each row as its fields quoted where needed and joined, plain ASCII rows and the rest alike, as data and spreadsheet-safe', () => {
    const rnd = mulberry32(12);
    const pieces = ['id42', 'RC01', '', '0', '-1.5', '+86 138 0013 8000', '138-0013-8000', 'a,b', 'say "hi"', 'line\nbreak', 'cr\r', '=SUM(A1)', '@x', '-x', '\tt', '华东', 'café', 'x|y|z', ' lead', 'short_video'];
    const rows = Array.from({ length: 3000 }, () => Array.from({ length: 1 + Math.floor(rnd() * 6) }, () => pieces[Math.floor(rnd() * pieces.length)]!));
    for (const spreadsheetSafe of [false, true]) {
      const file = path.join(dir, `rows-${spreadsheetSafe}.csv`);
      const w = new AtomicCsvWriter(file, { spreadsheetSafe });
      for (const r of rows) w.row(r);
      w.commit();
      const field = spreadsheetSafe ? csvField : csvQuote;
      assert.equal(fs.readFileSync(file, 'utf8'), rows.map((r) => `${r.map(field).join(',')}\n`).join(''));
    }
  });
});
