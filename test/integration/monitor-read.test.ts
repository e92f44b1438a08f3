import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { readCsvColumns, readCsvPart, type ColumnNeed, type CsvPartReader } from '../../service/monitor/read-monitor-columns';
import { mulberry32 } from '../../models/stats/random';
import { REPO, tempDir } from '../helpers/temp';
import { csvPartHelper, csvPartHelperScript } from '../../service/monitor/csv-part-helper';

describe('the monitor\'s CSV reader on two threads', () => {
  const dir = tempDir();
  const file = path.join(dir, 'big.csv');
  const needs: ColumnNeed[] = [{ name: 'x', kind: 'f64', why: 'x' }, { name: 'c', kind: 'i32', why: 'c' }, { name: 'month', kind: 'i32', why: 'time' }];
  // The second half, read here (the split and the join are what is under test; the job sends it to its helper thread).
  const here: CsvPartReader = { warm: () => {}, read: (task) => Promise.resolve(readCsvPart(task, null)) };

  before(() => {
    const rand = mulberry32(9);
    const cats = ['a', 'b', 'c', 'd', 'NA', 'e'];
    const lines = ['id,x,c,month,filler'];
    for (let i = 0; i < 400_000; i++) {
      const late = i > 300_000 ? 'z' : cats[Math.floor(rand() * cats.length)]!;
      lines.push(`${i},${rand() < 0.02 ? '' : rand() < 0.01 ? 'n/a?' : Math.round(rand() * 1e5) / 100},${late},2025-${String(1 + (i % 12)).padStart(2, '0')},${'y'.repeat(20)}`);
    }
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    assert.ok(fs.statSync(file).size > 16 * 1024 * 1024, 'large enough to be cut in two');
  });

  it('reads the same columns as one thread: numbers, codes into one dictionary (a category only the second half has included), invalid counts', async () => {
    const one = await readCsvColumns(file, needs, null, null);
    const two = await readCsvColumns(file, needs, null, here);
    assert.equal(two.rows, one.rows);
    assert.deepEqual(two.invalid, one.invalid);
    assert.ok(one.invalid.x! > 0);
    const x1 = one.columns.get('x')!, x2 = two.columns.get('x')!;
    assert.ok(x1.kind === 'f64' && x2.kind === 'f64');
    assert.deepEqual(Array.from(x2.values), Array.from(x1.values));
    for (const name of ['c', 'month']) {
      const a = one.columns.get(name)!, b = two.columns.get(name)!;
      assert.ok(a.kind === 'i32' && b.kind === 'i32');
      const text = (col: typeof a) => Array.from(col.codes, (c) => (c < 0 ? null : col.dictionary[c]));
      assert.deepEqual(text(b), text(a), name);
    }
  });

  it('reads the same through the helper thread the job starts (its own small bundle)', async () => {
    const helper = csvPartHelper(csvPartHelperScript(path.join(REPO, 'dist', 'worker.cjs')));
    try {
      const one = await readCsvColumns(file, needs, null, null);
      const two = await readCsvColumns(file, needs, null, helper);
      assert.equal(two.rows, one.rows);
      const x1 = one.columns.get('x')!, x2 = two.columns.get('x')!;
      assert.ok(x1.kind === 'f64' && x2.kind === 'f64');
      assert.deepEqual(Array.from(x2.values), Array.from(x1.values));
      const c1 = one.columns.get('c')!, c2 = two.columns.get('c')!;
      assert.ok(c1.kind === 'i32' && c2.kind === 'i32');
      assert.deepEqual(Array.from(c2.codes, (c) => (c < 0 ? null : c2.dictionary[c])), Array.from(c1.codes, (c) => (c < 0 ? null : c1.dictionary[c])));
    } finally {
      await helper.stop();
    }
  });

  it('names the line and data row of a ragged row in the second half as one thread does', async () => {
    const bad = path.join(dir, 'ragged.csv');
    const text = fs.readFileSync(file, 'utf8').split('\n');
    text[350_001] = `${text[350_001]},extra`;
    fs.writeFileSync(bad, text.join('\n'));
    const one = await readCsvColumns(bad, needs, null, null).catch((e: Error) => e.message);
    const two = await readCsvColumns(bad, needs, null, here).catch((e: Error) => e.message);
    assert.match(String(one), /line 350002 \(data row 350001\): expected 5 fields as in the header, found 6/);
    assert.equal(two, one);
  });
});
