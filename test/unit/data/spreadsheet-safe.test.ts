import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { csvField, csvQuote, spreadsheetSafe } from '../../../data/pseudonymize/csv-writer';

describe('spreadsheet-safe CSV fields', () => {
  it('neutralizes what a spreadsheet would run as a formula, and leaves numbers and ordinary text alone', () => {
    assert.equal(spreadsheetSafe("=cmd|' /C calc'!A0"), "'=cmd|' /C calc'!A0");
    for (const f of ['+SUM(A1)', '-2+3', '@A1', '\t=1', '\r=1']) assert.equal(spreadsheetSafe(f), `'${f}`);
    for (const v of ['-5', '+1e3', '-0.25', '.5', 'abc', '', '5-3', 'a=b']) assert.equal(spreadsheetSafe(v), v);
    assert.equal(csvField('=1,2'), '"\'=1,2"');
    assert.equal(csvQuote('=1,2'), '"=1,2"', 'data files keep their values');
  });
});
