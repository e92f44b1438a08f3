import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { UpliftResult } from '../../service/contract';
import { findArtifactById } from '../../data/store/artifacts';
import { readColumn } from '../../data/store/column-chunks';
import { getDataset } from '../../data/store/datasets';
import { qini } from '../../models/uplift/qini';
import { bestArm, tierOf } from '../../models/uplift/recommend';
import { predictPart } from '../../service/uplift/uplift-parts';
import { loadTfBackend } from '../../service/tf/load-backend';
import type { WireError } from '../../types/errors';
import type { StoredUplift } from '../../types/uplift';
import { json, runCli } from '../helpers/cli';
import { readCsv } from '../helpers/read-csv';
import { tempDir } from '../helpers/temp';

const FEATURES = 'tenure_months,current_line,utilization,last_draw_days,app_logins_30d,age_band';
const COSTS = ['--offer-cost', 'line_increase=10,coupon=30,price_cut=60', '--contact-cost', 'app=0.1,sms=0.05,call=2'];

/** What the generator knows about each test-sample customer, beside what a stored uplift model predicts for them. */
interface Check { rows: number[]; tier: string[]; trueUplift: (arm: string, i: number) => number; predicted: Float64Array[]; p0: Float64Array; model: StoredUplift; offer: string[]; response: Float64Array }

describe('uplift modeling on a randomized campaign against the generator’s truth (CLI)', () => {
  const dir = tempDir();
  const ws = path.join(dir, 'u.jsw');
  const cli = (...args: string[]) => runCli(args, dir);
  const run = async <T>(...args: string[]) => json<T>(await cli(...args, '--workspace', ws, '--json'));
  const uplift = (...args: string[]) => run<UpliftResult>('uplift', '--dataset', 'camp', '--target', 'responded', '--treatment', 'offer', '--features', FEATURES, '--value', 'value', ...COSTS, ...args);
  let truth: ReturnType<typeof readCsv>;

  before(async () => {
    json(await cli('demo', 'campaign', '--rows', '80000', '--seed', '5', '--out', path.join(dir, 'c'), '--json'));
    truth = readCsv(path.join(dir, 'c', 'truth.csv'));
    json(await cli('workspace', 'create', ws, '--json'));
    await run('import', path.join(dir, 'c', 'customers.csv'), '--name', 'camp');
    await run('split', '--dataset', 'camp', '--random', '0.7', '--seed', '1', '--target', 'responded');
  });

  /** The stored model read back as the product reads it, and the truth of the test sample (the dataset keeps the file's row order). */
  async function check(upliftId: number): Promise<Check> {
    await loadTfBackend();
    const db = new Database(ws, { readonly: true });
    try {
      const ds = getDataset(db, 'camp');
      const col = (n: string) => readColumn(db, ds, n);
      const model = findArtifactById<StoredUplift>(db, upliftId)!.body;
      const sample = col('sample') as { codes: Int32Array; dictionary: string[] };
      const test = sample.dictionary.indexOf('test');
      const rows = Array.from({ length: ds.rows }, (_, i) => i).filter((i) => sample.codes[i] === test);
      const p0 = predictPart(model.controlModel, col);
      const predicted = model.arms.map((a) => { const p = predictPart(a.model, col); return model.method === 'two-model' ? Float64Array.from(p, (x, i) => x - p0[i]!) : Float64Array.from(p, (q) => 2 * q - 1); });
      const at = (name: string) => truth.header.indexOf(name);
      // An offer by no named channel: the channels were drawn at random, so its true uplift is their mean.
      const trueUplift = (arm: string, i: number) => ['app', 'sms', 'call'].reduce((s, c) => s + Number(truth.rows[i]![at(`uplift_${arm}_${c}`)]), 0) / 3;
      const offer = col('offer') as { codes: Int32Array; dictionary: string[] };
      return { rows, tier: truth.rows.map((r) => r[at('tier')]!), trueUplift, predicted, p0, model, offer: Array.from(offer.codes, (c) => offer.dictionary[c]!), response: (col('responded') as { values: Float64Array }).values };
    } finally {
      db.close();
    }
  }

  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);
  const correlation = (a: number[], b: number[]) => {
    const ma = mean(a), mb = mean(b);
    let ab = 0, aa = 0, bb = 0;
    a.forEach((x, k) => { ab += (x - ma) * (b[k]! - mb); aa += (x - ma) ** 2; bb += (b[k]! - mb) ** 2; });
    return ab / Math.sqrt(aa * bb);
  };

  it('two models on trees rank who responds because of the coupon: Qini at least half the truth’s, top-decile uplift near the true one, tiers and offers recovered', async () => {
    const r = await uplift('--method', 'two-model', '--learner', 'gbdt', '--name', 'trees');
    assert.deepEqual(r.arms.map((a) => a.key), ['coupon', 'line_increase', 'price_cut']);
    assert.equal(r.evaluation, 'test');
    const c = await check(r.upliftId);
    const k = r.arms.findIndex((a) => a.key === 'coupon');
    const evaluation = c.rows.filter((i) => c.offer[i] === 'none' || c.offer[i] === 'coupon');
    const oracle = qini({ uplift: evaluation.map((i) => c.trueUplift('coupon', i)), treated: evaluation.map((i) => (c.offer[i] === 'coupon' ? 1 : 0)), response: evaluation.map((i) => c.response[i]!) }).coefficient;
    assert.ok(r.arms[k]!.qini > 0.5 * oracle, `coupon Qini ${r.arms[k]!.qini} against the truth's ${oracle}`);
    assert.ok(r.arms.every((a) => a.qini > 0), `every arm above random: ${r.arms.map((a) => a.qini).join(', ')}`);
    // The model's top decile: predicted uplift beside those customers' true uplift.
    const order = [...c.rows].sort((a, b) => c.predicted[k]![b]! - c.predicted[k]![a]!);
    const top = order.slice(0, Math.floor(order.length / 10));
    const predictedTop = mean(top.map((i) => c.predicted[k]![i]!)), trueTop = mean(top.map((i) => c.trueUplift('coupon', i)));
    assert.ok(Math.abs(predictedTop - trueTop) < 0.04, `top decile: predicted ${predictedTop}, true ${trueTop}`);
    assert.ok(trueTop > 2 * mean(c.rows.map((i) => c.trueUplift('coupon', i))), 'the top decile holds more than twice the average true uplift');
    // Tiers and offers per customer, as the product decides them.
    let agree = 0;
    const offers: Record<string, Record<string, number>> = {};
    for (const i of c.rows) {
      const u = c.predicted.map((p) => p[i]!);
      if (tierOf(mean(u), c.p0[i]!, c.model.thresholds) === c.tier[i]) agree++;
      const best = bestArm(u, c.p0[i]!, c.model.valuePerResponse, c.model.arms);
      const arm = best.arm < 0 ? 'none' : c.model.arms[best.arm]!.key;
      (offers[c.tier[i]!] ??= {})[arm] = (offers[c.tier[i]!]![arm] ?? 0) + 1;
    }
    assert.ok(agree / c.rows.length > 0.6, `tier agreement ${agree / c.rows.length}`);
    const share = (tier: string, arm: string) => (offers[tier]![arm] ?? 0) / Object.values(offers[tier]!).reduce((s, x) => s + x, 0);
    assert.ok(share('persuadable', 'none') < 0.2, `persuadables are offered something: ${JSON.stringify(offers.persuadable)}`);
    assert.ok(share('persuadable', 'coupon') > share('persuadable', 'line_increase'), `the coupon before the line increase for persuadables: ${JSON.stringify(offers.persuadable)}`);
    const tiers = Object.fromEntries(r.tiers.map((t) => [t.tier, t]));
    assert.ok(tiers.persuadable!.meanUplift > 0.03 && tiers.do_not_disturb!.meanUplift < 0, JSON.stringify(r.tiers.map((t) => [t.tier, t.meanUplift])));
    assert.ok(tiers.sure_thing!.meanControlRate > 2 * tiers.lost_cause!.meanControlRate, 'sure things respond anyway, lost causes do not');
  });

  it('class transformation on the WOE scorecard orders customers by their true uplift, each arm', async () => {
    const r = await uplift('--method', 'class-transformation', '--learner', 'scorecard-lr', '--name', 'ct');
    const c = await check(r.upliftId);
    const rhos = r.arms.map((a, k) => correlation(c.rows.map((i) => c.predicted[k]![i]!), c.rows.map((i) => c.trueUplift(a.key, i))));
    console.log(`correlation with the true uplift: ${r.arms.map((a, k) => `${a.key} ${rhos[k]!.toFixed(3)}`).join(', ')}`);
    assert.ok(rhos.every((x) => x > 0.25) && mean(rhos) > 0.35, `correlations with the true uplift: ${rhos.join(', ')}`);
    const coupon = r.arms.find((a) => a.key === 'coupon')!;
    assert.ok(coupon.qini > 0, `coupon Qini ${coupon.qini}`);
    // Uplift by decile: the observed uplift of the top fifth beats the bottom fifth's.
    const d = coupon.deciles;
    assert.ok(mean([d[0]!.uplift!, d[1]!.uplift!]) > mean([d[8]!.uplift!, d[9]!.uplift!]), JSON.stringify(d.map((x) => x.uplift)));
  });

  it('exports as offers.mjs: for every test customer\'s record, the same uplifts, tier and offer as the app; small leaves refused by the privacy threshold', async () => {
    for (const learner of ['gbdt', 'scorecard-lr']) {
      const r = await uplift('--method', learner === 'gbdt' ? 'two-model' : 'class-transformation', '--learner', learner, '--name', `export ${learner}`);
      const out = path.join(dir, `offers-${learner}`);
      const x = await run<{ out: string; files: { path: string; sha256: string }[]; arms: string[] }>('uplift', 'export', '--id', String(r.upliftId), '--out', out);
      assert.deepEqual(x.files.map((f) => f.path), ['offers.json', 'offers.mjs']);
      for (const f of x.files) assert.equal(createHash('sha256').update(fs.readFileSync(path.join(out, f.path))).digest('hex'), f.sha256, `${f.path} as the manifest says`);
      const offers = await import(pathToFileURL(path.join(out, 'offers.mjs')).href) as { recommend: (r: Record<string, string>) => { offer: string; tier: string; controlRate: number; uplifts: Record<string, number> } };
      const c = await check(r.upliftId);
      const customers = readCsv(path.join(dir, 'c', 'customers.csv'));
      let same = 0;
      for (const i of c.rows) {
        const record = Object.fromEntries(customers.header.map((h, j) => [h, customers.rows[i]![j]!]));
        const got = offers.recommend(record);
        const u = c.predicted.map((p) => p[i]!);
        r.arms.forEach((a, k) => assert.ok(Math.abs(got.uplifts[a.key]! - u[k]!) < 1e-9, `${learner} row ${i} ${a.key}: ${got.uplifts[a.key]} vs ${u[k]}`));
        const best = bestArm(u, c.p0[i]!, c.model.valuePerResponse, c.model.arms);
        if (got.tier === tierOf(mean(u), c.p0[i]!, c.model.thresholds) && got.offer === (best.arm < 0 ? 'none' : r.arms[best.arm]!.key)) same++;
      }
      assert.equal(same, c.rows.length, `${learner}: every test customer's tier and offer`);
      const strict = await cli('uplift', 'export', '--workspace', ws, '--id', String(r.upliftId), '--out', path.join(dir, `strict-${learner}`), '--min-bin-rows', '5000', '--json');
      assert.equal((JSON.parse(strict.stderr) as { error: WireError }).error.code, 'PRIVACY_THRESHOLD');
      assert.ok(!fs.existsSync(path.join(dir, `strict-${learner}`)), 'nothing written');
    }
  });

  it('offer × channel arms, listed and shown; an input recorded after the offer is refused as leakage', async () => {
    const r = await uplift('--channel', 'channel', '--learner', 'gbdt', '--name', 'arms9');
    assert.equal(r.arms.length, 9);
    assert.deepEqual(r.arms.find((a) => a.key === 'coupon/call')!.contactCost, 2);
    const list = await run<{ upliftId: number; arms: number }[]>('uplift', 'list', '--dataset', 'camp');
    assert.ok(list.some((u) => u.upliftId === r.upliftId && u.arms === 9));
    const shown = await run<UpliftResult>('uplift', 'show', '--id', String(r.upliftId));
    assert.equal(shown.name, 'arms9');
    const leak = await cli('uplift', '--workspace', ws, '--dataset', 'camp', '--target', 'responded', '--treatment', 'offer', '--features', `${FEATURES},channel`, '--json');
    const e = (JSON.parse(leak.stderr) as { error: WireError }).error;
    assert.deepEqual([e.code, e.details?.column], ['LEAKAGE_SUSPECTED', 'channel']);
    const value = await cli('uplift', '--workspace', ws, '--dataset', 'camp', '--target', 'responded', '--treatment', 'offer', '--features', `${FEATURES},value`, '--json');
    assert.equal((JSON.parse(value.stderr) as { error: WireError }).error.code, 'LEAKAGE_SUSPECTED', 'the value column follows the response');
    const control = await cli('uplift', '--workspace', ws, '--dataset', 'camp', '--target', 'responded', '--treatment', 'offer', '--control', 'nobody', '--json');
    assert.equal((JSON.parse(control.stderr) as { error: WireError }).error.details?.option, 'control');
    assert.equal((await run<unknown[]>('uplift', 'list', '--dataset', 'camp')).length, list.length, 'refusals store nothing');
  });
});
