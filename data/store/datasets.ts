import type { Database } from 'better-sqlite3';
import type { ColumnRole, ColumnStorage, ColumnType } from '../../types/columns';
import type { ColumnInfo, DatasetDetail, DatasetInfo } from '../../types/dataset';
import { AppError } from '../../types/errors';

/** Row types that match the schema exactly; conversion to domain types happens here only. */
interface DbDataset {
  id: number;
  name: string;
  party: string;
  row_count: number;
  chunk_rows: number;
  source_file: string;
  source_sha256: string;
  format: string;
  created_at: string;
  column_count: number;
}

interface DbColumn {
  id: number;
  position: number;
  name: string;
  type: ColumnType;
  role: ColumnRole;
  storage: ColumnStorage;
  missing: number;
  distinct_count: number;
  party: string | null;
}

const DATASET_SELECT = `SELECT d.id, d.name, d.party, d.row_count, d.chunk_rows, d.source_file, d.source_sha256, d.format, d.created_at,
  (SELECT COUNT(*) FROM columns c WHERE c.dataset_id = d.id) AS column_count FROM datasets d`;

function toInfo(r: DbDataset): DatasetInfo {
  return {
    id: r.id,
    name: r.name,
    party: r.party,
    rows: r.row_count,
    columnCount: r.column_count,
    sourceFile: r.source_file,
    sourceSha256: r.source_sha256,
    format: r.format,
    createdAt: r.created_at,
  };
}

export function listDatasets(db: Database): DatasetInfo[] {
  return (db.prepare(`${DATASET_SELECT} ORDER BY d.id`).all() as DbDataset[]).map(toInfo);
}

/** A dataset with its column ids, for readers inside data/. */
export interface StoredDataset extends DatasetDetail {
  chunkRows: number;
  columnIds: number[];
}

export function getDataset(db: Database, name: string): StoredDataset {
  const row = db.prepare(`${DATASET_SELECT} WHERE d.name = ?`).get(name) as DbDataset | undefined;
  if (!row) {
    const names = listDatasets(db).map((d) => d.name);
    throw new AppError('NOT_FOUND', `No dataset named '${name}'${names.length ? ` (datasets: ${names.join(', ')})` : ' (the workspace has none)'}.`, {
      expected: 'an existing dataset name',
      got: name,
    });
  }
  const cols = db
    .prepare('SELECT id, position, name, type, role, storage, missing, distinct_count, party FROM columns WHERE dataset_id = ? ORDER BY position')
    .all(row.id) as DbColumn[];
  const columns: ColumnInfo[] = cols.map((c) => ({
    index: c.position,
    name: c.name,
    type: c.type,
    role: c.role,
    storage: c.storage,
    missing: c.missing,
    distinct: c.distinct_count,
    party: c.party ?? row.party,
  }));
  return { ...toInfo(row), columns, chunkRows: row.chunk_rows, columnIds: cols.map((c) => c.id) };
}

export function datasetExists(db: Database, name: string): boolean {
  return db.prepare('SELECT 1 FROM datasets WHERE name = ?').get(name) !== undefined;
}

export interface NewDataset {
  name: string;
  party: string;
  chunkRows: number;
  sourceFile: string;
  sourceSha256: string;
  format: string;
  options: unknown;
  createdAt: string;
}

export interface NewColumn {
  name: string;
  type: ColumnType;
  role: ColumnRole;
  storage: ColumnStorage;
  /** Default: the dataset's party. */
  party?: string;
}

/** Inserts the dataset row (row count filled in by `finishDataset`). Call inside a transaction. */
export function insertDataset(db: Database, d: NewDataset): number {
  const res = db
    .prepare(
      'INSERT INTO datasets (name, party, row_count, chunk_rows, source_file, source_sha256, format, options_json, created_at) VALUES (?, ?, 0, ?, ?, ?, ?, ?, ?)',
    )
    .run(d.name, d.party, d.chunkRows, d.sourceFile, d.sourceSha256, d.format, JSON.stringify(d.options), d.createdAt);
  return Number(res.lastInsertRowid);
}

export function insertColumns(db: Database, datasetId: number, columns: NewColumn[]): number[] {
  const stmt = db.prepare(
    'INSERT INTO columns (dataset_id, position, name, type, role, storage, missing, distinct_count, party) VALUES (?, ?, ?, ?, ?, ?, 0, 0, COALESCE(?, (SELECT party FROM datasets WHERE id = ?)))',
  );
  return columns.map((c, i) => Number(stmt.run(datasetId, i, c.name, c.type, c.role, c.storage, c.party ?? null, datasetId).lastInsertRowid));
}

/**
 * Adds a column after the dataset's last one, or replaces the column of that name (its chunks and
 * dictionary go with it). Call inside a transaction, then write its chunks.
 */
export function addColumn(db: Database, datasetId: number, column: NewColumn): number {
  handOverDictionaries(db, 'dataset_id = ? AND name = ?', datasetId, column.name);
  db.prepare('DELETE FROM columns WHERE dataset_id = ? AND name = ?').run(datasetId, column.name);
  const position = (db.prepare('SELECT COALESCE(MAX(position), -1) + 1 FROM columns WHERE dataset_id = ?').pluck().get(datasetId) as number);
  return Number(db.prepare(
    'INSERT INTO columns (dataset_id, position, name, type, role, storage, missing, distinct_count, party) VALUES (?, ?, ?, ?, ?, ?, 0, 0, COALESCE(?, (SELECT party FROM datasets WHERE id = ?)))',
  ).run(datasetId, position, column.name, column.type, column.role, column.storage, column.party ?? null, datasetId).lastInsertRowid);
}

export function finishDataset(db: Database, datasetId: number, rows: number, sourceSha256: string): void {
  db.prepare('UPDATE datasets SET row_count = ?, source_sha256 = ? WHERE id = ?').run(rows, sourceSha256, datasetId);
}

export function setColumnStats(db: Database, columnId: number, missing: number, distinct: number): void {
  db.prepare('UPDATE columns SET missing = ?, distinct_count = ? WHERE id = ?').run(missing, distinct, columnId);
}

export function updateColumnRole(db: Database, dataset: string, column: string, role: ColumnRole): void {
  const res = db
    .prepare('UPDATE columns SET role = ? WHERE name = ? AND dataset_id = (SELECT id FROM datasets WHERE name = ?)')
    .run(role, column, dataset);
  if (res.changes === 0) throw new AppError('NOT_FOUND', `Dataset '${dataset}' has no column '${column}'.`, { column });
}

/**
 * Renames the party of a dataset and of the columns it brought itself (columns joined in from
 * another party keep theirs), or of one column.
 */
export function setParty(db: Database, dataset: string, party: string, column?: string): void {
  const ds = db.prepare('SELECT id, party FROM datasets WHERE name = ?').get(dataset) as { id: number; party: string } | undefined;
  if (!ds) throw new AppError('NOT_FOUND', `No dataset named '${dataset}'.`, { got: dataset });
  if (column !== undefined) {
    const res = db.prepare('UPDATE columns SET party = ? WHERE dataset_id = ? AND name = ?').run(party, ds.id, column);
    if (res.changes === 0) throw new AppError('NOT_FOUND', `Dataset '${dataset}' has no column '${column}'.`, { column });
    return;
  }
  db.prepare('UPDATE columns SET party = ? WHERE dataset_id = ? AND (party = ? OR party IS NULL)').run(party, ds.id, ds.party);
  db.prepare('UPDATE datasets SET party = ? WHERE id = ?').run(party, ds.id);
}

/**
 * Before columns are deleted (a dataset, or a column replaced), each dictionary they own that
 * columns elsewhere still share moves to the first of those, which the others then share.
 */
export function handOverDictionaries(db: Database, doomed: string, ...params: unknown[]): void {
  const owners = db.prepare(`SELECT id FROM columns WHERE ${doomed}`).pluck().all(...params) as number[];
  const doomedSet = new Set(owners);
  for (const owner of owners) {
    const heirs = (db.prepare('SELECT id FROM columns WHERE dictionary_of = ? ORDER BY id').pluck().all(owner) as number[]).filter((id) => !doomedSet.has(id));
    if (heirs.length === 0) continue;
    const heir = heirs[0]!;
    db.prepare('UPDATE dictionary_chunks SET column_id = ? WHERE column_id = ?').run(heir, owner);
    db.prepare('UPDATE columns SET dictionary_of = NULL WHERE id = ?').run(heir);
    db.prepare('UPDATE columns SET dictionary_of = ? WHERE dictionary_of = ? AND id <> ?').run(heir, owner, heir);
  }
}

export function deleteDataset(db: Database, name: string): void {
  handOverDictionaries(db, 'dataset_id = (SELECT id FROM datasets WHERE name = ?)', name);
  const res = db.prepare('DELETE FROM datasets WHERE name = ?').run(name);
  if (res.changes === 0) throw new AppError('NOT_FOUND', `No dataset named '${name}'.`, { got: name });
}
