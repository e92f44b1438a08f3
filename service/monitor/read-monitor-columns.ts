import fs from 'node:fs';
import type { Database } from 'better-sqlite3';
import { detectCsvLayout, scan } from '../../data/import/csv-source';
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

/** A typed column filled row by row; the reader doubles every column's room at once. */
class Growing {
  values: Float64Array | Int32Array;
  constructor(readonly kind: 'f64' | 'i32') { this.values = kind === 'f64' ? new Float64Array(INITIAL_ROWS) : new Int32Array(INITIAL_ROWS); }
  reserve(rows: number): void {
    const next = this.kind === 'f64' ? new Float64Array(rows) : new Int32Array(rows);
    next.set(this.values);
    this.values = next;
  }
}

/**
 * Reads the needed columns of a CSV file as the import reads them (encoding and delimiter
 * detected; pandas' NA tokens are missing; text in a numeric column counted and read as missing).
 * Every needed column must be in the header; rows must have the header's field count.
 */
export function readCsvColumns(file: string, wanted: readonly ColumnNeed[] | ((header: string[]) => ColumnNeed[]), controls: JobControls | null): MonitorColumns {
  if (!fs.existsSync(file)) throw new AppError('FILE_NOT_FOUND', `${file} does not exist.`, { file });
  const layout = detectCsvLayout(file);
  let header: string[] | null = null;
  let at: number[] = [];
  let needs: readonly ColumnNeed[] = [];
  let grow: Growing[] = [];
  let dicts: ByteDictionary[] = [];
  let invalid = new Float64Array(0);
  let numeric = new Uint8Array(0);
  let capacity = INITIAL_ROWS;
  let rows = 0;
  const sink: CsvRecordSink = {
    record(buf, starts, ends, escaped, count, line) {
      if (!header) {
        const raw: string[] = [];
        for (let i = 0; i < count; i++) raw.push(fieldText(buf, starts[i]!, ends[i]!, escaped[i] === 1));
        const h = checkHeader(raw, file);
        header = h;
        needs = (typeof wanted === 'function' ? wanted(h) : wanted).filter((n) => !n.optional || h.includes(n.name));
        grow = needs.map((n) => new Growing(n.kind));
        dicts = needs.map(() => new ByteDictionary());
        invalid = new Float64Array(needs.length);
        numeric = Uint8Array.from(needs, (n) => (n.kind === 'f64' ? 1 : 0));
        at = needs.map((n) => { const k = h.indexOf(n.name); if (k < 0) throw missingColumn(file, n, h); return k; });
        return;
      }
      if (count !== header.length) {
        throw new AppError('RAGGED_ROW', `${file}, line ${line} (data row ${rows + 1}): expected ${header.length} fields as in the header, found ${count}.`, { file, row: rows + 1, line, expected: `${header.length} fields`, got: `${count} fields` });
      }
      if (rows === capacity) { capacity *= 2; for (const g of grow) g.reserve(capacity); }
      for (let j = 0; j < needs.length; j++) {
        const k = at[j]!;
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
  scan(file, layout, sink, controls, () => false, () => {});
  if (!header) throw emptyFile(file);
  const columns = new Map<string, ColumnData>();
  needs.forEach((n, j) => {
    const values = grow[j]!.values.subarray(0, rows);
    columns.set(n.name, n.kind === 'f64' ? { kind: 'f64', values: values as Float64Array } : { kind: 'i32', codes: values as Int32Array, dictionary: dicts[j]!.values });
  });
  return { rows, columns, dates: new Set(), invalid: Object.fromEntries(needs.flatMap((n, j) => (n.kind === 'f64' ? [[n.name, invalid[j]!]] : []))), source: file };
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
