import type { Database } from 'better-sqlite3';
import { cancelled } from '../../data/import/cancel';
import { chooseChunkRows } from '../../data/import/import-dataset';
import { appendAudit } from '../../data/store/audit-log';
import { ChunkWriter, readCodes, readColumn, shareDictionary } from '../../data/store/column-chunks';
import { datasetExists, finishDataset, getDataset, insertColumns, insertDataset, type NewColumn, type StoredDataset } from '../../data/store/datasets';
import { profileDataset, type ColumnProfiler } from '../../data/profile/profile-dataset';
import { woeOfCodes, woeOfNumbers } from '../../models/binning/woe-transform';
import type { BinningSet, VariableBinning } from '../../types/binning';
import { AppError } from '../../types/errors';
import type { JobControls } from '../../types/progress';
import { locateBinning, type BinningRef } from './edit-binning';

/** The WOE of every row of `ds` for one binned variable (its current bins). */
export function woeColumn(db: Database, ds: StoredDataset, v: VariableBinning): Float64Array {
  const info = ds.columns.find((c) => c.name === v.name);
  if (!info) throw new AppError('NOT_FOUND', `Dataset '${ds.name}' has no column '${v.name}', which the binning needs.`, { column: v.name, expected: 'every binned variable' });
  const spec = v.history[v.cursor]!;
  const col = readColumn(db, ds, v.name);
  if (spec.kind === 'numeric') {
    if (col.kind !== 'f64') throw new AppError('INVALID_ARGUMENT', `Column '${v.name}' of '${ds.name}' is not numeric, but it was binned as a number.`, { column: v.name, expected: 'numeric' });
    return woeOfNumbers(col.values, spec, v.table);
  }
  if (col.kind !== 'i32') throw new AppError('INVALID_ARGUMENT', `Column '${v.name}' of '${ds.name}' is numeric, but it was binned as categories.`, { column: v.name, expected: 'categorical' });
  return woeOfCodes(col.codes, col.dictionary, spec, v.table);
}

export interface WoeRequest extends BinningRef {
  /** The dataset to transform (default: the binned one), e.g. an out-of-time file with the same columns. */
  applyTo?: string;
  name: string;
  vars?: string[];
}

/** The WOE dataset written: its name, rows, columns and the binning it applied. */
export interface WoeResult {
  dataset: string;
  rows: number;
  columns: string[];
  binning: Pick<BinningSet, 'dataset' | 'target' | 'event' | 'sample'>;
}

/**
 * Writes a new dataset holding `<var>_woe` for every binned variable, with the key, target,
 * sample and time columns of the transformed dataset copied beside them — the input of the
 * scorecard model. One transaction.
 */
export async function woeDataset(db: Database, req: WoeRequest, controls: JobControls, profiler?: ColumnProfiler): Promise<WoeResult> {
  const { set } = locateBinning(db, req);
  const ds = getDataset(db, req.applyTo ?? req.dataset);
  if (datasetExists(db, req.name)) throw new AppError('DATASET_EXISTS', `The workspace already has a dataset named '${req.name}'; choose another name.`, { option: 'name', got: req.name });
  const vars = req.vars && req.vars.length ? req.vars.map((n) => {
    const v = set.variables.find((x) => x.name === n);
    if (!v) throw new AppError('NOT_FOUND', `The binning has no variable '${n}'.`, { column: n, expected: 'a binned variable' });
    return v;
  }) : set.variables;
  const carried = ds.columns.filter((c) => c.role === 'key' || c.role === 'target' || c.role === 'sample' || c.role === 'time' || c.name === set.target);
  const columns: NewColumn[] = [
    ...carried.map((c) => ({ name: c.name, type: c.type, role: c.role, storage: c.storage, party: c.party })),
    ...vars.map((v) => ({ name: `${v.name}_woe`, type: 'numeric' as const, role: 'feature' as const, storage: 'f64' as const, party: v.party ?? undefined })),
  ];
  const chunkRows = chooseChunkRows(columns.length);
  const now = new Date().toISOString();
  db.exec('BEGIN IMMEDIATE');
  try {
    const id = insertDataset(db, { name: req.name, party: 'joint', chunkRows, sourceFile: `woe:${ds.name}`, sourceSha256: ds.sourceSha256, format: 'woe', options: { binning: { dataset: set.dataset, target: set.target, event: set.event, sample: set.sample } }, createdAt: now });
    const ids = insertColumns(db, id, columns);
    const writer = new ChunkWriter(db);
    carried.forEach((c, i) => {
      if (c.storage === 'f64') { const col = readColumn(db, ds, c.name); if (col.kind === 'f64') writer.writeColumn(ids[i]!, col.values, chunkRows); return; }
      writer.writeColumn(ids[i]!, readCodes(db, ds, c.name), chunkRows);
      shareDictionary(db, ds.columnIds[ds.columns.indexOf(c)]!, ids[i]!);
    });
    vars.forEach((v, j) => {
      if (controls.signal.aborted) throw cancelled();
      writer.writeColumn(ids[carried.length + j]!, woeColumn(db, ds, v), chunkRows);
      controls.onProgress({ phase: 'woe', done: j + 1, total: vars.length, message: `${v.name}_woe` });
    });
    finishDataset(db, id, ds.rows, ds.sourceSha256);
    await profileDataset(db, req.name, { target: set.target, event: set.event }, controls, profiler);
    appendAudit(db, 'woe', { dataset: ds.name, binning: { dataset: set.dataset, target: set.target, event: set.event, sample: set.sample }, name: req.name, variables: vars.length }, now);
    db.exec('COMMIT');
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw err;
  }
  return { dataset: req.name, rows: ds.rows, columns: columns.map((c) => c.name), binning: { dataset: set.dataset, target: set.target, event: set.event, sample: set.sample } };
}
