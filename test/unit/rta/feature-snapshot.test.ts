import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { FeatureSnapshot } from '../../../rta/snapshot/feature-snapshot';
import { loadSnapshotCsv } from '../../../rta/snapshot/load-snapshot';
import { readSnapshot } from '../../../rta/snapshot/read-snapshot';
import type { BundleInput } from '../../../types/bundle';
import { AppError } from '../../../types/errors';
import { tempDir, write } from '../../helpers/temp';

const inputs: BundleInput[] = [
  { name: 'x', type: 'numeric', party: 'partner', cuts: [1], missingAllowed: true, usedBy: ['credit'] },
  { name: 'os', type: 'categorical', party: 'partner', allowedValues: ['ios'], missingAllowed: true, usedBy: ['credit'] },
];
const md5 = (s: string) => createHash('md5').update(s).digest('hex');

function appError(f: () => unknown, code: string, pattern: RegExp): void {
  assert.throws(f, (e: unknown) => e instanceof AppError && e.code === code && pattern.test(e.message));
}

describe('feature snapshot: every id found, its inputs as read, bad files refused by line', () => {
  const dir = tempDir();

  it('finds each of 50,000 ids (case-insensitively) and no other, with numbers, missing values and categories as imported', () => {
    const rows = ['device_id_md5,extra,os,x'];
    for (let i = 0; i < 50_000; i++) rows.push(`${i % 3 === 0 ? md5(`d${i}`).toUpperCase() : md5(`d${i}`)},e${i},${i % 5 === 0 ? '' : i % 2 ? 'ios' : 'android'},${i % 7 === 0 ? 'NA' : i / 4}`);
    const s = new FeatureSnapshot(loadSnapshotCsv(write(dir, 'snap.csv', `${rows.join('\n')}\n`), inputs));
    assert.equal(s.rows, 50_000);
    const record: Record<string, unknown> = {};
    for (let i = 0; i < 50_000; i++) {
      const r = s.find(md5(`d${i}`));
      assert.equal(r, i);
      s.fill(r, record);
      if (i % 7 === 0) assert.ok(Number.isNaN(record.x)); else assert.equal(record.x, i / 4);
      assert.equal(record.os, i % 5 === 0 ? null : i % 2 ? 'ios' : 'android');
    }
    for (let i = 0; i < 5_000; i++) assert.equal(s.find(md5(`unknown${i}`)), -1);
    assert.equal(s.find(''), -1);
    assert.equal(s.find(md5('d1').slice(0, 31)), -1);
  });

  it('reads in a worker thread and hands the arrays over intact', async () => {
    const file = write(dir, 'small.csv', `id,x,os\n${md5('a')},1.5,ios\n${md5('b')},,\nplain-text-id,-3,android\n`);
    const s = await readSnapshot(file, inputs);
    assert.deepEqual([s.find(md5('a')), s.find(md5('b')), s.find('plain-text-id'), s.find('nope')], [0, 1, 2, -1]);
    const record: Record<string, unknown> = {};
    s.fill(2, record);
    assert.deepEqual(record, { x: -3, os: 'android' });
  });

  it('refuses a duplicate id (both lines named), a missing input column, an empty or non-ASCII id, a ragged row', async () => {
    appError(() => loadSnapshotCsv(write(dir, 'dup.csv', `id,x,os\n${md5('a')},1,ios\n${md5('b')},2,ios\n${md5('a').toUpperCase()},3,ios\n`), inputs), 'DUPLICATE_KEY', /appears on line 2 and again on line 4/);
    appError(() => loadSnapshotCsv(write(dir, 'nocol.csv', `id,x\n${md5('a')},1\n`), inputs), 'INVALID_ARGUMENT', /has no column 'os', an input of the bundle/);
    appError(() => loadSnapshotCsv(write(dir, 'empty-id.csv', `id,x,os\n${md5('a')},1,ios\n,2,ios\n`), inputs), 'INVALID_ARGUMENT', /line 3: the id \(column 'id'\) is empty/);
    appError(() => loadSnapshotCsv(write(dir, 'utf8.csv', `id,x,os\n手机,1,ios\n`), inputs), 'INVALID_ARGUMENT', /line 2: the id '手机' is not plain ASCII/);
    appError(() => loadSnapshotCsv(write(dir, 'ragged.csv', `id,x,os\n${md5('a')},1\n`), inputs), 'RAGGED_ROW', /line 2 \(data row 1\): expected 3 fields/);
    await assert.rejects(readSnapshot(write(dir, 'dup2.csv', `id,x,os\nA,1,ios\na,2,ios\n`), inputs), (e: unknown) => e instanceof AppError && e.code === 'DUPLICATE_KEY');
  });
});
