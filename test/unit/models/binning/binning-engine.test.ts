import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { binningTable } from '../../../../models/binning/binning-table';
import { fitBinning } from '../../../../models/binning/fit-binning';
import { optimalPartition } from '../../../../models/binning/optimal';
import { binningOptions } from '../../../../models/binning/options';
import { Segments, followsTrend, type Trend } from '../../../../models/binning/segments';
import { categoricalStats, numericStats, type Counts } from '../../../../models/binning/variable-stats';
import { woeOfCodes, woeOfNumbers } from '../../../../models/binning/woe-transform';
import type { BinningMethod } from '../../../../types/binning';
import { assertClose } from '../../../helpers/assert-close';
import { readCsv } from '../../../helpers/read-csv';
import { SHARED_DATA } from '../../../helpers/temp';

const german = readCsv(path.join(SHARED_DATA, 'germancredit.csv'));
const gFlags = Uint8Array.from(german.rows, (r) => (r[german.header.indexOf('creditability')] === 'bad' ? 1 : 0));
const gNum = (name: string) => Float64Array.from(german.rows, (r) => Number(r[german.header.indexOf(name)]));
const gCat = (name: string) => {
  const dict: string[] = [];
  const codes = Int32Array.from(german.rows, (r) => { const v = r[german.header.indexOf(name)]!; let c = dict.indexOf(v); if (c < 0) { c = dict.length; dict.push(v); } return c; });
  return { codes, dict };
};
const hmeq = readCsv(path.join(SHARED_DATA, 'hmeq.csv'));
const hFlags = Uint8Array.from(hmeq.rows, (r) => (r[0] === '1' ? 1 : 0));
const hNum = (name: string) => Float64Array.from(hmeq.rows, (r) => { const v = r[hmeq.header.indexOf(name)]!; return v === '' ? NaN : Number(v); });

/** The textbook IV of fixed left-closed bins, computed straight from the rows. */
function textbookIv(values: Float64Array, flags: Uint8Array, cuts: number[]): number {
  const k = cuts.length + 1;
  const e = new Array<number>(k).fill(0), n = new Array<number>(k).fill(0);
  let te = 0, tn = 0;
  values.forEach((v, i) => { let b = 0; while (b < cuts.length && v >= cuts[b]!) b++; if (flags[i]) { e[b]!++; te++; } else { n[b]!++; tn++; } });
  let iv = 0;
  for (let b = 0; b < k; b++) if (e[b]! > 0 && n[b]! > 0) iv += (n[b]! / tn - e[b]! / te) * Math.log((n[b]! / tn) / (e[b]! / te));
  return iv;
}

describe('binning engine', () => {
  it('computes WOE and IV as a hand computation (WOE = ln(%non-event / %event))', () => {
    // Events / non-events: bin A 10/90, bin B 30/70; totals 40/160.
    const values = new Float64Array([...Array(100).fill(1), ...Array(100).fill(5)]);
    const flags = new Uint8Array(200);
    for (let i = 0; i < 10; i++) flags[i] = 1;
    for (let i = 100; i < 130; i++) flags[i] = 1;
    const t = binningTable(numericStats(values, flags, null, []), { kind: 'numeric', cuts: [3] });
    const woeA = Math.log((90 / 160) / (10 / 40)), woeB = Math.log((70 / 160) / (30 / 40));
    assertClose(t.bins[0]!.woe, woeA, 1e-12, 'WOE A');
    assertClose(t.bins[1]!.woe, woeB, 1e-12, 'WOE B');
    assertClose(t.iv, (90 / 160 - 10 / 40) * woeA + (70 / 160 - 30 / 40) * woeB, 1e-12, 'IV');
    assertClose(t.ks, Math.abs(10 / 40 - 90 / 160), 1e-12, 'KS');
    assert.deepEqual(t.bins.map((b) => b.label), ['(-inf, 3)', '[3, inf)', 'Missing']);
    assert.equal(t.trend, 'ascending');
  });

  it('on germancredit with fixed cut points, IV per variable equals the textbook formula to 1e-9', () => {
    const fixed: Record<string, number[]> = {
      duration_in_month: [12, 18, 24, 36], credit_amount: [1500, 3000, 5000, 8000], age_in_years: [25, 30, 35, 45, 60],
      installment_rate_in_percentage_of_disposable_income: [2, 3, 4], present_residence_since: [2, 3],
    };
    for (const [name, cuts] of Object.entries(fixed)) {
      const values = gNum(name);
      const t = binningTable(numericStats(values, gFlags, null, []), { kind: 'numeric', cuts });
      assertClose(t.iv, textbookIv(values, gFlags, cuts), 1e-9, `IV of ${name}`);
      assert.equal(t.totals.count, 1000);
    }
  });

  it('finds the partition of largest IV exactly (checked against every partition by brute force)', () => {
    let seed = 5;
    const rand = () => { seed = (seed * 16807) % 2147483647; return seed / 2147483647; };
    for (let trial = 0; trial < 30; trial++) {
      const m = 4 + Math.floor(rand() * 6);
      const counts: Counts[] = Array.from({ length: m }, () => ({ events: Math.floor(rand() * 40), nonEvents: 20 + Math.floor(rand() * 200) }));
      const te = counts.reduce((s, c) => s + c.events, 0), tn = counts.reduce((s, c) => s + c.nonEvents, 0);
      const seg = new Segments(counts, { maxBins: 1 + Math.floor(rand() * 5), minCount: Math.floor(rand() * 100), minEvents: 1, minNonEvents: 1, totalEvents: te, totalNonEvents: tn });
      for (const trend of ['ascending', 'descending', 'peak', 'valley', 'none'] as Trend[]) {
        let brute = -Infinity;
        for (let mask = 0; mask < 1 << (m - 1); mask++) {
          const starts = [0];
          for (let i = 1; i < m; i++) if (mask & (1 << (i - 1))) starts.push(i);
          if (starts.length > seg.c.maxBins || !seg.bounds(starts).every(([a, b]) => seg.feasible(a, b)) || !followsTrend(seg, starts, trend)) continue;
          brute = Math.max(brute, seg.totalIv(starts));
        }
        const got = optimalPartition(seg, trend);
        if (brute === -Infinity) { assert.equal(got, null, `trial ${trial} ${trend}: no feasible partition`); continue; }
        assert.ok(got, `trial ${trial} ${trend}: a partition`);
        assertClose(seg.totalIv(got), brute, 1e-12, `trial ${trial} ${trend} IV`);
        assert.ok(followsTrend(seg, got, trend) && seg.bounds(got).every(([a, b]) => seg.feasible(a, b)));
      }
    }
  });

  const numericVars: [string, Float64Array, Uint8Array][] = [
    ...['duration_in_month', 'credit_amount', 'age_in_years'].map((n) => [`german.${n}`, gNum(n), gFlags] as [string, Float64Array, Uint8Array]),
    ...['LOAN', 'MORTDUE', 'VALUE', 'YOJ', 'CLAGE', 'CLNO', 'DEBTINC', 'DELINQ', 'NINQ'].map((n) => [`hmeq.${n}`, hNum(n), hFlags] as [string, Float64Array, Uint8Array]),
  ];

  it('holds every requested monotonic trend, with every method', () => {
    for (const [name, values, flags] of numericVars) {
      const stats = numericStats(values, flags, null, []);
      for (const method of ['optimal', 'chimerge', 'tree', 'quantile', 'uniform'] as BinningMethod[]) {
        for (const monotonic of ['ascending', 'descending', 'peak', 'valley'] as const) {
          const fit = fitBinning(stats, binningOptions({ method, monotonic }));
          const rates = fit.table.bins.filter((b) => b.kind === 'bin').map((b) => b.eventRate);
          const ok = monotonic === 'ascending' ? rates.every((r, i) => i === 0 || r > rates[i - 1]!)
            : monotonic === 'descending' ? rates.every((r, i) => i === 0 || r < rates[i - 1]!)
              : ['flat', 'ascending', 'descending', monotonic].includes(fit.table.trend);
          assert.ok(ok, `${name} ${method} ${monotonic}: rates ${rates.map((r) => r.toFixed(3)).join(' ')}`);
          const regular = fit.table.bins.filter((b) => b.kind === 'bin');
          assert.ok(regular.length <= 8);
          if (regular.length > 1) for (const b of regular) assert.ok(b.share >= 0.05 - 1e-12 && b.events >= 1 && b.nonEvents >= 1, `${name} ${method}: bin ${b.label} within the size limits`);
        }
      }
    }
  });

  it('the optimal method has an IV ≥ every other method’s under the same constraints', () => {
    for (const [name, values, flags] of numericVars) {
      const stats = numericStats(values, flags, null, []);
      for (const monotonic of ['auto', 'ascending', 'descending', 'peak', 'valley', 'none'] as const) {
        const best = fitBinning(stats, binningOptions({ method: 'optimal', monotonic })).table.iv;
        for (const method of ['chimerge', 'tree', 'quantile', 'uniform'] as BinningMethod[]) {
          const other = fitBinning(stats, binningOptions({ method, monotonic })).table.iv;
          assert.ok(best >= other - 1e-12, `${name} ${monotonic}: optimal ${best} < ${method} ${other}`);
        }
      }
    }
    for (const name of ['purpose', 'credit_history', 'savings_account_and_bonds', 'property']) {
      const { codes, dict } = gCat(name);
      const stats = categoricalStats(codes, dict, gFlags, null);
      const best = fitBinning(stats, binningOptions({ method: 'optimal' })).table.iv;
      for (const method of ['chimerge', 'tree', 'quantile'] as BinningMethod[]) assert.ok(best >= fitBinning(stats, binningOptions({ method })).table.iv - 1e-12, `${name}: optimal ≥ ${method}`);
    }
  });

  it('gives special values and missing values bins of their own, never mixed with regular bins', () => {
    const values = hNum('DEBTINC').map((v, i) => (i % 17 === 0 ? -999 : i % 23 === 0 ? -1 : v));
    const stats = numericStats(values, hFlags, null, [-999, -1]);
    const fit = fitBinning(stats, binningOptions({ special: [-999, -1] }));
    const sp = fit.table.bins.filter((b) => b.kind === 'special');
    assert.deepEqual(sp.map((b) => [b.label, b.count]), [['Special -999', values.filter((v) => v === -999).length], ['Special -1', values.filter((v) => v === -1).length]]);
    const missing = fit.table.bins.find((b) => b.kind === 'missing')!;
    assert.equal(missing.count, values.filter((v) => Number.isNaN(v)).length);
    const regularCount = fit.table.bins.filter((b) => b.kind === 'bin').reduce((s, b) => s + b.count, 0);
    assert.equal(regularCount, values.filter((v) => !Number.isNaN(v) && v !== -999 && v !== -1).length);
    assert.ok(stats.eventValues.every((v) => v !== -999 && v !== -1));
    const woe = woeOfNumbers(values, fit.spec as { kind: 'numeric'; cuts: number[] }, fit.table);
    assert.equal(woe[0], sp[0]!.woe);
    assert.equal(woe[values.findIndex((v) => Number.isNaN(v))], missing.woe);
  });

  it('groups categories ordered by event rate, pools rare ones, and transforms unseen ones to WOE 0', () => {
    const { codes, dict } = gCat('purpose');
    const stats = categoricalStats(codes, dict, gFlags, null);
    const fit = fitBinning(stats, binningOptions({ rareCategoryShare: 0.02 }));
    assert.equal(fit.spec.kind, 'categorical');
    const groups = (fit.spec as { groups: string[][] }).groups;
    assert.deepEqual(groups.flat().sort(), [...dict].sort());
    const woe = woeOfCodes(Int32Array.from([0, -1, 99 - 99 + dict.length]), [...dict, 'never seen'], fit.spec as { kind: 'categorical'; groups: string[][] }, fit.table);
    assert.equal(woe[2], 0);
    assert.equal(woe[1], fit.table.bins.find((b) => b.kind === 'missing')!.woe);
  });

  it('fits on the sample mask only', () => {
    const values = gNum('age_in_years');
    const mask = Uint8Array.from(values, (_, i) => (i % 2 === 0 ? 1 : 0));
    const t = binningTable(numericStats(values, gFlags, mask, []), { kind: 'numeric', cuts: [30] });
    assert.equal(t.totals.count, 500);
  });

  it('refuses bad options with one exact message each', () => {
    assert.throws(() => binningOptions({ maxBins: 1 }), /maxBins must be an integer from 2 to 50; got 1/);
    assert.throws(() => binningOptions({ method: 'magic' as BinningMethod }), /method must be optimal \| chimerge/);
    assert.throws(() => binningOptions({ minBinShare: 0.7 }), /minBinShare must be a share/);
    assert.throws(() => binningOptions({ special: [Number.NaN] }), /special must be a list of finite numbers/);
  });
});
