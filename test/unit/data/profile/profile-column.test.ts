import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { histogram, profileColumn, quantileSorted, topCodes } from '../../../../data/profile/profile-column';
import { sortF64 } from '../../../../models/stats/sort-f64';
import { binaryTarget } from '../../../../data/profile/target';
import { woeTable } from '../../../../models/binning/woe';
import { assertClose } from '../../../helpers/assert-close';

describe('radix sort of doubles', () => {
  it('matches the native sort on random values with negatives, zeros and infinities', () => {
    let s = 7;
    const rand = () => { s = (s * 16807) % 2147483647; return s / 2147483647; };
    const v = new Float64Array(50000).map(() => (rand() - 0.4) * 10 ** Math.floor(rand() * 12 - 4));
    v[3] = -0; v[4] = 0; v[5] = Infinity; v[6] = -Infinity; v[7] = 5e-324;
    assert.deepEqual([...sortF64(v)], [...v.slice().sort()]);
    const ints = new Float64Array(5000).map((_, i) => i % 7);
    assert.deepEqual([...sortF64(ints)], [...ints.slice().sort()]);
  });

  it('sorts decimals with up to four places through scaled integers, bit for bit as the native sort', () => {
    let s = 5;
    const rand = () => { s = (s * 16807) % 2147483647; return s / 2147483647; };
    const amounts = new Float64Array(30000).map(() => Math.round((rand() - 0.2) * 1e9) / 100);
    const narrow = new Float64Array(30000).map(() => Math.round(rand() * 1e4) / 1000);
    const mixed = new Float64Array(30000).map((_, i) => (i === 77 ? Math.PI : Math.round(rand() * 1e6) / 100));
    // Too wide to count: the offsets from the minimum are radix-sorted (two and three passes).
    const wideInts = new Float64Array(30000).map(() => Math.floor((rand() - 0.5) * 3e6));
    const wideDecimals = new Float64Array(30000).map(() => Math.round((rand() - 0.7) * 5e6) / 1000);
    for (const v of [amounts, narrow, mixed, wideInts, wideDecimals]) {
      const got = sortF64(v);
      const want = v.slice().sort();
      for (let i = 0; i < v.length; i++) assert.ok(Object.is(got[i], want[i]), `index ${i}: ${got[i]} vs ${want[i]}`);
    }
  });

  it('sorts narrow-range integers by counting, with the same result as the native sort', () => {
    let s = 11;
    const rand = () => { s = (s * 16807) % 2147483647; return s / 2147483647; };
    const ints = new Float64Array(20000).map(() => Math.floor(rand() * 5000) - 2500);
    assert.deepEqual([...sortF64(ints)], [...ints.slice().sort()]);
    const wide = new Float64Array(20000).map(() => Math.floor(rand() * 2 ** 40));
    assert.deepEqual([...sortF64(wide)], [...wide.slice().sort()]);
    const negZero = new Float64Array(1000).map((_, i) => (i === 500 ? -0 : i % 3));
    const sorted = sortF64(negZero);
    assert.ok(Object.is(sorted[0], -0) || Object.is(sorted[1], -0) || [...sorted].some((v) => Object.is(v, -0)), '−0 kept');
  });
});

describe('column profile', () => {
  it('computes count, missing, distinct, mean, sample std and linear quantiles by hand', () => {
    const values = new Float64Array([4, NaN, 1, 3, 2, 2, NaN, 10]);
    const p = profileColumn({ name: 'x', type: 'numeric', role: 'feature' }, { kind: 'f64', values }, null);
    assert.equal(p.count, 8);
    assert.equal(p.missing, 2);
    assert.equal(p.distinct, 5);
    const xs = [1, 2, 2, 3, 4, 10];
    const mean = xs.reduce((a, b) => a + b) / 6;
    const std = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / 5);
    assertClose(p.numeric!.mean, mean);
    assertClose(p.numeric!.std, std);
    // numpy.quantile([1,2,2,3,4,10], 0.25) = 2.0, 0.5 = 2.5, 0.95 = 8.5
    const q = Object.fromEntries(p.numeric!.quantiles.map((e) => [e.p, e.value]));
    assertClose(q[0.25]!, 2);
    assertClose(q[0.5]!, 2.5);
    assertClose(q[0.95]!, 8.5);
    assert.equal(p.histogram!.counts.reduce((a, b) => a + b), 6);
  });

  it('counts categories and orders the top ones by frequency', () => {
    const p = profileColumn({ name: 'c', type: 'categorical', role: 'feature' }, { kind: 'i32', codes: new Int32Array([0, 1, 1, -1, 2, 1, 0]), dictionary: ['a', 'b', 'c'] }, null);
    assert.equal(p.missing, 1);
    assert.equal(p.distinct, 3);
    assert.deepEqual(p.topCategories, [{ value: 'b', count: 3 }, { value: 'a', count: 2 }, { value: 'c', count: 1 }]);
  });

  it('selects the most frequent categories as a full sort would, ties by value', () => {
    let seed = 9;
    const rand = () => { seed = (seed * 16807) % 2147483647; return seed / 2147483647; };
    const dictionary = Array.from({ length: 3000 }, (_, i) => `v${(i * 7919) % 3001}`);
    const counts = new Float64Array(3000).map(() => Math.floor(rand() * 6));
    const full = Array.from({ length: 3000 }, (_, i) => i).filter((c) => counts[c]! > 0).sort((a, b) => counts[b]! - counts[a]! || (dictionary[a]! < dictionary[b]! ? -1 : 1));
    assert.deepEqual(topCodes(counts, dictionary, 20), full.slice(0, 20));
    assert.deepEqual(topCodes(new Float64Array([0, 2, 1]), ['a', 'b', 'c'], 20), [1, 2]);
  });

  it('profiles hashed keys handed over packed exactly as their strings: counts, distinct, top keys with ties by value, event rates', () => {
    const keys = Array.from({ length: 3000 }, (_, i) => createHash('sha256').update(`k${i}`).digest('hex'));
    let seed = 5;
    const rand = () => { seed = (seed * 16807) % 2147483647; return seed / 2147483647; };
    const codes = Int32Array.from({ length: 20000 }, () => (rand() < 0.02 ? -1 : Math.floor(rand() ** 3 * keys.length)));
    const packedKeys = { width: 32, bytes: Buffer.from(keys.join(''), 'hex') };
    const target = binaryTarget('bad', { kind: 'f64', values: Float64Array.from(codes, () => (rand() < 0.2 ? 1 : 0)) });
    for (const type of ['key', 'categorical'] as const) {
      const spec = { name: 'k', type, role: 'feature' as const };
      assert.deepEqual(profileColumn(spec, { kind: 'i32', codes, dictionary: [], packedKeys }, target), profileColumn(spec, { kind: 'i32', codes, dictionary: keys }, target), type);
    }
  });

  it('gives the event rate per category and an IV that matches a hand computation', () => {
    // categories a: 1 bad / 3 good; b: 3 bad / 1 good; missing: 1 bad / 1 good
    const codes = new Int32Array([0, 0, 0, 0, 1, 1, 1, 1, -1, -1]);
    const y = new Float64Array([1, 0, 0, 0, 1, 1, 1, 0, 1, 0]);
    const target = binaryTarget('bad', { kind: 'f64', values: y });
    assert.equal(target.event, '1');
    const p = profileColumn({ name: 'c', type: 'categorical', role: 'feature' }, { kind: 'i32', codes, dictionary: ['a', 'b'] }, target);
    const te = 5, tn = 5;
    const hand = [[1, 3], [3, 1], [1, 1]].reduce((iv, [e, n]) => iv + (n! / tn - e! / te) * Math.log((n! / tn) / (e! / te)), 0);
    assertClose(p.targetProfile!.iv, hand, 1e-12, 'IV');
    assert.deepEqual(p.targetProfile!.bins.map((b) => [b.label, b.events, b.nonEvents]), [['a', 1, 3], ['b', 3, 1], ['Missing', 1, 1]]);
    assertClose(p.targetProfile!.bins[0]!.woe, Math.log((3 / 5) / (1 / 5)));
  });

  it('smooths a group with no events so WOE and IV stay finite', () => {
    const { bins, iv } = woeTable([{ label: 'x', events: 0, nonEvents: 10 }, { label: 'y', events: 5, nonEvents: 5 }], 5, 15);
    assert.ok(Number.isFinite(bins[0]!.woe) && Number.isFinite(iv));
    assertClose(bins[0]!.woe, Math.log((10.5 / 15) / (0.5 / 5)));
    assert.equal(bins[0]!.eventRate, 0);
  });

  it('refuses a target that is not binary, and honours the chosen event', () => {
    assert.throws(() => binaryTarget('t', { kind: 'f64', values: new Float64Array([1, 2, 3]) }), /exactly two distinct values/);
    const t = binaryTarget('t', { kind: 'i32', codes: new Int32Array([0, 1, 1]), dictionary: ['good', 'bad'] });
    assert.equal(t.event, 'bad');
    assert.equal(binaryTarget('t', { kind: 'i32', codes: new Int32Array([0, 1, 1]), dictionary: ['good', 'bad'] }, 'good').event, 'good');
  });

  it('quantiles and histograms handle a single value', () => {
    const one = new Float64Array([5]);
    assert.equal(quantileSorted(one, 0.99), 5);
    assert.deepEqual(histogram(new Float64Array([2, 2, 2])), { edges: [2, 2], counts: [3] });
  });
});
