import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createBuilder, type ColumnBuilder } from '../../../../data/import/column-builders';
import { recordSink } from '../../../../data/import/csv-source';
import { CsvTokenizer, type CsvRecordSink } from '../../../../data/import/csv-tokenizer';
import { AppError } from '../../../../types/errors';
import type { ColumnSpec, ColumnType } from '../../../../types/columns';

/**
 * The one-pass paths for plain records — a block at a time in WebAssembly (`plainRecords`) and one
 * record at a time (`plainRecord`) — must give exactly what the field-range path gives: same
 * values bit for bit, same dictionaries in the same order, same errors.
 */
interface Parsed {
  values: (number[] | { codes: number[]; dictionary: string[] })[];
  rows: number;
  error: { code: string; details: unknown } | null;
}

const CHUNK_ROWS = 4096;

type Path = 'fields' | 'records' | 'blocks';

/** Records the block path took (to prove a test reached it). */
const taken = { blocks: 0 };

function sinkFor(full: CsvRecordSink, path: Path): CsvRecordSink {
  if (path === 'fields') return { record: full.record.bind(full) };
  if (path === 'records') return { record: full.record.bind(full), plainRecord: full.plainRecord!.bind(full) };
  return {
    record: full.record.bind(full),
    plainRecord: full.plainRecord!.bind(full),
    plainRecords: (...args) => { const n = full.plainRecords!(...args); taken.blocks += n; return n; },
  };
}

/** `segmentRows`: build columns as a segment's parse does (codes may repeat; keys appended, packed), for at most that many rows. */
function parse(text: string | Buffer, types: ColumnType[], path: Path, chunkSize = Infinity, delimiter = ',', segmentRows = 0): Parsed {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  const specs: ColumnSpec[] = types.map((type, i) => ({ name: `c${i}`, type, role: 'feature' }));
  const builders: ColumnBuilder[] = specs.map((s) => (segmentRows > 0 ? createBuilder(s, segmentRows, segmentRows, true) : createBuilder(s, CHUNK_ROWS)));
  const rows = { count: 0 };
  const full = recordSink(builders, specs.map((s) => s.name), 'plain.csv', () => {}, 0, true, rows);
  const sink = sinkFor(full, path);
  let error: Parsed['error'] = null;
  try {
    const t = new CsvTokenizer(delimiter.charCodeAt(0), sink, 'plain.csv', true);
    const step = Math.min(chunkSize, Math.max(1, bytes.length));
    for (let i = 0; i < bytes.length; i += step) t.push(bytes.subarray(i, i + step), i + step >= bytes.length);
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    error = { code: e.code, details: e.details };
  }
  const n = rows.count;
  const values = builders.map((b) => b.storage === 'f64'
    ? Array.from(b.chunkF64().subarray(0, n))
    : { codes: Array.from(b.chunkI32().subarray(0, n)), dictionary: b.dictionary() });
  return { values, rows: n, error };
}

/** Equal including -0 against 0 and NaN against NaN (Object.is on every value). */
function assertSame(a: Parsed, b: Parsed, what: string): void {
  assert.deepEqual(a.error, b.error, `${what}: error`);
  if (a.error) return;
  assert.equal(a.rows, b.rows, `${what}: rows`);
  a.values.forEach((col, i) => {
    const other = b.values[i]!;
    if (Array.isArray(col)) {
      assert.ok(Array.isArray(other));
      col.forEach((v, r) => assert.ok(Object.is(v, other[r]), `${what}: column ${i} row ${r}: ${v} vs ${other[r]}`));
    } else assert.deepEqual(col, other, `${what}: column ${i}`);
  });
}

function bothWays(text: string | Buffer, types: ColumnType[], what: string, delimiter = ','): Parsed {
  const reference = parse(text, types, 'fields', Infinity, delimiter);
  for (const path of ['records', 'blocks'] as const) {
    for (const size of [Infinity, 1, 7, 64, 4096]) assertSame(parse(text, types, path, size, delimiter), reference, `${what} (${path}, chunks of ${size})`);
  }
  return reference;
}

const NUMBER_FORMS = ['0', '-0', '12', '-7', '3.25', '-0.5', '.5', '5.', '', ' 4', '4 ', '+3', '1e3', '-2.5E-2', 'NA', 'nan', 'inf', '-inf',
  '123456789012345', '1234567890123456', '0.000000000000001', '00000000000000012', '9007199254740993', '0.1', '2.675', '1.7976931348623157e308',
  // 16 and 17 digits past 2^53: a mantissa rounded before the division would round twice.
  '98765432109876.54', '9999999999999999', '0.9999999999999999', '1.0000000000000001', '12345678901234.567', '-9876543210987.6543', '0.30000000000000004'];

describe('plain records in one pass', () => {
  it('parses every number form exactly as the field-range path', () => {
    const lines = NUMBER_FORMS.map((v, i) => `${v},${NUMBER_FORMS[(i * 7) % NUMBER_FORMS.length]}`);
    const parsed = bothWays(`a,b\n${lines.join('\n')}\n`, ['numeric', 'numeric'], 'number forms');
    assert.equal(parsed.rows, NUMBER_FORMS.length);
    assert.ok(Object.is((parsed.values[0] as number[])[1], -0));
    assert.equal((parsed.values[0] as number[])[4], 3.25);
  });

  it('matches on random decimals, categories and dates with CRLF, quotes, blank lines and a last line without a newline', () => {
    let seed = 12345;
    const rnd = (): number => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
    const cats = ['a', 'bb', '北京', 'x y', '', 'NA', '"q,uoted"', '"say ""hi"""'];
    const rows: string[] = ['n,c,d,m'];
    for (let r = 0; r < 3000; r++) {
      const digits = Math.floor(rnd() * 18);
      const num = rnd() < 0.1 ? '' : `${rnd() < 0.3 ? '-' : ''}${Math.floor(rnd() * 10 ** Math.min(digits, 15))}${rnd() < 0.5 ? `.${Math.floor(rnd() * 10000)}` : ''}`;
      const date = rnd() < 0.1 ? '' : `2024-0${1 + Math.floor(rnd() * 9)}-1${Math.floor(rnd() * 9)}`;
      const quotedNum = rnd() < 0.05 ? `"${num}"` : num;
      rows.push(`${quotedNum},${cats[Math.floor(rnd() * cats.length)]},${date},${(rnd() * 100).toFixed(Math.floor(rnd() * 5))}`);
      if (rnd() < 0.01) rows.push('');
    }
    const lf = rows.join('\n');
    bothWays(lf, ['numeric', 'categorical', 'date', 'numeric'], 'LF, no final newline');
    bothWays(`${rows.join('\r\n')}\r\n`, ['numeric', 'categorical', 'date', 'numeric'], 'CRLF');
    bothWays(`${rows.join('\r')}\r`, ['numeric', 'categorical', 'date', 'numeric'], 'CR alone');
    bothWays(`${lf.replaceAll(',', ';')}\n`, ['numeric', 'categorical', 'date', 'numeric'], 'semicolons', ';');
  });

  it('reports a ragged row, an extra field and a text in a number column with the same line, row and column', () => {
    const short = bothWays('a,b,c\n1,x,2\n3,y\n4,z,5\n', ['numeric', 'categorical', 'numeric'], 'short row');
    assert.equal(short.error?.code, 'RAGGED_ROW');
    assert.equal((short.error?.details as { line: number }).line, 3);
    const long = bothWays('a,b\n1,2\n3,4,5\n', ['numeric', 'numeric'], 'extra field');
    assert.equal(long.error?.code, 'RAGGED_ROW');
    const text = bothWays('a,b\n1,2\n3,4\n5,abc\n', ['numeric', 'numeric'], 'text in a number column');
    assert.equal(text.error?.code, 'TYPE_MISMATCH');
    assert.deepEqual(text.error?.details, { file: 'plain.csv', row: 3, line: 4, column: 'c1', expected: 'a number', got: 'abc' });
    const bothWrong = bothWays('a,b,c\n1,2,3\nx,4\n', ['numeric', 'numeric', 'numeric'], 'ragged and not a number');
    assert.equal(bothWrong.error?.code, 'RAGGED_ROW');
  });

  it('reads mostly plain files in blocks, leaving unusual numbers, quotes and blank lines to JavaScript', () => {
    let seed = 777;
    const rnd = (): number => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
    const rows: string[] = ['id,n,c,d,m,h'];
    for (let r = 0; r < 5000; r++) {
      // More distinct values than a module's code table keeps, values too long for it, missing-value tokens.
      const h = r % 3 === 0 ? `a-value-longer-than-16-bytes-${r % 50}` : rnd() < 0.05 ? 'NA' : `v${Math.floor(rnd() * 3000)}`;
      const n = rnd() < 0.02 ? NUMBER_FORMS[Math.floor(rnd() * NUMBER_FORMS.length)] : rnd() < 0.05 ? '' : (rnd() * 1000 - 300).toFixed(Math.floor(rnd() * 4));
      const c = rnd() < 0.01 ? '"quoted, value"' : rnd() < 0.05 ? '' : `cat${Math.floor(rnd() * 40)}${rnd() < 0.1 ? '北京' : ''}`;
      const d = rnd() < 0.1 ? '' : `2024-0${1 + Math.floor(rnd() * 9)}-1${Math.floor(rnd() * 9)}`;
      rows.push(`k${r},${n},${c},${d},${Math.floor(rnd() * 1e6)},${h}`);
      if (rnd() < 0.002) rows.push('');
    }
    const parsed = bothWays(`${rows.join('\n')}\n`, ['key', 'numeric', 'categorical', 'date', 'numeric', 'categorical'], 'mostly plain');
    assert.equal(parsed.rows, 5000);
    const before = taken.blocks;
    parse(`${rows.join('\n')}\n`, ['key', 'numeric', 'categorical', 'date', 'numeric', 'categorical'], 'blocks');
    assert.ok(taken.blocks - before > 4500, `blocks took ${taken.blocks - before} of 5000 records`);
    const crlf = bothWays(`${rows.join('\r\n')}\r\n`, ['key', 'numeric', 'categorical', 'date', 'numeric', 'categorical'], 'mostly plain, CRLF');
    assert.equal(crlf.rows, 5000);
  });

  it('reports a bad number deep inside a block at its own line, row and column', () => {
    const lines = ['a,b,c'];
    for (let r = 0; r < 2000; r++) lines.push(r === 1500 ? `${r},4..5,x` : r === 1700 ? `${r},7,y,extra` : `${r},${r * 0.5},x${r % 7}`);
    const parsed = bothWays(`${lines.join('\n')}\n`, ['numeric', 'numeric', 'categorical'], 'bad number');
    assert.equal(parsed.error?.code, 'TYPE_MISMATCH');
    assert.deepEqual(parsed.error?.details, { file: 'plain.csv', row: 1501, line: 1502, column: 'c1', expected: 'a number', got: '4..5' });
  });

  it('keeps a single-column file\'s blank lines out and its empty quoted values in', () => {
    const parsed = bothWays('v\n1\n\n2\n""\n\n3', ['numeric'], 'one column');
    assert.deepEqual(parsed.values[0], [1, 2, NaN, 3]);
  });

  it('packs a segment\'s hex keys in blocks exactly as one at a time: 16 to 128 digits, and a late value that is empty, of another length or not hex', () => {
    let seed = 99;
    const rnd = (): number => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
    for (const digits of [16, 40, 64, 128]) {
      const key = () => Array.from({ length: digits }, () => '0123456789abcdef'[Math.floor(rnd() * 16)]).join('');
      const keys = Array.from({ length: 6000 }, key);
      const odd = ['', key().slice(1), `${key()}0`, 'NA', key().toUpperCase(), `${key().slice(0, digits - 1)}g`, `${key().slice(0, 3)}:${key().slice(4)}`];
      for (const [k, value] of odd.entries()) {
        // Plain keys first (the dictionary packs them from the 4,097th on), then one odd value among them.
        const at = 5000 + k * 97;
        const lines = ['id,x', ...keys.map((v, r) => `${r === at ? value : r === at + 5 ? keys[100] : v},${r % 7}`)];
        const text = `${lines.join('\n')}\n`;
        const fields = parse(text, ['key', 'numeric'], 'fields', Infinity, ',', 8000);
        const before = taken.blocks;
        const blocks = parse(text, ['key', 'numeric'], 'blocks', Infinity, ',', 8000);
        assert.ok(taken.blocks - before > 5000, 'the block path read the file');
        // Codes may differ where a module's code table knew a short key; each row's value may not.
        const rowValues = (p: Parsed) => { const c = p.values[0] as { codes: number[]; dictionary: string[] }; return c.codes.map((code) => (code < 0 ? null : c.dictionary[code])); };
        const expected = [...keys.slice(0, at), value === '' || value === 'NA' ? null : value, ...keys.slice(at + 1)];
        expected[at + 5] = keys[100]!;
        assert.deepEqual(rowValues(blocks), expected, `${digits} digits, '${value.slice(0, 6)}…' at row ${at}`);
        assert.deepEqual(rowValues(fields), expected);
        assert.deepEqual(blocks.values[1], fields.values[1]);
      }
    }
  });
});
