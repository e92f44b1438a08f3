import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { assignmentKey, assignmentPoint, inChallenger } from '../../../rta/decision/assignment';

describe('champion/challenger assignment', () => {
  it('gives the challenger its share within ±1% of 1 M device ids, at several shares', () => {
    const points = new Float64Array(1_000_000);
    for (let i = 0; i < points.length; i++) points[i] = assignmentPoint(createHash('md5').update(`device-${i}`).digest('hex'));
    for (const share of [0.05, 0.1, 0.5]) {
      let n = 0;
      for (const p of points) if (p < share) n++;
      assert.ok(Math.abs(n / points.length - share) < 0.01, `share ${share}: ${n / points.length}`);
    }
  });

  it('places a key the same way in every process and release (a fixed function of the key, no seed)', () => {
    assert.equal(assignmentPoint('0cc175b9c0f1b6a831c399e269772661'), 0.8129569629672915);
    assert.equal(assignmentPoint('abc'), 0.30813677655532956);
  });

  it('assigns by the first device id present in lookup order, as looked up (MD5 lower-cased, a raw OAID by its MD5)', () => {
    const order = ['oaid_md5', 'imei_md5', 'oaid'] as const;
    const md5 = createHash('md5').update('raw-oaid').digest('hex');
    assert.equal(assignmentKey({ os: 'android', oaid_md5: 'ABCDEF', imei_md5: 'x' }, order), 'abcdef');
    assert.equal(assignmentKey({ os: 'android', oaid: 'raw-oaid' }, order), md5);
    assert.equal(assignmentKey({ os: 'ios' }, order), null);
    assert.equal(inChallenger({ os: 'ios' }, order, 0.99), false, 'no id: the champion answers');
    assert.equal(inChallenger({ os: 'android', oaid_md5: 'ABC' }, order, 0.5), assignmentPoint('abc') < 0.5);
  });
});
