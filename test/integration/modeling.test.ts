import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { CutoffResult, Evaluation, FunnelResult, ScorecardResult, SelectResult, SplitResult, TrainResult } from '../../service/contract';
import { decodeI32Into } from '../../data/store/chunk-codec';
import { mulberry32 } from '../../models/stats/random';
import type { WireError } from '../../types/errors';
import { assertClose } from '../helpers/assert-close';
import { json, runCli } from '../helpers/cli';
import { SHARED_DATA, tempDir, write } from '../helpers/temp';

const HMEQ_NUMERIC = ['LOAN', 'MORTDUE', 'VALUE', 'YOJ', 'DEROG', 'DELINQ', 'CLAGE', 'NINQ', 'CLNO', 'DEBTINC'];

/**
 * statsmodels 0.13.5 (Debian python3-statsmodels), hmeq.csv numeric columns median-imputed:
 *   d = pd.read_csv('hmeq.csv'); X = d[cols].fillna(d[cols].median())
 *   m = sm.Logit(d['BAD'], sm.add_constant(X)).fit(disp=0, tol=1e-12, maxiter=100)
 *   m.params, m.bse, m.llf, m.aic, m.bic;  sklearn 1.2.1 roc_auc_score(d['BAD'], m.predict(...))
 */
const STATSMODELS: [string, number, number][] = [
  ['(intercept)', -2.759066574872344, 0.2442973258138239],
  ['LOAN', -2.306493150771072e-05, 4.041189133038486e-06],
  ['MORTDUE', -4.176231163749762e-06, 1.4410217970884673e-06],
  ['VALUE', 3.957359180089185e-06, 1.0178405455682103e-06],
  ['YOJ', -0.008023513107312868, 0.005644232175760699],
  ['DEROG', 0.6047399205765123, 0.04907811486372572],
  ['DELINQ', 0.7513180883174051, 0.03800629541450543],
  ['CLAGE', -0.005642181564316398, 0.0005557723708103305],
  ['NINQ', 0.16204891733161886, 0.020169384936898075],
  ['CLNO', -0.015843601952937474, 0.004265705260897648],
  ['DEBTINC', 0.06468058800483156, 0.0062854404806018315],
];
const STATSMODELS_FIT = { llf: -2334.4882238838654, aic: 4690.976447767731, bic: 4764.597531128385, auc: 0.7986448826391719, logLoss: 0.39169265501407136, brier: 0.12057304928197712 };

describe('CLI: sample design, selection, training and evaluation', () => {
  const dir = tempDir();
  const ws = path.join(dir, 'models.jsw');
  const cli = (...args: string[]) => runCli(args, dir);
  const err = (stderr: string) => (JSON.parse(stderr) as { error: WireError }).error;

  before(async () => {
    json(await cli('workspace', 'create', ws, '--json'));
    json(await cli('import', path.join(SHARED_DATA, 'hmeq.csv'), '--workspace', ws, '--name', 'hmeq', '--json'));
  });

  it('unpenalized logistic regression on hmeq equals statsmodels Logit: coefficients and standard errors to 1e-5 (relative)', async () => {
    const r = json<TrainResult & { backend: string }>(await cli('train', '--workspace', ws, '--dataset', 'hmeq', '--target', 'BAD', '--model', 'logistic', '--features', HMEQ_NUMERIC.join(','), '--json'));
    assert.ok(['tensorflow', 'wasm', 'cpu'].includes(r.backend));
    assert.deepEqual(r.coefficients.map((c) => c.name), STATSMODELS.map((s) => s[0]));
    STATSMODELS.forEach(([name, b, se], k) => {
      assertClose(r.coefficients[k]!.coefficient, b, Math.abs(b) * 1e-5, `${name} coefficient`);
      assertClose(r.coefficients[k]!.standardError, se, se * 1e-5, `${name} standard error`);
    });
    assert.equal(r.coefficients[1]!.party, 'lender');
    const m = json<{ logistic: { logLikelihood: number; aic: number; bic: number; converged: boolean } }>(await cli('models', '--workspace', ws, '--json'));
    assert.ok(Array.isArray(m));
    const stored = await openModel(ws, r.modelId);
    assertClose(stored.logistic.logLikelihood, STATSMODELS_FIT.llf, 1e-6);
    assertClose(stored.logistic.aic, STATSMODELS_FIT.aic, 1e-6);
    assertClose(stored.logistic.bic, STATSMODELS_FIT.bic, 1e-6);
    assert.equal(stored.logistic.converged, true);
    assertClose(r.metrics.train!.auc, STATSMODELS_FIT.auc, 1e-9, 'AUC as scikit-learn roc_auc_score');
    assertClose(r.metrics.train!.logLoss, STATSMODELS_FIT.logLoss, 1e-9);
    assertClose(r.metrics.train!.brier, STATSMODELS_FIT.brier, 1e-9);
    assertClose(r.metrics.train!.gini, 2 * STATSMODELS_FIT.auc - 1, 1e-9);
  });

  it('falls back from tfjs-node to wasm to cpu, says which it used, and fits the same model on each', async () => {
    let nodeBackend = true;
    try { require.resolve('@tensorflow/tfjs-node'); } catch { nodeBackend = false; }
    const auto = json<TrainResult>(await cli('train', '--workspace', ws, '--dataset', 'hmeq', '--target', 'BAD', '--model', 'logistic', '--features', 'LOAN,DEROG,DELINQ', '--json'));
    assert.equal(auto.backend, nodeBackend ? 'tensorflow' : 'wasm');
    const cpu = json<TrainResult>(await runCli(['train', '--workspace', ws, '--dataset', 'hmeq', '--target', 'BAD', '--model', 'logistic', '--features', 'LOAN,DEROG,DELINQ', '--json'], dir, { JOINTSCORE_TF_BACKEND: 'cpu' }));
    assert.equal(cpu.backend, 'cpu');
    cpu.coefficients.forEach((c, k) => assertClose(c.coefficient, auto.coefficients[k]!.coefficient, 1e-9, c.name));
  });

  it('fits by Adam on TensorFlow.js when asked (close to Newton), and an L1 penalty zeroes coefficients exactly', async () => {
    const base = ['train', '--workspace', ws, '--dataset', 'hmeq', '--target', 'BAD', '--model', 'logistic', '--features', HMEQ_NUMERIC.join(','), '--json'];
    const newton = json<TrainResult>(await cli(...base));
    const adam = json<TrainResult>(await cli(...base, '--solver', 'adam'));
    assert.ok(Math.abs(adam.metrics.train!.auc - newton.metrics.train!.auc) < 0.005, `Adam AUC ${adam.metrics.train!.auc} vs Newton ${newton.metrics.train!.auc}`);
    assert.equal(adam.coefficients[1]!.standardError, null, 'no standard errors from Adam (NaN in JSON is null)');
    const lasso = json<TrainResult>(await cli(...base, '--l1', '5000'));
    const zeros = lasso.coefficients.slice(1).filter((c) => c.coefficient === 0).length;
    assert.ok(zeros >= 2 && zeros < HMEQ_NUMERIC.length, `${zeros} coefficients at exactly zero`);
    assert.ok(lasso.warnings.some((w) => /L1 penalty of 5000/.test(w)));
  });

  it('splits at random, stratified by the target and seeded: shares and event rates kept, same seed same split', async () => {
    const a = json<SplitResult>(await cli('split', '--workspace', ws, '--dataset', 'hmeq', '--random', '0.7', '--seed', '7', '--target', 'BAD', '--json'));
    const [train, test, oot] = a.counts;
    assert.equal(train!.rows + test!.rows, 5960);
    assert.equal(oot!.rows, 0);
    assert.ok(Math.abs(test!.rows - 0.3 * 5960) <= 2);
    assert.ok(Math.abs(train!.eventRate! - test!.eventRate!) < 0.001, 'stratified: equal event rates');
    const first = sampleColumn(ws);
    json(await cli('split', '--workspace', ws, '--dataset', 'hmeq', '--random', '0.7', '--seed', '7', '--target', 'BAD', '--json'));
    assert.deepEqual(sampleColumn(ws), first);
    json(await cli('split', '--workspace', ws, '--dataset', 'hmeq', '--random', '0.7', '--seed', '8', '--target', 'BAD', '--json'));
    assert.notDeepEqual(sampleColumn(ws), first);
    json(await cli('split', '--workspace', ws, '--dataset', 'hmeq', '--random', '0.7', '--seed', '7', '--target', 'BAD', '--json'));
  });

  it('bins on train, selects with reasons (manual choices win), trains a scorecard LR and evaluates it per sample', async () => {
    json(await cli('bin', '--workspace', ws, '--dataset', 'hmeq', '--target', 'BAD', '--json'));
    const s = json<SelectResult>(await cli('select', '--workspace', ws, '--dataset', 'hmeq', '--target', 'BAD', '--include', 'YOJ', '--exclude', 'DEBTINC', '--json'));
    assert.ok(s.selected.includes('YOJ'), 'included by hand');
    assert.ok(!s.selected.includes('DEBTINC'), 'excluded by hand');
    assert.ok(s.steps.some((x) => x.step === 'manual' && x.variable === 'DEBTINC'));
    assert.ok(s.steps.every((x) => x.reason.length > 0));
    assert.ok(s.selected.length >= 3);
    const r = json<TrainResult>(await cli('train', '--workspace', ws, '--dataset', 'hmeq', '--target', 'BAD', '--model', 'scorecard-lr', '--features', s.selected.join(','), '--json'));
    assert.equal(r.purpose, 'credit');
    assert.deepEqual(r.coefficients.slice(1).map((c) => c.name), s.selected);
    assert.equal(r.rows.train + r.rows.test, 5960);
    assert.ok(r.metrics.train!.auc > 0.75 && r.metrics.test!.auc > 0.7, `AUC ${r.metrics.train!.auc} / ${r.metrics.test!.auc}`);
    for (const c of r.coefficients.slice(1)) if (c.coefficient > 0) assert.ok(r.warnings.some((w) => w.includes(`'${c.name}'`)), `a wrong-sign warning for ${c.name}`);
    const e = json<Evaluation>(await cli('evaluate', '--workspace', ws, '--model', String(r.modelId), '--json'));
    assert.deepEqual(e.samples.map((x) => x.sample), ['train', 'test']);
    const test = e.samples[1]!;
    assertClose(test.metrics.auc, r.metrics.test!.auc, 1e-12, 'evaluation scores as training did');
    assert.equal(test.bands.reduce((t, b) => t + b.rows, 0), r.rows.test);
    assert.equal(test.bands.reduce((t, b) => t + b.events, 0), test.metrics.events);
    assertClose(test.bands[test.bands.length - 1]!.cumulativeEvents, 1, 1e-12);
    assert.ok(test.bands[0]!.eventRate > test.bands[test.bands.length - 1]!.eventRate, 'riskiest decile first');
    assert.ok(test.psi !== null && test.psi >= 0 && test.psi < 0.1, `PSI train→test ${test.psi}`);
    assert.equal(test.curves.roc.fpr[0], 0);
    assert.equal(test.curves.roc.tpr.at(-1), 1);
  });

  it('turns the scorecard LR into points: PDO scaling by hand, unrounded points summing to the log-odds exactly, rounded card scoring within rounding', async () => {
    const models = json<{ id: number; kind: string }[]>(await cli('models', '--workspace', ws, '--json'));
    const id = models.find((m) => m.kind === 'scorecard-lr')!.id;
    const exact = json<ScorecardResult>(await cli('scorecard', '--workspace', ws, '--model', String(id), '--no-round', '--json'));
    const c = exact.scorecard;
    assertClose(c.factor, 20 / Math.log(2), 1e-12);
    assertClose(c.offset, 600 - (20 / Math.log(2)) * Math.log(50), 1e-12);
    const model = await openModel(ws, id) as unknown as { logistic: { coefficients: { name: string; coefficient: number }[] }; metrics: { test: { auc: number }; train: { auc: number } } };
    const beta = new Map(model.logistic.coefficients.map((t) => [t.name, t.coefficient]));
    // Independently of the app's lookup: each attribute's points = −factor·β·WOE, base = offset − factor·β₀.
    assertClose(c.basePoints, c.offset - c.factor * beta.get('(intercept)')!, 1e-9);
    for (const ch of c.characteristics) for (const a of ch.attributes) assertClose(a.points, -c.factor * beta.get(ch.name)! * a.woe, 1e-9, `${ch.name} ${a.label}`);
    // The score is a decreasing function of the model's log-odds, so its AUC (oriented) equals the model's.
    assertClose(exact.samples.find((x) => x.sample === 'test')!.auc, model.metrics.test.auc, 1e-12);
    assertClose(exact.samples.find((x) => x.sample === 'train')!.auc, model.metrics.train.auc, 1e-12);
    const rounded = json<ScorecardResult>(await cli('scorecard', '--workspace', ws, '--model', String(id), '--pdo', '40', '--base-score', '500', '--base-odds', '20', '--json'));
    const r = rounded.scorecard;
    assert.ok(r.characteristics.every((ch) => ch.attributes.every((a) => Number.isInteger(a.points))) && Number.isInteger(r.basePoints));
    assert.equal(r.scoreRange.min, r.basePoints + r.characteristics.reduce((t, ch) => t + ch.minPoints, 0));
    assert.ok(Math.abs(rounded.samples[1]!.auc - exact.samples[1]!.auc) < 0.01, 'rounding moves the AUC very little');
    assert.deepEqual(r.characteristics.map((ch) => ch.reasonCode), r.characteristics.map((_, k) => `RC${String(k + 1).padStart(2, '0')}`));
    const shown = json<{ id: number; basePoints: number }>(await cli('scorecard', 'show', '--workspace', ws, '--id', String(rounded.scorecardId), '--json'));
    assert.equal(shown.basePoints, r.basePoints);
    // A logistic regression on raw inputs is scaled as a whole: no points per attribute, the same ranking as the model.
    const lr = models.find((m) => m.kind === 'logistic')!;
    const scaled = json<ScorecardResult>(await cli('scorecard', '--workspace', ws, '--model', String(lr.id), '--no-round', '--json'));
    assert.equal(scaled.scorecard.scaled?.kind, 'logistic');
    assert.equal(scaled.scorecard.characteristics.length, 0);
    assert.ok(scaled.samples.length > 0 && scaled.samples.every((x) => x.auc > 0.6), 'the scaled score ranks as a model does');
    const cut = json<CutoffResult>(await cli('strategy', 'cutoffs', '--workspace', ws, '--scorecard', String(rounded.scorecardId), '--json'));
    const testMetrics = (model.metrics as unknown as { test: { rows: number; events: number } }).test;
    assert.equal(cut.sample, 'test');
    assert.equal(cut.rows, testMetrics.rows);
    assert.equal(cut.table[0]!.passRate, 1, 'the lowest cut-off passes everyone');
    for (let k = 1; k < cut.table.length; k++) assert.ok(cut.table[k]!.passed <= cut.table[k - 1]!.passed, 'a higher cut-off passes no more rows');
    for (const c of cut.table) assert.equal(c.passedEvents + c.rejectedEvents, testMetrics.events);
    const mid = cut.table[Math.floor(cut.table.length / 2)]!;
    assert.ok(mid.passedEventRate! < testMetrics.events / testMetrics.rows, 'those who pass a mid cut-off are less risky than everyone');
  });

  it('refuses a missing target, a population on a missing column and an unknown model kind, storing nothing', async () => {
    const before = (json<unknown[]>(await cli('models', '--workspace', ws, '--json'))).length;
    let r = await cli('train', '--workspace', ws, '--dataset', 'hmeq', '--target', 'NOPE', '--model', 'logistic', '--json');
    assert.equal(err(r.stderr).code, 'NOT_FOUND');
    r = await cli('train', '--workspace', ws, '--dataset', 'hmeq', '--target', 'BAD', '--model', 'logistic', '--population', 'drew=1', '--json');
    assert.match(err(r.stderr).message, /population filter names 'drew'/);
    r = await cli('train', '--workspace', ws, '--dataset', 'hmeq', '--target', 'BAD', '--model', 'forest', '--json');
    assert.match(err(r.stderr).message, /scorecard-lr, logistic, mlp or gbdt/);
    assert.equal((json<unknown[]>(await cli('models', '--workspace', ws, '--json'))).length, before);
  });
});

describe('CLI: bad input to the sample design, funnel, cut-offs and model deletion', () => {
  const dir = tempDir();
  const ws = path.join(dir, 'bad.jsw');
  const cli = (...args: string[]) => runCli(args, dir);
  const err = (stderr: string) => (JSON.parse(stderr) as { error: WireError }).error;
  const snapshot = () => {
    const db = new Database(ws, { readonly: true });
    try {
      return {
        audit: db.prepare('SELECT COUNT(*) FROM audit_log').pluck().get(),
        columns: db.prepare('SELECT name, role FROM columns ORDER BY id').all(),
        artifacts: db.prepare('SELECT COUNT(*) FROM artifacts').pluck().get(),
      };
    } finally {
      db.close();
    }
  };

  before(async () => {
    json(await cli('workspace', 'create', ws, '--json'));
    json(await cli('import', path.join(SHARED_DATA, 'hmeq.csv'), '--workspace', ws, '--name', 'hmeq', '--json'));
    json(await cli('split', '--workspace', ws, '--dataset', 'hmeq', '--random', '0.7', '--seed', '1', '--target', 'BAD', '--json'));
  });

  it('names the column and what was expected, and leaves samples, artifacts and the audit log as they were', async () => {
    const before = snapshot();
    const base = ['--workspace', ws, '--dataset', 'hmeq', '--json'];
    let e = err((await cli('split', ...base)).stderr);
    assert.match(e.message, /Choose one way to split/);
    assert.equal(e.details.option, 'random | time | byColumn', 'the option, for each shell to phrase');
    e = err((await cli('split', ...base, '--random', '1.5')).stderr);
    assert.match(e.message, /training share must be between 0 and 1; got 1.5/);
    assert.equal(e.details.option, 'random');
    e = err((await cli('split', ...base, '--time', 'MONTH', '--oot-from', '2024-07')).stderr);
    assert.deepEqual([e.code, e.details.column], ['NOT_FOUND', 'MONTH']);
    e = err((await cli('split', ...base, '--time', 'YOJ', '--oot-from', 'soon')).stderr);
    assert.match(e.message, /cut-off 'soon' is not a number/);
    assert.deepEqual([e.details.option, e.details.got], ['ootFrom', 'soon']);
    e = err((await cli('split', ...base, '--time', 'YOJ', '--oot-from', '1000')).stderr);
    assert.match(e.message, /out-of-time sample would be empty/);
    e = err((await cli('split', ...base, '--by-column', 'REASON')).stderr);
    assert.equal(e.details.column, 'REASON');
    assert.match(e.message, new RegExp(`the value '${String(e.details.got)}', which names no sample`));
    e = err((await cli('funnel', ...base, '--stages', 'applied,approved')).stderr);
    assert.deepEqual([e.code, e.details.column], ['NOT_FOUND', 'applied']);
    e = err((await cli('strategy', 'cutoffs', '--workspace', ws, '--scorecard', '999', '--json')).stderr);
    assert.match(e.message, /no scorecard 999/);
    e = err((await cli('models', 'delete', '--workspace', ws, '--model', '999', '--json')).stderr);
    assert.equal(e.code, 'NOT_FOUND');
    assert.deepEqual(snapshot(), before);
  });

  it('deletes a model, audited, and lists the rest', async () => {
    const a = json<TrainResult>(await cli('train', '--workspace', ws, '--dataset', 'hmeq', '--target', 'BAD', '--model', 'logistic', '--features', 'LOAN,DEROG', '--json'));
    const b = json<TrainResult>(await cli('train', '--workspace', ws, '--dataset', 'hmeq', '--target', 'BAD', '--model', 'logistic', '--features', 'LOAN', '--json'));
    const left = json<{ id: number }[]>(await cli('models', 'delete', '--workspace', ws, '--model', String(a.modelId), '--json'));
    assert.deepEqual(left.map((m) => m.id), [b.modelId]);
    const entries = json<{ action: string }[]>(await cli('audit', 'list', '--workspace', ws, '--json'));
    assert.equal(entries.at(-1)!.action, 'model.delete');
  });
});

describe('CLI: the MLP challenger beats the logistic regression where the effect is an interaction', () => {
  const dir = tempDir();
  const ws = path.join(dir, 'mlp.jsw');
  const cli = (...args: string[]) => runCli(args, dir);

  before(async () => {
    const rand = mulberry32(2026);
    const lines = ['x1,x2,noise,y'];
    for (let i = 0; i < 6000; i++) {
      const x1 = rand() * 2 - 1, x2 = rand() * 2 - 1;
      const y = rand() < 1 / (1 + Math.exp(-(5 * x1 * x2 - 0.5))) ? 1 : 0;
      lines.push(`${x1.toFixed(4)},${x2.toFixed(4)},${rand().toFixed(4)},${y}`);
    }
    write(dir, 'interaction.csv', `${lines.join('\n')}\n`);
    json(await cli('workspace', 'create', ws, '--json'));
    json(await cli('import', path.join(dir, 'interaction.csv'), '--workspace', ws, '--name', 'xor', '--json'));
    json(await cli('split', '--workspace', ws, '--dataset', 'xor', '--random', '0.7', '--seed', '3', '--target', 'y', '--json'));
  });

  it('LR sees nothing, the seeded MLP finds the interaction; the stored network scores the same after reloading', async () => {
    const lr = json<TrainResult>(await cli('train', '--workspace', ws, '--dataset', 'xor', '--target', 'y', '--model', 'logistic', '--purpose', 'targeting', '--json'));
    const mlp = json<TrainResult>(await cli('train', '--workspace', ws, '--dataset', 'xor', '--target', 'y', '--model', 'mlp', '--purpose', 'targeting', '--epochs', '40', '--patience', '8', '--json'));
    assert.ok(lr.metrics.test!.auc < 0.58, `LR test AUC ${lr.metrics.test!.auc}`);
    assert.ok(mlp.metrics.test!.auc > lr.metrics.test!.auc + 0.15, `MLP ${mlp.metrics.test!.auc} vs LR ${lr.metrics.test!.auc}`);
    assert.equal(mlp.coefficients.length, 0);
    const e = json<Evaluation>(await cli('evaluate', '--workspace', ws, '--model', String(mlp.modelId), '--json'));
    assertClose(e.samples.find((s) => s.sample === 'test')!.metrics.auc, mlp.metrics.test!.auc, 1e-6, 'reloaded topology + weights score as trained');
    const again = json<TrainResult>(await cli('train', '--workspace', ws, '--dataset', 'xor', '--target', 'y', '--model', 'mlp', '--purpose', 'targeting', '--epochs', '40', '--patience', '8', '--json'));
    assertClose(again.metrics.test!.auc, mlp.metrics.test!.auc, 1e-9, 'same seed, same network');
  });
});

function sampleColumn(ws: string): number[] {
  const db = new Database(ws, { readonly: true });
  try {
    const rows = db.prepare("SELECT row_count, data FROM column_chunks WHERE column_id = (SELECT c.id FROM columns c JOIN datasets d ON d.id = c.dataset_id WHERE d.name = 'hmeq' AND c.name = 'sample') ORDER BY chunk_index").all() as { row_count: number; data: Buffer }[];
    return rows.flatMap((r) => { const codes = new Int32Array(r.row_count); decodeI32Into(r.data, codes, 0); return Array.from(codes); });
  } finally {
    db.close();
  }
}

async function openModel(ws: string, id: number): Promise<{ logistic: { logLikelihood: number; aic: number; bic: number; converged: boolean } }> {
  const db = new Database(ws, { readonly: true });
  try {
    return JSON.parse((db.prepare('SELECT body_json FROM artifacts WHERE id = ?').get(id) as { body_json: string }).body_json) as { logistic: { logLikelihood: number; aic: number; bic: number; converged: boolean } };
  } finally {
    db.close();
  }
}

describe('CLI: the funnel of a lender file', () => {
  const dir = tempDir();
  const ws = path.join(dir, 'funnel.jsw');
  const cli = (...args: string[]) => runCli(args, dir);

  it('counts exposed → applied → pre-screen passed → approved → drew down overall and by month, as a hand count of the CSV', async () => {
    json(await cli('demo', 'generate', '--rows', '3000', '--seed', '5', '--out', dir, '--json'));
    json(await cli('workspace', 'create', ws, '--json'));
    json(await cli('import', path.join(dir, 'lender.csv'), '--workspace', ws, '--name', 'lender', '--drop', 'phone', '--json'));
    const stages = ['applied', 'prescreen_passed', 'approved', 'drew_down'];
    const r = json<FunnelResult>(await cli('funnel', '--workspace', ws, '--dataset', 'lender', '--stages', stages.join(','), '--by', 'exposure_month', '--json'));
    const lines = fs.readFileSync(path.join(dir, 'lender.csv'), 'utf8').trim().split('\n');
    const header = lines[0]!.split(',');
    const rows = lines.slice(1).map((l) => l.split(','));
    const reached = (row: string[], k: number) => stages.slice(0, k).every((s) => row[header.indexOf(s)] === '1');
    const want = [0, 1, 2, 3, 4].map((k) => rows.filter((row) => reached(row, k)).length);
    assert.deepEqual(r.overall.map((x) => x.count), want);
    r.overall.slice(1).forEach((x, k) => { assertClose(x.dropOff, (want[k]! - want[k + 1]!) / want[k]!, 1e-12); assertClose(x.conversion, want[k + 1]! / want[k]!, 1e-12); });
    const month = header.indexOf('exposure_month');
    const first = r.segments[0]!;
    assert.deepEqual(first.stages.map((x) => x.count), [0, 1, 2, 3, 4].map((k) => rows.filter((row) => row[month] === first.segment && reached(row, k)).length));
    assert.deepEqual(r.segments.map((g) => g.segment), [...new Set(rows.map((row) => row[month]!))].sort());
  });
});
