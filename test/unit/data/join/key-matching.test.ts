import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { HexKeyIndex, wordsOf } from '../../../../data/join/hex-key-index';
import { matchKeys, packHexKeys, type KeyColumn } from '../../../../data/join/key-column';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

describe('matching hashed keys', () => {
  it('finds every key of one packed array in another, and nothing else', () => {
    const n = 20_000, w = 32;
    const right = new Uint8Array(randomBytes(n * w));
    const left = new Uint8Array(n * w);
    const expected = new Int32Array(n).fill(-1);
    for (let i = 0; i < n; i++) {
      if (i % 3 === 0) { const j = (i * 7) % n; left.set(right.subarray(j * w, (j + 1) * w), i * w); expected[i] = j; } else left.set(randomBytes(w), i * w);
    }
    const index = new HexKeyIndex(right, w, n);
    for (let i = 0; i < n; i++) assert.equal(index.add(i), i);
    const lw = wordsOf(left);
    for (let i = 0; i < n; i++) assert.equal(index.find(lw, i), expected[i]);
  });

  it('survives keys that share their first 28 bytes (a bad hash input cannot make it wrong)', () => {
    const n = 5000, w = 32;
    const keys = new Uint8Array(n * w);
    for (let i = 0; i < n; i++) new DataView(keys.buffer).setUint32(i * w + 28, i);
    const index = new HexKeyIndex(keys, w, n);
    for (let i = 0; i < n; i++) assert.equal(index.add(i), i);
    assert.equal(index.add(n - 1), n - 1);
  });

  it('packs hex keys of any case into one key per value, merging case variants', () => {
    const a = sha('a'), b = sha('b');
    const packed = packHexKeys([a, ` ${a.toUpperCase()}`, b])!;
    assert.equal(packed.count, 2);
    assert.deepEqual([...packed.remap], [0, 0, 1]);
    assert.equal(Buffer.from(packed.bytes).toString('hex'), a + b);
    assert.equal(packHexKeys(['u1', 'u2']), null);
    assert.equal(packHexKeys([a, 'x'.repeat(64)]), null);
  });

  it('matches packed keys against text keys of the same hash (e.g. an older workspace)', () => {
    const keys = [sha('1'), sha('2'), sha('3')];
    const packed = packHexKeys(keys)!;
    const hex: KeyColumn = { kind: 'hex', codes: new Int32Array([0, 1, 2]), count: 3, width: 32, bytes: packed.bytes };
    const text: KeyColumn = { kind: 'text', codes: new Int32Array([0, 1]), count: 2, keys: [keys[2]!, sha('9')] };
    assert.deepEqual([...matchKeys(hex, text)], [-1, -1, 0]);
    assert.deepEqual([...matchKeys(text, hex)], [2, -1]);
  });
});
