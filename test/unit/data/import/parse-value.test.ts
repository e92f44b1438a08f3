import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatDate, numberParse, parseDate, parseNumberBytes, PARSE_INVALID, PARSE_MISSING, PARSE_OK } from '../../../../data/import/parse-value';

function parse(text: string): { v: number; status: number } {
  const b = Buffer.from(text);
  const v = parseNumberBytes(b, 0, b.length);
  return { v, status: numberParse.status };
}

describe('number parsing from bytes', () => {
  it('agrees bit for bit with Number() on 200,000 random decimals', () => {
    let seed = 12345;
    const rand = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
    for (let i = 0; i < 200000; i++) {
      const digits = 1 + Math.floor(rand() * 17);
      let s = (rand() < 0.3 ? '-' : '') + String(Math.floor(rand() * 10 ** Math.min(digits, 15)));
      if (rand() < 0.7) s += `.${String(Math.floor(rand() * 1e6)).padStart(Math.floor(rand() * 7), '0')}`;
      if (rand() < 0.1) s += `e${Math.floor(rand() * 40) - 20}`;
      const { v, status } = parse(s);
      assert.equal(status, PARSE_OK, s);
      assert.ok(Object.is(v, Number(s)), `${s}: ${v} vs ${Number(s)}`);
    }
  });

  it('treats pandas NA tokens and blanks as missing, other text as invalid', () => {
    for (const na of ['', '  ', 'NA', 'NaN', 'null', 'NULL', 'N/A', '#N/A', 'None', 'nan']) assert.equal(parse(na).status, PARSE_MISSING, na);
    for (const bad of ['abc', '1,000', '12a', '--1', '1.2.3', '.']) assert.equal(parse(bad).status, PARSE_INVALID, bad);
  });

  it('reads infinities, signs, spaces and exponents', () => {
    assert.equal(parse(' 42 ').v, 42);
    assert.equal(parse('+1.5').v, 1.5);
    assert.equal(parse('1e3').v, 1000);
    assert.equal(parse('.5').v, 0.5);
    assert.equal(parse('inf').v, Infinity);
    assert.equal(parse('-Infinity').v, -Infinity);
    assert.equal(parse('12345678901234567890').v, Number('12345678901234567890'));
  });
});

describe('date parsing', () => {
  it('reads the common layouts as UTC milliseconds', () => {
    const d = Date.UTC(2024, 2, 15);
    for (const s of ['2024-03-15', '2024/03/15', '2024/3/15', '2024.03.15', '20240315']) assert.equal(parseDate(s), d, s);
    assert.equal(parseDate('2024-03'), Date.UTC(2024, 2, 1));
    assert.equal(parseDate('2024-03-15 08:30:05'), Date.UTC(2024, 2, 15, 8, 30, 5));
    assert.equal(parseDate('2024-03-15T08:30:00+08:00'), Date.UTC(2024, 2, 15, 0, 30, 0));
  });
  it('refuses impossible dates and non-dates', () => {
    for (const s of ['2024-02-30', '2024-13-01', 'hello', '15/03/2024', '']) assert.ok(Number.isNaN(parseDate(s)), s);
  });
  it('formats dates without a time as YYYY-MM-DD', () => {
    assert.equal(formatDate(Date.UTC(2024, 0, 2)), '2024-01-02');
    assert.equal(formatDate(Date.UTC(2024, 0, 2, 3, 4, 5)), '2024-01-02T03:04:05Z');
  });
});
