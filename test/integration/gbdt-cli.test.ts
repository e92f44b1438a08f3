import assert from 'node:assert/strict';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { gbdtLogOdds } from '../../models/gbdt/predict-gbdt';
import type { StoredModel } from '../../types/model';
import type { Explanation } from '../../service/contract';
import { createService } from '../../service/create-service';
import { json, runCli } from '../helpers/cli';
import { SHARED_DATA, tempDir } from '../helpers/temp';

describe('CLI: the gradient-boosted trees challenger', () => {
  const dir = tempDir();
  const ws = path.join(dir, 'hmeq.jsw');
  const cli = (...args: string[]) => runCli(args, dir);
  const train = (...args: string[]) => cli('train', '--workspace', ws, '--dataset', 'hmeq', '--target', 'BAD', '--model', 'gbdt', '--trees', '40', ...args, '--json');
  const stored = async (name: string) => json<StoredModel>(await cli('models', 'show', '--workspace', ws, '--model', name, '--json'));

  before(async () => {
    json(await cli('workspace', 'create', ws, '--json'));
    json(await cli('import', path.join(SHARED_DATA, 'hmeq.split.csv'), '--workspace', ws, '--name', 'hmeq', '--role', 'sample=sample', '--json'));
  });

  it('trains the same trees, byte for byte, from the same seed (rows and columns subsampled)', async () => {
    json(await train('--name', 'a', '--seed', '7', '--subsample', '0.8', '--colsample', '0.7'));
    json(await train('--name', 'b', '--seed', '7', '--subsample', '0.8', '--colsample', '0.7'));
    json(await train('--name', 'c', '--seed', '8', '--subsample', '0.8', '--colsample', '0.7'));
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map(stored));
    assert.equal(JSON.stringify(a!.gbdt!.model), JSON.stringify(b!.gbdt!.model));
    assert.notEqual(JSON.stringify(a!.gbdt!.model), JSON.stringify(c!.gbdt!.model));
  });

  it('keeps --monotone constraints: on a grid of each constrained input, the other inputs as real rows have them, the log-odds never go the wrong way', async () => {
    json(await train('--name', 'mono', '--monotone', 'DELINQ=+1', '--monotone', 'CLAGE=-1'));
    const m = (await stored('mono')).gbdt!.model;
    const names = m.features.map((f) => f.name);
    const base = [[1500, 40000, 60000, 0, 2, 5, 0, 0, 150, 1, 20, 35], [25000, NaN, 120000, 1, 0, NaN, 1, 3, NaN, 4, 30, NaN]];
    for (const [column, sign, top] of [['DELINQ', 1, 15], ['CLAGE', -1, 1200]] as const) {
      const f = names.indexOf(column);
      for (const row of base) {
        const grid = Array.from({ length: 121 }, (_, k) => (k * top) / 120);
        const columns = names.map((_, j) => Float64Array.from(grid, (g) => (j === f ? g : row[j]!)));
        const p = gbdtLogOdds(m, columns);
        for (let k = 1; k < p.length; k++) assert.ok(sign * (p[k]! - p[k - 1]!) >= -1e-12, `${column} ${sign > 0 ? 'rises' : 'falls'}: ${p[k - 1]} → ${p[k]} at ${grid[k]}`);
      }
    }
    assert.deepEqual(m.monotone.map((s, j) => (s ? `${names[j]}${s > 0 ? '+' : '-'}` : '')).filter(Boolean), ['DELINQ+', 'CLAGE-']);
  });

  it('refuses a constraint on a category or an unknown column, and a setting out of range, naming the option', async () => {
    const cat = await train('--monotone', 'JOB=+1');
    assert.equal(cat.code, 1);
    assert.match(cat.stderr, /INVALID_ARGUMENT.*'JOB', which is not a numeric input/);
    const bad = await train('--monotone', 'DELINQ=up');
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--monotone takes COLUMN=\+1 or COLUMN=-1; got 'DELINQ=up'/);
    // Through the service API (the app's path): a constraint that is not ±1 or 0 is refused, naming the column.
    const service = createService({ mode: 'cli', settingsDir: dir });
    try {
      await assert.rejects(service.call('model.train', { workspace: ws, dataset: 'hmeq', target: 'BAD', model: 'gbdt', gbdt: { monotone: { DELINQ: 2 } } }), (e: { code: string; details: { column?: string; got?: string } }) => e.code === 'INVALID_ARGUMENT' && e.details.column === 'DELINQ' && e.details.got === '2');
    } finally { service.close(); }
    const range = await cli('train', '--workspace', ws, '--dataset', 'hmeq', '--target', 'BAD', '--model', 'gbdt', '--max-leaves', '1');
    assert.equal(range.code, 1);
    assert.match(range.stderr, /maxLeafNodes must be a whole number of leaves from 2 to 4096; got 1\. \(--max-leaves\)/);
    const models = json<unknown[]>(await cli('models', '--workspace', ws, '--json'));
    assert.ok(!models.some((x) => (x as { name: string }).name.includes('gbdt BAD')), 'nothing stored by a refused training');
  });

  it('explains rows: every input\'s TreeSHAP contribution, adding up to the row\'s log-odds as the stored trees give it, and the adverse reasons first', async () => {
    json(await train('--name', 'explained'));
    const m = await stored('explained');
    const e = json<Explanation>(await cli('explain', '--workspace', ws, '--model', 'explained', '--rows', '1,2,3,500,5960', '--top', '2', '--json'));
    assert.deepEqual(e.rows.map((r) => r.row), [1, 2, 3, 500, 5960]);
    for (const r of e.rows) {
      const sum = r.expected + r.contributions.reduce((a, c) => a + c.contribution, 0);
      assert.ok(Math.abs(sum - r.logOdds) < 1e-9, `row ${r.row}: ${sum} vs ${r.logOdds}`);
      // The stored trees on the row's own values give the same log-odds.
      const columns = m.features.map((f, k) => {
        const v = r.contributions[k]!.value;
        return Float64Array.of(v === null ? NaN : f.kind === 'category' ? f.levels.indexOf(String(v)) : Number(v));
      });
      assert.ok(Math.abs(gbdtLogOdds(m.gbdt!.model, columns)[0]! - r.logOdds) < 1e-9, `row ${r.row}: the model's own log-odds`);
      assert.ok(r.reasons.length <= 2 && r.reasons.every((x) => x.contribution > 0), 'a credit model\'s reasons push toward bad');
      const sorted = [...r.contributions].filter((c) => c.contribution > 0).sort((a, b) => b.contribution - a.contribution).slice(0, 2);
      assert.deepEqual(r.reasons.map((x) => x.input), sorted.map((x) => x.input));
    }
    const card = await cli('explain', '--workspace', ws, '--model', 'a', '--rows', '0');
    assert.equal(card.code, 1);
    assert.match(card.stderr, /INVALID_ARGUMENT.*Row 0 is not a row of 'hmeq' \(1 to 5960\)/);
  });
});
