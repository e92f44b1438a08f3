import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildScorecard } from '../../../../models/scorecard/build-scorecard';
import { explainRow, pointsOfRows, scoreRows } from '../../../../models/scorecard/score-rows';
import type { BinningTable } from '../../../../types/binning';
import type { ColumnData } from '../../../../types/columns';
import { DEFAULT_SCALING } from '../../../../types/scorecard';
import { assertClose } from '../../../helpers/assert-close';

const row = (label: string, kind: 'bin' | 'special' | 'missing', woe: number, count: number, extra: Record<string, unknown> = {}) =>
  ({ label, kind, woe, count, share: 0, events: 0, nonEvents: 0, eventRate: 0, iv: 0, ...extra });
const table = (bins: ReturnType<typeof row>[]): BinningTable => ({ bins, totals: { count: 0, events: 0, nonEvents: 0, eventRate: 0 }, iv: 0, ks: 0, trend: 'none' });

// age: (-inf, 30) WOE −0.5, [30, inf) WOE 0.4, special −1 WOE 0.1 (seen), missing WOE −0.2
// city: {a, b} WOE 0.3, {c} WOE −0.6, missing WOE 0
const card = (round: boolean) => buildScorecard({
  modelId: 1, modelName: 'm', dataset: 'd', purpose: 'credit', target: 'bad', event: '1', intercept: -1.2,
  characteristics: [
    { name: 'age', party: 'partner', coefficient: -0.9, spec: { kind: 'numeric', cuts: [30] }, table: table([row('(-inf, 30)', 'bin', -0.5, 40), row('[30, inf)', 'bin', 0.4, 50), row('-1', 'special', 0.1, 5, { value: -1 }), row('Missing', 'missing', -0.2, 5)]) },
    { name: 'city', party: 'lender', coefficient: -1.1, spec: { kind: 'categorical', groups: [['a', 'b'], ['c']] }, table: table([row('a, b', 'bin', 0.3, 60), row('c', 'bin', -0.6, 40), row('Missing', 'missing', 0, 0)]) },
  ],
}, { ...DEFAULT_SCALING, round });

describe('scorecard points and reason codes', () => {
  const columns: Record<string, ColumnData> = {
    age: { kind: 'f64', values: Float64Array.from([25, 45, -1, NaN, 30]) },
    city: { kind: 'i32', codes: Int32Array.from([0, 2, 3, -1, 1]), dictionary: ['a', 'b', 'c', 'never seen'] },
  };
  const columnOf = (n: string) => columns[n]!;

  it('scores each row as base + the points of its bins (specials, missing and unseen categories included), by hand', () => {
    const c = card(false);
    const f = 20 / Math.log(2);
    const pts = (beta: number, woe: number) => -f * beta * woe;
    const base = 600 - f * Math.log(50) - f * -1.2;
    const want = [
      base + pts(-0.9, -0.5) + pts(-1.1, 0.3),
      base + pts(-0.9, 0.4) + pts(-1.1, -0.6),
      base + pts(-0.9, 0.1) + 0, // a category in no group scores its unseen points, 0
      base + pts(-0.9, -0.2) + pts(-1.1, 0),
      base + pts(-0.9, 0.4) + pts(-1.1, 0.3), // 30 is in [30, inf)
    ];
    Array.from(scoreRows(c, columnOf)).forEach((s, i) => assertClose(s, want[i]!, 1e-9, `row ${i}`));
  });

  it('gives the characteristics that cost the most points against their best attribute, worst first, only those that cost something', () => {
    const c = card(true);
    const points = pointsOfRows(c, columnOf);
    const second = explainRow(c, points.map((p) => p[1]!));
    // age [30, inf) is age's best bin (highest points); city c is its worst: only RC02.
    assert.deepEqual(second.reasonCodes, ['RC02']);
    const first = explainRow(c, points.map((p) => p[0]!));
    const lossAge = c.characteristics[0]!.bestPoints - points[0]![0]!, lossCity = c.characteristics[1]!.bestPoints - points[1]![0]!;
    assert.deepEqual(first.reasonCodes, lossAge >= lossCity ? ['RC01', 'RC02'].filter((_, k) => [lossAge, lossCity][k]! > 0) : ['RC02', 'RC01'].filter((_, k) => [lossCity, lossAge][k]! > 0));
    assert.ok(c.characteristics.every((ch) => ch.attributes.every((a) => Number.isInteger(a.points))));
    assert.equal(first.score, c.basePoints + points[0]![0]! + points[1]![0]!);
  });

  it('flips the points when higher means riskier, keeping the same order of rows reversed', () => {
    const better = scoreRows(card(false), columnOf);
    const riskier = scoreRows(buildScorecard({ ...{ modelId: 1, modelName: 'm', dataset: 'd', purpose: 'credit', target: 'bad', event: '1', intercept: -1.2 }, characteristics: card(false).characteristics.map((ch) => ({ name: ch.name, party: ch.party, coefficient: ch.coefficient, spec: ch.spec, table: table(ch.attributes.map((a) => row(a.label, a.kind, a.woe, a.count, a.value !== undefined ? { value: a.value } : {}))) })) }, { ...DEFAULT_SCALING, round: false, orientation: 'higher-is-riskier' }), columnOf);
    const f = 20 / Math.log(2), offset = 600 - f * Math.log(50);
    Array.from(better).forEach((b, i) => assertClose(riskier[i]! - offset, -(b - offset), 1e-9));
  });
});

describe('cut-off analysis', () => {
  it('counts who passes each cut-off and their event rate, by hand', async () => {
    const { cutoffTable } = await import('../../../../models/strategy/cutoff-table');
    const scores = [500, 520, 540, 560, 580, 600];
    const flags = [1, 1, 0, 255, 0, 0];
    const rows = cutoffTable(scores, flags, { pass: 'above', cutoffs: [500, 540, 590] });
    assert.deepEqual(rows.map((r) => [r.cutoff, r.passed, r.passedEvents, r.passedEventRate, r.rejectedEvents, r.eventsAvoided]), [
      [500, 6, 2, 2 / 5, 0, 0],
      [540, 4, 0, 0, 2, 1],
      [590, 1, 0, 0, 2, 1],
    ]);
    // Passing below: scores < the cut-off, as in a cut-off strategy's bands.
    const riskier = cutoffTable(scores, flags, { pass: 'below', cutoffs: [530] });
    assert.deepEqual([riskier[0]!.passed, riskier[0]!.passedEvents], [2, 2]);
  });
});

describe('funnel', () => {
  it('counts each stage among those who reached the previous ones, with conversion and drop-off, overall and per segment', async () => {
    const { funnel } = await import('../../../../models/strategy/funnel');
    // 6 exposed; applied: rows 0–3; approved: rows 0, 1 and 4 (4 never applied: does not count); drew: row 0
    const all = new Uint8Array(6).fill(1);
    const applied = Uint8Array.from([1, 1, 1, 1, 0, 0]);
    const approved = Uint8Array.from([1, 1, 0, 0, 1, 0]);
    const drew = Uint8Array.from([1, 0, 0, 0, 0, 0]);
    const f = funnel(['exposed', 'applied', 'approved', 'drew down'], [all, applied, approved, drew], { codes: Int32Array.from([0, 0, 0, 1, 1, 1]), labels: ['2025-01', '2025-02'] });
    assert.deepEqual(f.overall.map((s) => [s.stage, s.count, s.conversion, s.dropOff, s.overall]), [
      ['exposed', 6, 1, 0, 1], ['applied', 4, 4 / 6, 2 / 6, 4 / 6], ['approved', 2, 0.5, 0.5, 2 / 6], ['drew down', 1, 0.5, 0.5, 1 / 6],
    ]);
    assert.deepEqual(f.segments.map((s) => [s.segment, s.stages.map((x) => x.count)]), [['2025-01', [3, 3, 2, 1]], ['2025-02', [3, 1, 0, 0]]]);
  });
});
