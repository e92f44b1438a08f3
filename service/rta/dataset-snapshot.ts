/**
 * A feature snapshot read straight from a workspace dataset — `WORKSPACE.jsw#DATASET` where the RTA
 * server takes `--features` — so the partner's rows are served from the workspace and never written
 * out as a CSV. The dataset's first column is the hashed id (as a snapshot CSV's), then at least the
 * bundle's inputs by name, of the bundle's types. Read on the calling thread (SQLite column chunks:
 * ~1 s per million rows).
 */
import path from 'node:path';
import { readColumn } from '../../data/store/column-chunks';
import { getDataset } from '../../data/store/datasets';
import { openWorkspaceDb } from '../../data/workspace/open-workspace';
import { buildIdTable, FeatureSnapshot, type SnapshotData, type SnapshotInput } from '../../rta/snapshot/feature-snapshot';
import type { SnapshotReader } from '../../rta/snapshot/read-snapshot';
import type { BundleInput } from '../../types/bundle';
import { AppError } from '../../types/errors';

const DATASET_REF = /^(.+\.jsw)#(.+)$/;

export function readDatasetSnapshot(workspace: string, dataset: string, inputs: readonly BundleInput[]): SnapshotData {
  const file = path.resolve(workspace);
  const where = `${file}#${dataset}`;
  const db = openWorkspaceDb(file, { readonly: true });
  try {
    const ds = getDataset(db, dataset);
    const keyInfo = ds.columns[0]!;
    const key = readColumn(db, ds, keyInfo.name);
    if (key.kind !== 'i32') throw new AppError('TYPE_MISMATCH', `${where}: the first column '${keyInfo.name}' holds ${keyInfo.type} values; a snapshot's first column is the hashed device id (text).`, { file: where, column: keyInfo.name, expected: 'hashed ids', got: keyInfo.type });
    // Ids as lower-cased ASCII bytes, back to back.
    const ids = key.dictionary.map((id) => id.trim().toLowerCase());
    const bad = ids.findIndex((id) => id.length === 0 || !/^[\x21-\x7e]+$/.test(id));
    if (bad >= 0) throw new AppError('INVALID_ARGUMENT', `${where}: the id '${key.dictionary[bad]}' in column '${keyInfo.name}' is not a plain-ASCII hashed id.`, { file: where, column: keyInfo.name, expected: 'an ASCII hashed device id' });
    const rows = ds.rows;
    const starts = new Uint32Array(rows + 1);
    let total = 0;
    for (let r = 0; r < rows; r++) {
      const code = key.codes[r]!;
      if (code < 0) throw new AppError('INVALID_ARGUMENT', `${where}, row ${r + 1}: the id (column '${keyInfo.name}') is missing.`, { file: where, row: r + 1, column: keyInfo.name, expected: 'a hashed device id' });
      starts[r] = total;
      total += ids[code]!.length;
    }
    starts[rows] = total;
    const bytes = new Uint8Array(total);
    for (let r = 0; r < rows; r++) bytes.set(Buffer.from(ids[key.codes[r]!]!, 'latin1'), starts[r]!);
    const slots = buildIdTable(bytes, starts, rows, (r, other) => new AppError('DUPLICATE_KEY', `${where}: the id '${ids[key.codes[r]!]}' is on rows ${other + 1} and ${r + 1}; a snapshot holds one row per id.`, { file: where, row: r + 1, column: keyInfo.name, expected: 'unique ids' }));

    const width = inputs.length;
    const cells = new Float64Array(rows * width);
    const columns: SnapshotInput[] = inputs.map((input, j) => {
      const info = ds.columns.find((c) => c.name === input.name);
      if (!info) throw new AppError('INVALID_ARGUMENT', `${where} has no column '${input.name}', an input of the bundle.`, { file: where, column: input.name, expected: 'the bundle\'s inputs' });
      const col = readColumn(db, ds, input.name);
      if ((input.type === 'numeric') !== (col.kind === 'f64')) throw new AppError('TYPE_MISMATCH', `${where}: column '${input.name}' is ${info.type}; the bundle reads it as ${input.type}.`, { file: where, column: input.name, expected: input.type, got: info.type });
      const values = col.kind === 'f64' ? col.values : col.codes;
      for (let r = 0, at = j; r < rows; r++, at += width) cells[at] = values[r]!;
      return { name: input.name, type: input.type, dictionary: col.kind === 'i32' ? col.dictionary : [] };
    });
    return { file: where, keyColumn: keyInfo.name, rows, keyBytes: bytes, keyStarts: starts, slots, inputs: columns, cells };
  } finally {
    db.close();
  }
}

/** Reads `WORKSPACE.jsw#DATASET` snapshots for the RTA server (registered with addSnapshotReader). */
export const datasetSnapshotReader: SnapshotReader = (features, inputs) => {
  const m = DATASET_REF.exec(features);
  if (!m) return null;
  return new Promise((resolve) => resolve(new FeatureSnapshot(readDatasetSnapshot(m[1]!, m[2]!, inputs))));
};

