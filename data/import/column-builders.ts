import type { ColumnSpec } from '../../types/columns';
import { storageOf } from '../../types/columns';
import { AppError } from '../../types/errors';
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
  /** Values in the current chunk. */
  readonly length: number;
  addBytes(buf: Uint8Array, start: number, end: number, escaped: boolean, origin: ValueOrigin): void;
  addValue(value: CellValue, origin: ValueOrigin): void;
  /** The current chunk's typed array (valid for `length` values); `reset` starts the next chunk. */
  chunkF64(): Float64Array;
  chunkI32(): Int32Array;
  reset(): void;
  /** The dictionary of a coded column (empty for f64). */
  dictionary(): string[];
}

function mismatch(spec: ColumnSpec, origin: ValueOrigin, got: string, expected: string): AppError {
  const where = origin.line !== undefined ? `line ${origin.line} (data row ${origin.row})` : `row ${origin.row}`;
  const shown = got.length > 40 ? `${got.slice(0, 40)}…` : got;
  return new AppError(
    'TYPE_MISMATCH',
    `${origin.file}, ${where}, column '${spec.name}': expected ${expected}, found '${shown}'. Import the column as categorical (--type ${spec.name}=categorical) or fix the value.`,
    { file: origin.file, row: origin.row, ...(origin.line !== undefined ? { line: origin.line } : {}), column: spec.name, expected, got: shown },
  );
}

class F64Builder implements ColumnBuilder {
  readonly storage = 'f64' as const;
  length = 0;
  private readonly values: Float64Array;
  constructor(readonly spec: ColumnSpec, chunkRows: number, private readonly isDate: boolean) {
    this.values = new Float64Array(chunkRows);
  }
  addBytes(buf: Uint8Array, start: number, end: number, escaped: boolean, origin: ValueOrigin): void {
    if (this.isDate) {
      this.addText(fieldText(buf, start, end, escaped), origin);
      return;
    }
    const v = parseNumberBytes(buf, start, end);
    if (numberParse.status === PARSE_INVALID) throw mismatch(this.spec, origin, fieldText(buf, start, end, escaped), 'a number');
    this.values[this.length++] = v;
  }
  private addText(text: string, origin: ValueOrigin): void {
    if (this.isDate) {
      if (isMissingText(text)) { this.values[this.length++] = NaN; return; }
      const v = parseDate(text);
      if (Number.isNaN(v)) throw mismatch(this.spec, origin, text, 'a date (YYYY-MM-DD, YYYY/MM/DD, YYYYMMDD, optionally with a time)');
      this.values[this.length++] = v;
      return;
    }
    const v = parseNumberText(text);
    if (numberParse.status === PARSE_INVALID) throw mismatch(this.spec, origin, text, 'a number');
    this.values[this.length++] = numberParse.status === PARSE_MISSING ? NaN : v;
  }
  addValue(value: CellValue, origin: ValueOrigin): void {
    if (value === null || value === undefined) { this.values[this.length++] = NaN; return; }
    if (value instanceof Date) {
      if (!this.isDate) throw mismatch(this.spec, origin, value.toISOString(), 'a number');
      this.values[this.length++] = value.getTime();
      return;
    }
    if (typeof value === 'number' && !this.isDate) { this.values[this.length++] = value; return; }
    if (typeof value === 'bigint' && !this.isDate) { this.values[this.length++] = Number(value); return; }
    if (typeof value === 'boolean' && !this.isDate) { this.values[this.length++] = value ? 1 : 0; return; }
    this.addText(String(value), origin);
  }
  chunkF64(): Float64Array { return this.values; }
  chunkI32(): Int32Array { throw new Error('f64 column has no codes'); }
  reset(): void { this.length = 0; }
  dictionary(): string[] { return []; }
}

class CodedBuilder implements ColumnBuilder {
  readonly storage = 'i32' as const;
  length = 0;
  private readonly codes: Int32Array;
  private readonly index = new Map<string, number>();
  private readonly values: string[] = [];
  constructor(readonly spec: ColumnSpec, chunkRows: number) {
    this.codes = new Int32Array(chunkRows);
  }
  private code(text: string): number {
    let c = this.index.get(text);
    if (c === undefined) {
      if (isMissingText(text)) return -1;
      c = this.values.length;
      this.values.push(text);
      this.index.set(text, c);
    }
    return c;
  }
  addBytes(buf: Uint8Array, start: number, end: number, escaped: boolean): void {
    this.codes[this.length++] = start === end ? -1 : this.code(fieldText(buf, start, end, escaped));
  }
  addValue(value: CellValue): void {
    if (value === null || value === undefined) { this.codes[this.length++] = -1; return; }
    const text = value instanceof Date ? formatDate(value.getTime()) : String(value);
    this.codes[this.length++] = this.code(text);
  }
  chunkF64(): Float64Array { throw new Error('coded column has no f64 values'); }
  chunkI32(): Int32Array { return this.codes; }
  reset(): void { this.length = 0; }
  dictionary(): string[] { return this.values; }
}

export function createBuilder(spec: ColumnSpec, chunkRows: number): ColumnBuilder {
  return storageOf(spec.type) === 'f64' ? new F64Builder(spec, chunkRows, spec.type === 'date') : new CodedBuilder(spec, chunkRows);
}
