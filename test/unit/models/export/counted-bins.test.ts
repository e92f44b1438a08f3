import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countedBins } from '../../../../models/export/counted-bins';
import type { BundleAttribute, BundleCharacteristic } from '../../../../types/bundle';

const attr = (a: Partial<BundleAttribute> & Pick<BundleAttribute, 'kind'>): BundleAttribute => ({ label: a.kind, woe: 0, count: 0, points: 0, ...a });
const numeric = (attributes: BundleAttribute[]): BundleCharacteristic => ({ name: 'x', type: 'numeric', party: null, reasonCode: 'X', baselinePoints: 0, unseenPoints: 0, attributes });

describe('counting bin uppers for a numeric characteristic', () => {
  it('maps each count of uppers to its bin, past a finite last upper to unseen, and keeps only the specials the row scorer tests', () => {
    const c = numeric([
      attr({ kind: 'bin', lower: 0, upper: 25 }), attr({ kind: 'special', value: -1 }), attr({ kind: 'bin', lower: 25, upper: 40 }),
      attr({ kind: 'special', value: 25 }), attr({ kind: 'special', value: 25 }), attr({ kind: 'bin', lower: 40, upper: 70 }), attr({ kind: 'special', value: 99 }),
    ]);
    // −1 falls in [0, 25) but below its lower bound: never tested. The second 25 never wins. 99 is past 70, in the unseen branch that starts at 70.
    assert.deepEqual(countedBins(c), { uppers: [25, 40, 70], byCount: [0, 2, 5, -1], specials: [{ value: 25, attribute: 3 }, { value: 99, attribute: 6 }], missing: -1 });
  });

  it('counts an open last bin as a bin and finds the missing attribute', () => {
    const c = numeric([attr({ kind: 'missing' }), attr({ kind: 'bin', lower: null, upper: 5 }), attr({ kind: 'bin', lower: 5, upper: null }), attr({ kind: 'special', value: -999 })]);
    assert.deepEqual(countedBins(c), { uppers: [5], byCount: [1, 2], specials: [{ value: -999, attribute: 3 }], missing: 0 });
  });

  it('declines uppers out of order, a missing upper before the last bin, no bins and categorical characteristics', () => {
    assert.equal(countedBins(numeric([attr({ kind: 'bin', upper: 50 }), attr({ kind: 'bin', upper: 30 }), attr({ kind: 'bin', upper: null })])), null);
    assert.equal(countedBins(numeric([attr({ kind: 'bin', upper: null }), attr({ kind: 'bin', upper: null })])), null);
    assert.equal(countedBins(numeric([attr({ kind: 'special', value: 1 }), attr({ kind: 'missing' })])), null);
    assert.equal(countedBins({ ...numeric([attr({ kind: 'bin', categories: ['a'] })]), type: 'categorical' }), null);
  });
});
