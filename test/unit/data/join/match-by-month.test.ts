import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { monthName, utcMonthIndex } from '../../../../data/join/join-datasets';
import { mulberry32 } from '../../../../models/stats/random';

describe('months of the join report, counted without a Date per row', () => {
  it('names every time\'s month exactly as toISOString does: month ends, leap days, before 1970, years before 100', () => {
    const rnd = mulberry32(12);
    const times = [0, -1, Date.UTC(2000, 1, 29, 23, 59, 59, 999), Date.UTC(2000, 2, 1), Date.UTC(1900, 1, 28), Date.UTC(2100, 11, 31, 23, 59, 59, 999), -62135596800000, -62135596800001, ...Array.from({ length: 100_000 }, () => (rnd() - 0.5) * 2e13)];
    for (const ms of times) assert.equal(monthName(utcMonthIndex(ms)), new Date(ms).toISOString().slice(0, 7), String(ms));
  });
});
