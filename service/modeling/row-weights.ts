import type { Database } from 'better-sqlite3';
import { readColumn } from '../../data/store/column-chunks';
import type { StoredDataset } from '../../data/store/datasets';
import { AppError } from '../../types/errors';

/** A dataset's row weights: the column they come from and each row's weight. */
export interface DatasetWeights { column: string; weight: Float64Array }

/**
 * The weights a step uses: the column asked for, else the dataset's column with role `weight`,
 * else none (`null` asks for none). Every row a step may read must have a weight ≥ 0: a missing
 * or negative one is refused naming its row (1-based) and column. Rows of weight 0 take no part.
 */
export function weightsOf(db: Database, ds: StoredDataset, requested: string | null | undefined, rows?: Uint8Array | null): DatasetWeights | null {
  if (requested === null) return null;
  const info = requested !== undefined ? ds.columns.find((c) => c.name === requested) : ds.columns.find((c) => c.role === 'weight');
  if (requested !== undefined && !info) throw new AppError('NOT_FOUND', `Dataset '${ds.name}' has no weight column '${requested}'.`, { option: 'weight', column: requested, expected: 'a numeric column of the dataset' });
  if (!info) return null;
  const col = readColumn(db, ds, info.name);
  if (col.kind !== 'f64') throw new AppError('INVALID_ARGUMENT', `The weight column '${info.name}' holds text, not numbers.`, { option: 'weight', column: info.name, expected: 'numbers ≥ 0', got: 'text' });
  for (let i = 0; i < col.values.length; i++) {
    if (rows && rows[i] !== 1) continue;
    const w = col.values[i]!;
    if (!(w >= 0) || !Number.isFinite(w)) {
      throw new AppError('INVALID_ARGUMENT', `Row ${i + 1} of '${ds.name}' has ${Number.isNaN(w) ? 'no weight' : `weight ${w}`} in '${info.name}'; weights must be finite numbers ≥ 0.`, { option: 'weight', column: info.name, row: i + 1, expected: 'a finite number ≥ 0', got: Number.isNaN(w) ? '' : String(w) });
    }
  }
  return { column: info.name, weight: col.values };
}
