import assert from 'node:assert/strict';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { InferResult, TrainResult } from '../../service/contract';
import { readColumn } from '../../data/store/column-chunks';
import { getDataset } from '../../data/store/datasets';
import { loadModel, scoreWithModel } from '../../service/modeling/evaluate-model';
import { loadTfBackend } from '../../service/tf/load-backend';
import type { WireError } from '../../types/errors';
import { json, runCli } from '../helpers/cli';
import { tempDir } from '../helpers/temp';

/** How far a model's predicted bad rate is from the truth on the test sample's applicants without an outcome. */
interface Error { mean: number; mae: number; predicted: number; truth: number; rows: number }

describe('reject inference against the generator’s truth (CLI)', () => {
  const dir = tempDir();
  const ws = path.join(dir, 'ri.jsw');
  const cli = (...args: string[]) => runCli(args, dir);
  const run = async <T>(...args: string[]) => json<T>(await cli(...args, '--workspace', ws, '--json'));
  const infer = (...args: string[]) => run<InferResult>('infer', '--model', 'kgb', '--population', 'applied=1', ...args);
  let kgb: TrainResult;

  /** The workspace read as the product reads it: each model's probability for every row, the truth joined by hashed id. */
  async function errorOf(modelId: number): Promise<Error> {
    await loadTfBackend();
    const db = new Database(ws, { readonly: true });
    try {
      const ds = getDataset(db, 'joint');
      const col = (n: string) => readColumn(db, ds, n);
      const values = (n: string) => { const c = col(n); assert.equal(c.kind, 'f64', n); return (c as { values: Float64Array }).values; };
      const applied = values('applied'), bad = values('bad'), truth = values('p_bad');
      const sample = col('sample') as { codes: Int32Array; dictionary: string[] };
      const test = sample.dictionary.indexOf('test');
      const p = await scoreWithModel(loadModel(db, modelId), col);
      let n = 0, sp = 0, st = 0, abs = 0;
      for (let i = 0; i < ds.rows; i++) {
        if (applied[i] !== 1 || !Number.isNaN(bad[i]!) || sample.codes[i] !== test) continue;
        n++; sp += p[i]!; st += truth[i]!; abs += Math.abs(p[i]! - truth[i]!);
      }
      return { mean: Math.abs(sp - st) / n, mae: abs / n, predicted: sp / n, truth: st / n, rows: n };
    } finally {
      db.close();
    }
  }

  before(async () => {
    const secret = path.join(dir, 's.txt');
    const g = path.join(dir, 'g');
    const c = async (...args: string[]) => json(await cli(...args, '--json'));
    await c('demo', 'generate', '--rows', '60000', '--seed', '11', '--truth', '--out', g);
    await c('secret', 'generate', secret);
    for (const [file, out, extra] of [['lender.csv', 'l.csv', []], ['partner.csv', 'p.csv', ['--drop', 'device_id']], ['truth-bad.csv', 't.csv', []]] as const) {
      await c('pseudonymize', path.join(g, file), '--key', 'phone', '--key-kind', 'phone', '--secret-file', secret, '--out', path.join(dir, out), ...extra);
    }
    await c('workspace', 'create', ws);
    await run('import', path.join(dir, 'l.csv'), '--name', 'lender');
    await run('import', path.join(dir, 'p.csv'), '--name', 'partner', '--party', 'partner');
    // The truth rides along for the check only: its role keeps it out of every model.
    await run('import', path.join(dir, 't.csv'), '--name', 'truth', '--role', 'p_bad=exclude');
    await run('join', '--left', 'lender', '--right', 'partner', '--on', 'phone_hmac_sha256', '--how', 'left', '--name', 'joint0');
    await run('join', '--left', 'joint0', '--right', 'truth', '--on', 'phone_hmac_sha256', '--how', 'left', '--name', 'joint');
    await run('split', '--dataset', 'joint', '--random', '0.7', '--seed', '1', '--target', 'bad');
    await run('bin', '--dataset', 'joint', '--target', 'bad');
    kgb = await run<TrainResult>('train', '--dataset', 'joint', '--target', 'bad', '--population', 'drew_down=1', '--model', 'scorecard-lr', '--name', 'kgb');
  });

  it('the known-good-bad model under-predicts the applicants without an outcome: the selection bias to correct', async () => {
    assert.ok(!kgb.features.includes('p_bad') && !kgb.features.includes('bureau_bad'), `inputs: ${kgb.features.join(', ')}`);
    const e = await errorOf(kgb.modelId);
    assert.ok(e.predicted < e.truth - 0.03, `known-good-bad predicts ${e.predicted.toFixed(4)}, truth ${e.truth.toFixed(4)} on ${e.rows} rows`);
  });

  it('fuzzy augmentation and parceling with the factor measured on bureau outcomes cut the error of the predicted bad rate on unseen rows', async () => {
    const base = await errorOf(kgb.modelId);
    const results: string[] = [`known-good-bad: predicted ${base.predicted.toFixed(4)} vs true ${base.truth.toFixed(4)}, mean error ${base.mean.toFixed(4)}, row MAE ${base.mae.toFixed(4)}`];
    for (const method of ['fuzzy', 'parceling']) {
      const r = await infer('--method', method, '--calibrate', 'bureau_bad', '--name', `ri ${method}`);
      const e = await errorOf(r.modelId);
      results.push(`${method}: factor ${r.report.factor.toFixed(3)}, predicted ${e.predicted.toFixed(4)}, mean error ${e.mean.toFixed(4)} (${((1 - e.mean / base.mean) * 100).toFixed(0)}% less), row MAE ${e.mae.toFixed(4)} (${((1 - e.mae / base.mae) * 100).toFixed(1)}% less)`);
      assert.ok(e.mean <= 0.5 * base.mean, `${method}: mean error ${e.mean} vs ${base.mean}`);
      assert.ok(e.mae < base.mae, `${method}: row error ${e.mae} vs ${base.mae}`);
      // The measured factor's interval holds the true ratio on the rows it was measured on (a check the truth allows, not an input).
      const c = r.report.calibration!;
      assert.ok(c.train.lower > 1 && c.train.rows > 500, `factor ${c.train.factor} (${c.train.lower}–${c.train.upper}) on ${c.train.rows} rows`);
      assert.ok(c.check && Math.abs(c.check.inferred - c.check.observed) < Math.abs(c.check.kgb - c.check.observed), 'the check rows: the inferred model is nearer their observed rate');
      assert.equal(r.report.kgbModel, kgb.modelId);
      assert.ok(r.metrics.test!.auc > 0.5, 'measured on the known rows of each sample');
    }
    console.log(results.join('\n'));
  });

  it('without a factor the mean barely moves (the factor carries the correction); a hard cut-off moves the mean but scatters the rows', async () => {
    const base = await errorOf(kgb.modelId);
    const plain = await errorOf((await infer('--method', 'fuzzy', '--name', 'ri plain')).modelId);
    assert.ok(Math.abs(plain.predicted - base.predicted) < 0.01, `factor 1: ${plain.predicted} vs ${base.predicted}`);
    const hard = await infer('--method', 'hard-cutoff', '--calibrate', 'bureau_bad', '--name', 'ri hard');
    const e = await errorOf(hard.modelId);
    assert.ok(hard.report.cutoff! > 0 && hard.report.cutoff! < 1);
    assert.ok(e.mean < base.mean, `hard cut-off mean error ${e.mean} vs ${base.mean}`);
    assert.ok(e.mae > base.mae, `hard cut-off row error ${e.mae} vs ${base.mae}: rows pushed to 0 or 1`);
  });

  it('the inferred model goes on like any model: a scorecard, and an export whose bins count people', async () => {
    json(await cli('scorecard', '--workspace', ws, '--model', 'ri fuzzy', '--json'));
    const out = path.join(dir, 'bundle');
    const x = await run<{ out: string }>('export', '--model', 'ri fuzzy', '--out', out);
    assert.equal(x.out, out);
  });

  it('refuses what it cannot do, naming the option: both a factor and a column, a non-logistic model, nothing to infer', async () => {
    const err = (r: { stderr: string }) => (JSON.parse(r.stderr) as { error: WireError }).error;
    const both = err(await cli('infer', '--workspace', ws, '--model', 'kgb', '--factor', '2', '--calibrate', 'bureau_bad', '--json'));
    assert.equal(both.details?.option, 'factor | calibrate');
    const tree = await run<TrainResult>('train', '--dataset', 'joint', '--target', 'bad', '--population', 'drew_down=1', '--model', 'gbdt', '--trees', '10', '--name', 'tree');
    const e = err(await cli('infer', '--workspace', ws, '--model', String(tree.modelId), '--json'));
    assert.deepEqual([e.code, e.details?.option], ['INVALID_ARGUMENT', 'model']);
    const none = err(await cli('infer', '--workspace', ws, '--model', 'kgb', '--population', 'drew_down=1', '--json'));
    assert.deepEqual([none.code, none.details?.option], ['INVALID_ARGUMENT', 'population']);
    const models = await run<{ name: string }[]>('models');
    assert.ok(!models.some((m) => m.name.includes('inferred')), 'refusals store nothing');
  });
});
