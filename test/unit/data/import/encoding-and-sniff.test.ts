import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectEncoding, parseEncodingOption, Utf8Transcoder } from '../../../../data/import/encoding';
import { sniffDelimiter } from '../../../../data/import/sniff';
import { AppError } from '../../../../types/errors';

const gbk = (text: string) => {
  // GBK bytes of a few common characters, written out so the test needs no encoder.
  const table: Record<string, number[]> = { '城': [0xb3, 0xc7], '市': [0xca, 0xd0], '北': [0xb1, 0xb1], '京': [0xbe, 0xa9] };
  return Buffer.from([...text].flatMap((c) => table[c] ?? [c.charCodeAt(0)]));
};

describe('encoding detection', () => {
  it('detects a UTF-8 byte-order mark, plain UTF-8 and GBK', () => {
    assert.deepEqual(detectEncoding(Buffer.from([0xef, 0xbb, 0xbf, 0x61]), 'f', false), { encoding: 'utf8', bom: 3 });
    assert.deepEqual(detectEncoding(Buffer.from('城市,x\n北京,1\n'), 'f', false), { encoding: 'utf8', bom: 0 });
    assert.deepEqual(detectEncoding(gbk('城市,x\n北京,1\n'), 'f', false), { encoding: 'gbk', bom: 0 });
    assert.deepEqual(detectEncoding(Buffer.from([0xff, 0xfe, 0x61, 0x00]), 'f', false), { encoding: 'utf16le', bom: 2 });
  });

  it('finds UTF-16 without a byte-order mark by its zero bytes, and keeps a mostly-UTF-8 file UTF-8 despite a GBK line', () => {
    const text = 'city,amount\nBeijing,1\nShanghai,2\n';
    assert.deepEqual(detectEncoding(Buffer.from(text, 'utf16le'), 'f', false), { encoding: 'utf16le', bom: 0 });
    assert.deepEqual(detectEncoding(Buffer.from(text, 'utf16le').swap16(), 'f', false), { encoding: 'utf16be', bom: 0 });
    // Lines of UTF-8 Chinese and one pasted in as GBK: read as GBK the whole file would be mojibake.
    const mixed = Buffer.concat([Buffer.from(`城市,金额\n${'北京,1\n上海,2\n'.repeat(4)}`), gbk('北京,5\n')]);
    assert.deepEqual(detectEncoding(mixed, 'f', false), { encoding: 'utf8', bom: 0 });
    assert.deepEqual(detectEncoding(gbk('城市,北京\n北京,城市\n'), 'f', false), { encoding: 'gbk', bom: 0 }, 'GBK text stays GBK');
  });

  it('transcodes GBK to UTF-8 across chunk boundaries', () => {
    const bytes = gbk('城市\n北京\n');
    const t = new Utf8Transcoder('gbk', 'f', 0);
    const parts = [...bytes].map((b, i) => Buffer.from(t.push(Uint8Array.of(b), i === bytes.length - 1)).toString('utf8'));
    assert.equal(parts.join(''), '城市\n北京\n');
  });

  it('names the line of bytes that are not valid GBK', () => {
    const bytes = Buffer.concat([gbk('城市\n北京\n'), Buffer.from([0x81, 0x20, 0x0a])]);
    const t = new Utf8Transcoder('gbk', 'f.csv', 0);
    assert.throws(() => t.push(bytes, true), (e: unknown) => e instanceof AppError && e.code === 'INVALID_ENCODING' && e.details.line === 3);
  });

  it('accepts the usual spellings of encodings and refuses others', () => {
    assert.equal(parseEncodingOption('GB18030'), 'gbk');
    assert.equal(parseEncodingOption('utf-8'), 'utf8');
    assert.throws(() => parseEncodingOption('latin9'), AppError);
  });
});

describe('delimiter sniffing', () => {
  it('picks the delimiter with a consistent count per line', () => {
    assert.equal(sniffDelimiter('a,b,c\n1,2,3\n4,5,6\n'), ',');
    assert.equal(sniffDelimiter('a;b;c\n1,5;2;3\n4;5;6\n'), ';');
    assert.equal(sniffDelimiter('a\tb\n1\t2\n'), '\t');
    assert.equal(sniffDelimiter('a|b\n1|2\n'), '|');
  });
  it('ignores delimiters inside quotes', () => {
    assert.equal(sniffDelimiter('name;note\n"x";"a,b,c,d"\n"y";"e,f"\n'), ';');
  });
});
