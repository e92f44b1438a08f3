import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { BinningSummary, PipelineStatus, ScorecardResult, TrainResult } from '../../service/contract';
import type { WireError } from '../../types/errors';
import { json, runCli } from '../helpers/cli';
import { SHARED_DATA, tempDir } from '../helpers/temp';

const error = (stderr: string) => (JSON.parse(stderr) as { error: WireError }).error;

describe('the natural orders of steps never lock a dataset, and no model is fitted on test rows unless asked', () => {
  const dir = tempDir();
  const ws = path.join(dir, 'traps.jsw');
  const cli = (...args: string[]) => runCli(args, dir);
  const base = ['--workspace', ws, '--dataset', 'german', '--target', 'creditability'];

  it('refuses a folder or a bare extension as a workspace name, creating nothing', async () => {
    for (const bad of [`${dir}${path.sep}`, path.join(dir, '.jsw')]) {
      const r = await cli('workspace', 'create', bad, '--json');
      assert.equal(r.code, 1);
      assert.equal(error(r.stderr).code, 'INVALID_ARGUMENT');
    }
    assert.ok(!fs.existsSync(path.join(dir, '.jsw')));
  });

  it('bin → split → train: the binning of every row is stale and refused; re-binned on train it is used; the stale one can be deleted', async () => {
    json(await cli('workspace', 'create', ws, '--json'));
    json(await cli('import', path.join(SHARED_DATA, 'germancredit.csv'), '--workspace', ws, '--name', 'german', '--json'));
    json(await cli('bin', ...base, '--json'));
    json(await cli('split', '--workspace', ws, '--dataset', 'german', '--random', '0.7', '--seed', '3', '--target', 'creditability', '--json'));
    const listed = json<BinningSummary[]>(await cli('bin', 'list', '--workspace', ws, '--dataset', 'german', '--json'));
    assert.deepEqual(listed.map((b) => [b.sample, b.stale]), [['all', true]]);
    const refused = await cli('train', ...base, '--model', 'scorecard-lr', '--json');
    assert.equal(refused.code, 1);
    assert.equal(error(refused.stderr).code, 'STALE');
    // Asked for by name, the binning of every row is the user's choice.
    json(await cli('train', ...base, '--model', 'scorecard-lr', '--binning-sample', 'all', '--json'));
    json(await cli('bin', ...base, '--json'));
    // The pipeline view: the models trained before the re-binning are stale, the binning on train is done.
    const before = json<PipelineStatus>(await cli('pipeline', ...base, '--json'));
    const state = (p: PipelineStatus) => Object.fromEntries(p.steps.map((x) => [x.id, x.state]));
    assert.deepEqual(state(before), { data: 'done', samples: 'done', binning: 'done', selection: 'todo', model: 'stale', scorecard: 'todo', strategy: 'todo', export: 'todo' });
    assert.equal(before.steps.find((x) => x.id === 'model')!.staleBecause, 'binning');
    const trained = json<TrainResult & { rows: { train: number } }>(await cli('train', ...base, '--model', 'scorecard-lr', '--json'));
    assert.equal(state(json<PipelineStatus>(await cli('pipeline', ...base, '--json'))).model, 'done');
    const text = await cli('pipeline', ...base);
    assert.match(text.stdout, /Binning\s+done\s+\d+ variables on the train sample/);
    assert.equal(trained.rows.train, 700);
    const shown = json<{ sample: string }>(await cli('bin', 'show', ...base, '--json'));
    assert.equal(shown.sample, 'train', 'the train binning is the default now that there are two');
    const left = json<BinningSummary[]>(await cli('bin', 'delete', ...base, '--event', 'bad', '--sample', 'all', '--json'));
    assert.deepEqual(left.map((b) => b.sample), ['train']);
  });

  it('refuses deleting a binning that does not exist, and a model or scorecard name nobody gave, changing nothing', async () => {
    const before = json<BinningSummary[]>(await cli('bin', 'list', '--workspace', ws, '--dataset', 'german', '--json'));
    const audit = json<unknown[]>(await cli('audit', 'list', '--workspace', ws, '--json')).length;
    const gone = await cli('bin', 'delete', ...base, '--event', 'bad', '--sample', 'oot', '--json');
    assert.equal(gone.code, 1);
    assert.deepEqual([error(gone.stderr).code, error(gone.stderr).details.column], ['NOT_FOUND', 'creditability']);
    assert.deepEqual(json<BinningSummary[]>(await cli('bin', 'list', '--workspace', ws, '--dataset', 'german', '--json')), before);
    const unknown = await cli('scorecard', '--workspace', ws, '--model', 'no-such-model', '--json');
    assert.equal(unknown.code, 1);
    const e = error(unknown.stderr);
    assert.deepEqual([e.code, e.details.option, e.details.got], ['NOT_FOUND', 'model', 'no-such-model']);
    assert.equal(json<unknown[]>(await cli('audit', 'list', '--workspace', ws, '--json')).length, audit, 'nothing was written');
  });

  it('guesses the purpose from the target and orients the scorecard by it', async () => {
    const credit = json<TrainResult>(await cli('train', ...base, '--model', 'scorecard-lr', '--name', 'credit', '--json'));
    assert.equal(credit.purpose, 'credit', 'creditability reads as a credit target');
    const card = json<ScorecardResult>(await cli('scorecard', '--workspace', ws, '--model', 'credit', '--json'));
    assert.equal(card.scorecard.scaling.orientation, 'higher-is-better');
    const targeting = json<TrainResult>(await cli('train', ...base, '--model', 'scorecard-lr', '--purpose', 'targeting', '--name', 'respond', '--json'));
    assert.equal(targeting.purpose, 'targeting');
    const tcard = json<ScorecardResult>(await cli('scorecard', '--workspace', ws, '--model', 'respond', '--json'));
    assert.equal(tcard.scorecard.scaling.orientation, 'higher-is-riskier', 'a targeting score rises with the odds of responding');
  });

  it('renames models and strategies (unique, not bare numbers), and deletes a scorecard only when no strategy uses it', async () => {
    const renamed = json<{ id: number; name: string }>(await cli('models', 'rename', '--workspace', ws, '--model', 'credit', '--name', 'credit v2', '--json'));
    assert.equal(renamed.name, 'credit v2');
    const card = json<{ id: number; modelName: string }>(await cli('scorecard', 'show', '--workspace', ws, '--id', 'credit v2', '--json'));
    assert.equal(card.modelName, 'credit v2', 'its scorecard shows the new name');
    for (const [name, code] of [['respond', 'ALREADY_EXISTS'], ['42', 'INVALID_ARGUMENT'], ['  ', 'INVALID_ARGUMENT']] as const) {
      const r = await cli('models', 'rename', '--workspace', ws, '--model', 'credit v2', '--name', name, '--json');
      assert.deepEqual([r.code, error(r.stderr).code, error(r.stderr).details.option], [1, code, 'name']);
    }
    const cutoff = json<{ strategyId: number }>(await cli('strategy', 'cutoff', '--workspace', ws, '--scorecard', String(card.id), '--cutoff', '600', '--json'));
    const used = await cli('scorecard', 'delete', '--workspace', ws, '--id', String(card.id), '--json');
    assert.equal(used.code, 1);
    assert.match(error(used.stderr).message, new RegExp(`used by strategy ${cutoff.strategyId}`));
    json(await cli('strategy', 'rename', '--workspace', ws, '--id', String(cutoff.strategyId), '--name', 'approve 600+', '--json'));
    const listed = json<{ id: number; name: string; kind: string }[]>(await cli('strategy', 'list', '--workspace', ws, '--json'));
    assert.deepEqual(listed.map((x) => [x.id, x.name, x.kind]), [[cutoff.strategyId, 'approve 600+', 'cutoff']]);
    json(await cli('strategy', 'delete', '--workspace', ws, '--id', 'approve 600+', '--json'));
    json(await cli('scorecard', 'delete', '--workspace', ws, '--id', String(card.id), '--json'));
    const audit = json<{ action: string; summary: string }[]>(await cli('audit', 'list', '--workspace', ws, '--json'));
    assert.deepEqual(audit.slice(-4).map((e) => e.summary), [
      `Built cut-off strategy ${cutoff.strategyId} 'credit v2 ≥ 600' on scorecard ${card.id}: pass ≥ 600 (test sample)`,
      `Renamed strategy ${cutoff.strategyId} from 'credit v2 ≥ 600' to 'approve 600+'`,
      `Deleted strategy ${cutoff.strategyId} 'approve 600+'`,
      `Deleted scorecard ${card.id} of model ${renamed.id}`,
    ]);
  });
});
