import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dayOfText, periodColumn, periodOfDay } from '../../../../models/monitor/periods';

describe('monitoring periods', () => {
  it('read the date spellings exports use and refuse what is not a date', () => {
    assert.deepEqual(dayOfText('2025-03'), { y: 2025, m: 3, d: 1 });
    assert.deepEqual(dayOfText('2025/3/17'), { y: 2025, m: 3, d: 17 });
    assert.deepEqual(dayOfText('2025.03.17 08:15:00'), { y: 2025, m: 3, d: 17 });
    assert.deepEqual(dayOfText('2025-03-17T08:15:00Z'), { y: 2025, m: 3, d: 17 });
    assert.deepEqual(dayOfText('20250317'), { y: 2025, m: 3, d: 17 });
    assert.deepEqual(dayOfText('202503'), { y: 2025, m: 3, d: 1 });
    for (const bad of ['2025-13', '2025-03/17', 'March', '', '17/03/2025']) assert.equal(dayOfText(bad), null, bad);
  });

  it('name months, quarters and ISO weeks (the week holding the year\'s first Thursday is week 1)', () => {
    assert.equal(periodOfDay('month', 2025, 3, 17), '2025-03');
    assert.equal(periodOfDay('quarter', 2025, 3, 31), '2025-Q1');
    assert.equal(periodOfDay('quarter', 2025, 10, 1), '2025-Q4');
    assert.equal(periodOfDay('week', 2024, 12, 30), '2025-W01');
    assert.equal(periodOfDay('week', 2021, 1, 3), '2020-W53');
    assert.equal(periodOfDay('week', 2025, 3, 17), '2025-W12');
  });

  it('code rows by period in time order, counting values that are no date and naming the first', () => {
    const dictionary = ['2025-02-03', '2025-01-31', 'soon', '2025-02'];
    const p = periodColumn({ kind: 'i32', codes: Int32Array.from([0, 1, 2, -1, 3, 1]), dictionary }, 'month', false);
    assert.deepEqual(p.labels, ['2025-01', '2025-02']);
    assert.deepEqual([...p.codes], [1, 0, -1, -1, 1, 0]);
    assert.equal(p.unreadable, 1);
    assert.deepEqual(p.firstUnreadable, { row: 3, value: 'soon' });
    const dates = periodColumn({ kind: 'f64', values: Float64Array.from([Date.UTC(2025, 5, 30, 23), Date.UTC(2025, 6, 1), NaN]) }, 'quarter', true);
    assert.deepEqual(dates.labels, ['2025-Q2', '2025-Q3']);
    assert.deepEqual([...dates.codes], [0, 1, -1]);
    const numbers = periodColumn({ kind: 'f64', values: Float64Array.from([202503, 20250401]) }, 'month', false);
    assert.deepEqual(numbers.labels, ['2025-03', '2025-04']);
  });
});
