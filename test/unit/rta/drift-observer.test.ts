import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DriftPlan } from '../../../rta/decision/drift-plan';
import { driftObserver } from '../../../rta/server/drift';
import { emptyMetrics } from '../../../rta/server/metrics';

const plan = (lo: number, hi: number): DriftPlan => ({ inputs: [{ name: 'x', known: null }, { name: 'os', known: new Set(['android', 'ios']) }], cards: [{ key: 'credit', lo, hi }] });

describe('the RTA server\'s drift counters', () => {
  it('count missing inputs, unseen categories and scores by band, and start a card\'s histogram afresh when a reload changes its range', () => {
    const m = emptyMetrics();
    const observe = driftObserver(m);
    const first = plan(300, 500);
    observe(first, { x: null, os: 'android' }, { targeting: Number.NaN, credit: 305 });
    observe(first, { x: 1, os: 'harmony' }, { targeting: Number.NaN, credit: 499 });
    observe(first, { x: '', os: undefined }, { targeting: Number.NaN, credit: 250 });
    assert.deepEqual(m.inputs, { x: { missing: 2, unseen: 0 }, os: { missing: 1, unseen: 1 } });
    assert.equal(m.scored, 3);
    assert.equal(m.scores.credit!.counts[0], 2, 'below the range falls in the first band');
    assert.equal(m.scores.credit!.counts[19], 1);
    const reloaded = plan(400, 800);
    observe(reloaded, { x: 2, os: 'ios' }, { targeting: Number.NaN, credit: 790 });
    assert.deepEqual({ lo: m.scores.credit!.lo, hi: m.scores.credit!.hi, total: m.scores.credit!.counts.reduce((a, b) => a + b, 0) }, { lo: 400, hi: 800, total: 1 });
    assert.deepEqual(m.inputs.x, { missing: 2, unseen: 0 }, 'input counters carry on across reloads');
  });
});
