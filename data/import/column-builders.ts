import type { ColumnSpec } from '../../types/columns';
import { storageOf } from '../../types/columns';
import { AppError } from '../../types/errors';
import { ByteDictionary } from './byte-dictionary';
import { fieldText } from './csv-tokenizer';
import { formatDate, isMissingText, numberParse, parseDate, parseNumberBytes, parseNumberText, PARSE_INVALID, PARSE_MISSING } from './parse-value';

/** Where a value came from, for error messages. */
export interface ValueOrigin {
  file: string;
  /** 1-based data row (header not counted). */
  row: number;
  /** 1-based physical line, for text files. */
  line?: number;
}

/** A JS value from a Parquet or Excel reader. */
export type CellValue = string | number | boolean | bigint | Date | null | undefined;

/**
 * Accumulates one column's values for the current chunk of rows. Values arrive either as bytes
 * (CSV fast path) or as JS values (Parquet, Excel); `chunk` holds at most `chunkRows` values.
 */
export interface ColumnBuilder {
  readonly spec: ColumnSpec;
  readonly storage: 'f64' | 'i32';
  /** 0: plain number (CSV fast path parses straight into `chunkF64()`); 1: coded (fast path through `byteDictionary()`); 2: neither. */
  readonly fastKind: 0 | 1 | 2;
  /** Sets the value at position `pos` of the current chunk from bytes. */
  addBytes(pos: number, buf: Uint8Array, start: number, end: number, escaped: boolean, origin: ValueOrigin): void;
  addValue(pos: number, value: CellValue, origin: ValueOrigin): void;
  /** The current chunk's typed array; positions are reused chunk after chunk. */
  chunkF64(): Float64Array;
  chunkI32(): Int32Array;
  byteDictionary(): ByteDictionary;
  /** The dictionary of a coded column (empty for f64). */
  dictionary(): string[];
}

function mismatch(spec: ColumnSpec, origin: ValueOrigin, got: string, expected: string): AppError {
  const where = origin.line !== undefined ? `line ${origin.line} (data row ${origin.row})` : `row ${origin.row}`;
  const shown = got.length > 40 ? `${got.slice(0, 40)}…` : got;
  return new AppError(
    'TYPE_MISMATCH',
    `${origin.file}, ${where}, column '${spec.name}': expected ${expected}, found '${shown}'. Import the column as categorical or fix the value.`,
    { file: origin.file, row: origin.row, ...(origin.line !== undefined ? { line: origin.line } : {}), column: spec.name, expected, got: shown },
  );
}

/** The error for a value that is not a number in a numeric column. */
export function numberMismatch(spec: ColumnSpec, origin: ValueOrigin, got: string): AppError {
  return mismatch(spec, origin, got, 'a number');
}

/** The dictionary code of a CSV field: −1 when empty, else through the byte dictionary. */
export function codeOfField(dict: ByteDictionary, buf: Uint8Array, start: number, end: number, escaped: boolean): number {
  return start === end ? -1 : escaped ? dict.codeOfText(fieldText(buf, start, end, true)) : dict.code(buf, start, end);
}

/** Distinct date texts a column remembers the parse of (months, days: a few hundred at most; timestamps stop being remembered). */
const DATE_MEMO = 4096;

class F64Builder implements ColumnBuilder {
  readonly storage = 'f64' as const;
  readonly fastKind: 0 | 2;
  private readonly values: Float64Array;
  /** Each distinct date text parsed once: its bytes coded as categories are, the parse kept by code. */
  private dateTexts: ByteDictionary | null;
  private readonly dateValues: number[] = [];
  constructor(readonly spec: ColumnSpec, chunkRows: number, private readonly isDate: boolean) {
    this.values = new Float64Array(chunkRows);
    this.fastKind = isDate ? 2 : 0;
    this.dateTexts = isDate ? new ByteDictionary() : null;
  }
  addBytes(pos: number, buf: Uint8Array, start: number, end: number, escaped: boolean, origin: ValueOrigin): void {
    if (this.isDate) {
      const memo = this.dateTexts;
      if (!memo || escaped) { this.addText(pos, fieldText(buf, start, end, escaped), origin); return; }
      // Missing (empty or an NA token) is code −1, as `isMissingText` says.
      const code = start === end ? -1 : memo.code(buf, start, end);
      if (code < 0) { this.values[pos] = NaN; return; }
      if (code === this.dateValues.length) {
        this.addText(pos, memo.values[code]!, origin);
        this.dateValues.push(this.values[pos]!);
        if (this.dateValues.length >= DATE_MEMO) this.dateTexts = null;
        return;
      }
      this.values[pos] = this.dateValues[code]!;
      return;
    }
    const v = parseNumberBytes(buf, start, end);
    if (numberParse.status === PARSE_INVALID) throw numberMismatch(this.spec, origin, fieldText(buf, start, end, escaped));
    this.values[pos] = v;
  }
  private addText(pos: number, text: string, origin: ValueOrigin): void {
    if (this.isDate) {
      if (isMissingText(text)) { this.values[pos] = NaN; return; }
      const v = parseDate(text);
      if (Number.isNaN(v)) throw mismatch(this.spec, origin, text, 'a date (YYYY-MM-DD, YYYY/MM/DD, YYYYMMDD, optionally with a time)');
      this.values[pos] = v;
      return;
    }
    const v = parseNumberText(text);
    if (numberParse.status === PARSE_INVALID) throw numberMismatch(this.spec, origin, text);
    this.values[pos] = numberParse.status === PARSE_MISSING ? NaN : v;
  }
  addValue(pos: number, value: CellValue, origin: ValueOrigin): void {
    if (value === null || value === undefined) { this.values[pos] = NaN; return; }
    if (value instanceof Date) {
      if (!this.isDate) throw numberMismatch(this.spec, origin, value.toISOString());
      this.values[pos] = value.getTime();
      return;
    }
    if (typeof value === 'number' && !this.isDate) { this.values[pos] = value; return; }
    if (typeof value === 'bigint' && !this.isDate) { this.values[pos] = Number(value); return; }
    if (typeof value === 'boolean' && !this.isDate) { this.values[pos] = value ? 1 : 0; return; }
    this.addText(pos, String(value), origin);
  }
  chunkF64(): Float64Array { return this.values; }
  chunkI32(): Int32Array { throw new Error('f64 column has no codes'); }
  byteDictionary(): ByteDictionary { throw new Error('f64 column has no dictionary'); }
  dictionary(): string[] { return []; }
}

class CodedBuilder implements ColumnBuilder {
  readonly storage = 'i32' as const;
  readonly fastKind = 1 as const;
  private readonly codes: Int32Array;
  private readonly dict: ByteDictionary;
  constructor(readonly spec: ColumnSpec, chunkRows: number, expectedValues: number, codesMayRepeat: boolean) {
    this.codes = new Int32Array(chunkRows);
    this.dict = new ByteDictionary(expectedValues, codesMayRepeat);
  }
  addBytes(pos: number, buf: Uint8Array, start: number, end: number, escaped: boolean): void {
    this.codes[pos] = codeOfField(this.dict, buf, start, end, escaped);
  }
  addValue(pos: number, value: CellValue): void {
    if (value === null || value === undefined) { this.codes[pos] = -1; return; }
    const text = value instanceof Date ? formatDate(value.getTime()) : String(value);
    this.codes[pos] = this.dict.codeOfText(text);
  }
  chunkF64(): Float64Array { throw new Error('coded column has no f64 values'); }
  chunkI32(): Int32Array { return this.codes; }
  byteDictionary(): ByteDictionary { return this.dict; }
  dictionary(): string[] { return this.dict.values; }
}

/**
 * A column's builder; `expectedValues` bounds the values a coded column will see (a segment's
 * rows), when known; `codesMayRepeat`: its codes are translated by a merge of its dictionary that
 * finds repeated values (a segment's), so a column of keys need not look each one up.
 */
export function createBuilder(spec: ColumnSpec, chunkRows: number, expectedValues = 0, codesMayRepeat = false): ColumnBuilder {
  return storageOf(spec.type) === 'f64' ? new F64Builder(spec, chunkRows, spec.type === 'date') : new CodedBuilder(spec, chunkRows, expectedValues, codesMayRepeat);
}

/** Rows per chunk of a set of builders (they all share it). */
export function chunkLength(builders: ColumnBuilder[]): number {
  const b = builders[0];
  if (!b) return 1;
  return b.storage === 'f64' ? b.chunkF64().length : b.chunkI32().length;
}

const SKIPPED_SPEC: ColumnSpec = { name: '(dropped)', type: 'categorical', role: 'exclude' };

/** A builder that reads a dropped column's values and keeps nothing. */
export function skipColumn(chunkRows: number): ColumnBuilder {
  const dummy = new Int32Array(chunkRows);
  return {
    spec: SKIPPED_SPEC,
    storage: 'i32',
    fastKind: 2,
    addBytes: () => {},
    addValue: () => {},
    chunkF64: () => { throw new Error('a dropped column has no values'); },
    chunkI32: () => dummy,
    byteDictionary: () => { throw new Error('a dropped column has no dictionary'); },
    dictionary: () => [],
  };
}
