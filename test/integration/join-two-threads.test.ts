import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { matchKeys, matchKeysOnTwoThreads, type KeyColumn } from '../../data/join/key-column';
import { matchHexPart, OTHER_PART } from '../../data/join/match-hex-part';
import { startComputeHelper } from '../../service/jobs/compute-helper';
import { REPO } from '../helpers/temp';

const helper = startComputeHelper(path.join(REPO, 'service', 'jobs', 'worker-entry.ts'));
after(() => helper.stop());

/** Right: n random keys; left: m keys, every third one of the right's (shuffled), the rest new. */
type HexKeys = Extract<KeyColumn, { kind: 'hex' }>;

function keys(n: number, m: number, width: number): { left: HexKeys; right: HexKeys } {
  const right = new Uint8Array(randomBytes(n * width));
  const left = new Uint8Array(m * width);
  for (let c = 0; c < m; c++) {
    if (c % 3 === 0) { const j = (c * 7919) % n; left.set(right.subarray(j * width, (j + 1) * width), c * width); } else left.set(randomBytes(width), c * width);
  }
  const column = (bytes: Uint8Array, count: number): HexKeys => ({ kind: 'hex', codes: new Int32Array(0), count, width, bytes });
  return { left: column(left, m), right: column(right, n) };
}

describe('matching hashed keys on two threads', () => {
  it('finds what one thread finds: each half on its own thread (the helper\'s from shared memory), put together', async () => {
    for (const [n, m, width] of [[150_000, 90_000, 32], [120_000, 130_000, 16]] as const) {
      const { left, right } = keys(n, m, width);
      const one = matchKeys(left, right);
      const two = await matchKeysOnTwoThreads(left, right, helper.keyMatcher);
      assert.deepEqual(two, one, `${n} x ${m} keys of ${width} bytes`);
      assert.ok(one.filter((x) => x >= 0).length >= m / 3 - 1, 'every third left key matched');
    }
  });

  it('answers for one half only, marking the other half\'s keys, and the halves cover every key', () => {
    const { left, right } = keys(20_000, 20_000, 32);
    const halves = [0, 1].map((part) => matchHexPart(left, right, part));
    const one = matchKeys(left, right);
    for (let c = 0; c < one.length; c++) {
      const mine = halves.filter((h) => h[c] !== OTHER_PART);
      assert.equal(mine.length, 1, `key ${c} in exactly one half`);
      assert.equal(mine[0]![c], one[c]);
    }
  });
});
