import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { augment, expectedCutoff, type InferenceOptions } from '../../../../models/inference/augment';
import { calibrateFactor } from '../../../../models/inference/calibrate-factor';
import { compareModels } from '../../../../models/inference/inference-report';
import { assertClose } from '../../../helpers/assert-close';

const known = { rows: Int32Array.from([0, 1, 2, 3]), labels: Uint8Array.from([0, 1, 0, 0]), weight: new Float64Array(4).fill(1), p: Float64Array.from([0.1, 0.3, 0.2, 0.05]) };
const unlabelled = { rows: Int32Array.from([4, 5, 6, 7, 8]), weight: Float64Array.from([1, 1, 2, 1, 1]), p: Float64Array.from([0.5, 0.1, 0.2, 0.4, 0.6]) };
const options = (o: Partial<InferenceOptions>): InferenceOptions => ({ method: 'fuzzy', factor: 1, cutoff: null, bands: 2, seed: 1, ...o });

describe('reject inference: augmenting the known rows', () => {
  it('fuzzy: each unlabelled row as a bad weighted w·f·p and a good weighted w·(1 − f·p); the second copy counts no person', () => {
    const { rows, decision } = augment(known, unlabelled, options({ factor: 1.5 }));
    assert.equal(rows.row.length, 4 + 2 * 5);
    assert.deepEqual([...rows.row.slice(4)], [4, 4, 5, 5, 6, 6, 7, 7, 8, 8]);
    assert.deepEqual([...rows.flag.slice(4)], [1, 0, 1, 0, 1, 0, 1, 0, 1, 0]);
    assert.deepEqual([...rows.people], [1, 1, 1, 1, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0]);
    const expected = [0.75, 0.25, 0.15, 0.85, 2 * 0.3, 2 * 0.7, 0.6, 0.4, 0.9, 0.1];
    expected.forEach((x, k) => assertClose(rows.weight[4 + k]!, x, 1e-12, `weight ${k}`));
    assertClose(decision.inferredBads, 0.75 + 0.15 + 0.6 + 0.6 + 0.9, 1e-12);
    assert.deepEqual([...rows.inferred], [0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
  });

  it('hard cut-off: the default cut-off calls as many bads as the probabilities expect, a given one is used as is', () => {
    // Σwp = 0.5 + 0.1 + 0.4 + 0.4 + 0.6 = 2.0: the two most likely rows (0.6, 0.5) are bad.
    const { rows, decision } = augment(known, unlabelled, options({ method: 'hard-cutoff' }));
    assert.deepEqual([...rows.flag.slice(4)], [1, 0, 0, 0, 1]);
    assert.ok(decision.cutoff! > 0.4 && decision.cutoff! <= 0.5);
    assert.equal(decision.inferredBads, 2);
    const fixed = augment(known, unlabelled, options({ method: 'hard-cutoff', cutoff: 0.15 }));
    assert.deepEqual([...fixed.rows.flag.slice(4)], [1, 0, 1, 1, 1]);
    // The count rounds to the nearest whole: Σp = 1.7 calls both bad, Σp = 1.1 one.
    assert.equal(expectedCutoff(Float64Array.from([0.9, 0.8]), Float64Array.from([1, 1])) <= 0.8, true);
    const one = expectedCutoff(Float64Array.from([0.6, 0.5]), Float64Array.from([1, 1]));
    assert.ok(one > 0.5 && one <= 0.6);
  });

  it('parceling: in each score band the known bad rate times the factor is the share of unlabelled rows drawn as bads, seeded', () => {
    const manyKnown = { rows: Int32Array.from({ length: 100 }, (_, i) => i), labels: Uint8Array.from({ length: 100 }, (_, i) => (i % 10 < (i < 50 ? 1 : 3) ? 1 : 0)), weight: new Float64Array(100).fill(1), p: Float64Array.from({ length: 100 }, (_, i) => (i < 50 ? 0.1 : 0.3)) };
    const many = { rows: Int32Array.from({ length: 60 }, (_, i) => 100 + i), weight: new Float64Array(60).fill(1), p: Float64Array.from({ length: 60 }, (_, i) => (i < 20 ? 0.1 : 0.3)) };
    const a = augment(manyKnown, many, options({ method: 'parceling', factor: 2 }));
    assert.deepEqual(a.decision.parcels.map((b) => [b.known, b.knownBadRate, b.unlabelled, b.inferredBadRate]), [[50, 0.1, 20, 0.2], [50, 0.3, 40, 0.6]]);
    const bads = (lo: number, hi: number) => [...a.rows.flag.slice(100 + lo, 100 + hi)].reduce((t, x) => t + x, 0);
    assert.deepEqual([bads(0, 20), bads(20, 60)], [4, 24]);
    assert.deepEqual([...augment(manyKnown, many, options({ method: 'parceling', factor: 2 })).rows.flag], [...a.rows.flag], 'same seed, same draw');
    assert.notDeepEqual([...augment(manyKnown, many, options({ method: 'parceling', factor: 2, seed: 9 })).rows.flag], [...a.rows.flag]);
  });

  it('the factor measured on outside outcomes is observed over predicted, with a Bernoulli interval', () => {
    const y = Uint8Array.from([1, 0, 0, 1, 0, 0, 0, 0]), p = Float64Array.from([0.2, 0.1, 0.1, 0.2, 0.1, 0.1, 0.1, 0.1]);
    const e = calibrateFactor(y, p, null)!;
    assertClose(e.factor, 2 / 1.0, 1e-12);
    const variance = 2 * 0.4 * 0.6 + 6 * 0.2 * 0.8;
    assertClose(e.upper - e.factor, 1.959963984540054 * Math.sqrt(variance), 1e-12);
    assert.equal(calibrateFactor(new Uint8Array(0), new Float64Array(0), null), null);
  });

  it('the report: mean predictions on known and unlabelled rows, and the observed rate by band', () => {
    const r = compareModels({
      known: Uint8Array.from([1, 1, 0, 0]), labels: Uint8Array.from([1, 0, 0, 0]), weight: null,
      kgb: Float64Array.from([0.4, 0.2, 0.3, 0.1]), inferred: Float64Array.from([0.5, 0.1, 0.6, 0.2]),
    }, 2);
    assert.deepEqual([r.known.rows, r.known.observed], [2, 0.5]);
    assertClose(r.known.kgb, 0.3, 1e-12); assertClose(r.unlabelled.inferred, 0.4, 1e-12);
    assert.deepEqual(r.bands.map((b) => [b.known, b.unlabelled]), [[1, 1], [1, 1]]);
  });
});
