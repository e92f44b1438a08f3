import fs from 'node:fs';
import { AppError } from '../../types/errors';
import type { JobControls } from '../../types/progress';
import { chunkLength, codeOfField, numberMismatch, type ColumnBuilder } from './column-builders';
import { numberParse, parseNumberBytes, parsePlainDecimal, plainDecimal, PARSE_INVALID } from './parse-value';
import { CsvTokenizer, fieldText, type CsvRecordSink } from './csv-tokenizer';
import { bomLength, detectEncoding, Utf8Transcoder, type Encoding, type EncodingOption } from './encoding';
import { checkHeader, emptyFile, headerOnly } from './header';
import { sniffDelimiter, type Delimiter, type DelimiterOption } from './sniff';
import type { SampleRows, TableSource } from './table-source';
import { cancelled } from './cancel';
import { PlainBlocks } from './plain-blocks';

const READ_CHUNK = 4 * 1024 * 1024;
const FIRST_READ_CHUNK = 256 * 1024;
const EMPTY_F64 = new Float64Array(0);
const EMPTY_I32 = new Int32Array(0);
const HEAD_BYTES = 1024 * 1024;

export interface CsvLayout {
  encoding: Encoding;
  bom: number;
  delimiter: Delimiter;
}

/** Works out encoding and delimiter from the head of the file (unless given). */
export function detectCsvLayout(file: string, encoding: EncodingOption = 'auto', delimiter: DelimiterOption = 'auto'): CsvLayout {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(HEAD_BYTES);
    const n = fs.readSync(fd, head, 0, HEAD_BYTES, 0);
    if (n === 0) throw emptyFile(file);
    const bytes = head.subarray(0, n);
    const det = encoding === 'auto' ? detectEncoding(bytes, file, n === HEAD_BYTES) : { encoding, bom: bomLength(bytes, encoding) };
    let text: string;
    try {
      text = new TextDecoder(det.encoding === 'gbk' ? 'gb18030' : det.encoding === 'utf8' ? 'utf-8' : det.encoding.replace('utf16', 'utf-16')).decode(bytes.subarray(det.bom));
    } catch {
      text = '';
    }
    const delim = delimiter === 'auto' ? sniffDelimiter(text, file) : delimiter;
    return { encoding: det.encoding, bom: det.bom, delimiter: delim };
  } finally {
    fs.closeSync(fd);
  }
}

/** A stretch of a file that starts at a line break: its bytes [start, end), its first line's number. */
export interface ScanRange {
  start: number;
  end: number;
  firstLine: number;
}

/**
 * Reads the file's bytes (or a range of them) in chunks through transcoder and tokenizer until
 * done or `stop()` says so; `onBytes` sees the raw bytes (for a hash). Returns the number of the
 * line after the last one read.
 */
export function scan(file: string, layout: CsvLayout, sink: CsvRecordSink, controls: JobControls | null, stop: () => boolean, onBytes: (b: Uint8Array) => void, range?: ScanRange): number {
  const fd = fs.openSync(file, 'r');
  try {
    const start = range?.start ?? 0;
    const end = range?.end ?? fs.fstatSync(fd).size;
    const transcoder = new Utf8Transcoder(layout.encoding, file, start === 0 ? layout.bom : 0);
    const tokenizer = new CsvTokenizer(layout.delimiter.charCodeAt(0), sink, file, layout.encoding === 'utf8', range?.firstLine ?? 1);
    let read = start;
    // Reads start small and double: a scan that stops early (a preview's first rows) tokenizes
    // a few hundred kilobytes, not a whole 4 MB chunk.
    for (let chunk = FIRST_READ_CHUNK; ; chunk = Math.min(READ_CHUNK, chunk * 2)) {
      const buf = Buffer.allocUnsafe(Math.min(chunk, Math.max(end - read, 1)));
      const n = fs.readSync(fd, buf, 0, buf.length, read);
      read += n;
      const final = n === 0 || read >= end;
      const bytes = buf.subarray(0, n);
      onBytes(bytes);
      tokenizer.push(transcoder.push(bytes, final), final);
      if (controls) {
        if (controls.signal.aborted) throw cancelled();
        controls.onProgress({ phase: 'read', done: read - start, total: end - start, message: `${((read - start) / 1048576).toFixed(0)} of ${((end - start) / 1048576).toFixed(0)} MB` });
      }
      if (final || stop()) break;
    }
    return tokenizer.nextLine;
  } finally {
    fs.closeSync(fd);
  }
}

/** The header and the first `maxRows` data rows as text. */
export function sampleCsv(file: string, layout: CsvLayout, maxRows: number): SampleRows {
  const records: (string | null)[][] = [];
  const sink: CsvRecordSink = {
    record(buf, starts, ends, escaped, count) {
      if (records.length > maxRows) return;
      const row: string[] = [];
      for (let i = 0; i < count; i++) row.push(fieldText(buf, starts[i]!, ends[i]!, escaped[i] === 1));
      records.push(row);
    },
  };
  scan(file, layout, sink, null, () => records.length > maxRows, () => {});
  const first = records[0];
  if (!first) throw emptyFile(file);
  const header = checkHeader(first as string[], file);
  return { header, rows: records.slice(1) };
}

/**
 * The record sink of the CSV fast path: numbers parse straight into each column's Float64Array,
 * categories go through each column's byte dictionary; no per-field virtual call or string. Row
 * numbers in errors count from `rowOffset`; the first record is the header when `header` says so.
 * `rows.count` counts the data rows seen.
 */
export function recordSink(builders: ColumnBuilder[], header: readonly string[], file: string, endOfRow: () => void, rowOffset: number, skipHeader: boolean, rows: { count: number }): CsvRecordSink {
  const expected = header.length;
  const kinds = Uint8Array.from(builders, (b) => b.fastKind);
  const f64 = builders.map((b) => (b.fastKind === 0 ? b.chunkF64() : EMPTY_F64));
  const i32 = builders.map((b) => (b.fastKind === 1 ? b.chunkI32() : EMPTY_I32));
  const dicts = builders.map((b) => (b.fastKind === 1 ? b.byteDictionary() : null));
  const chunkRows = chunkLength(builders);
  let seenHeader = !skipHeader;
  let row = rowOffset;
  let pos = 0;
  const origin = { file, row: 0, line: 0 };
  let stops: Uint8Array | null = null;
  // Columns neither numbers nor codes (dates, hashed keys) take their bytes once the record is whole.
  const others = kinds.reduce<number[]>((acc, k, i) => (k === 2 ? [...acc, i] : acc), []);
  const otherStarts = new Int32Array(expected);
  const otherEnds = new Int32Array(expected);
  const blocks = PlainBlocks.create(kinds);
  /** Stores n records of a block at `pos`, column by column. */
  const storeBlock = (b: PlainBlocks, n: number): void => {
    for (let j = 0; j < expected; j++) {
      if (kinds[j] === 0) b.copyNumbers(j, n, f64[j]!, pos);
      else if (kinds[j] === 1) b.copyCodes(j, n, i32[j]!, pos, dicts[j]!);
    }
  };
  return {
    record(buf, starts, ends, escaped, count, line) {
      if (!seenHeader) { seenHeader = true; return; }
      row++;
      rows.count++;
      if (count !== expected) {
        const column = count > expected ? `(extra field ${expected + 1})` : header[count] ?? '';
        throw new AppError('RAGGED_ROW', `${file}, line ${line} (data row ${row}): expected ${expected} fields as in the header, found ${count}${count < expected ? `; column '${column}' and after are missing` : ''}.`, {
          file, row, line, column, expected: `${expected} fields`, got: `${count} fields`,
        });
      }
      for (let i = 0; i < count; i++) {
        const k = kinds[i];
        const s = starts[i]!, e = ends[i]!;
        if (k === 0) {
          const v = parseNumberBytes(buf, s, e);
          if (numberParse.status === PARSE_INVALID) {
            origin.row = row; origin.line = line;
            throw numberMismatch(builders[i]!.spec, origin, fieldText(buf, s, e, escaped[i] === 1));
          }
          f64[i]![pos] = v;
        } else if (k === 1) {
          i32[i]![pos] = codeOfField(dicts[i]!, buf, s, e, escaped[i] === 1);
        } else {
          origin.row = row; origin.line = line;
          builders[i]!.addBytes(pos, buf, s, e, escaped[i] === 1, origin);
        }
      }
      if (++pos === chunkRows) pos = 0;
      endOfRow();
    },
    plainRecords(buf, start, len, delimiter, line, at) {
      if (!seenHeader || blocks === null) return 0;
      let n = blocks.read(buf, start, len, delimiter, chunkRows - pos);
      if (n > 0 && blocks.exceptionCount > 0) n = blocks.settle(n);
      if (n === 0) return 0;
      storeBlock(blocks, n);
      for (let r = 0; r < n; r++) {
        row++;
        rows.count++;
        if (others.length > 0) {
          origin.row = row; origin.line = line + r;
          for (const i of others) builders[i]!.addBytes(pos, blocks.bytes, blocks.textStart(i, r), blocks.textEnd(i, r), false, origin);
        }
        if (++pos === chunkRows) pos = 0;
        endOfRow();
      }
      at.end = start + blocks.recordStart(n);
      return n;
    },
    plainRecord(buf, start, len, delimiter, line) {
      if (!seenHeader) return -1;
      if (stops === null) stops = fieldStops(delimiter);
      const last = expected - 1;
      let p = start;
      if (p < len && (buf[p] === LF || buf[p] === CR)) return -1; // a blank line
      for (let i = 0; i < expected; i++) {
        const s = p;
        if (p < len && buf[p] === QUOTE) return -1;
        if (kinds[i] === 0) {
          const v = plainNumberField(buf, s, len, stops);
          if (!plainNumber.ok) return -1;
          f64[i]![pos] = v;
          p = plainNumber.end;
        } else {
          while (p < len && stops[buf[p]!] === 0) p++;
          if (p >= len) return -1;
          if (kinds[i] === 1) i32[i]![pos] = s === p ? -1 : dicts[i]!.code(buf, s, p);
          else { otherStarts[i] = s; otherEnds[i] = p; }
        }
        const c = buf[p];
        if (i < last) {
          if (c !== delimiter) return -1;
          p++;
        } else if (c === LF) p++;
        else if (c === CR && p + 1 < len && buf[p + 1] === LF) p += 2;
        else return -1;
      }
      row++;
      rows.count++;
      if (others.length > 0) {
        origin.row = row; origin.line = line;
        for (const i of others) builders[i]!.addBytes(pos, buf, otherStarts[i]!, otherEnds[i]!, false, origin);
      }
      if (++pos === chunkRows) pos = 0;
      endOfRow();
      return p;
    },
  };
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/** Set by `plainNumberField`: the byte after the field, and false when the record cannot be read plainly. */
export const plainNumber = { end: 0, ok: false };

/**
 * The number in the unquoted field starting at `start` (NaN when empty), parsed as the field-range
 * path parses it. `plainNumber.ok` is false when the buffer ends first or the field is not a number
 * (the record then goes the field-range way, which reports it).
 */
export function plainNumberField(buf: Uint8Array, start: number, len: number, stops: Uint8Array): number {
  const v = parsePlainDecimal(buf, start, len);
  let p = plainDecimal.end;
  plainNumber.ok = true;
  if (p < len && stops[buf[p]!] === 1 && (plainDecimal.ok || p === start)) {
    plainNumber.end = p;
    return p === start ? NaN : v;
  }
  while (p < len && stops[buf[p]!] === 0) p++;
  plainNumber.end = p;
  const w = p < len ? parseNumberBytes(buf, start, p) : NaN;
  plainNumber.ok = p < len && numberParse.status !== PARSE_INVALID;
  return w;
}

/** 1 for the bytes that end an unquoted field: the delimiter, LF and CR. */
export function fieldStops(delimiter: number): Uint8Array {
  const stops = new Uint8Array(256);
  stops[delimiter] = 1;
  stops[LF] = 1;
  stops[CR] = 1;
  return stops;
}

export class CsvSource implements TableSource {
  readonly format = 'csv' as const;
  readonly details: Record<string, string>;

  constructor(readonly file: string, readonly header: string[], readonly layout: CsvLayout) {
    this.details = { encoding: layout.encoding, delimiter: layout.delimiter === '\t' ? 'tab' : layout.delimiter };
  }

  async readRows(builders: ColumnBuilder[], endOfRow: () => void, controls: JobControls, onBytes: (chunk: Uint8Array) => void): Promise<void> {
    const rows = { count: 0 };
    const sink = recordSink(builders, this.header, this.file, endOfRow, 0, true, rows);
    scan(this.file, this.layout, sink, controls, () => false, onBytes);
    if (rows.count === 0) throw headerOnly(this.file);
  }
}
