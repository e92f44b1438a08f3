import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CsvTokenizer, fieldText, type CsvRecordSink } from '../../../../data/import/csv-tokenizer';
import { AppError } from '../../../../types/errors';

function tokenize(text: string | Buffer, chunkSize = Infinity, delimiter = ','): { records: string[][]; lines: number[] } {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  const records: string[][] = [];
  const lines: number[] = [];
  const sink: CsvRecordSink = {
    record(buf, starts, ends, escaped, count, line) {
      const r: string[] = [];
      for (let i = 0; i < count; i++) r.push(fieldText(buf, starts[i]!, ends[i]!, escaped[i] === 1));
      records.push(r);
      lines.push(line);
    },
  };
  const t = new CsvTokenizer(delimiter.charCodeAt(0), sink, 'test.csv', true);
  const step = Math.min(chunkSize, Math.max(1, bytes.length));
  for (let i = 0; i < bytes.length; i += step) t.push(bytes.subarray(i, i + step), i + step >= bytes.length);
  if (bytes.length === 0) t.push(new Uint8Array(0), true);
  return { records, lines };
}

describe('CSV tokenizer', () => {
  it('splits plain fields and rows with LF, CRLF and CR line ends', () => {
    assert.deepEqual(tokenize('a,b\n1,2\r\n3,4\r5,6').records, [['a', 'b'], ['1', '2'], ['3', '4'], ['5', '6']]);
  });

  it('keeps delimiters, newlines and doubled quotes inside quoted fields', () => {
    const { records, lines } = tokenize('id,note\n1,"a, b"\n2,"line1\nline2"\n3,"say ""hi"""\n4,""\n');
    assert.deepEqual(records, [['id', 'note'], ['1', 'a, b'], ['2', 'line1\nline2'], ['3', 'say "hi"'], ['4', '']]);
    assert.deepEqual(lines, [1, 2, 3, 5, 6]);
  });

  it('gives the same records whatever the chunk boundaries', () => {
    const text = 'x,y,z\n"q,1","multi\r\nline",3\n4,,"6"\n\n7,"8""",9\n';
    const whole = tokenize(text).records;
    for (const size of [1, 2, 3, 5, 7, 11]) assert.deepEqual(tokenize(text, size).records, whole, `chunk size ${size}`);
  });

  it('skips blank lines but keeps a row of empty fields', () => {
    assert.deepEqual(tokenize('a,b\n\n,\n1,2\n').records, [['a', 'b'], ['', ''], ['1', '2']]);
  });

  it('reads a last line without a newline', () => {
    assert.deepEqual(tokenize('a\n1').records, [['a'], ['1']]);
  });

  it('reports an unterminated quote with the line it starts on', () => {
    assert.throws(() => tokenize('a,b\n1,"open\n2,3\n'), (e: unknown) => e instanceof AppError && e.code === 'UNTERMINATED_QUOTE' && e.details.line === 2);
  });

  it('reports invalid UTF-8 with its line and field', () => {
    const bytes = Buffer.concat([Buffer.from('a,b\n1,ok\n2,'), Buffer.from([0xc4, 0xe3]), Buffer.from('\n')]);
    assert.throws(() => tokenize(bytes), (e: unknown) => e instanceof AppError && e.code === 'INVALID_ENCODING' && e.details.line === 3 && e.details.fieldIndex === 1);
  });

  it('splits on tabs and semicolons when told', () => {
    assert.deepEqual(tokenize('a\tb\n1\t2\n', Infinity, '\t').records, [['a', 'b'], ['1', '2']]);
    assert.deepEqual(tokenize('a;b\n"1;x";2\n', Infinity, ';').records, [['a', 'b'], ['1;x', '2']]);
  });
});
