import assert from 'node:assert/strict';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { binVariable } from '../../../../models/binning/bin-variable';
import { binningOptions } from '../../../../models/binning/options';
import { heldOutLogLikelihood } from '../../../../models/binning/tune-binning';
import { numericStats } from '../../../../models/binning/variable-stats';
import { encodeFeatures, quantileEdges } from '../../../../models/features/encode';
import { tuneLogistic } from '../../../../models/logistic/tune-logistic';
import { NO_FOLD, stratifiedFolds } from '../../../../models/sample/cv-folds';
import { groupedAuc, leakageEvidence } from '../../../../models/selection/leakage';
import { mulberry32 } from '../../../../models/stats/random';
import { assertClose } from '../../../helpers/assert-close';
import { readCsv } from '../../../helpers/read-csv';
import { SHARED_DATA } from '../../../helpers/temp';
import { loadTfBackend } from '../../../../service/tf/load-backend';

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** n rows of x ~ U(0, 1) whose event probability follows `shape(x)`. */
function simulate(n: number, shape: (x: number) => number, seed = 7): { x: Float64Array; flags: Uint8Array } {
  const r = mulberry32(seed);
  const x = new Float64Array(n), flags = new Uint8Array(n);
  for (let i = 0; i < n; i++) { x[i] = r(); flags[i] = r() < shape(x[i]!) ? 1 : 0; }
  return { x, flags };
}

describe('cross-validation folds', () => {
  it('are stratified by the target, seeded, and leave out rows outside the sample or without a target', () => {
    const flags = Uint8Array.from({ length: 1000 }, (_, i) => (i % 10 === 0 ? 1 : i % 97 === 0 ? 255 : 0));
    const mask = Uint8Array.from({ length: 1000 }, (_, i) => (i < 900 ? 1 : 0));
    const folds = stratifiedFolds(flags, mask, 5, 3);
    assert.deepEqual(folds, stratifiedFolds(flags, mask, 5, 3), 'same seed, same folds');
    for (let i = 0; i < 1000; i++) if (i >= 900 || flags[i] === 255) assert.equal(folds[i], NO_FOLD);
    for (let f = 0; f < 5; f++) {
      const events = folds.filter((x, i) => x === f && flags[i] === 1).length;
      assert.ok(events === 18, `fold ${f} holds ${events} of the 90 events`);
    }
  });
});

describe('binning settings chosen by cross-validation', () => {
  it('scores held-out rows by the fitted bins\' smoothed event rates (hand computation)', () => {
    // Fitting rows: class x < 2 holds 1 event and 1 non-event, class x ≥ 2 two non-events; held out: one event in each.
    const none = { events: 0, nonEvents: 0 };
    const fit = { regular: [{ events: 1, nonEvents: 1 }, { events: 0, nonEvents: 2 }], missing: none, specials: [] };
    const held = { regular: [{ events: 1, nonEvents: 0 }, { events: 1, nonEvents: 0 }], missing: none, specials: [] };
    const prior = (1 + 0.5) / (4 + 1);
    const expected = Math.log((1 + prior) / (2 + 1)) + Math.log((0 + prior) / (2 + 1));
    assertClose(heldOutLogLikelihood(fit, held, [0, 1]), expected, 1e-12, 'held-out log-likelihood');
    assertClose(heldOutLogLikelihood(fit, held, [0]), 2 * Math.log((1 + prior) / (4 + 1)), 1e-12, 'one bin');
  });

  it('finds a U-shaped risk where a monotonic trend would flatten it, and keeps a monotonic one monotonic', () => {
    const options = binningOptions();
    const valley = simulate(6000, (x) => sigmoid(-2 + 6 * (x - 0.5) ** 2 * 4));
    const vFolds = stratifiedFolds(valley.flags, null, 5, 1);
    const v = binVariable({ name: 'u', party: null, column: { kind: 'f64', values: valley.x }, flags: valley.flags, mask: null, folds: vFolds }, options);
    assert.ok(['valley', 'none'].includes(v.tuning!.chosen.trend), `U-shape: ${v.tuning!.chosen.trend}`);
    const rising = simulate(6000, (x) => sigmoid(-3 + 3 * x));
    const r = binVariable({ name: 'r', party: null, column: { kind: 'f64', values: rising.x }, flags: rising.flags, mask: null, folds: stratifiedFolds(rising.flags, null, 5, 1) }, options);
    assert.equal(r.tuning!.chosen.trend, 'ascending');
    assert.equal(r.tuning!.candidates.length, 10);
  });

  it('tunes only what the user left open, and never a share allowing bins under 20 rows', () => {
    assert.deepEqual(binningOptions({ monotonic: 'ascending' }).tune, ['minBinShare']);
    assert.deepEqual(binningOptions({ minBinShare: 0.1 }).tune, ['monotonic']);
    assert.deepEqual(binningOptions({ tune: [] }).tune, []);
    const small = simulate(600, (x) => sigmoid(-1 + x));
    const v = binVariable({ name: 's', party: null, column: { kind: 'f64', values: small.x }, flags: small.flags, mask: null, folds: stratifiedFolds(small.flags, null, 5, 1) }, binningOptions());
    assert.ok(v.tuning!.candidates.every((c) => c.minBinShare === 0.05), '0.02 of 600 rows would allow bins of 12 rows');
  });
});

describe('the scorecard fit chooses its inputs and penalty by cross-validation', () => {
  before(async () => { await loadTfBackend(); });
  it('prefers the strong inputs over pure noise, and a penalty from the grid, on held-out log-loss', () => {
    const r = mulberry32(11);
    const n = 3000;
    const signal = Float64Array.from({ length: n }, () => r() * 2 - 1);
    const noise = Array.from({ length: 30 }, () => Float64Array.from({ length: n }, () => r() * 2 - 1));
    const y = Uint8Array.from(signal, (s) => (r() < sigmoid(1.5 * s) ? 1 : 0));
    const cols = new Map<string, Float64Array>([['signal', signal], ...noise.map((c, k) => [`noise${k}`, c] as [string, Float64Array])]);
    const t = tuneLogistic([{ label: 'strong', names: ['signal'] }, { label: 'all', names: [...cols.keys()] }], (name) => cols.get(name)!, y);
    assert.equal(t.chosen.inputs, 'strong');
    assert.equal(t.candidates.length, 10);
    assert.ok(t.candidates.every((c) => Number.isFinite(c.logLoss) && c.logLoss > 0 && c.logLoss < Math.log(2)));
  });
});

describe('leakage evidence', () => {
  const hmeq = readCsv(path.join(SHARED_DATA, 'hmeq.csv'));
  const flags = Uint8Array.from(hmeq.rows, (row) => (row[0] === '1' ? 1 : 0));
  const column = (name: string) => Float64Array.from(hmeq.rows, (row) => { const v = row[hmeq.header.indexOf(name)]!; return v === '' ? NaN : Number(v); });

  it('lets real, strong credit variables through (hmeq: DEBTINC has IV ≈ 2 but is known at application)', () => {
    for (const name of ['DEBTINC', 'DELINQ', 'DEROG', 'CLAGE', 'VALUE']) assert.deepEqual(leakageEvidence(name, numericStats(column(name), flags, null, [])), [], name);
  });

  it('flags a column present only for events (a credit line exists only once approved)', () => {
    const line = Float64Array.from(flags, (f, i) => (f === 1 ? 1000 + i : NaN));
    const e = leakageEvidence('line', numericStats(line, flags, null, []));
    // Missing exactly for the non-events here: either side of the missingness is the evidence.
    assert.ok(e.some((x) => x.kind === 'pure-group' && ((x.group === 'present' && x.value === 1) || (x.group === 'missing' && x.value === 0))), JSON.stringify(e));
  });

  it('flags a post-outcome number that ranks the target almost perfectly (days past due for bad)', () => {
    const r = mulberry32(5);
    const dpd = Float64Array.from(flags, (f) => (f === 1 ? 25 + r() * 60 : r() * 35));
    const e = leakageEvidence('dpd', numericStats(dpd, flags, null, []));
    assert.ok(e.some((x) => x.kind === 'auc' && x.value >= 0.9), JSON.stringify(e));
  });

  it('computes a grouped AUC by hand', () => {
    // groups by event rate: (0 ev, 2 non) < (1, 1) < (2, 0): pairs won 2·2 + 1·(2 + 0.5·1) … over 3·3
    assertClose(groupedAuc([{ events: 2, nonEvents: 0 }, { events: 0, nonEvents: 2 }, { events: 1, nonEvents: 1 }]), (1 * (2 + 0.5) + 2 * 3) / 9, 1e-12, 'AUC');
  });
});

describe('piecewise-linear encoding (MLP inputs)', () => {
  it('maps a number onto its training-quantile pieces, with a missing indicator', () => {
    const values = Float64Array.from([0, 1, 2, 3, 4, NaN]);
    const rows = Uint8Array.from([1, 1, 1, 1, 1, 1]);
    const edges = quantileEdges(values, rows, 2);
    assert.deepEqual(edges, [0, 2, 4]);
    const { names, columns } = encodeFeatures([{ kind: 'ple', name: 'x', party: null, edges }], () => ({ kind: 'f64', values }), true);
    assert.deepEqual(names, ['x<2', 'x<4', 'x=missing']);
    assert.deepEqual(columns.map((c) => [...c]), [[0, 0.5, 1, 1, 1, 0], [0, 0, 0, 0.5, 1, 0], [0, 0, 0, 0, 0, 1]]);
  });
});
