import fs from 'node:fs';
import type { Database } from 'better-sqlite3';
import { detectCsvLayout, scan, type CsvLayout, type ScanRange } from '../../data/import/csv-source';
import { findSplitPoint } from '../../data/pseudonymize/split-point';
import { fieldText, type CsvRecordSink } from '../../data/import/csv-tokenizer';
import { checkHeader, emptyFile } from '../../data/import/header';
import { ByteDictionary } from '../../data/import/byte-dictionary';
import { codeOfField } from '../../data/import/column-builders';
import { numberParse, parseNumberBytes, PARSE_INVALID } from '../../data/import/parse-value';
import { readColumn } from '../../data/store/column-chunks';
import { getDataset } from '../../data/store/datasets';
import type { ColumnData } from '../../types/columns';
import { AppError } from '../../types/errors';
import type { JobControls } from '../../types/progress';

/** The columns a monitoring run reads, by name: numbers (`f64`) or text coded by a dictionary (`i32`). */
export interface ColumnNeed {
  name: string;
  kind: 'f64' | 'i32';
  /** What the column is for, in the error when it is absent. */
  why: string;
  /** Read when the input has it; else left out without an error. */
  optional?: boolean;
}

export interface MonitorColumns {
  rows: number;
  columns: Map<string, ColumnData>;
  /** Columns stored as dates (epoch milliseconds). */
  dates: Set<string>;
  /** Per numeric column, values that were not numbers (read as missing). */
  invalid: Record<string, number>;
  source: string;
}

const missingColumn = (source: string, need: ColumnNeed, have: string[]) =>
  new AppError('INVALID_ARGUMENT', `${source} has no column '${need.name}' (${need.why}).`, { file: source, column: need.name, expected: need.why, got: have.slice(0, 40).join(', ') });

const INITIAL_ROWS = 1 << 16;
/** Files from this size on are read on two threads when a helper is at hand (and no field is quoted). */
const TWO_THREADS_FROM = 16 * 1024 * 1024;

/** A typed column filled row by row; the reader doubles every column's room at once. */
class Growing {
  values: Float64Array | Int32Array;
  constructor(readonly kind: 'f64' | 'i32', rows: number) { this.values = kind === 'f64' ? new Float64Array(rows) : new Int32Array(rows); }
  reserve(rows: number): void {
    const next = this.kind === 'f64' ? new Float64Array(rows) : new Int32Array(rows);
    next.set(this.values);
    this.values = next;
  }
}

/** One part of a CSV file to read into columns: the byte range, where its rows start, and which fields become which columns. */
export interface CsvPartTask {
  file: string;
  layout: CsvLayout;
  range: ScanRange | null;
  /** The range starts with the header line (the file's first part). */
  header: boolean;
  /** Data rows before the range (for error messages). */
  rowsBefore: number;
  /** Fields per row, as in the header. */
  width: number;
  positions: number[];
  kinds: ('f64' | 'i32')[];
  /** About how many rows the range holds (the columns start with this much room, a little more). */
  expectedRows?: number;
}

/** The columns of a part: numbers, or codes into the part's own dictionary; non-numeric text counted per numeric column. */
export interface CsvPart {
  rows: number;
  columns: (Float64Array | Int32Array)[];
  dictionaries: string[][];
  invalid: number[];
}

/** Reads one part of a CSV file into columns (pandas' NA tokens missing; text in a numeric column counted and read as missing; rows must have the header's width). */
export function readCsvPart(t: CsvPartTask, controls: JobControls | null): CsvPart {
  let capacity = Math.max(1024, Math.ceil((t.expectedRows ?? INITIAL_ROWS) * 1.05)), rows = 0, skip = t.header;
  const grow = t.kinds.map((k) => new Growing(k, capacity));
  const dicts = t.kinds.map(() => new ByteDictionary());
  const invalid = new Array<number>(t.kinds.length).fill(0);
  const numeric = Uint8Array.from(t.kinds, (k) => (k === 'f64' ? 1 : 0));
  const sink: CsvRecordSink = {
    record(buf, starts, ends, escaped, count, line) {
      if (skip) { skip = false; return; }
      if (count !== t.width) {
        const row = t.rowsBefore + rows + 1;
        throw new AppError('RAGGED_ROW', `${t.file}, line ${line} (data row ${row}): expected ${t.width} fields as in the header, found ${count}.`, { file: t.file, row, line, expected: `${t.width} fields`, got: `${count} fields` });
      }
      if (rows === capacity) { capacity *= 2; for (const g of grow) g.reserve(capacity); }
      for (let j = 0; j < t.positions.length; j++) {
        const k = t.positions[j]!;
        if (numeric[j] === 1) {
          const v = parseNumberBytes(buf, starts[k]!, ends[k]!);
          if (numberParse.status === PARSE_INVALID) invalid[j]!++;
          grow[j]!.values[rows] = v;
        } else {
          grow[j]!.values[rows] = codeOfField(dicts[j]!, buf, starts[k]!, ends[k]!, escaped[k] === 1);
        }
      }
      rows++;
    },
  };
  scan(t.file, t.layout, sink, controls, () => false, () => {}, t.range ?? undefined);
  return { rows, columns: grow.map((g) => g.values.subarray(0, rows)), dictionaries: dicts.map((d) => d.values), invalid };
}

/** The mean bytes per line of a file's first megabyte (to size its columns once, not by doubling). */
function bytesPerLine(file: string, size: number): number {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(Math.min(size, 1 << 20));
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    let lines = 0;
    for (let at = buf.indexOf(10); at >= 0 && at < n; at = buf.indexOf(10, at + 1)) lines++;
    return Math.max(1, n / Math.max(1, lines));
  } finally {
    fs.closeSync(fd);
  }
}

/** The header of a CSV file (its first record), checked. */
function csvHeader(file: string, layout: CsvLayout): string[] {
  let header: string[] | null = null;
  const sink: CsvRecordSink = {
    record(buf, starts, ends, escaped, count) {
      if (header) return;
      const raw: string[] = [];
      for (let i = 0; i < count; i++) raw.push(fieldText(buf, starts[i]!, ends[i]!, escaped[i] === 1));
      header = checkHeader(raw, file);
    },
  };
  scan(file, layout, sink, null, () => header !== null, () => {});
  if (!header) throw emptyFile(file);
  return header;
}

/** Reads a part of a CSV file elsewhere (the job's helper thread); `warm` starts that thread ahead of the first part. */
export interface CsvPartReader {
  warm: () => void;
  read: (task: CsvPartTask) => Promise<CsvPart>;
}

/** The second part's columns after the first's: numbers appended, codes moved into the first part's dictionary. */
function joinParts(a: CsvPart, b: CsvPart, kinds: readonly ('f64' | 'i32')[]): CsvPart {
  const columns = kinds.map((k, j) => {
    const x = a.columns[j]!, y = b.columns[j]!;
    const out = k === 'f64' ? new Float64Array(a.rows + b.rows) : new Int32Array(a.rows + b.rows);
    out.set(x);
    if (k === 'f64') { out.set(y, a.rows); return out; }
    const dict = a.dictionaries[j]!, at = new Map(dict.map((v, c) => [v, c]));
    const remap = Int32Array.from(b.dictionaries[j]!, (v) => { let c = at.get(v); if (c === undefined) { c = dict.length; dict.push(v); at.set(v, c); } return c; });
    for (let i = 0; i < b.rows; i++) { const c = y[i]!; out[a.rows + i] = c < 0 ? -1 : remap[c]!; }
    return out;
  });
  return { rows: a.rows + b.rows, columns, dictionaries: a.dictionaries, invalid: a.invalid.map((n, j) => n + b.invalid[j]!) };
}

/**
 * Reads the needed columns of a CSV file as the import reads them (encoding and delimiter
 * detected; pandas' NA tokens are missing; text in a numeric column counted and read as missing).
 * Every needed column must be in the header (`optional` ones are read when there); rows must have
 * the header's field count. A large file without quoted fields is read on two threads (`helper`:
 * the second half), cut at a line break.
 */
export async function readCsvColumns(file: string, wanted: readonly ColumnNeed[] | ((header: string[]) => ColumnNeed[]), controls: JobControls | null, helper: CsvPartReader | null = null): Promise<MonitorColumns> {
  if (!fs.existsSync(file)) throw new AppError('FILE_NOT_FOUND', `${file} does not exist.`, { file });
  const size = fs.statSync(file).size;
  // The helper thread starts loading while this one finds the header and the cut.
  if (helper && size >= TWO_THREADS_FROM) helper.warm();
  const layout = detectCsvLayout(file);
  const header = csvHeader(file, layout);
  const needs = (typeof wanted === 'function' ? wanted(header) : wanted).filter((n) => !n.optional || header.includes(n.name));
  const positions = needs.map((n) => { const k = header.indexOf(n.name); if (k < 0) throw missingColumn(file, n, header); return k; });
  const kinds = needs.map((n) => n.kind);
  const perRow = bytesPerLine(file, size);
  const base = { file, layout, width: header.length, positions, kinds };
  const split = helper && size >= TWO_THREADS_FROM ? findSplitPoint(file, layout) : null;
  let part: CsvPart;
  if (split) {
    const second = helper!.read({ ...base, range: { start: split.at, end: size, firstLine: split.firstLine }, header: false, rowsBefore: split.rowsBefore, expectedRows: (size - split.at) / perRow });
    const first = readCsvPart({ ...base, range: { start: 0, end: split.at, firstLine: 1 }, header: true, rowsBefore: 0, expectedRows: split.rowsBefore + 1 }, controls);
    part = joinParts(first, await second, kinds);
  } else {
    part = readCsvPart({ ...base, range: null, header: true, rowsBefore: 0, expectedRows: size / perRow }, controls);
  }
  const columns = new Map<string, ColumnData>();
  needs.forEach((n, j) => {
    const values = part.columns[j]!;
    columns.set(n.name, n.kind === 'f64' ? { kind: 'f64', values: values as Float64Array } : { kind: 'i32', codes: values as Int32Array, dictionary: part.dictionaries[j]! });
  });
  return { rows: part.rows, columns, dates: new Set(), invalid: Object.fromEntries(needs.flatMap((n, j) => (n.kind === 'f64' ? [[n.name, part.invalid[j]!]] : []))), source: file };
}

/** The needed columns of a workspace dataset, as stored (a needed number stored as text is parsed value by value). */
export function readDatasetColumns(db: Database, dataset: string, needs: readonly ColumnNeed[]): MonitorColumns {
  const ds = getDataset(db, dataset);
  const columns = new Map<string, ColumnData>();
  const dates = new Set<string>();
  const invalid: Record<string, number> = {};
  for (const n of needs) {
    const info = ds.columns.find((c) => c.name === n.name);
    if (!info && n.optional) continue;
    if (!info) throw missingColumn(`Dataset '${dataset}'`, n, ds.columns.map((c) => c.name));
    const col = readColumn(db, ds, n.name);
    if (info.type === 'date') dates.add(n.name);
    if (n.kind === 'f64' && col.kind === 'i32') {
      let bad = 0;
      const parsed = col.dictionary.map((s) => { const v = s.trim() === '' ? NaN : Number(s); if (Number.isNaN(v) && s.trim() !== '') bad++; return v; });
      const values = Float64Array.from(col.codes, (c) => (c < 0 ? NaN : parsed[c]!));
      let invalidRows = 0;
      if (bad > 0) for (const c of col.codes) if (c >= 0 && Number.isNaN(parsed[c]!) && col.dictionary[c]!.trim() !== '') invalidRows++;
      invalid[n.name] = invalidRows;
      columns.set(n.name, { kind: 'f64', values });
    } else {
      if (n.kind === 'f64') invalid[n.name] = 0;
      columns.set(n.name, col);
    }
  }
  return { rows: ds.rows, columns, dates, invalid, source: `${dataset}` };
}
