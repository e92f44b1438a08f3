import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scorecardDocument } from '../../../../models/export/scorecard-document';
import { scorerSource } from '../../../../models/export/scorer-source';
import { monitorPeriods, type MonitoredCard } from '../../../../models/monitor/monitor-periods';
import { scoreDistribution } from '../../../../models/monitor/score-baseline';
import { DEFAULT_THRESHOLDS } from '../../../../models/monitor/thresholds';
import { sampleMetrics } from '../../../../models/metrics/sample-metrics';
import { cardColumns } from '../../../../models/monitor/card-scores';
import type { BundleAttribute, BundleCharacteristic, BundleScorecard } from '../../../../types/bundle';

const attr = (a: Partial<BundleAttribute> & Pick<BundleAttribute, 'kind' | 'points'>): BundleAttribute => ({ label: a.label ?? a.kind, woe: 0, count: a.count ?? 0, ...a });

const age: BundleCharacteristic = {
  name: 'age', type: 'numeric', party: 'lender', reasonCode: 'R1', baselinePoints: 30, unseenPoints: -5,
  attributes: [
    attr({ kind: 'missing', points: 1, count: 10 }),
    attr({ kind: 'special', value: -1, points: 2, count: 5 }),
    attr({ kind: 'special', value: 99, points: 3, count: 5 }),
    attr({ kind: 'bin', lower: null, upper: 25, points: 10, label: '<25', count: 30 }),
    attr({ kind: 'bin', lower: 25, upper: 40, points: 20, label: '[25,40)', count: 30 }),
    attr({ kind: 'bin', lower: 40, upper: 70, points: 30, label: '[40,70)', count: 20 }),
  ],
};
const city: BundleCharacteristic = {
  name: 'city', type: 'categorical', party: 'partner', reasonCode: 'R2', baselinePoints: 15, unseenPoints: 0,
  attributes: [
    attr({ kind: 'missing', points: 4, count: 20 }),
    attr({ kind: 'bin', categories: ['a', 'b'], points: 15, label: 'a,b', count: 50 }),
    attr({ kind: 'bin', categories: ['c'], points: 5, label: 'c', count: 30 }),
  ],
};
const card: BundleScorecard = {
  key: 'credit', scorecardId: 1, modelId: 1, modelName: 'm', target: 'bad', event: '1', orientation: 'higher-is-better', pdo: 20, baseScore: 600, baseOdds: 50,
  factor: 20 / Math.LN2, offset: 600 - (20 / Math.LN2) * Math.log(50), basePoints: 500, reasonCodeCount: 2, scoreRange: { min: 500, max: 545 }, characteristics: [age, city],
};

async function scorer(): Promise<{ creditScore: (r: Record<string, unknown>) => number }> {
  const src = scorerSource(scorecardDocument(card, []), null, 'test');
  return (await import(`data:text/javascript;base64,${Buffer.from(src).toString('base64')}`)) as { creditScore: (r: Record<string, unknown>) => number };
}

describe('monitoring figures', () => {
  it('score every row as the bundle\'s scorer.mjs does: missing, specials inside their bin, bounds, past the last bound, unseen categories', async () => {
    const s = await scorer();
    const ages = [NaN, -1, 99, 24.999, 25, 39, 40, 69.9, 70, 1e9, -1e9, 0];
    const cities = ['a', 'b', 'c', 'd', null, 'a', 'c', 'b', null, 'zz', 'a', 'c'];
    const dict = ['a', 'b', 'c', 'd', 'zz'];
    const cols = {
      age: { kind: 'f64' as const, values: Float64Array.from(ages) },
      city: { kind: 'i32' as const, codes: Int32Array.from(cities, (c) => (c === null ? -1 : dict.indexOf(c))), dictionary: dict },
    };
    const got = cardColumns(card, (n) => cols[n as 'age' | 'city'], ages.length, {});
    ages.forEach((a, i) => assert.equal(got.scores[i], s.creditScore({ age: Number.isNaN(a) ? null : a, city: cities[i] }), `row ${i}: age ${a}, city ${cities[i]}`));
    // 99 lies past the last bound (70): the special there is tested, as the scorer tests it.
    assert.equal(got.attributes![0]![2], 2);
    assert.equal(got.attributes![0]![9], 6, '1e9 is past the last bin: unseen');
    assert.equal(got.attributes![1]![9], 3, "'zz' is a category the card never saw");
    // A numeric column stored as text is read as numbers; a categorical one held as numbers as text.
    const asText = cardColumns(card, (n) => (n === 'age' ? { kind: 'i32', codes: Int32Array.from([0, 1, -1]), dictionary: ['30', ' 99 '] } : { kind: 'i32', codes: Int32Array.from([0, 0, 0]), dictionary: ['c'] }), 3, {});
    assert.deepEqual([...asText.scores], [s.creditScore({ age: 30, city: 'c' }), s.creditScore({ age: 99, city: 'c' }), s.creditScore({ age: null, city: 'c' })]);
  });

  it('compute PSI, CSI and their lights as a hand computation does; AUC and KS as the evaluation does; thresholds move the lights', () => {
    // Period 0 is the baseline's mirror; period 1 moves age into its last bin and loses half of city.
    const ages = [...Array(100).keys()].map((i) => (i < 30 ? 20 : i < 60 ? 30 : i < 80 ? 50 : i < 90 ? NaN : i < 95 ? -1 : 99));
    const cityOf = (i: number) => (i % 10 < 2 ? null : i % 10 < 7 ? 'a' : 'c');
    const rows = 200;
    const ageCol = Float64Array.from({ length: rows }, (_, i) => (i < 100 ? ages[i]! : 50));
    const cityDict = ['a', 'c'];
    const cityCodes = Int32Array.from({ length: rows }, (_, i) => { const c = i < 100 ? cityOf(i) : i % 2 ? null : 'a'; return c === null ? -1 : cityDict.indexOf(c); });
    const scored = cardColumns(card, (n) => (n === 'age' ? { kind: 'f64', values: ageCol } : { kind: 'i32', codes: cityCodes, dictionary: cityDict }), rows, {});
    const target = Uint8Array.from({ length: rows }, (_, i) => (i % 3 === 0 ? 1 : i % 7 === 0 ? 255 : 0));
    const cuts = [520, 540];
    const baseShares = [0.3, 0.5, 0.2];
    const m: MonitoredCard = {
      card, scores: scored.scores, attributes: scored.attributes, baseline: { cuts, shares: baseShares },
      attributeShares: card.characteristics.map((c) => { const n = c.attributes.reduce((a, x) => a + x.count, 0); return [...c.attributes.map((a) => a.count / n), 0]; }),
      referenceAuc: 0.9, probability: (s) => 1 / (1 + Math.exp((s - 500) / 10)), target,
    };
    const period = Int32Array.from({ length: rows }, (_, i) => (i < 100 ? 0 : 1));
    const report = monitorPeriods({ rows, period, periods: ['2025-01', '2025-02'], cards: [m], inputs: [] }, DEFAULT_THRESHOLDS);
    const idx = (e: number, a: number) => { const E = Math.max(e, 1e-4), A = Math.max(a, 1e-4); return (A - E) * Math.log(A / E); };
    for (const [p, r] of report.entries()) {
      const own = [...Array(rows).keys()].filter((i) => period[i] === p);
      const band = (s: number) => (s < 520 ? 0 : s < 540 ? 1 : 2);
      const shares = [0, 1, 2].map((b) => own.filter((i) => band(scored.scores[i]!) === b).length / own.length);
      assert.ok(Math.abs(r.cards[0]!.psi - shares.reduce((t, a, b) => t + idx(baseShares[b]!, a), 0)) < 1e-12, `PSI of ${r.period}`);
      for (const [k, c] of card.characteristics.entries()) {
        const n = c.attributes.reduce((a, x) => a + x.count, 0);
        const actual = [...c.attributes.keys(), c.attributes.length].map((j) => own.filter((i) => scored.attributes![k]![i] === j).length / own.length);
        const hand = actual.reduce((t, a, j) => t + idx(j < c.attributes.length ? c.attributes[j]!.count / n : 0, a), 0);
        assert.ok(Math.abs(r.cards[0]!.characteristics[k]!.csi - hand) < 1e-12, `CSI of ${c.name} in ${r.period}`);
      }
      const known = own.filter((i) => target[i] !== 255);
      const metrics = sampleMetrics(known.map((i) => m.probability(scored.scores[i]!)), known.map((i) => target[i]!));
      assert.equal(r.cards[0]!.outcome.metrics?.auc, metrics.auc);
      assert.equal(r.cards[0]!.outcome.metrics?.ks, metrics.ks);
      assert.equal(r.cards[0]!.outcome.rows, known.length);
    }
    const p1 = report[1]!.cards[0]!;
    assert.equal(report[0]!.cards[0]!.characteristics[0]!.light, 'ok');
    assert.equal(p1.characteristics[0]!.light, 'alert');
    // Largest CSI terms first: the bins that emptied (30% → 0 counts as 0.01%) and the one that filled.
    assert.deepEqual(p1.characteristics[0]!.moved.map((x) => x.label), ['<25', '[25,40)', '[40,70)']);
    const loose = monitorPeriods({ rows, period, periods: ['2025-01', '2025-02'], cards: [m], inputs: [] }, { ...DEFAULT_THRESHOLDS, csiWarn: 10, csiAlert: 50, psiWarn: 10, psiAlert: 50 });
    assert.equal(loose[1]!.cards[0]!.characteristics[0]!.light, 'ok');
    assert.equal(loose[1]!.cards[0]!.psiLight, 'ok');
  });

  it('ship a development distribution whose every band holds at least the privacy threshold', () => {
    const scores = Float64Array.from({ length: 1000 }, (_, i) => (i < 985 ? 500 + (i % 50) : 900 + i));
    const labels = Uint8Array.from({ length: 1000 }, (_, i) => (i % 4 === 0 ? 1 : 0));
    const d = scoreDistribution(scores, labels, 'train', 20);
    assert.equal(d.counts.reduce((a, b) => a + b, 0), 1000);
    assert.equal(d.events.reduce((a, b) => a + b, 0), 250);
    assert.ok(d.counts.every((c) => c >= 20), JSON.stringify(d.counts));
    assert.equal(d.cuts.length, d.counts.length - 1);
    const big = scoreDistribution(scores, labels, 'train', 400);
    assert.ok(big.counts.every((c) => c >= 400), JSON.stringify(big.counts));
  });
});
