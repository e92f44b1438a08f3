import type { Database } from 'better-sqlite3';
import { lookupCodes, readColumnSlice } from '../data/store/column-chunks';
import type { StoredDataset } from '../data/store/datasets';
import { formatDate } from '../data/import/parse-value';
import type { RowWindow } from '../types/dataset';
import { AppError } from '../types/errors';

const MAX_WINDOW = 5000;

/** Rows [offset, offset + limit) of the given columns, decoded for display; reads only the chunks involved. */
export function readRowWindow(db: Database, ds: StoredDataset, offset: number, limit: number, columns?: string[]): RowWindow {
  if (!Number.isInteger(offset) || offset < 0) throw new AppError('INVALID_ARGUMENT', `offset must be a whole number ≥ 0; got ${offset}.`, { expected: 'offset ≥ 0' });
  if (!Number.isInteger(limit) || limit < 0 || limit > MAX_WINDOW) throw new AppError('INVALID_ARGUMENT', `limit must be between 0 and ${MAX_WINDOW}; got ${limit}.`, { expected: `0…${MAX_WINDOW}` });
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
  return { offset: start, rows: n, columns: names, values };
}
