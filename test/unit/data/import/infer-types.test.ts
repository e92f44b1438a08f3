import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inferColumn } from '../../../../data/import/infer-types';

const many = (f: (i: number) => string, n = 50) => Array.from({ length: n }, (_, i) => f(i));

describe('type and role inference', () => {
  it('infers numbers, with missing tokens allowed', () => {
    assert.deepEqual(inferColumn('income', ['1', '2.5', 'NA', '', '-3']), { name: 'income', type: 'numeric', role: 'feature' });
  });
  it('infers dates and gives them the time role', () => {
    assert.deepEqual(inferColumn('apply_date', ['2024-01-03', '2024-02-10', null]), { name: 'apply_date', type: 'date', role: 'time' });
    assert.equal(inferColumn('apply_dt', many((i) => `202401${String((i % 28) + 1).padStart(2, '0')}`)).type, 'date');
    assert.equal(inferColumn('amount', many((i) => `202401${String((i % 28) + 1).padStart(2, '0')}`)).type, 'numeric');
  });
  it('recognizes 32/64-hex hashed ids as keys', () => {
    const md5 = many((i) => i.toString(16).padStart(32, 'a'));
    assert.deepEqual(inferColumn('uid_hash', md5), { name: 'uid_hash', type: 'key', role: 'key' });
    assert.equal(inferColumn('whatever', many((i) => i.toString(16).padStart(64, 'f'))).type, 'key');
  });
  it('treats unique integers named like an id as a key', () => {
    assert.equal(inferColumn('user_id', many((i) => String(1000 + i))).type, 'key');
    assert.equal(inferColumn('age', many((i) => String(20 + i))).type, 'numeric');
  });
  it('marks a two-valued column named like a target as the target', () => {
    assert.deepEqual(inferColumn('bad', many((i) => String(i % 2))), { name: 'bad', type: 'numeric', role: 'target' });
    assert.equal(inferColumn('creditability', many((i) => (i % 3 ? 'good' : 'bad'))).role, 'target');
  });
  it('recognizes a sample column', () => {
    assert.deepEqual(inferColumn('sample', many((i) => ['train', 'test', 'oot'][i % 3]!)), { name: 'sample', type: 'categorical', role: 'sample' });
  });
  it('calls long unique strings text and excludes them', () => {
    assert.deepEqual(inferColumn('comment', many((i) => `customer called about the loan number ${i} again`)), { name: 'comment', type: 'text', role: 'exclude' });
  });
  it('defaults to categorical', () => {
    assert.equal(inferColumn('city_tier', many((i) => ['一线', '二线', '三线'][i % 3]!)).type, 'categorical');
    assert.equal(inferColumn('empty', [null, '', 'NA']).type, 'categorical');
  });
});
