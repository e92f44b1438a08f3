import type { Database } from 'better-sqlite3';
import { readColumn } from '../../data/store/column-chunks';
import type { StoredDataset } from '../../data/store/datasets';
import { binaryTarget, type BinaryTarget } from '../../data/profile/target';
import type { ColumnInfo } from '../../types/dataset';
import { AppError } from '../../types/errors';

export function targetOf(db: Database, ds: StoredDataset, target: string, event?: string): BinaryTarget {
  if (!ds.columns.some((c) => c.name === target)) {
    throw new AppError('NOT_FOUND', `Dataset '${ds.name}' has no target column '${target}' (columns: ${ds.columns.map((c) => c.name).slice(0, 30).join(', ')}).`, { column: target, expected: 'a binary column of the dataset' });
  }
  return binaryTarget(target, readColumn(db, ds, target), event);
}

/**
 * The rows of a sample: `all`, or the rows whose sample column (the column with role `sample`)
 * holds that value. With no sample asked for, `train` when the dataset has such a sample, else all rows.
 */
export function sampleOf(db: Database, ds: StoredDataset, sample?: string): { sample: string; sampleColumn: string | null; mask: Uint8Array | null } {
  const col = ds.columns.find((c) => c.role === 'sample');
  if (!col) {
    if (sample !== undefined && sample !== 'all') {
      throw new AppError('INVALID_ARGUMENT', `Dataset '${ds.name}' has no sample column (a column with role 'sample'), so it has no '${sample}' sample; bin on all rows or set a column's role to sample.`, { expected: 'a sample column', got: sample });
    }
    return { sample: 'all', sampleColumn: null, mask: null };
  }
  const data = readColumn(db, ds, col.name);
  const labels = data.kind === 'i32' ? data.dictionary : null;
  const want = sample ?? (labels?.includes('train') ? 'train' : 'all');
  if (want === 'all') return { sample: 'all', sampleColumn: col.name, mask: null };
  const code = labels ? labels.indexOf(want) : -1;
  if (data.kind !== 'i32' || code < 0) {
    throw new AppError('INVALID_ARGUMENT', `The sample column '${col.name}' of '${ds.name}' has no value '${want}'${labels ? ` (values: ${labels.slice(0, 10).join(', ')})` : ''}.`, { column: col.name, expected: labels?.join(' | ') ?? 'text values', got: want });
  }
  const mask = Uint8Array.from(data.codes, (c) => (c === code ? 1 : 0));
  return { sample: want, sampleColumn: col.name, mask };
}

/** The rows a step reads: in the sample (when there is a mask) with a known target. */
export function knownIn(flags: Uint8Array, mask: Uint8Array | null): Uint8Array {
  return Uint8Array.from(flags, (f, i) => (f !== 255 && (!mask || mask[i] === 1) ? 1 : 0));
}

const binnable = (c: ColumnInfo) => c.type === 'numeric' || c.type === 'categorical';

/** The variables to bin: those named, else every numeric or categorical feature. */
export function variablesToBin(ds: StoredDataset, target: string, vars?: string[]): ColumnInfo[] {
  if (!vars || vars.length === 0) return ds.columns.filter((c) => c.role === 'feature' && binnable(c) && c.name !== target);
  return vars.map((name) => {
    const c = ds.columns.find((x) => x.name === name);
    if (!c) throw new AppError('NOT_FOUND', `Dataset '${ds.name}' has no column '${name}' to bin.`, { column: name, expected: 'a column of the dataset' });
    if (!binnable(c) || name === target) throw new AppError('INVALID_ARGUMENT', `Column '${name}' is ${name === target ? 'the target' : `a ${c.type} column`}; only numeric and categorical variables are binned.`, { column: name, expected: 'numeric | categorical', got: c.type });
    return c;
  });
}
