import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ByteDictionary } from '../../../../data/import/byte-dictionary';
import { notHexWord } from '../../../../data/import/hex-bytes';
import { mulberry32 } from '../../../../models/stats/random';

const isLowerHex = (bytes: number[]) => bytes.every((b) => (b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x66));

describe('the byte dictionary', () => {
  it('tells a word of four lower-case hex digits from any other, byte by byte at every edge', () => {
    const edges = [0x00, 0x2f, 0x30, 0x39, 0x3a, 0x40, 0x41, 0x46, 0x60, 0x61, 0x66, 0x67, 0x7f, 0x80, 0xb0, 0xe1, 0xff];
    const rnd = mulberry32(9);
    for (let n = 0; n < 200_000; n++) {
      const bytes = Array.from({ length: 4 }, () => (rnd() < 0.7 ? '0123456789abcdef'.charCodeAt(Math.floor(rnd() * 16)) : edges[Math.floor(rnd() * edges.length)]!));
      const w = bytes[0]! | (bytes[1]! << 8) | (bytes[2]! << 16) | (bytes[3]! << 24);
      assert.equal(notHexWord(w) === 0, isLowerHex(bytes), bytes.map((b) => b.toString(16)).join(' '));
    }
  });

  it('knows its values are hex keys of one length exactly when every value is: long and short values, one odd byte anywhere, NA tokens', () => {
    const rnd = mulberry32(10);
    const hex = (n: number) => Array.from({ length: n }, () => '0123456789abcdef'[Math.floor(rnd() * 16)]).join('');
    for (const length of [8, 24, 32, 63, 64]) {
      const keys = Array.from({ length: 3000 }, () => hex(length));
      const d = new ByteDictionary();
      for (const k of keys) d.codeOfText(k);
      assert.equal(d.hexKeyLength, length % 2 === 0 ? length : 0, `${length} digits`);
      for (const odd of ['G', 'A', '/', ':', '`', 'g', 'é', ' ']) {
        const e = new ByteDictionary();
        const at = Math.floor(rnd() * length);
        keys.forEach((k, i) => e.codeOfText(i === 1500 ? k.slice(0, at) + odd + k.slice(at + 1) : k));
        assert.equal(e.hexKeyLength, 0, `${length} digits, '${odd}' at ${at}`);
      }
    }
    const withNa = new ByteDictionary();
    for (const k of [hex(64), 'NA', hex(64)]) withNa.codeOfText(k);
    assert.equal(withNa.hexKeyLength, 0);
  });

  it('merges another dictionary\'s values in its code order, keeping the hex-key length and every code', () => {
    const rnd = mulberry32(11);
    const hex = () => Array.from({ length: 64 }, () => '0123456789abcdef'[Math.floor(rnd() * 16)]).join('');
    const keys = Array.from({ length: 5000 }, hex);
    const a = new ByteDictionary(), b = new ByteDictionary();
    keys.slice(0, 3000).forEach((k) => a.codeOfText(k));
    keys.slice(2000).forEach((k) => b.codeOfText(k));
    a.reserve(3000);
    const map = a.merge(b.exportBytes());
    assert.deepEqual(a.values, keys);
    assert.deepEqual(Array.from(map), keys.slice(2000).map((_, i) => 2000 + i));
    assert.equal(a.hexKeyLength, 64);
    assert.equal(a.packedHexKeys()!.bytes.toString('hex'), keys.join(''));
  });

  it('gives the same codes when told how many look-ups to expect (a column of keys sized once) as when growing step by step', () => {
    const rnd = mulberry32(13);
    const values = Array.from({ length: 60_000 }, (_, i) => (rnd() < 0.05 && i > 0 ? `k${Math.floor(rnd() * i)}` : `k${i}`));
    values.push(...Array.from({ length: 3000 }, (_, i) => `k${i % 40}`), 'NA', 'x'.repeat(40));
    const plain = new ByteDictionary(), hinted = new ByteDictionary(values.length);
    const codes = (d: ByteDictionary) => values.map((v) => d.codeOfText(v));
    assert.deepEqual(codes(hinted), codes(plain));
    assert.deepEqual(hinted.values, plain.values);
    assert.deepEqual(hinted.exportBytes().hashes, plain.exportBytes().hashes);
  });

  it('packs merged hex keys from the bytes each segment packed, equal to decoding them, and decodes when a merged dictionary brought none', () => {
    const rnd = mulberry32(14);
    const hex = () => Array.from({ length: 64 }, () => '0123456789abcdef'[Math.floor(rnd() * 16)]).join('');
    const keys = Array.from({ length: 9000 }, hex);
    const segment = (from: number, to: number) => { const d = new ByteDictionary(to - from); keys.slice(from, to).forEach((k) => d.codeOfText(k)); return d.exportBytes(); };
    // Overlapping segments: a merge adds new keys between ones it already has.
    const parts = [[0, 4000], [3000, 6500], [6000, 9000], [100, 200]] as const;
    const merged = new ByteDictionary();
    for (const [from, to] of parts) { const part = segment(from, to); assert.equal(part.packed?.length, (to - from) * 32); merged.merge(part); }
    assert.deepEqual(merged.values, keys);
    assert.equal(merged.packedHexKeys()!.bytes.toString('hex'), keys.join(''));
    const without = new ByteDictionary();
    for (const [from, to] of parts) { const { packed: _, ...part } = segment(from, to); without.merge(part); }
    assert.equal(without.packedHexKeys()!.bytes.toString('hex'), keys.join(''));
    const mixed = new ByteDictionary();
    mixed.merge(segment(0, 4000));
    const { packed: _, ...bare } = segment(3000, 6500);
    mixed.merge(bare);
    mixed.merge(segment(6000, 9000));
    assert.equal(mixed.packedHexKeys()!.bytes.toString('hex'), keys.join(''), 'one merge without packed bytes: decoded');
  });

  it('lets a dictionary whose codes may repeat append a column of keys without looking them up, and a merge of it gives the codes one dictionary gives', () => {
    const rnd = mulberry32(15);
    const hex = () => Array.from({ length: 64 }, () => '0123456789abcdef'[Math.floor(rnd() * 16)]).join('');
    const distinct = Array.from({ length: 20_000 }, hex);
    // Keys, some repeated soon and some long after, an NA token, and empty strings left out.
    const values = distinct.flatMap((k, i) => (i % 50 === 7 ? [k, distinct[Math.floor(rnd() * (i + 1))]!] : i === 9000 ? [k, 'NA'] : [k]));
    const one = new ByteDictionary();
    const expected = values.map((v) => one.codeOfText(v));
    const segment = new ByteDictionary(values.length, true);
    const segmentCodes = values.map((v) => segment.codeOfText(v));
    assert.ok(segment.size > one.size, 'repeats appended under new codes');
    assert.equal(segmentCodes[values.indexOf('NA')], -1);
    const merged = new ByteDictionary();
    const map = merged.merge(segment.exportBytes());
    assert.deepEqual(segmentCodes.map((c) => (c < 0 ? -1 : map[c]!)), expected);
    assert.deepEqual(merged.values, one.values);
  });

  it('keeps merged hex keys packed until a value that is not one arrives, then holds them as text with every code kept', () => {
    const rnd = mulberry32(16);
    const hex = () => Array.from({ length: 64 }, () => '0123456789abcdef'[Math.floor(rnd() * 16)]).join('');
    const keys = Array.from({ length: 12_000 }, hex);
    const segment = (values: string[]) => { const d = new ByteDictionary(values.length, true); values.forEach((k) => d.codeOfText(k)); return d.exportBytes(); };
    const merged = new ByteDictionary();
    merged.merge(segment(keys.slice(0, 5000)), 12_000);
    merged.merge(segment([...keys.slice(4000, 9000), keys[10]!]));
    assert.equal(merged.packedHexKeys()!.bytes.toString('hex'), keys.slice(0, 9000).join(''));
    const late = [...keys.slice(8000, 12_000), 'ABC', keys[3]!];
    const map = merged.merge(segment(late));
    assert.deepEqual(Array.from(map), [...late.keys()].map((i) => (i < 4000 ? 8000 + i : i === 4000 ? 12_000 : 3)));
    assert.deepEqual(merged.values, [...keys, 'ABC']);
    assert.equal(merged.hexKeyLength, 0);
    assert.equal(merged.packedHexKeys(), null);
    assert.equal(merged.codeOfText(keys[11_999]!), 11_999);
    const again = new ByteDictionary();
    again.merge(segment(keys.slice(0, 6000)));
    assert.equal(again.codeOfText(keys[5999]!), 5999, 'a look-up by text after a packed merge');
    assert.equal(again.codeOfText('x'), 6000);
    assert.deepEqual(again.values, [...keys.slice(0, 6000), 'x']);
  });

  it('packs a segment\'s keys as they come, to exactly their digits\' bytes, and goes back to text for a late value that is not such a key', () => {
    const rnd = mulberry32(17);
    for (const length of [16, 40, 64, 128]) {
      const hex = () => Array.from({ length }, () => '0123456789abcdef'[Math.floor(rnd() * 16)]).join('');
      const keys = Array.from({ length: 9000 }, hex);
      const packed = new ByteDictionary(keys.length, true);
      keys.forEach((k) => packed.codeOfText(k));
      const whole = packed.exportBytes();
      assert.equal(whole.text, undefined, `${length} digits: packed only`);
      assert.equal(Buffer.from(whole.packed!).toString('hex'), keys.join(''), `${length} digits`);
      for (const odd of [keys[0]!.slice(0, -1) + 'g', keys[0]!.toUpperCase(), keys[0]!.slice(2), 'NA']) {
        const d = new ByteDictionary(keys.length + 1, true);
        const codes = [...keys.slice(0, 6000), odd, ...keys.slice(6000)].map((k) => d.codeOfText(k));
        assert.equal(d.hexKeyLength, 0, `${length} digits, then '${odd.slice(0, 8)}…'`);
        const merged = new ByteDictionary();
        const map = merged.merge(d.exportBytes());
        assert.deepEqual(codes.map((c) => (c < 0 ? -1 : merged.values[map[c]!])), [...keys.slice(0, 6000), odd === 'NA' ? -1 : odd, ...keys.slice(6000)]);
      }
    }
  });
});
