import type { Database } from 'better-sqlite3';
import { lookupCodes, readColumn, readColumnSlice } from '../data/store/column-chunks';
import type { StoredDataset } from '../data/store/datasets';
import { formatDate } from '../data/import/parse-value';
import { filterRows, flaggedFirst, sortRows, type RowView } from '../data/view/row-order';
import type { ColumnData } from '../types/columns';
import type { RowWindow } from '../types/dataset';
import { AppError } from '../types/errors';

const MAX_WINDOW = 5000;
/** Whole columns kept for sorted or filtered views (a million rows: 8 MB each). */
const MAX_CACHED_COLUMNS = 48;
const MAX_CACHED_ORDERS = 4;

function checkWindow(offset: number, limit: number): void {
  if (!Number.isInteger(offset) || offset < 0) throw new AppError('INVALID_ARGUMENT', `offset must be a whole number ≥ 0; got ${offset}.`, { option: 'offset', expected: 'offset ≥ 0', got: String(offset) });
  if (!Number.isInteger(limit) || limit < 0 || limit > MAX_WINDOW) throw new AppError('INVALID_ARGUMENT', `limit must be between 0 and ${MAX_WINDOW}; got ${limit}.`, { option: 'limit', expected: `0…${MAX_WINDOW}`, got: String(limit) });
}

function columnInfo(ds: StoredDataset, name: string) {
  const info = ds.columns.find((c) => c.name === name);
  if (!info) throw new AppError('NOT_FOUND', `Dataset '${ds.name}' has no column '${name}'.`, { column: name, expected: 'a column of the dataset' });
  return info;
}

/** Rows [offset, offset + limit) of the given columns, decoded for display; reads only the chunks involved. */
export function readRowWindow(db: Database, ds: StoredDataset, offset: number, limit: number, columns?: string[]): RowWindow {
  checkWindow(offset, limit);
  const names = columns ?? ds.columns.map((c) => c.name);
  const start = Math.min(offset, ds.rows);
  const n = Math.max(0, Math.min(limit, ds.rows - start));
  const values = names.map((name) => {
    const info = ds.columns.find((c) => c.name === name);
    const slice = readColumnSlice(db, ds, name, start, n);
    if (slice.kind === 'f64') {
      const isDate = info?.type === 'date';
      return Array.from(slice.values, (v) => (Number.isNaN(v) ? null : isDate ? formatDate(v) : v));
    }
    const dict = lookupCodes(db, slice.columnId, slice.codes);
    return Array.from(slice.codes, (c) => (c < 0 ? null : dict.get(c) ?? null));
  });
  return { offset: start, rows: n, columns: names, values, total: ds.rows };
}

/**
 * Sorted and filtered windows of datasets: the row order of a view is computed once (radix sort,
 * one pass per filter) and kept, with the whole columns it reads, for the next pages.
 */
export class RowViews {
  private readonly orders = new Map<string, Int32Array>();
  private readonly columns = new Map<string, ColumnData>();

  private column(db: Database, ds: StoredDataset, name: string): ColumnData {
    const key = `${db.name}|${ds.id}|${ds.rows}|${name}`;
    let c = this.columns.get(key);
    if (c) { this.columns.delete(key); this.columns.set(key, c); return c; }
    c = readColumn(db, ds, name);
    this.columns.set(key, c);
    if (this.columns.size > MAX_CACHED_COLUMNS) this.columns.delete(this.columns.keys().next().value!);
    return c;
  }

  /** Rows of a join that matched: any column from another party than the key's has a value. */
  private matched(db: Database, ds: StoredDataset): Uint8Array {
    const flags = new Uint8Array(ds.rows);
    const own = ds.columns[0]?.party;
    for (const c of ds.columns.filter((x) => x.party !== own)) {
      const col = this.column(db, ds, c.name);
      for (let i = 0; i < ds.rows; i++) if (!flags[i] && (col.kind === 'f64' ? !Number.isNaN(col.values[i]!) : col.codes[i]! >= 0)) flags[i] = 1;
    }
    return flags;
  }

  private order(db: Database, ds: StoredDataset, view: RowView): Int32Array {
    const key = `${db.name}|${ds.id}|${ds.rows}|${JSON.stringify([view.filter ?? null, view.sort ?? null, view.matchedFirst ?? false])}`;
    const hit = this.orders.get(key);
    if (hit) return hit;
    let rows = view.filter ? filterRows(this.column(db, ds, columnInfo(ds, view.filter.column).name), view.filter, columnInfo(ds, view.filter.column).type === 'date') : Int32Array.from({ length: ds.rows }, (_, i) => i);
    if (view.matchedFirst && !view.sort) rows = flaggedFirst(rows, this.matched(db, ds));
    if (view.sort) rows = sortRows(rows, this.column(db, ds, columnInfo(ds, view.sort.column).name), view.sort.descending === true);
    this.orders.set(key, rows);
    if (this.orders.size > MAX_CACHED_ORDERS) this.orders.delete(this.orders.keys().next().value!);
    return rows;
  }

  /** Like readRowWindow, through a view: `total` rows pass its filter, `rowNumbers` are the rows' places in the dataset (from 0). */
  read(db: Database, ds: StoredDataset, offset: number, limit: number, columns: string[] | undefined, view: RowView | undefined): RowWindow {
    if (!view || (!view.filter && !view.sort && !view.matchedFirst)) return readRowWindow(db, ds, offset, limit, columns);
    checkWindow(offset, limit);
    const order = this.order(db, ds, view);
    const names = columns ?? ds.columns.map((c) => c.name);
    const start = Math.min(offset, order.length);
    const picked = order.subarray(start, Math.min(order.length, start + limit));
    const values = names.map((name) => {
      const info = columnInfo(ds, name);
      const col = this.column(db, ds, name);
      if (col.kind === 'f64') return Array.from(picked, (r) => { const v = col.values[r]!; return Number.isNaN(v) ? null : info.type === 'date' ? formatDate(v) : v; });
      return Array.from(picked, (r) => { const c = col.codes[r]!; return c < 0 ? null : col.dictionary[c] ?? null; });
    });
    return { offset: start, rows: picked.length, columns: names, values, total: order.length, rowNumbers: Array.from(picked) };
  }
}
