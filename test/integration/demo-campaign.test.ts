import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import type { CampaignTruth } from '../../data/demo/generate-campaign';
import { json, runCli } from '../helpers/cli';
import { readCsv } from '../helpers/read-csv';
import { tempDir } from '../helpers/temp';

describe('demo campaign: stock customers with a randomized offer and a known uplift per customer', () => {
  const dir = tempDir();
  let truth: CampaignTruth;
  let rows: Record<string, string>[] = [];
  let tiers: Map<string, Record<string, string>>;

  before(async () => {
    truth = json<CampaignTruth>(await runCli(['demo', 'campaign', '--rows', '60000', '--seed', '4', '--out', path.join(dir, 'a'), '--json'], dir));
    const c = readCsv(truth.customers), t = readCsv(truth.truth);
    rows = c.rows.map((r) => Object.fromEntries(r.map((v, k) => [c.header[k]!, v])));
    tiers = new Map(t.rows.map((r) => [r[0]!, Object.fromEntries(r.map((v, k) => [t.header[k]!, v]))]));
  });

  it('writes the same bytes for the same seed, and refuses to overwrite', async () => {
    json(await runCli(['demo', 'campaign', '--rows', '60000', '--seed', '4', '--out', path.join(dir, 'b'), '--json'], dir));
    for (const f of ['customers.csv', 'truth.csv', 'campaign-truth.json']) assert.ok(fs.readFileSync(path.join(dir, 'a', f)).equals(fs.readFileSync(path.join(dir, 'b', f))), f);
    const again = await runCli(['demo', 'campaign', '--rows', '100', '--out', path.join(dir, 'a')], dir);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /already exists/);
  });

  it('randomizes the offer: 40% control, the offers and channels evenly, independent of the customer', () => {
    const control = rows.filter((r) => r.offer === 'none');
    assert.ok(Math.abs(control.length / rows.length - 0.4) < 0.01);
    for (const o of ['line_increase', 'coupon', 'price_cut']) assert.ok(Math.abs(rows.filter((r) => r.offer === o).length / rows.length - 0.2) < 0.01, o);
    const mean = (xs: Record<string, string>[], k: string) => xs.reduce((a, r) => a + Number(r[k]), 0) / xs.length;
    const treated = rows.filter((r) => r.offer !== 'none');
    assert.ok(Math.abs(mean(treated, 'utilization') - mean(control, 'utilization')) < 0.01, 'balanced covariates');
    assert.ok(control.every((r) => r.channel === '' && r.treated === '0') && treated.every((r) => ['app', 'sms', 'call'].includes(r.channel!) && r.treated === '1'));
  });

  it('shows each tier\'s true uplift in the randomized data: persuadables gain from a coupon, do-not-disturbs lose from a call, sure things respond anyway', () => {
    const rate = (xs: Record<string, string>[]) => xs.filter((r) => r.responded === '1').length / xs.length;
    const se = (xs: Record<string, string>[]) => Math.sqrt(rate(xs) * (1 - rate(xs)) / xs.length);
    const of = (tier: string) => rows.filter((r) => tiers.get(r.customer_id!)!.tier === tier);
    const pers = of('persuadable'), dnd = of('do_not_disturb'), sure = of('sure_thing');
    const check = (xs: Record<string, string>[], offer: string, channel: string | null, column: string) => {
      const treated = xs.filter((r) => r.offer === offer && (channel === null || r.channel === channel)), control = xs.filter((r) => r.offer === 'none');
      const observed = rate(treated) - rate(control);
      const expected = treated.reduce((a, r) => a + Number(tiers.get(r.customer_id!)![`${column}_${r.channel}`]), 0) / treated.length;
      const band = 3 * Math.sqrt(se(treated) ** 2 + se(control) ** 2);
      assert.ok(Math.abs(observed - expected) < band, `${offer} ${channel ?? ''}: observed ${observed.toFixed(4)}, true ${expected.toFixed(4)} ± ${band.toFixed(4)}`);
      return observed;
    };
    assert.ok(check(pers, 'coupon', null, 'uplift_coupon') > 0.05);
    assert.ok(check(dnd, 'coupon', 'call', 'uplift_coupon') < 0);
    check(sure, 'price_cut', null, 'uplift_price_cut');
    assert.ok(rate(sure.filter((r) => r.offer === 'none')) > 0.3, 'sure things respond without an offer');
    assert.ok(truth.tiers.persuadable.meanUplift.coupon > truth.tiers.persuadable.meanUplift.price_cut && truth.tiers.persuadable.meanUplift.price_cut > truth.tiers.persuadable.meanUplift.line_increase);
    assert.ok(Object.values(truth.tiers).every((t) => t.customers > 1000), JSON.stringify(Object.fromEntries(Object.entries(truth.tiers).map(([k, v]) => [k, v.customers]))));
  });
});
