import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import type { TrainResult } from '../../service/contract';
import type { WireError } from '../../types/errors';
import { assertClose } from '../helpers/assert-close';
import { json, runCli } from '../helpers/cli';
import { readCsv } from '../helpers/read-csv';
import { SHARED_DATA, tempDir } from '../helpers/temp';

interface BinJson { weight: string | null; variables: { name: string; iv: number; bins: { label: string; count: number; weight?: number; events: number; nonEvents: number; woe: number }[] }[] }

const VARS = 'DEBTINC,DELINQ,DEROG,CLAGE,NINQ,JOB,LOAN';

/**
 * hmeq's seeded split three ways: every row once with a weight column of whole weights
 * (1 + row mod 3), every row repeated as many times instead, and every row once with weight 1.
 */
function files(dir: string): { weighted: string; repeated: string; unit: string } {
  const src = readCsv(path.join(SHARED_DATA, 'hmeq.split.csv'));
  const line = (r: string[]) => r.join(',');
  const weighted = [line([...src.header, 'weight']), ...src.rows.map((r, i) => line([...r, String(1 + (i % 3))]))];
  const repeated = [line(src.header), ...src.rows.flatMap((r, i) => Array.from({ length: 1 + (i % 3) }, () => line(r)))];
  const unit = [line([...src.header, 'weight']), ...src.rows.map((r) => line([...r, '1']))];
  const out = { weighted: path.join(dir, 'weighted.csv'), repeated: path.join(dir, 'repeated.csv'), unit: path.join(dir, 'unit.csv') };
  fs.writeFileSync(out.weighted, weighted.join('\n') + '\n');
  fs.writeFileSync(out.repeated, repeated.join('\n') + '\n');
  fs.writeFileSync(out.unit, unit.join('\n') + '\n');
  return out;
}

describe('CLI: sample weights through binning, training and the metrics', () => {
  const dir = tempDir();
  const ws = path.join(dir, 'w.jsw');
  const cli = (...args: string[]) => runCli(args, dir);
  const run = async <T>(...args: string[]) => json<T>(await cli(...args, '--workspace', ws, '--json'));
  const bin = (dataset: string, ...extra: string[]) => run<BinJson>('bin', '--dataset', dataset, '--target', 'BAD', '--vars', VARS, ...extra);
  const train = (dataset: string, ...extra: string[]) => run<TrainResult>('train', '--dataset', dataset, '--target', 'BAD', '--model', 'scorecard-lr', '--l2', '1', '--min-iv', '0.02', '--no-selection', ...extra);

  before(async () => {
    const f = files(dir);
    json(await cli('workspace', 'create', ws, '--json'));
    for (const [name, file] of Object.entries(f)) json(await cli('import', file, '--workspace', ws, '--name', name, '--json'));
    json(await cli('import', path.join(SHARED_DATA, 'hmeq.split.csv'), '--workspace', ws, '--name', 'plain', '--json'));
  });

  it('a column named weight takes the weight role on import, and bin and train use it by default', async () => {
    const p = await run<{ columns: { name: string; role: string }[] }>('profile', '--dataset', 'weighted');
    assert.equal(p.columns.find((c) => c.name === 'weight')!.role, 'weight');
    const b = await bin('weighted', '--tune', 'none');
    assert.equal(b.weight, 'weight');
  });

  it('whole weights give the bins, WOE, IV, coefficients, standard errors and test AUC/KS of the rows repeated', async () => {
    const w = await bin('weighted', '--tune', 'none');
    const r = await bin('repeated', '--tune', 'none');
    for (const v of w.variables) {
      const u = r.variables.find((x) => x.name === v.name)!;
      assert.deepEqual(v.bins.map((b) => b.label), u.bins.map((b) => b.label), `${v.name}: same bins`);
      v.bins.forEach((b, k) => {
        assertClose(b.weight!, u.bins[k]!.count, 1e-9, `${v.name} ${b.label} weight = repeated rows`);
        assertClose(b.woe, u.bins[k]!.woe, 1e-9, `${v.name} ${b.label} WOE`);
      });
      assertClose(v.iv, u.iv, 1e-9, `${v.name} IV`);
      assert.ok(v.bins.reduce((t, b) => t + b.count, 0) < u.bins.reduce((t, b) => t + b.count, 0), 'bins count people, not weight');
    }
    // Selection on the weighted bins: IV, correlation, VIF and stepwise weigh the rows as the repeated rows count them.
    const sw = await run<{ selected: string[]; steps: { variable: string; action: string }[] }>('select', '--dataset', 'weighted', '--target', 'BAD', '--max-corr', '0.3');
    const sr = await run<{ selected: string[]; steps: { variable: string; action: string }[] }>('select', '--dataset', 'repeated', '--target', 'BAD', '--max-corr', '0.3');
    assert.deepEqual(sw.selected, sr.selected);
    assert.deepEqual(sw.steps.map((x) => [x.variable, x.action]), sr.steps.map((x) => [x.variable, x.action]));
    const tw = await train('weighted', '--name', 'weighted');
    const tr = await train('repeated', '--name', 'repeated');
    assert.deepEqual(tw.coefficients.map((c) => c.name), tr.coefficients.map((c) => c.name));
    tw.coefficients.forEach((c, k) => {
      assertClose(c.coefficient, tr.coefficients[k]!.coefficient, 1e-6, `${c.name} coefficient`);
      assertClose(c.standardError, tr.coefficients[k]!.standardError, 1e-6, `${c.name} standard error`);
    });
    for (const s of ['train', 'test'] as const) {
      assertClose(tw.metrics[s]!.auc, tr.metrics[s]!.auc, 1e-9, `${s} AUC`);
      assertClose(tw.metrics[s]!.ks, tr.metrics[s]!.ks, 1e-9, `${s} KS`);
      assertClose(tw.metrics[s]!.weight!, tr.metrics[s]!.rows, 1e-9, `${s} weight = repeated rows`);
    }
  });

  it('unit weights change nothing: bins, tuned settings, model and metrics equal the unweighted run', async () => {
    const u = await bin('unit');
    const p = await bin('plain');
    assert.deepEqual(u.variables.map((v) => v.bins.map((b) => [b.label, b.count, b.events, b.nonEvents])), p.variables.map((v) => v.bins.map((b) => [b.label, b.count, b.events, b.nonEvents])));
    const tu = await train('unit', '--name', 'unit');
    const tp = await train('plain', '--name', 'plain');
    tu.coefficients.forEach((c, k) => assertClose(c.coefficient, tp.coefficients[k]!.coefficient, 1e-9, c.name));
    assert.deepEqual([tu.metrics.test!.auc, tu.metrics.test!.aucLower, tu.metrics.test!.ks], [tp.metrics.test!.auc, tp.metrics.test!.aucLower, tp.metrics.test!.ks]);
  });

  it('a weighted tree and MLP learn from the weights and are measured with them; --no-weight leaves them out', async () => {
    for (const model of ['gbdt', 'mlp']) {
      const w = await run<TrainResult>('train', '--dataset', 'weighted', '--target', 'BAD', '--model', model, '--features', VARS, '--name', `${model} weighted`, '--seed', '3', ...(model === 'gbdt' ? ['--trees', '60'] : ['--epochs', '15']));
      const n = await run<TrainResult>('train', '--dataset', 'weighted', '--target', 'BAD', '--model', model, '--features', VARS, '--name', `${model} unweighted`, '--seed', '3', '--no-weight', ...(model === 'gbdt' ? ['--trees', '60'] : ['--epochs', '15']));
      assert.ok(w.metrics.test!.weight! > w.metrics.test!.rows, `${model}: weighted test metrics`);
      assert.equal(n.metrics.test!.weight, undefined, `${model}: --no-weight`);
      assert.ok(w.metrics.test!.auc > 0.75, `${model} weighted test AUC ${w.metrics.test!.auc}`);
      assert.notEqual(w.metrics.test!.auc, n.metrics.test!.auc, `${model}: the weights change the fit`);
    }
  });

  it('a missing or negative weight is refused naming its row and column; nothing is stored', async () => {
    const bad = path.join(dir, 'bad.csv');
    const src = readCsv(path.join(SHARED_DATA, 'hmeq.split.csv'));
    fs.writeFileSync(bad, [[...src.header, 'weight'].join(','), ...src.rows.slice(0, 400).map((r, i) => [...r, i === 136 ? '-2' : '1'].join(','))].join('\n') + '\n');
    json(await cli('import', bad, '--workspace', ws, '--name', 'bad', '--role', 'weight=weight', '--json'));
    const r = await cli('bin', '--workspace', ws, '--dataset', 'bad', '--target', 'BAD', '--json');
    assert.notEqual(r.code, 0);
    const e = (JSON.parse(r.stderr) as { error: WireError }).error;
    assert.equal(e.code, 'INVALID_ARGUMENT');
    assert.deepEqual([e.details?.row, e.details?.column, e.details?.got], [137, 'weight', '-2']);
    const list = await run<unknown[]>('bin', 'list', '--dataset', 'bad');
    assert.equal(list.length, 0, 'no binning stored');
    const t = await cli('train', '--workspace', ws, '--dataset', 'weighted', '--target', 'BAD', '--model', 'logistic', '--weight', 'nope', '--json');
    assert.equal((JSON.parse(t.stderr) as { error: WireError }).error.details?.option, 'weight');
  });
});
