import type { Database } from 'better-sqlite3';
import { storageOf } from '../../types/columns';
import { AppError } from '../../types/errors';
import type { JobControls } from '../../types/progress';
import { cancelled } from '../import/cancel';
import { chooseChunkRows } from '../import/import-dataset';
import { profileDataset, type ColumnProfiler, type KnownProfile } from '../profile/profile-dataset';
import { loadProfile } from '../store/profiles';
import { appendAudit } from '../store/audit-log';
import { hashShape, keyColumn, matchKeysOnTwoThreads, type HalfMatcher, type KeyColumn } from './key-column';
import { saveArtifact } from '../store/artifacts';
import { ChunkWriter, copyChunks, readColumn, readColumnForProfile, readStoredF64, shareDictionary } from '../store/column-chunks';
import type { ColumnData } from '../../types/columns';
import type { ColumnProfile } from '../../types/dataset';
import { datasetExists, finishDataset, getDataset, insertColumns, insertDataset, type NewColumn, type StoredDataset } from '../store/datasets';
import { twoAtATime } from '../compute/two-at-a-time';
import { gatherColumn, type ColumnGatherer, type GatherTask } from './gather-column';

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

function isIdentity(pick: Int32Array): boolean {
  for (let i = 0; i < pick.length; i++) if (pick[i] !== i) return false;
  return true;
}

const PER_DAY = 1 / 86_400_000;

/** Months a tally spans at most before it counts in a Map instead of arrays (dates a hundred thousand years apart). */
const MONTH_SPAN = 1_200_000;

/** Left rows and matched left rows per calendar month (UTC) of a date column (the first 240 months, in order). */
export function matchByMonth(values: Float64Array, kept: Uint8Array, matchedRow: Uint8Array): { month: string; rows: number; matched: number; rate: number }[] {
  // Counted in arrays by month number from the first seen (no Date, string or Map per row), each
  // value's month computed when it differs from the row before; each month named once at the end.
  let base = NaN, rows = new Float64Array(0), hits = new Float64Array(0);
  let lastValue = NaN, lastMonth = NaN;
  const seenValues = new Float64Array(1024).fill(NaN), seenMonths = new Int32Array(1024);
  const spill = new Map<number, [number, number]>();
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!kept[i] || v !== v) continue;
    if (v !== lastValue) {
      // A time column holds few distinct values: each one's month is remembered by its day number.
      lastValue = v;
      const slot = ((v * PER_DAY) | 0) & 1023;
      if (seenValues[slot] === v) lastMonth = seenMonths[slot]!;
      else { lastMonth = utcMonthIndex(v); seenValues[slot] = v; seenMonths[slot] = lastMonth; }
    }
    if (base !== base) base = lastMonth;
    let j = lastMonth - base;
    if (j < 0 || j >= rows.length) {
      const lo = Math.min(base, lastMonth), hi = Math.max(base + rows.length - 1, lastMonth);
      if (hi - lo + 1 > MONTH_SPAN) { const t = spill.get(lastMonth) ?? [0, 0]; t[0]++; t[1] += matchedRow[i]!; spill.set(lastMonth, t); continue; }
      const span = Math.min(MONTH_SPAN, Math.max(hi - lo + 1, rows.length * 2, 64));
      const grownRows = new Float64Array(span), grownHits = new Float64Array(span);
      grownRows.set(rows, base - lo); grownHits.set(hits, base - lo);
      rows = grownRows; hits = grownHits; base = lo; j = lastMonth - base;
    }
    rows[j]!++;
    hits[j]! += matchedRow[i]!;
  }
  // A month counted in the Map before the arrays grew over it has rows in both: summed.
  const tallies = new Map(spill);
  rows.forEach((n, j) => { if (n > 0) { const t = tallies.get(base + j) ?? [0, 0]; tallies.set(base + j, [t[0] + n, t[1] + hits[j]!]); } });
  return [...tallies.keys()].map((k) => ({ k, month: monthName(k) })).sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : 0)).slice(0, 240).map(({ k, month }) => {
    const [n, m] = tallies.get(k)!;
    return { month, rows: n, matched: m, rate: m / n };
  });
}

/** Year × 12 + month − 1 of a UTC time in milliseconds (days to civil date, H. Hinnant's algorithm). */
export function utcMonthIndex(ms: number): number {
  const z = Math.floor(ms / 86_400_000) + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const month = mp < 10 ? mp + 3 : mp - 9;
  return (yoe + era * 400 + (month <= 2 ? 1 : 0)) * 12 + month - 1;
}

/** The month of a `utcMonthIndex` as the first seven characters of its `toISOString` (YYYY-MM). */
export function monthName(index: number): string {
  const year = Math.floor(index / 12);
  const d = new Date(0);
  d.setUTCFullYear(year, index - year * 12, 1);
  // Up to the month: 2025-03, or +013821-08 for a year past 9999 (sliced at 7 it lost its month).
  const iso = d.toISOString();
  return iso.slice(0, iso.indexOf('-', 1) + 3);
}

/** The artifact kind under which a join's match report is stored with the joined dataset. */
export const JOIN_REPORT = 'join-report';

/** The row kept for each distinct key under the duplicate policy (−1 for none), and how many keys repeat. */
function rowPerKey(k: KeyColumn, policy: DuplicatePolicy, side: string, dataset: string): { row: Int32Array; duplicateKeys: number } {
  const row = new Int32Array(k.count).fill(-1);
  const seen = new Uint8Array(k.count);
  let duplicateKeys = 0;
  for (let i = 0; i < k.codes.length; i++) {
    const c = k.codes[i]!;
    if (c < 0) continue;
    if (seen[c] === 0) { seen[c] = 1; row[c] = i; continue; }
    if (seen[c] === 1) { seen[c] = 2; duplicateKeys++; }
    if (policy === 'last') row[c] = i;
  }
  if (policy === 'refuse' && duplicateKeys > 0) {
    throw new AppError('INVALID_ARGUMENT', `The ${side} dataset '${dataset}' has ${duplicateKeys} duplicate keys; keep the first or the last row of each key.`, { option: 'duplicates',
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
export async function joinDatasets(db: Database, req: JoinRequest, controls: JobControls, profiler?: ColumnProfiler, otherHalf?: HalfMatcher, gatherer?: ColumnGatherer): Promise<JoinResult> {
  const started = performance.now();
  const how = req.how ?? 'inner';
  const policy = req.duplicates ?? 'refuse';
  if (datasetExists(db, req.name)) throw new AppError('DATASET_EXISTS', `The workspace already has a dataset named '${req.name}'; choose another name.`, { option: 'name', got: req.name });
  const left = getDataset(db, req.left);
  const right = getDataset(db, req.right);
  const rightOn = req.rightOn ?? req.on;
  const lk = keyColumn(db, left, req.on, 'left');
  const rk = keyColumn(db, right, rightOn, 'right');
  const ls = hashShape(lk), rs = hashShape(rk);
  if (ls && rs && ls !== rs) {
    throw new AppError('HASH_MISMATCH', `The keys are hashed differently: '${left.name}.${req.on}' looks like ${ls}, '${right.name}.${rightOn}' like ${rs}. Both parties must pseudonymize with the same hash algorithm.`, {
      column: req.on, expected: ls, got: rs,
    });
  }
  const L = rowPerKey(lk, policy, 'left', left.name);
  const R = rowPerKey(rk, policy, 'right', right.name);
  // Match once per distinct key: left key code → right key code.
  const match = await matchKeysOnTwoThreads(lk, rk, otherHalf);
  let matchedRight = 0;
  for (let c = 0; c < match.length; c++) if (match[c]! >= 0 && L.row[c]! >= 0 && R.row[match[c]!]! >= 0) matchedRight++;
  controls.onProgress({ phase: 'match', done: 1, total: 3, message: 'keys matched' });
  // Per joined row, its left row and its right row (−1: none), at most one per left row.
  // In memory the helper reads too (it gathers columns of numbers).
  const leftPick = new Int32Array(new SharedArrayBuffer(lk.codes.length * 4)), rightPick = new Int32Array(new SharedArrayBuffer(lk.codes.length * 4));
  let rows = 0;
  let matched = 0;
  const kept = new Uint8Array(lk.codes.length);
  const matchedRow = new Uint8Array(lk.codes.length);
  for (let i = 0; i < lk.codes.length; i++) {
    const c = lk.codes[i]!;
    if (c >= 0 && L.row[c] !== i) continue; // a duplicate not kept
    kept[i] = 1;
    const j = c >= 0 && match[c]! >= 0 ? R.row[match[c]!]! : -1;
    if (j >= 0) { matched++; matchedRow[i] = 1; }
    if (j >= 0 || how === 'left') { leftPick[rows] = i; rightPick[rows] = j; rows++; }
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
  const chunkRows = chooseChunkRows(outCols.length);
  const tMatch = performance.now();
  db.exec('BEGIN IMMEDIATE');
  try {
    const createdAt = new Date().toISOString();
    const id = insertDataset(db, { name: req.name, party: 'joint', chunkRows, sourceFile: `join:${left.name}+${right.name}`, sourceSha256: '', format: 'join', options: { ...req, how, duplicates: policy }, createdAt });
    const ids = insertColumns(db, id, outCols.map(({ from: _f, source: _s, ...c }) => c));
    const writer = new ChunkWriter(db);
    finishDataset(db, id, rows, '');
    // Each joined column is gathered, written and handed to the profiler in one pass: the helper
    // thread profiles one column while this thread writes the next, and nothing is read back.
    let writing = 0;
    // A left join that keeps every left row in order stores the left columns as they are: their
    // chunks are copied inside SQLite, nothing gathered or encoded again.
    const leftAsIs = rows === left.rows && chunkRows === left.chunkRows && isIdentity(leftPick.subarray(0, rows));
    // Such a column's profile is its source's, as profiled when the left dataset was stored.
    const leftProfiles = new Map((leftAsIs ? loadProfile(db, left.id, null)?.columns ?? [] : []).map((p) => [p.name, p]));
    const t0 = performance.now();
    const picks = { left: leftPick.subarray(0, rows), right: rightPick.subarray(0, rows) };
    const gathered = await gatherNumbers(db, { left, right }, outCols.map((c) => (c.from === 'left' && leftAsIs ? null : c)), ids, picks, chunkRows, writer, controls, gatherer);
    writing += performance.now() - t0;
    const writeColumn = (ci: number): ColumnData | KnownProfile => {
      const t = performance.now();
      const c = outCols[ci]!;
      const from = c.from === 'left' ? left : right;
      const pick = picks[c.from];
      const at = from.columns.findIndex((x) => x.name === c.source);
      const sourceId = from.columnIds[at]!, info = from.columns[at]!;
      // The left key column was read for matching: its codes and packed keys serve again.
      const source = (): ColumnData => (c.from === 'left' && c.source === req.on && lk.kind === 'hex' && lk.asStored
        ? { kind: 'i32', codes: lk.codes, dictionary: [], packedKeys: { width: lk.width, bytes: lk.bytes } }
        : readColumnForProfile(db, from, c.source));
      const gatheredProfile = gathered.get(ci);
      if (gatheredProfile) return { kind: 'known', profile: gatheredProfile };
      if (c.from === 'left' && leftAsIs) {
        copyChunks(db, sourceId, ids[ci]!);
        if (c.storage === 'i32') shareDictionary(db, sourceId, ids[ci]!);
        // Its profile is the left dataset's when that still describes the column; else it is read to be profiled.
        const known = leftProfiles.get(c.source);
        const kept = known && known.type === c.type && known.role === c.role && known.count === rows && known.missing === info.missing && known.distinct === info.distinct;
        const out: ColumnData | KnownProfile = kept ? { kind: 'known', profile: known } : source();
        writing += performance.now() - t;
        return out;
      }
      // Columns of numbers were gathered above; a coded column's codes are copied as they are and
      // its dictionary shared: no value is re-encoded or copied.
      const src = source();
      if (src.kind !== 'i32') throw new Error(`column '${c.source}' holds no codes`);
      const codes = new Int32Array(rows);
      for (let r = 0; r < rows; r++) { const j = pick[r]!; codes[r] = j < 0 ? -1 : src.codes[j]!; }
      const col: ColumnData = { kind: 'i32', codes, dictionary: src.dictionary, ...(src.packedKeys ? { packedKeys: src.packedKeys } : {}) };
      shareDictionary(db, sourceId, ids[ci]!);
      writer.writeColumn(ids[ci]!, codes, chunkRows);
      controls.onProgress({ phase: 'write', done: ci + 1, total: outCols.length, message: `wrote ${c.name}` });
      writing += performance.now() - t;
      return col;
    };
    await profileDataset(db, req.name, {}, controls, profiler, writeColumn);
    const tProfile = performance.now();
    // Writing and profiling overlap: the time spent writing, the rest of the pass counted as profiling.
    const tWrite = tMatch + writing;
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

/**
 * Gathers the joined columns of numbers (those not null in `cols`) into joined row order, packs
 * and profiles them two at a time — this thread and the helper — writing each one's chunks as it
 * comes back: the profiles by joined column index.
 */
async function gatherNumbers(
  db: Database, sides: Record<'left' | 'right', StoredDataset>, cols: readonly ((NewColumn & { from: 'left' | 'right'; source: string }) | null)[], ids: readonly number[],
  picks: Record<'left' | 'right', Int32Array>, chunkRows: number, writer: ChunkWriter, controls: JobControls, gatherer?: ColumnGatherer,
): Promise<Map<number, ColumnProfile>> {
  const which = cols.flatMap((c, ci) => (c && c.storage === 'f64' ? [ci] : []));
  const rows = picks.left.length;
  const profiles = new Map<number, ColumnProfile>();
  await twoAtATime(which.length, {
    prepare: (k): GatherTask => {
      const c = cols[which[k]!]!;
      return { spec: { name: c.name, type: c.type, role: c.role }, stored: readStoredF64(db, sides[c.from], c.source), pick: picks[c.from], chunkRows };
    },
    local: gatherColumn,
    helper: gatherer,
    done: (k, g) => {
      const ci = which[k]!;
      g.chunks.forEach((blob, index) => writer.writePacked(ids[ci]!, index, index * chunkRows, Math.min(chunkRows, rows - index * chunkRows), blob));
      profiles.set(ci, g.profile);
      controls.onProgress({ phase: 'write', done: profiles.size, total: cols.length, message: `wrote ${cols[ci]!.name}` });
    },
    signal: controls.signal,
  });
  return profiles;
}
