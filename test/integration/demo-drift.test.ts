import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { DemoTruth } from '../../service/contract';
import { json, runCli } from '../helpers/cli';
import { readCsv } from '../helpers/read-csv';
import { tempDir } from '../helpers/temp';

describe('demo generate --drift: known shifts in given months, for monitoring tests', () => {
  const dir = tempDir();

  it('changes exactly the named partner column of the people exposed in the named months, as said, and nothing else', async () => {
    const gen = async (name: string, drift: string[]) => json<DemoTruth>(await runCli(['demo', 'generate', '--rows', '4000', '--seed', '3', '--out', path.join(dir, name), ...drift.flatMap((d) => ['--drift', d]), '--json'], dir));
    const plain = await gen('plain', []);
    const shifted = await gen('drift', ['finance_min:2025-10+2025-11:*2', 'night_ratio:2025-12:missing', 'days_since_active:2025-03:-1']);
    assert.equal(plain.drift, undefined);
    const lender = readCsv(plain.lender), before = readCsv(plain.partner), after = readCsv(shifted.partner);
    assert.deepEqual(readCsv(shifted.lender), lender, 'the lender file is as without drift');
    const col = (name: string) => before.header.indexOf(name);
    const first = plain.lenderRows - plain.shared;
    const counts = [0, 0, 0];
    before.rows.forEach((row, k) => {
      const p = first + k;
      const month = p < plain.lenderRows ? lender.rows[p]![1] : null;
      const expected = [...row];
      if (month === '2025-10' || month === '2025-11') { if (row[col('finance_min')] !== '') expected[col('finance_min')] = String(Number(row[col('finance_min')]) * 2); counts[0]!++; }
      if (month === '2025-12') { expected[col('night_ratio')] = ''; counts[1]!++; }
      if (month === '2025-03') { expected[col('days_since_active')] = String(Number(row[col('days_since_active')]) - 1); counts[2]!++; }
      assert.deepEqual(after.rows[k], expected, `partner row ${k + 1} (month ${month ?? 'none'})`);
    });
    assert.deepEqual(shifted.drift!.map((d) => d.rows), counts);
    assert.ok(counts.every((n) => n > 100), `each drift reaches its months' people: ${counts.join(', ')}`);
  });

  it('refuses a drift of a column the partner lacks, a month outside the sample, or a malformed one, naming it', async () => {
    for (const [spec, code, message] of [
      ['phone:2025-01:*2', 1, /not a numeric column of the partner file/],
      ['finance_min:2026-01:*2', 1, /names month '2026-01'/],
      ['finance_min:2025-01:2', 2, /needs \*K, \+K or -K/],
      ['finance_min-2025-01', 2, /--drift takes COLUMN:MONTH/],
    ] as const) {
      const r = await runCli(['demo', 'generate', '--rows', '100', '--out', path.join(dir, 'bad'), '--drift', spec], dir);
      assert.equal(r.code, code, spec);
      assert.match(r.stderr, message);
    }
    assert.ok(!fs.existsSync(path.join(dir, 'bad')), 'nothing written');
  });
});
