import assert from 'node:assert/strict';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import type { RowWindow } from '../../types/dataset';
import type { WireError } from '../../types/errors';
import { json, runCli } from '../helpers/cli';
import { readCsv } from '../helpers/read-csv';
import { SHARED_DATA, tempDir } from '../helpers/temp';

describe('CLI and service: the data grid sorts and filters a dataset by any column', () => {
  const dir = tempDir();
  const ws = path.join(dir, 'grid.jsw');
  const german = readCsv(path.join(SHARED_DATA, 'germancredit.csv'));
  const col = (name: string) => german.rows.map((r) => r[german.header.indexOf(name)]!);
  const rows = (...args: string[]) => runCli(['datasets', 'rows', '--workspace', ws, '--dataset', 'german', ...args, '--json'], dir);

  before(async () => {
    json(await runCli(['workspace', 'create', ws, '--json'], dir));
    json(await runCli(['import', path.join(SHARED_DATA, 'germancredit.csv'), '--workspace', ws, '--name', 'german', '--json'], dir));
  });

  it('filters numbers as numbers and text by its contents, counting the rows that pass as the CSV does', async () => {
    const age = col('age_in_years').map(Number);
    const old = json<RowWindow>(await rows('--filter', 'age_in_years >= 60', '--columns', 'age_in_years', '--limit', '5000'));
    assert.equal(old.total, age.filter((a) => a >= 60).length);
    assert.deepEqual(old.rowNumbers, age.flatMap((a, i) => (a >= 60 ? [i] : [])), 'in file order');
    const car = json<RowWindow>(await rows('--filter', 'purpose ~ CAR', '--columns', 'purpose'));
    assert.equal(car.total, col('purpose').filter((p) => p.toLowerCase().includes('car')).length);
    const none = json<RowWindow>(await rows('--filter', 'age_in_years > 1000'));
    assert.deepEqual([none.total, none.rows], [0, 0]);
  });

  it('sorts ascending and descending, ties in file order, and pages through the sorted rows', async () => {
    const amount = col('credit_amount').map(Number);
    const byDesc = amount.map((a, i) => [a, i] as const).sort((x, y) => y[0] - x[0] || x[1] - y[1]);
    const top = json<RowWindow>(await rows('--sort', 'credit_amount:desc', '--columns', 'credit_amount', '--limit', '10'));
    assert.deepEqual(top.values[0], byDesc.slice(0, 10).map(([a]) => a));
    assert.deepEqual(top.rowNumbers, byDesc.slice(0, 10).map(([, i]) => i));
    const page = json<RowWindow>(await rows('--sort', 'credit_amount:desc', '--columns', 'credit_amount', '--offset', '500', '--limit', '3'));
    assert.deepEqual(page.rowNumbers, byDesc.slice(500, 503).map(([, i]) => i));
    const byPurpose = json<RowWindow>(await rows('--sort', 'purpose', '--filter', 'age_in_years < 25', '--columns', 'purpose,age_in_years', '--limit', '1000'));
    const texts = byPurpose.values[0] as string[];
    assert.deepEqual(texts, [...texts].sort((a, b) => a.localeCompare(b, undefined, { numeric: true, sensitivity: 'base' })));
    assert.ok((byPurpose.values[1] as number[]).every((a) => a < 25));
  });

  it('refuses an unknown column or a malformed filter, naming it', async () => {
    const r = await rows('--sort', 'nope');
    assert.equal(r.code, 1);
    const e = (JSON.parse(r.stderr) as { error: WireError }).error;
    assert.deepEqual([e.code, e.details.column], ['NOT_FOUND', 'nope']);
    const bad = await rows('--filter', 'age_in_years >= old');
    assert.equal((JSON.parse(bad.stderr) as { error: WireError }).error.details.option, 'filter.value');
    assert.equal((await rows('--filter', 'age_in_years')).code, 2);
  });
});
