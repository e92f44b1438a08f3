import type { Database } from 'better-sqlite3';
import { appendAudit } from '../../data/store/audit-log';
import { saveArtifact } from '../../data/store/artifacts';
import { ChunkWriter, readColumn } from '../../data/store/column-chunks';
import { addColumn, getDataset, setColumnStats, updateColumnRole, type StoredDataset } from '../../data/store/datasets';
import { binaryTarget } from '../../data/profile/target';
import { assignSamples, countSamples, NO_SAMPLE, sampleCodeOf, SAMPLES, type SampleCount } from '../../models/sample/assign-samples';
import type { ColumnData } from '../../types/columns';
import { AppError } from '../../types/errors';
import { NO_CONTROLS, type JobControls } from '../../types/progress';
import { cancelled } from '../../data/import/cancel';

export const SPLIT = 'split';

export interface SplitRequest {
  dataset: string;
  /** Random: the share of rows for training (e.g. 0.7); the rest is the test sample. */
  random?: number;
  seed?: number;
  /** Keep the event rate (or any column's distribution) equal across train and test. */
  stratify?: string;
  /** Out of time: rows whose `time` value is ≥ `ootFrom` are the OOT sample. */
  time?: string;
  ootFrom?: string;
  /** With `time`: rows from `testFrom` up to `ootFrom` are the test sample (else `random` of the in-time rows). */
  testFrom?: string;
  /** An existing column whose values (train / test / oot) name each row's sample. */
  byColumn?: string;
  /** The sample column to write (default `sample`). */
  name?: string;
  /** For the event rates shown per sample (default: the dataset's target column). */
  target?: string;
  event?: string;
}

export interface SplitResult {
  dataset: string;
  column: string;
  method: 'random' | 'time' | 'column';
  params: Record<string, unknown>;
  target: string | null;
  counts: SampleCount[];
  /** Rows in no sample (no time value). */
  unassigned: number;
  splitId: number;
}

function column(db: Database, ds: StoredDataset, name: string, what: string): ColumnData {
  if (!ds.columns.some((c) => c.name === name)) throw new AppError('NOT_FOUND', `Dataset '${ds.name}' has no column '${name}' (${what}).`, { column: name, expected: 'a column of the dataset' });
  return readColumn(db, ds, name);
}

/** A date cut-off as the importer stores dates (UTC milliseconds): 2024-07, 2024-07-15, 2024/07/15. */
/** `option` names the request field the cut-off came from (ootFrom, testFrom): each shell phrases it. */
function dateCutoff(cut: string, option: string): number {
  const m = /^(\d{4})[-/](\d{1,2})(?:[-/](\d{1,2}))?$/.exec(cut.trim());
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, m[3] ? Number(m[3]) : 1) : Date.parse(cut);
  if (!Number.isFinite(ms)) throw new AppError('INVALID_ARGUMENT', `The cut-off '${cut}' is not a date, but the time column holds dates.`, { option, expected: 'a date such as 2024-07 or 2024-07-15', got: cut });
  return ms;
}

/** Row-wise "value ≥ cut-off" for a time column: dates as dates, numbers as numbers, text (e.g. 2024-03) as text. */
function atOrAfter(col: ColumnData, isDate: boolean, cut: string, option: string): { mask: Uint8Array; missing: Uint8Array } {
  if (col.kind === 'f64') {
    const c = isDate ? dateCutoff(cut, option) : Number(cut);
    if (!Number.isFinite(c)) throw new AppError('INVALID_ARGUMENT', `The cut-off '${cut}' is not a number, but the time column is numeric.`, { option, expected: 'a number such as 202406', got: cut });
    return { mask: Uint8Array.from(col.values, (v) => (v >= c ? 1 : 0)), missing: Uint8Array.from(col.values, (v) => (Number.isNaN(v) ? 1 : 0)) };
  }
  const after = Uint8Array.from(col.dictionary, (v) => (v >= cut ? 1 : 0));
  return { mask: Uint8Array.from(col.codes, (c) => (c >= 0 ? after[c]! : 0)), missing: Uint8Array.from(col.codes, (c) => (c < 0 ? 1 : 0)) };
}

/**
 * Designs the samples of a dataset — random (stratified, seeded), out of time, or from an
 * existing column — and stores them as the dataset's sample column (role `sample`, values
 * train / test / oot), which binning, selection and training then read. Any previous sample
 * column loses the role. Counts and event rates per sample are stored as a `split` artifact.
 * One transaction.
 */
export function splitDataset(db: Database, req: SplitRequest, controls: JobControls = NO_CONTROLS): SplitResult {
  const ds = getDataset(db, req.dataset);
  const n = ds.rows;
  controls.onProgress({ phase: 'read', done: 0, total: 1, message: `Assigning ${n.toLocaleString('en')} rows to samples` });
  const name = req.name ?? 'sample';
  const methods = [req.random !== undefined && !req.time, req.time !== undefined, req.byColumn !== undefined].filter(Boolean).length;
  if (methods !== 1) throw new AppError('INVALID_ARGUMENT', 'Choose one way to split: a random training share, a time column with an out-of-time cut-off, or a column naming each row\'s sample.', { option: 'random | time | byColumn', expected: 'exactly one' });
  if (req.random !== undefined && !(req.random > 0 && req.random <= 1)) throw new AppError('INVALID_ARGUMENT', `The training share must be between 0 and 1; got ${req.random}.`, { option: 'random', expected: 'a share such as 0.7', got: String(req.random) });
  const targetName = req.target ?? ds.columns.find((c) => c.role === 'target')?.name ?? null;
  const flags = targetName ? binaryTarget(targetName, column(db, ds, targetName, 'the target'), req.event).flags : null;

  let codes: Uint8Array;
  let method: SplitResult['method'];
  const params: Record<string, unknown> = {};
  if (req.byColumn !== undefined) {
    method = 'column';
    params.column = req.byColumn;
    const col = column(db, ds, req.byColumn, 'the sample names');
    if (col.kind !== 'i32') throw new AppError('INVALID_ARGUMENT', `Column '${req.byColumn}' holds numbers; a sample column holds names (train, test, oot).`, { column: req.byColumn, expected: 'train | test | oot' });
    const map = col.dictionary.map((v) => {
      const code = sampleCodeOf(v);
      if (code === undefined) throw new AppError('INVALID_ARGUMENT', `Column '${req.byColumn}' has the value '${v}', which names no sample.`, { column: req.byColumn, expected: 'train | test | oot (or valid/validation for test)', got: v });
      return code;
    });
    codes = Uint8Array.from(col.codes, (c) => (c < 0 ? NO_SAMPLE : map[c]!));
  } else {
    const testShare = req.random !== undefined ? 1 - req.random : req.time && !req.testFrom ? 0.3 : 0;
    const seed = req.seed ?? 1;
    let strata: Int32Array | null = null;
    if (req.stratify) {
      const s = column(db, ds, req.stratify, 'to stratify by');
      strata = s.kind === 'i32' ? s.codes : Int32Array.from(s.values, (v) => (Number.isNaN(v) ? -1 : Math.round(v)));
      params.stratify = req.stratify;
    } else if (flags) {
      strata = Int32Array.from(flags);
      params.stratify = targetName;
    }
    if (req.time !== undefined) {
      method = 'time';
      if (!req.ootFrom) throw new AppError('INVALID_ARGUMENT', 'A time split needs the out-of-time cut-off: rows from that value on are out of time.', { option: 'ootFrom', expected: 'a value of the time column' });
      const t = column(db, ds, req.time, 'the time column');
      const isDate = ds.columns.find((c) => c.name === req.time)?.type === 'date';
      const oot = atOrAfter(t, isDate, req.ootFrom, 'ootFrom');
      const test = req.testFrom ? atOrAfter(t, isDate, req.testFrom, 'testFrom').mask : null;
      if (req.testFrom && (isDate ? dateCutoff(req.testFrom, 'testFrom') >= dateCutoff(req.ootFrom, 'ootFrom') : req.testFrom >= req.ootFrom)) throw new AppError('INVALID_ARGUMENT', `The test sample's start (${req.testFrom}) must come before the out-of-time cut-off (${req.ootFrom}).`, { option: 'testFrom', expected: `before ${req.ootFrom}`, got: req.testFrom });
      Object.assign(params, { time: req.time, ootFrom: req.ootFrom, ...(req.testFrom ? { testFrom: req.testFrom } : { testShare, seed }) });
      codes = assignSamples(n, { oot: oot.mask, test, testShare, seed, strata, none: oot.missing });
    } else {
      method = 'random';
      Object.assign(params, { trainShare: req.random, seed });
      codes = assignSamples(n, { testShare, seed, strata });
    }
  }
  const counts = countSamples(codes, flags);
  const train = counts[0]!;
  if (train.rows === 0) throw new AppError('INVALID_ARGUMENT', 'The split leaves no row for training; check the cut-off.', { expected: 'rows before the out-of-time cut-off' });
  if (method === 'time' && counts[2]!.rows === 0) throw new AppError('INVALID_ARGUMENT', `No row of '${ds.name}' has ${req.time} ≥ ${req.ootFrom}: the out-of-time sample would be empty.`, { column: req.time!, expected: `values from ${req.ootFrom} on`, got: 'none' });
  const unassigned = codes.reduce((s, c) => s + (c === NO_SAMPLE ? 1 : 0), 0);
  if (controls.signal.aborted) throw cancelled();
  controls.onProgress({ phase: 'write', done: 0, total: 1, message: `Writing the sample column of ${n.toLocaleString('en')} rows` });

  const now = new Date().toISOString();
  let splitId = 0;
  db.transaction(() => {
    for (const c of ds.columns) if (c.role === 'sample' && c.name !== name) updateColumnRole(db, ds.name, c.name, 'exclude');
    const id = addColumn(db, ds.id, { name, type: 'categorical', role: 'sample', storage: 'i32', party: 'joint' });
    const writer = new ChunkWriter(db);
    writer.writeColumn(id, Int32Array.from(codes, (c) => (c === NO_SAMPLE ? -1 : c)), ds.chunkRows);
    writer.writeDictionary(id, [...SAMPLES]);
    setColumnStats(db, id, unassigned, counts.filter((c) => c.rows > 0).length);
    splitId = saveArtifact(db, { kind: SPLIT, schemaVersion: 1, datasetId: ds.id, name, body: { method, params, target: targetName, counts, unassigned }, createdAt: now });
    appendAudit(db, 'split', { dataset: ds.name, column: name, method, params, counts: counts.map((c) => [c.sample, c.rows]) }, now);
  })();
  controls.onProgress({ phase: 'write', done: 1, total: 1, message: 'Samples stored' });
  return { dataset: ds.name, column: name, method, params, target: targetName, counts, unassigned, splitId };
}
