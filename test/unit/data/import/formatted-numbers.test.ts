import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findFormattedNumbers } from '../../../../data/import/formatted-numbers';
import { numberParse, parseNumberText, PARSE_INVALID } from '../../../../data/import/parse-value';

describe('numbers written as text', () => {
  it('names the text columns that hold formatted numbers, with the format and an example', () => {
    const header = ['amount', 'rate', 'price', 'loss', 'qty', 'city'];
    const rows = [
      ['1,000', '50%', '¥1000.00', '(5)', '１２３', 'Beijing'],
      ['12,500.5', '7.5%', '¥20', '(1,200)', '４５', 'Shanghai'],
      ['-3,000', '100 %', '￥3,000', '(7)', '６', null],
    ];
    const found = findFormattedNumbers(header, rows, new Set(header));
    assert.deepEqual(found.map((f) => [f.column, f.how.split(' ')[0], f.example]), [
      ['amount', 'thousands', '1,000'], ['rate', 'percentages', '50%'], ['price', 'currency', '¥1000.00'], ['loss', 'accounting', '(5)'], ['qty', 'full-width', '１２３'],
    ]);
    assert.deepEqual(findFormattedNumbers(['x'], [['1,000'], ['abc'], ['def']], new Set(['x'])), [], 'a few do not make a column');
  });

  it('refuses a number beyond double range instead of storing infinity', () => {
    assert.ok(Number.isNaN(parseNumberText('1e400')));
    assert.equal(numberParse.status, PARSE_INVALID);
    assert.equal(parseNumberText('1e300'), 1e300);
    assert.equal(parseNumberText('inf'), Infinity, 'an explicit inf stays as pandas reads it');
  });
});
