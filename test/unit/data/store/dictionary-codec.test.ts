import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { decodeDictionaryChunk, encodeDictionaryChunk, hexKeyWidth } from '../../../../data/store/dictionary-codec';
import { ByteDictionary } from '../../../../data/import/byte-dictionary';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const md5 = (s: string) => createHash('md5').update(s).digest('hex');

describe('dictionary chunk encodings', () => {
  it('packs lower-case hash keys as bytes (half the size) and reads back the same strings', () => {
    const keys = Array.from({ length: 1000 }, (_, i) => sha(`user-${i}`));
    assert.equal(hexKeyWidth(keys), 32);
    const { encoding, data } = encodeDictionaryChunk(keys, 32);
    assert.equal(encoding, 'hex32');
    assert.equal(data.byteLength, 32_000);
    assert.deepEqual(decodeDictionaryChunk(encoding, data), keys);
    const m = Array.from({ length: 10 }, (_, i) => md5(String(i)));
    assert.equal(hexKeyWidth(m), 16);
    assert.deepEqual(decodeDictionaryChunk('hex16', encodeDictionaryChunk(m, 16).data), m);
  });

  it('packs a byte dictionary of hash keys straight from its key bytes, exactly as packing its strings does, and refuses what would change', () => {
    const dict = new ByteDictionary();
    const keys = Array.from({ length: 3000 }, (_, i) => sha(`user-${i % 2500}`));
    for (const k of keys) { const b = Buffer.from(k); dict.code(b, 0, b.length); }
    // Room made ahead changes no code.
    const reserved = new ByteDictionary();
    reserved.reserve(10);
    const codes = keys.map((k, i) => { if (i === 1000) reserved.reserve(5000); const b = Buffer.from(k); return reserved.code(b, 0, b.length); });
    assert.deepEqual(codes, keys.map((k) => { const b = Buffer.from(k); return dict.code(b, 0, b.length); }));
    const packed = dict.packedHexKeys()!;
    assert.equal(packed.width, 32);
    assert.deepEqual(packed.bytes, encodeDictionaryChunk(dict.values, 32).data);
    assert.equal(dict.values.length, 2500);
    const refuse = (values: string[]) => { const d = new ByteDictionary(); for (const v of values) d.codeOfText(v); return d.packedHexKeys(); };
    assert.equal(refuse([sha('a'), sha('a').toUpperCase()]), null, 'upper case');
    assert.equal(refuse([sha('a'), md5('a')]), null, 'two lengths');
    assert.equal(refuse([sha('a'), 'NA', sha('b')]), null, 'an NA token among them');
    assert.equal(refuse(['北京']), null);
  });

  it('merges segments\' dictionaries to the codes, values and hex packing of one dictionary fed every value in order', () => {
    const segmentsOf = (values: string[][]) => values.map((seg) => { const d = new ByteDictionary(); for (const v of seg) d.codeOfText(v); return d.exportBytes(); });
    const cases: [string, string[][]][] = [
      ['hex keys', [Array.from({ length: 900 }, (_, i) => sha(`k${i}`)), Array.from({ length: 900 }, (_, i) => sha(`k${i + 450}`))]],
      ['hex then a non-hex value', [[sha('a'), sha('b')], [sha('c'), `${sha('d').slice(0, 63)}g`]]],
      ['hex keys of two lengths', [[sha('a')], [md5('b'), sha('a')]]],
      ['categories', [['北京', 'x', 'y'], ['y', 'z', '北京', 'w']]],
    ];
    for (const [name, segments] of cases) {
      const one = new ByteDictionary();
      const expected = segments.map((seg) => seg.map((v) => one.codeOfText(v)));
      const merged = new ByteDictionary();
      const maps = segmentsOf(segments).map((d) => merged.merge(d));
      const local = segments.map((seg) => { const d = new ByteDictionary(); return seg.map((v) => d.codeOfText(v)); });
      assert.deepEqual(local.map((codes, k) => codes.map((c) => maps[k]![c])), expected, name);
      assert.deepEqual(merged.values, one.values, name);
      assert.equal(merged.hexKeyLength, one.hexKeyLength, name);
      assert.deepEqual(merged.packedHexKeys(), one.packedHexKeys(), name);
    }
  });

  it('keeps as JSON anything a byte packing would change: upper case, mixed lengths, non-hex, short codes', () => {
    assert.equal(hexKeyWidth([sha('a').toUpperCase()]), 0);
    assert.equal(hexKeyWidth([sha('a'), md5('a')]), 0);
    assert.equal(hexKeyWidth([`${sha('a').slice(0, 63)}g`]), 0);
    assert.equal(hexKeyWidth(['cafe', 'beef']), 0);
    assert.equal(hexKeyWidth([]), 0);
    const values = ['北京', 'a,"b"', ''];
    const { encoding, data } = encodeDictionaryChunk(values, 0);
    assert.equal(encoding, 'json');
    assert.deepEqual(decodeDictionaryChunk(encoding, data), values);
  });

  it('refuses a corrupt or unknown chunk', () => {
    assert.throws(() => decodeDictionaryChunk('hex32', new Uint8Array(33)), /corrupt hex32/);
    assert.throws(() => decodeDictionaryChunk('zip', new Uint8Array(3)), /unknown dictionary encoding/);
  });
});
