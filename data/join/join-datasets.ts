import type { Database } from 'better-sqlite3';
import { storageOf } from '../../types/columns';
import { AppError } from '../../types/errors';
import type { JobControls } from '../../types/progress';
import { cancelled } from '../import/cancel';
import { chooseChunkRows } from '../import/import-dataset';
import { profileDataset, type ColumnProfiler } from '../profile/profile-dataset';
import { appendAudit } from '../store/audit-log';
import { StringIndex } from './string-index';
import { saveArtifact } from '../store/artifacts';
import { ChunkWriter, readColumn } from '../store/column-chunks';
import { datasetExists, finishDataset, getDataset, insertColumns, insertDataset, type NewColumn, type StoredDataset } from '../store/datasets';

export type JoinHow = 'inner' | 'left';
export type DuplicatePolicy = 'refuse' | 'first' | 'last';

export interface JoinRequest {
  left: string;
  right: string;
  /** The hashed key column of the left dataset (and of the right one unless `rightOn`). */
  on: string;
  rightOn?: string;
  how?: JoinHow;
  duplicates?: DuplicatePolicy;
  name: string;
}

/** The match report (`jointscore join --json`). */
export interface JoinResult {
  dataset: string;
  rows: number;
  leftRows: number;
  rightRows: number;
  matched: number;
  matchRateLeft: number;
  matchRateRight: number;
  duplicateKeysLeft: number;
  duplicateKeysRight: number;
  how: JoinHow;
  duplicates: DuplicatePolicy;
  /** Match rate of the left rows per month of the left dataset's time column, when it has one. */
  byMonth: { timeColumn: string; months: { month: string; rows: number; matched: number; rate: number }[] } | null;
  seconds: number;
  /** Seconds spent matching keys, writing the joined columns, profiling them, and committing. */
  timings: { match: number; write: number; profile: number; commit: number };
}

/** Left rows and matched left rows per calendar month (UTC) of a date column. */
function matchByMonth(values: Float64Array, kept: Uint8Array, matchedRow: Uint8Array): { month: string; rows: number; matched: number; rate: number }[] {
  const rows = new Map<string, number>();
  const hits = new Map<string, number>();
  for (let i = 0; i < values.length; i++) {
    if (!kept[i] || Number.isNaN(values[i]!)) continue;
    const month = new Date(values[i]!).toISOString().slice(0, 7);
    rows.set(month, (rows.get(month) ?? 0) + 1);
    if (matchedRow[i]) hits.set(month, (hits.get(month) ?? 0) + 1);
  }
  return [...rows.keys()].sort().slice(0, 240).map((month) => {
    const n = rows.get(month)!, m = hits.get(month) ?? 0;
    return { month, rows: n, matched: m, rate: m / n };
  });
}

/** The artifact kind under which a join's match report is stored with the joined dataset. */
export const JOIN_REPORT = 'join-report';

const HEX32 = /^[0-9a-f]{32}$/;
const HEX64 = /^[0-9a-f]{64}$/;

/**
 * A key column as codes into normalized distinct keys (trimmed, lower case: hex hashes match
 * whatever their case). Numeric keys are turned into text once per distinct value.
 */
interface KeyColumn {
  codes: Int32Array;
  keys: string[];
}

function keyColumn(db: Database, ds: StoredDataset, column: string, side: string): KeyColumn {
  const info = ds.columns.find((c) => c.name === column);
  if (!info) {
    throw new AppError('NOT_FOUND', `The ${side} dataset '${ds.name}' has no key column '${column}' (columns: ${ds.columns.map((c) => c.name).slice(0, 30).join(', ')}).`, { column, expected: 'the hashed key column' });
  }
  const col = readColumn(db, ds, column);
  if (col.kind === 'i32') {
    if (col.dictionary.every(isNormalized)) return { codes: col.codes, keys: col.dictionary };
    // Distinct raw values may normalize to the same key (e.g. upper- and lower-case hex).
    const index = new Map<string, number>();
    const keys: string[] = [];
    const remap = col.dictionary.map((v) => {
      const k = v.trim().toLowerCase();
      let c = index.get(k);
      if (c === undefined) { c = keys.length; keys.push(k); index.set(k, c); }
      return c;
    });
    return { codes: col.codes.map((c) => (c < 0 ? -1 : remap[c]!)), keys };
  }
  const index = new Map<number, number>();
  const keys: string[] = [];
  const codes = new Int32Array(col.values.length);
  col.values.forEach((v, i) => {
    if (Number.isNaN(v)) { codes[i] = -1; return; }
    let c = index.get(v);
    if (c === undefined) { c = keys.length; keys.push(String(v)); index.set(v, c); }
    codes[i] = c;
  });
  return { codes, keys };
}

/** True when a key has no surrounding space and no upper-case letter (checked without building a string). */
const NEEDS_NORMALIZING = /[A-Z]|[^\x00-\x7f]/;
function isNormalized(v: string): boolean {
  const n = v.length;
  return n === 0 || (v.charCodeAt(0) > 32 && v.charCodeAt(n - 1) > 32 && !NEEDS_NORMALIZING.test(v));
}

/** 'md5' or 'sha256' when (nearly) every key is 32 or 64 hex digits, else null. */
function hashShape(keys: string[]): 'md5 (32 hex digits)' | 'sha256 (64 hex digits)' | null {
  const n = Math.min(keys.length, 5000);
  if (n === 0) return null;
  let h32 = 0, h64 = 0;
  for (let i = 0; i < n; i++) { const k = keys[i]!; if (HEX32.test(k)) h32++; else if (HEX64.test(k)) h64++; }
  if (h32 / n > 0.95) return 'md5 (32 hex digits)';
  if (h64 / n > 0.95) return 'sha256 (64 hex digits)';
  return null;
}

/** The row kept for each distinct key under the duplicate policy (−1 for none), and how many keys repeat. */
function rowPerKey(k: KeyColumn, policy: DuplicatePolicy, side: string, dataset: string): { row: Int32Array; duplicateKeys: number } {
  const row = new Int32Array(k.keys.length).fill(-1);
  const seen = new Uint8Array(k.keys.length);
  let duplicateKeys = 0;
  for (let i = 0; i < k.codes.length; i++) {
    const c = k.codes[i]!;
    if (c < 0) continue;
    if (seen[c] === 0) { seen[c] = 1; row[c] = i; continue; }
    if (seen[c] === 1) { seen[c] = 2; duplicateKeys++; }
    if (policy === 'last') row[c] = i;
  }
  if (policy === 'refuse' && duplicateKeys > 0) {
    throw new AppError('INVALID_ARGUMENT', `The ${side} dataset '${dataset}' has ${duplicateKeys} duplicate keys; choose --duplicates first or last to keep one row per key.`, {
      expected: 'unique keys', got: `${duplicateKeys} duplicate keys`,
    });
  }
  return { row, duplicateKeys };
}

/**
 * Joins two datasets on their hashed keys into a new dataset stored by column, in one
 * transaction: hex case is normalized, an MD5-vs-SHA-256 mismatch and a join matching nothing are
 * errors, duplicate keys are counted and handled by the policy. Columns keep their party.
 */
export async function joinDatasets(db: Database, req: JoinRequest, controls: JobControls, profiler?: ColumnProfiler): Promise<JoinResult> {
  const started = performance.now();
  const how = req.how ?? 'inner';
  const policy = req.duplicates ?? 'refuse';
  if (datasetExists(db, req.name)) throw new AppError('DATASET_EXISTS', `The workspace already has a dataset named '${req.name}'; choose another --name.`, { got: req.name });
  const left = getDataset(db, req.left);
  const right = getDataset(db, req.right);
  const rightOn = req.rightOn ?? req.on;
  const lk = keyColumn(db, left, req.on, 'left');
  const rk = keyColumn(db, right, rightOn, 'right');
  const ls = hashShape(lk.keys), rs = hashShape(rk.keys);
  if (ls && rs && ls !== rs) {
    throw new AppError('HASH_MISMATCH', `The keys are hashed differently: '${left.name}.${req.on}' looks like ${ls}, '${right.name}.${rightOn}' like ${rs}. Both parties must pseudonymize with the same --hash.`, {
      column: req.on, expected: ls, got: rs,
    });
  }
  const L = rowPerKey(lk, policy, 'left', left.name);
  const R = rowPerKey(rk, policy, 'right', right.name);
  // Match once per distinct key: left key code → right key code.
  const rightIndex = new StringIndex(rk.keys);
  const match = new Int32Array(lk.keys.length);
  for (let c = 0; c < match.length; c++) match[c] = rightIndex.get(lk.keys[c]!);
  let matchedRight = 0;
  for (let c = 0; c < match.length; c++) if (match[c]! >= 0 && L.row[c]! >= 0 && R.row[match[c]!]! >= 0) matchedRight++;
  controls.onProgress({ phase: 'match', done: 1, total: 3, message: 'keys matched' });
  const leftRows: number[] = [];
  const rightRows: number[] = [];
  let matched = 0;
  const kept = new Uint8Array(lk.codes.length);
  const matchedRow = new Uint8Array(lk.codes.length);
  for (let i = 0; i < lk.codes.length; i++) {
    const c = lk.codes[i]!;
    if (c >= 0 && L.row[c] !== i) continue; // a duplicate not kept
    kept[i] = 1;
    const j = c >= 0 && match[c]! >= 0 ? R.row[match[c]!]! : -1;
    if (j >= 0) { matched++; matchedRow[i] = 1; }
    if (j >= 0 || how === 'left') { leftRows.push(i); rightRows.push(j); }
  }
  if (matched === 0) {
    throw new AppError('NO_MATCH', `No key of '${left.name}.${req.on}' matches one of '${right.name}.${rightOn}'. Did both parties use the same secret, hash and id normalization?`, {
      column: req.on, expected: 'some shared keys',
    });
  }

  const taken = new Set(left.columns.map((c) => c.name));
  const rightCols = right.columns.filter((c) => c.name !== rightOn);
  const outCols: (NewColumn & { from: 'left' | 'right'; source: string })[] = [
    ...left.columns.map((c) => ({ name: c.name, type: c.type, role: c.role, storage: storageOf(c.type), party: c.party, from: 'left' as const, source: c.name })),
    ...rightCols.map((c) => {
      let name = c.name;
      while (taken.has(name)) name = `${name}_${right.name}`;
      taken.add(name);
      return { name, type: c.type, role: c.role === 'key' ? 'feature' as const : c.role, storage: storageOf(c.type), party: c.party, from: 'right' as const, source: c.name };
    }),
  ];
  const rows = leftRows.length;
  const chunkRows = chooseChunkRows(outCols.length);
  const tMatch = performance.now();
  db.exec('BEGIN IMMEDIATE');
  try {
    const createdAt = new Date().toISOString();
    const id = insertDataset(db, { name: req.name, party: 'joint', chunkRows, sourceFile: `join:${left.name}+${right.name}`, sourceSha256: '', format: 'join', options: { ...req, how, duplicates: policy }, createdAt });
    const ids = insertColumns(db, id, outCols.map(({ from: _f, source: _s, ...c }) => c));
    const writer = new ChunkWriter(db);
    outCols.forEach((c, ci) => {
      if (controls.signal.aborted) throw cancelled();
      const src = readColumn(db, c.from === 'left' ? left : right, c.source);
      const pick = c.from === 'left' ? leftRows : rightRows;
      for (let start = 0, chunk = 0; start < rows; start += chunkRows, chunk++) {
        const n = Math.min(chunkRows, rows - start);
        if (src.kind === 'f64') {
          const out = new Float64Array(n);
          for (let r = 0; r < n; r++) { const j = pick[start + r]!; out[r] = j < 0 ? NaN : src.values[j]!; }
          writer.writeF64(ids[ci]!, chunk, start, out, n);
        } else {
          const out = new Int32Array(n);
          for (let r = 0; r < n; r++) { const j = pick[start + r]!; out[r] = j < 0 ? -1 : src.codes[j]!; }
          writer.writeI32(ids[ci]!, chunk, start, out, n);
        }
      }
      if (src.kind === 'i32') writer.writeDictionary(ids[ci]!, src.dictionary);
      controls.onProgress({ phase: 'write', done: ci + 1, total: outCols.length, message: `wrote ${c.name}` });
    });
    finishDataset(db, id, rows, '');
    const tWrite = performance.now();
    await profileDataset(db, req.name, {}, controls, profiler);
    const tProfile = performance.now();
    const time = left.columns.find((c) => c.role === 'time' && c.type === 'date');
    const timeValues = time ? readColumn(db, left, time.name) : null;
    const result: JoinResult = {
      dataset: req.name, rows, leftRows: left.rows, rightRows: right.rows, matched,
      matchRateLeft: matched / Math.max(1, left.rows), matchRateRight: matchedRight / Math.max(1, right.rows),
      duplicateKeysLeft: L.duplicateKeys, duplicateKeysRight: R.duplicateKeys, how, duplicates: policy,
      byMonth: time && timeValues?.kind === 'f64' ? { timeColumn: time.name, months: matchByMonth(timeValues.values, kept, matchedRow) } : null,
      seconds: 0, timings: { match: 0, write: 0, profile: 0, commit: 0 },
    };
    saveArtifact(db, { kind: JOIN_REPORT, schemaVersion: 1, datasetId: id, name: req.name, body: result, createdAt });
    appendAudit(db, 'join', { ...req, how, duplicates: policy, leftSha256: left.sourceSha256, rightSha256: right.sourceSha256, rows, matched }, createdAt);
    if (controls.signal.aborted) throw cancelled();
    db.exec('COMMIT');
    const end = performance.now();
    const timings = { match: (tMatch - started) / 1000, write: (tWrite - tMatch) / 1000, profile: (tProfile - tWrite) / 1000, commit: (end - tProfile) / 1000 };
    return { ...result, seconds: (end - started) / 1000, timings };
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw err;
  }
}
