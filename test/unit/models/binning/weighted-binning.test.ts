import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { binVariable } from '../../../../models/binning/bin-variable';
import { binningTable } from '../../../../models/binning/binning-table';
import { fitBinning } from '../../../../models/binning/fit-binning';
import { foldStats } from '../../../../models/binning/fold-stats';
import { binningOptions } from '../../../../models/binning/options';
import { categoricalStats, numericStats, type RowWeights } from '../../../../models/binning/variable-stats';
import { stratifiedFolds } from '../../../../models/sample/cv-folds';
import type { BinningTable } from '../../../../types/binning';
import { assertClose } from '../../../helpers/assert-close';
import { readCsv } from '../../../helpers/read-csv';
import { SHARED_DATA } from '../../../helpers/temp';

const hmeq = readCsv(path.join(SHARED_DATA, 'hmeq.csv'));
const flags = Uint8Array.from(hmeq.rows, (r) => (r[0] === '1' ? 1 : 0));
const num = (name: string) => Float64Array.from(hmeq.rows, (r) => { const v = r[hmeq.header.indexOf(name)]!; return v === '' ? NaN : Number(v); });
const cat = (name: string) => {
  const dict: string[] = [];
  const codes = Int32Array.from(hmeq.rows, (r) => { const v = r[hmeq.header.indexOf(name)]!; if (v === '') return -1; let c = dict.indexOf(v); if (c < 0) { c = dict.length; dict.push(v); } return c; });
  return { codes, dict };
};
const whole = Float64Array.from(flags, (_, i) => 1 + (i % 3));

/** Every row repeated as many times as its (whole) weight. */
function repeat<T extends Float64Array | Int32Array | Uint8Array>(xs: T, w: Float64Array): T {
  const out: number[] = [];
  xs.forEach((x: number, i: number) => { for (let k = 0; k < w[i]!; k++) out.push(x); });
  return (xs.constructor as unknown as { from(a: number[]): T }).from(out);
}

/** The weighted table's figures against another's, bin by bin (counts apart). */
function sameFigures(a: BinningTable, b: BinningTable, tol = 1e-9): void {
  assert.equal(a.bins.length, b.bins.length);
  a.bins.forEach((x, k) => {
    const y = b.bins[k]!;
    assert.equal(x.label, y.label);
    for (const f of ['events', 'nonEvents', 'share', 'eventRate', 'woe', 'iv'] as const) assertClose(x[f], y[f], tol, `${x.label} ${f}`);
  });
  assertClose(a.iv, b.iv, tol, 'IV');
  assertClose(a.ks, b.ks, tol, 'KS');
}

describe('weighted binning statistics', () => {
  it('equal a hand computation: WOE and IV of weighted events and non-events, rows counted apart', () => {
    // Bin A (x < 3): events weigh 2 + 1, non-events 1 + 1 + 4; bin B: event 3, non-events 2 + 2; missing: non-event 1.
    const values = new Float64Array([1, 1, 2, 2, 2, 5, 5, 5, NaN]);
    const f = new Uint8Array([1, 1, 0, 0, 0, 1, 0, 0, 0]);
    const weight = new Float64Array([2, 1, 1, 1, 4, 3, 2, 2, 1]);
    const t = binningTable(numericStats(values, f, null, [], { weight }), { kind: 'numeric', cuts: [3] });
    const TE = 6, TN = 11;
    const woe = (e: number, n: number) => Math.log((n / TN) / (e / TE));
    const iv = (e: number, n: number) => (n / TN - e / TE) * woe(e, n);
    assert.deepEqual(t.bins.map((b) => [b.count, b.weight, b.events, b.nonEvents]), [[5, 9, 3, 6], [3, 7, 3, 4], [1, 1, 0, 1]]);
    assertClose(t.bins[0]!.woe, woe(3, 6), 1e-12, 'WOE A');
    assertClose(t.bins[1]!.woe, woe(3, 4), 1e-12, 'WOE B');
    // The missing bin has no event: 0.5 added to both (Haldane–Anscombe), as unweighted.
    assertClose(t.bins[2]!.woe, Math.log((1.5 / TN) / (0.5 / TE)), 1e-12, 'WOE missing');
    assertClose(t.bins[0]!.share, 9 / 17, 1e-12, 'share of the weight');
    assertClose(t.bins[0]!.eventRate, 3 / 9, 1e-12, 'weighted event rate');
    assertClose(t.iv, iv(3, 6) + iv(3, 4) + (1.5 / TN - 0.5 / TE) * Math.log((1.5 / TN) / (0.5 / TE)), 1e-12, 'IV');
    assert.deepEqual([t.totals.count, t.totals.weight, t.totals.events, t.totals.nonEvents], [9, 17, 6, 11]);
  });

  it('with unit weights equal the unweighted statistics, numeric and categorical', () => {
    const ones = new Float64Array(flags.length).fill(1);
    for (const name of ['DEBTINC', 'CLAGE', 'DELINQ']) {
      const v = num(name), spec = { kind: 'numeric' as const, cuts: [1, 10, 30, 100] };
      const a = binningTable(numericStats(v, flags, null, [], { weight: ones }), spec), b = binningTable(numericStats(v, flags, null, []), spec);
      sameFigures(a, b, 1e-12);
      assert.deepEqual(a.bins.map((x) => x.count), b.bins.map((x) => x.count), `${name} rows`);
      const o = binningOptions({ tune: [] });
      assert.deepEqual(fitBinning(numericStats(v, flags, null, [], { weight: ones }), o).spec, fitBinning(numericStats(v, flags, null, []), o).spec, `${name} cuts`);
    }
    const { codes, dict } = cat('JOB');
    const spec = { kind: 'categorical' as const, groups: [['Office', 'Mgr'], ['Other'], ['ProfExe', 'Sales', 'Self']] };
    sameFigures(binningTable(categoricalStats(codes, dict, flags, null, { weight: ones }), spec), binningTable(categoricalStats(codes, dict, flags, null), spec), 1e-12);
  });

  it('with whole weights equal the same rows repeated: figures, fine classes and the fitted cuts', () => {
    const o = binningOptions({ tune: [] });
    for (const name of ['DEBTINC', 'CLAGE', 'LOAN', 'YOJ']) {
      const v = num(name);
      const weighted = fitBinning(numericStats(v, flags, null, [], { weight: whole }), o);
      const repeated = fitBinning(numericStats(repeat(v, whole), repeat(flags, whole), null, []), o);
      assert.deepEqual(weighted.spec, repeated.spec, `${name}: same cuts`);
      assert.equal(weighted.fineClasses, repeated.fineClasses, `${name}: same fine classes`);
      sameFigures(weighted.table, repeated.table);
      assert.equal(weighted.table.totals.count, flags.length, 'rows are people, not weight');
    }
    const { codes, dict } = cat('REASON');
    const w = fitBinning(categoricalStats(codes, dict, flags, null, { weight: whole }), o);
    const r = fitBinning(categoricalStats(repeat(codes, whole), dict, repeat(flags, whole), null), o);
    assert.deepEqual(w.spec, r.spec);
    sameFigures(w.table, r.table);
  });

  it('count a second copy of a row in the weights but not in the rows (fuzzy augmentation)', () => {
    // Rows 0–3 labelled; rows 4–5 are rows 2–3 again as the other outcome, with the other share of the weight.
    const values = new Float64Array([1, 5, 1, 5, 1, 5]);
    const f = new Uint8Array([0, 1, 1, 1, 0, 0]);
    const weights: RowWeights = { weight: new Float64Array([1, 1, 0.3, 0.6, 0.7, 0.4]), people: new Uint8Array([1, 1, 1, 1, 0, 0]) };
    const t = binningTable(numericStats(values, f, null, [], weights), { kind: 'numeric', cuts: [3] });
    assert.deepEqual(t.bins.slice(0, 2).map((b) => b.count), [2, 2]);
    assertClose(t.bins[0]!.events, 0.3, 1e-12); assertClose(t.bins[0]!.nonEvents, 1.7, 1e-12);
    assertClose(t.bins[1]!.events, 1.6, 1e-12); assertClose(t.bins[1]!.nonEvents, 0.4, 1e-12);
  });

  it('leave rows of weight 0 out, and cross-validate the settings on weighted folds', () => {
    const v = num('DEBTINC');
    const zeroed = Float64Array.from(whole, (w, i) => (i % 7 === 0 ? 0 : w));
    const kept = Uint8Array.from(zeroed, (w) => (w > 0 ? 1 : 0));
    const a = binningTable(numericStats(v, flags, null, [], { weight: zeroed }), { kind: 'numeric', cuts: [20, 35] });
    const b = binningTable(numericStats(v, flags, kept, [], { weight: whole }), { kind: 'numeric', cuts: [20, 35] });
    sameFigures(a, b, 1e-12);
    assert.deepEqual(a.bins.map((x) => x.count), b.bins.map((x) => x.count));
    const o = binningOptions();
    const folds = stratifiedFolds(flags, null, o.cvFolds, 1, 50_000);
    const input = { name: 'DEBTINC', party: null, column: { kind: 'f64' as const, values: v }, flags, mask: null, folds, weights: { weight: whole } };
    const fs = foldStats(input, folds, o);
    // Each fold's sides hold the weight of its rows: the held sides add up to the whole.
    const heldWeight = fs.reduce((t, x) => t + x.held.totalEvents + x.held.totalNonEvents, 0);
    assertClose(heldWeight, whole.reduce((t, w) => t + w, 0), 1e-9, 'held-out weight');
    const bound = binVariable(input, o);
    assert.ok(bound.tuning, 'settings chosen by cross-validation on the weighted folds');
    assert.ok(bound.table.iv > 0.1, `DEBTINC is informative: IV ${bound.table.iv}`);
  });
});
