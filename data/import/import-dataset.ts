import type { Database } from 'better-sqlite3';
import { saidInEnglish } from '../../i18n/phrase-said';
import { said, type Said } from '../../types/said';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { COLUMN_ROLES, isColumnRole, isColumnType, storageOf, type ColumnRole, type ColumnSpec, type ColumnType } from '../../types/columns';
import { AppError } from '../../types/errors';
import type { JobControls } from '../../types/progress';
import { profileDataset, type ColumnProfiler, type ProfileInput } from '../profile/profile-dataset';
import { appendAudit } from '../store/audit-log';
import { ChunkWriter, readCodes, readStoredF64 } from '../store/column-chunks';
import { datasetExists, finishDataset, getDataset, insertColumns, insertDataset } from '../store/datasets';
import { cancelled } from './cancel';
import { createBuilder, type ColumnBuilder } from './column-builders';
import { CsvSource, detectCsvLayout, sampleCsv, type CsvLayout } from './csv-source';
import { canReadInSegments, readCsvInSegments, SEGMENT_BYTES, type CsvSegment, type SegmentParser } from './csv-segments';
import { planSegments } from './segment-cuts';
import { appendPackedSegment, appendSegment, segmentFitsChunks, type PackedChunkSink } from './append-segment';
import { headerOnly } from './header';
import { hashFileOnThread } from './file-hash-thread';
import type { EncodingOption } from './encoding';
import { ExcelSource, sampleExcel } from './excel-source';
import { inferColumn, settleTargets } from './infer-types';
import { detectPii, type PiiFinding } from './pii-guard';
import { PII_ROW_SHARE, PiiColumnScan, type PiiScanFinding } from './pii-scan';
import { PII_LABELS, requireReasons, type NotPiiDeclaration } from './pii-labels';
import { findFormattedNumbers, type FormattedNumbers } from './formatted-numbers';
import { HashingBuilder, keyKindOf, readSecretFile } from './hashing-builder';
import { skipColumn } from './column-builders';
import { ParquetSource, sampleParquet } from './parquet-source';
import type { DelimiterOption } from './sniff';
import type { TableSource } from './table-source';

export type FileFormat = 'csv' | 'parquet' | 'xlsx';

/** What the user chose in the import dialog or on the command line. */
export interface ImportRequest {
  file: string;
  /** Dataset name; default: the file name without extension. */
  name?: string;
  /** The party that brought the data; default 'lender'. */
  party?: string;
  encoding?: EncodingOption;
  delimiter?: DelimiterOption;
  /** Excel sheet; default the first. */
  sheet?: string;
  /** Per-column overrides of the inferred type and role. */
  types?: Record<string, ColumnType>;
  roles?: Record<string, ColumnRole>;
  /** Columns not to store at all (e.g. raw personal data). */
  drop?: string[];
  /** Raw id columns to pseudonymize on the way in (HMAC-SHA256 with the session secret), stored as `<column>_hmac_sha256` keys. */
  hash?: string[];
  /** The session secret file, for `hash`. */
  secretFile?: string;
  /** Columns the user declares are not personal data although they look like it, each with the reason (recorded in the audit log). */
  notPii?: NotPiiDeclaration[];
}

export interface ImportPreview {
  file: string;
  format: FileFormat;
  encoding: string | null;
  delimiter: string | null;
  sheets: string[] | null;
  sheet: string | null;
  header: string[];
  /** The first rows as text (null = missing), for the preview grid. */
  rows: (string | null)[][];
  /** Inferred types and roles with the request's overrides applied. */
  columns: ColumnSpec[];
  /** How many rows type inference looked at. */
  sampledRows: number;
  suggestedName: string;
  /** Columns that look like raw personal data; the import refuses them unless dropped. */
  pii: PiiFinding[];
  /** Text columns holding numbers in a format not read as numbers (1,000 · 50% · ¥1000 · (5) · full-width digits). */
  formattedNumbers: FormattedNumbers[];
}

export interface ImportedColumn {
  name: string;
  type: ColumnType;
  role: ColumnRole;
  missing: number;
  distinct: number;
}

export interface ImportResult {
  dataset: string;
  rows: number;
  columns: ImportedColumn[];
  /** What the user should know about the data, as codes and parameters; `warnings` the same in English. */
  notes: Said[];
  warnings: string[];
  format: FileFormat;
  bytes: number;
  sha256: string;
  seconds: number;
  /** Seconds spent reading and storing, profiling, and committing. */
  timings: { read: number; profile: number; commit: number };
}

const SAMPLE_ROWS = 2000;
const PREVIEW_ROWS = 50;
/** Bytes of column chunks held in memory while importing, whatever the width of the file. */
const CHUNK_BUDGET_BYTES = 64 * 1024 * 1024;
const MAX_CHUNK_ROWS = 65536;


/** Builders for every column of the file: dropped columns get one that reads and discards. */
function withDroppedColumns(total: number, keepIndex: number[], kept: ReturnType<typeof createBuilder>[], chunkRows: number): ReturnType<typeof createBuilder>[] {
  const all = new Array<ReturnType<typeof createBuilder>>(total);
  keepIndex.forEach((src, i) => { all[src] = kept[i]!; });
  for (let i = 0; i < total; i++) if (!all[i]) all[i] = skipColumn(chunkRows);
  return all;
}

/** Sizes an import may be given (tests use small ones to cut small files many times). */
export interface ImportTuning {
  /** Bytes per segment when a large CSV is read on both threads (about: segments hold whole chunks). */
  segmentBytes?: number;
  /** Rows per stored chunk (otherwise chosen from the number of columns). */
  chunkRows?: number;
}

/** Rows per chunk: 65,536 unless the file is so wide that the chunks would pass the memory budget. */
export function chooseChunkRows(columns: number): number {
  let rows = MAX_CHUNK_ROWS;
  while (rows > 256 && rows * columns * 8 > CHUNK_BUDGET_BYTES) rows >>= 1;
  return rows;
}

export function detectFormat(file: string): FileFormat {
  if (!fs.existsSync(file)) throw new AppError('FILE_NOT_FOUND', `${file} does not exist.`, { file });
  if (fs.statSync(file).isDirectory()) throw new AppError('INVALID_ARGUMENT', `${file} is a folder, not a data file.`, { file, expected: 'a CSV, TSV, Parquet or .xlsx file' });
  const head = Buffer.alloc(8);
  const fd = fs.openSync(file, 'r');
  const n = fs.readSync(fd, head, 0, 8, 0);
  fs.closeSync(fd);
  const magic = head.subarray(0, n);
  if (magic.subarray(0, 4).toString('latin1') === 'PAR1') return 'parquet';
  if (magic[0] === 0x50 && magic[1] === 0x4b && magic[2] === 0x03 && magic[3] === 0x04) return 'xlsx';
  if (magic[0] === 0xd0 && magic[1] === 0xcf && magic[2] === 0x11 && magic[3] === 0xe0) {
    throw new AppError('UNSUPPORTED_FORMAT', `${file} is a legacy Excel .xls workbook; save it as .xlsx or CSV.`, { file, expected: '.xlsx, CSV, TSV or Parquet' });
  }
  return 'csv';
}

function suggestName(file: string): string {
  return path.basename(file).replace(/\.(csv|tsv|txt|parquet|xlsx)$/i, '').trim() || 'dataset';
}

function applyOverrides(specs: ColumnSpec[], req: ImportRequest, file: string): ColumnSpec[] {
  const names = new Set(specs.map((s) => s.name));
  const check = (kind: string, col: string, value: string, valid: boolean, allowed: string) => {
    if (!names.has(col)) {
      throw new AppError('INVALID_ARGUMENT', `--${kind} ${col}=${value}: ${file} has no column '${col}' (columns: ${[...names].slice(0, 30).join(', ')}${names.size > 30 ? ', …' : ''}).`, {
        file, column: col, expected: 'a column of the file',
      });
    }
    if (!valid) throw new AppError('INVALID_ARGUMENT', `--${kind} ${col}=${value}: expected one of ${allowed}.`, { file, column: col, expected: allowed, got: value });
  };
  for (const [col, t] of Object.entries(req.types ?? {})) check('type', col, t, isColumnType(t), 'numeric | categorical | date | key | text');
  for (const [col, r] of Object.entries(req.roles ?? {})) check('role', col, r, isColumnRole(r), COLUMN_ROLES.join(' | '));
  return specs.map((s) => {
    const type = req.types?.[s.name] ?? s.type;
    let role = req.roles?.[s.name] ?? s.role;
    if (!req.roles?.[s.name] && type !== s.type) role = type === 'key' ? 'key' : type === 'date' ? 'time' : type === 'text' ? 'exclude' : s.role === 'key' || s.role === 'time' ? 'feature' : s.role;
    return { name: s.name, type, role };
  });
}

/** Reads the head of a file: format, encoding, delimiter, header, first rows, inferred types. */
export async function previewImport(req: ImportRequest): Promise<ImportPreview> {
  return (await previewWithLayout(req)).preview;
}

/** The preview, and for a CSV the layout it found (the import reads the file with it rather than sniffing again). */
async function previewWithLayout(req: ImportRequest): Promise<{ preview: ImportPreview; layout: CsvLayout | null }> {
  const format = detectFormat(req.file);
  let layout: CsvLayout | null = null;
  let sample;
  let encoding: string | null = null, delimiter: string | null = null, sheets: string[] | null = null, sheet: string | null = null;
  if (format === 'csv') {
    layout = detectCsvLayout(req.file, req.encoding, req.delimiter);
    sample = sampleCsv(req.file, layout, SAMPLE_ROWS);
    encoding = layout.encoding;
    delimiter = layout.delimiter === '\t' ? 'tab' : layout.delimiter;
  } else if (format === 'parquet') {
    sample = await sampleParquet(req.file, SAMPLE_ROWS);
  } else {
    const xs = await sampleExcel(req.file, req.sheet ?? null, SAMPLE_ROWS);
    sample = xs;
    sheets = xs.sheets;
    sheet = xs.sheet;
  }
  const { header, rows } = sample;
  const columns = settleTargets(header.map((name, i) => inferColumn(name, rows.map((r) => r[i] ?? null))));
  for (const d of req.drop ?? []) {
    if (!header.includes(d)) throw new AppError('INVALID_ARGUMENT', `${req.file} has no column '${d}' to leave out.`, { file: req.file, column: d, option: 'drop', expected: 'a column of the file' });
  }
  const preview: ImportPreview = {
    file: req.file, format, encoding, delimiter, sheets, sheet, header,
    rows: rows.slice(0, PREVIEW_ROWS),
    columns: applyOverrides(columns, req, req.file),
    sampledRows: rows.length,
    suggestedName: suggestName(req.file),
    pii: detectPii(header, rows),
    formattedNumbers: findFormattedNumbers(header, rows, new Set(columns.filter((c) => c.type === 'categorical' || c.type === 'text').map((c) => c.name))),
  };
  return { preview, layout };
}

async function openSource(preview: ImportPreview, req: ImportRequest, layout: CsvLayout | null): Promise<TableSource> {
  if (preview.format === 'csv') return new CsvSource(req.file, preview.header, layout ?? detectCsvLayout(req.file, req.encoding, req.delimiter));
  if (preview.format === 'parquet') return ParquetSource.open(req.file);
  return new ExcelSource(req.file, preview.header, preview.sheet!);
}

function notesOf(columns: ImportedColumn[], rows: number): Said[] {
  const w: Said[] = [];
  for (const c of columns) {
    if (c.missing === rows) w.push(said('import.allMissing', { column: c.name }));
    else if (c.distinct === 1) w.push(said('import.singleValue', { column: c.name }));
    if (c.role === 'key' && c.distinct + (c.missing > 0 ? 1 : 0) < rows) w.push(said('import.keyDuplicates', { column: c.name, distinct: c.distinct, rows }));
  }
  if (!columns.some((c) => c.role === 'target')) w.push(said('import.noTarget'));
  return w;
}

/** The columns declared not personal data, each with its reason (a declaration without a reason is refused). */
function declaredNotPii(req: ImportRequest, header: readonly string[]): Set<string> {
  for (const d of req.notPii ?? []) {
    if (!header.includes(d.column)) throw new AppError('INVALID_ARGUMENT', `${req.file} has no column '${d.column}' to declare not personal data.`, { file: req.file, column: d.column, option: 'notPii', expected: 'a column of the file' });
  }
  requireReasons(req.notPii);
  return new Set((req.notPii ?? []).map((d) => d.column));
}

/** Stops the import (nothing is kept) when a column holds raw personal data in more than 1 % of its rows, naming the first. */
function refuseRawPii(file: string, found: PiiScanFinding[]): void {
  const f = found[0];
  if (!f) return;
  throw new AppError('PII_REFUSED', `${file}, column '${f.column}': ${f.count.toLocaleString('en')} of ${f.present.toLocaleString('en')} values (${(f.share * 100).toFixed(1)}%) look like ${f.kinds.map((k) => PII_LABELS[k]).join(' or ')}, the first in data row ${f.firstRow}${found.length > 1 ? `; also ${found.slice(1).map((x) => `'${x.column}' (${PII_LABELS[x.kind]})`).join(', ')}` : ''}. More than ${PII_ROW_SHARE * 100}% of a column is refused: hash the column on the way in, leave it out, or declare it not personal data with a reason.`, {
    file, column: f.column, row: f.firstRow, expected: `at most ${PII_ROW_SHARE * 100}% values that look like personal data`, got: `${f.count} ${f.kind} values (${(f.share * 100).toFixed(1)}%)`, option: 'hash | drop | notPii',
  });
}

/**
 * Imports a file into the workspace as a new dataset stored by column, in one transaction: on
 * any error or cancel the workspace is left exactly as it was. Streams the file (memory bounded
 * by the chunk budget), profiles every column, and appends an audit entry with the file's sha256.
 * With `segmentParser` (the helper thread) a large CSV is parsed on both threads, in segments of
 * about `tuning.segmentBytes` holding whole chunks of rows, appended in file order: the same
 * dataset, the same errors.
 */
export async function importDataset(db: Database, req: ImportRequest, controls: JobControls, profiler?: ColumnProfiler, segmentParser?: SegmentParser, tuning: ImportTuning = {}): Promise<ImportResult> {
  const started = performance.now();
  const { preview, layout } = await previewWithLayout(req);
  const name = (req.name ?? preview.suggestedName).trim();
  if (!name) throw new AppError('INVALID_ARGUMENT', 'The dataset name is empty.', { expected: 'a non-empty name' });
  if (datasetExists(db, name)) {
    throw new AppError('DATASET_EXISTS', `The workspace already has a dataset named '${name}'; choose another name.`, { option: 'name', got: name });
  }
  const dropped = new Set(req.drop ?? []);
  const hashed = new Set(req.hash ?? []);
  for (const h of hashed) {
    if (!preview.header.includes(h)) throw new AppError('INVALID_ARGUMENT', `${req.file} has no column '${h}' to hash.`, { file: req.file, column: h, option: 'hash', expected: 'a column of the file' });
    if (dropped.has(h)) throw new AppError('INVALID_ARGUMENT', `Column '${h}' cannot be both dropped and hashed.`, { column: h });
  }
  const secret = hashed.size > 0 ? readSecretFile(req.secretFile) : null;
  const notPii = declaredNotPii(req, preview.header);
  const raw = preview.pii.filter((f) => !dropped.has(f.column) && !hashed.has(f.column) && !notPii.has(f.column));
  if (raw.length > 0) {
    const list = raw.map((f) => `'${f.column}' (${PII_LABELS[f.kind]}, ${Math.round(f.share * 100)}% of sampled values)`).join(', ');
    throw new AppError('PII_REFUSED', `${req.file} holds raw personal data in ${list}. Pseudonymize the ids first, hash the column on the way in, leave it out, or declare it not personal data with a reason.`, {
      file: req.file, column: raw[0]!.column, row: raw[0]!.firstRow, expected: 'hashed ids, not raw personal data', got: raw.map((f) => `${f.column}: ${f.kind}`).join('; '), option: 'hash | drop | notPii',
    });
  }
  const keepIndex = preview.columns.map((_, i) => i).filter((i) => !dropped.has(preview.columns[i]!.name));
  const specs = keepIndex.map((i) => {
    const c = preview.columns[i]!;
    return hashed.has(c.name) ? { name: `${c.name}_hmac_sha256`, type: 'key' as const, role: 'key' as const } : c;
  });
  if (new Set(specs.map((s) => s.name)).size !== specs.length) throw new AppError('DUPLICATE_COLUMN', `Hashing would give two columns the same name; rename a column of ${req.file}.`, { file: req.file });
  const chunkRows = tuning.chunkRows ?? chooseChunkRows(specs.length);
  const source = await openSource(preview, req, layout);
  const hash = createHash('sha256');
  let bytes = 0;
  /** The file's digest when another thread computed it. */
  let fileDigest: string | null = null;
  db.exec('BEGIN IMMEDIATE');
  try {
    const createdAt = new Date().toISOString();
    const datasetId = insertDataset(db, {
      name, party: req.party ?? 'lender', chunkRows, sourceFile: path.resolve(req.file), sourceSha256: '',
      format: preview.format, options: { ...source.details, types: req.types ?? {}, roles: req.roles ?? {} }, createdAt,
    });
    const columnIds = insertColumns(db, datasetId, specs.map((s) => ({ ...s, storage: storageOf(s.type) })));
    const writer = new ChunkWriter(db);
    const hashers: HashingBuilder[] = [];
    const columnBuilders = () => withDroppedColumns(preview.columns.length, keepIndex, specs.map((s, k) => {
      const source = preview.columns[keepIndex[k]!]!.name;
      if (!hashed.has(source)) return createBuilder(s, chunkRows);
      const h = new HashingBuilder(s, chunkRows, keyKindOf(preview.pii.find((f) => f.column === source)?.kind), secret!);
      hashers.push(h);
      return h;
    }), chunkRows);
    // Every value of every stored column is checked for raw personal data, chunk by chunk.
    const columnScans = () => keepIndex.map((i) => (hashed.has(preview.columns[i]!.name) || notPii.has(preview.columns[i]!.name) ? null : new PiiColumnScan(preview.columns[i]!.name)));
    let builders = columnBuilders();
    let scans = columnScans();
    let rows = 0, chunkIndex = 0, chunkStart = 0;
    const flush = () => {
      const count = rows - chunkStart;
      keepIndex.forEach((src, i) => {
        const b = builders[src]!;
        if (b.storage === 'f64') { writer.writeF64(columnIds[i]!, chunkIndex, chunkStart, b.chunkF64(), count); scans[i]?.numbers(b.chunkF64(), count, chunkStart + 1); }
        else { writer.writeI32(columnIds[i]!, chunkIndex, chunkStart, b.chunkI32(), count); scans[i]?.codes(b.chunkI32(), count, chunkStart + 1); }
      });
      chunkIndex++;
      chunkStart = rows;
    };
    const onBytes = (b: Uint8Array) => { hash.update(b); bytes += b.length; };
    const oneThread = () => source.readRows(builders, () => { if (++rows - chunkStart === chunkRows) flush(); }, controls, onBytes);
    const cuts = source instanceof CsvSource && segmentParser && canReadInSegments(source.layout, hashed.size) ? planSegments(req.file, fs.statSync(req.file).size, tuning.segmentBytes ?? SEGMENT_BYTES, chunkRows) : null;
    if (cuts && source instanceof CsvSource) {
      const fileHash = hashFileOnThread(req.file);
      db.exec('SAVEPOINT csv_segments');
      const specsByColumn = preview.columns.map((_, i) => { const k = keepIndex.indexOf(i); return k < 0 ? null : specs[k]!; });
      const addRows = (n: number) => { rows += n; if (rows - chunkStart === chunkRows) flush(); };
      const packedSink: PackedChunkSink = {
        numbers: (i, index, rowStart, count, blob) => writer.writePacked(columnIds[i]!, index, rowStart, count, blob),
        codes: (i, index, rowStart, codes, count) => { writer.writeI32(columnIds[i]!, index, rowStart, codes, count); scans[i]?.codes(codes, count, rowStart + 1); },
        tally: (i, t) => scans[i]?.addTally(t),
      };
      const append = (seg: CsvSegment, segmentsLeft: number) => {
        if (!segmentFitsChunks(seg, rows, chunkStart, chunkRows, segmentsLeft === 0)) {
          appendSegment(seg, builders, keepIndex, chunkRows, () => rows - chunkStart, addRows, segmentsLeft);
          return;
        }
        chunkIndex += appendPackedSegment(seg, builders, keepIndex, chunkRows, chunkIndex, packedSink, segmentsLeft);
        rows += seg.rows;
        chunkStart = rows;
      };
      let whole: boolean;
      try {
        whole = await readCsvInSegments({ file: req.file, layout: source.layout, header: preview.header, specs: specsByColumn }, cuts, segmentParser!, controls, append, chunkRows);
      } catch (err) {
        fileHash.stop();
        throw err;
      }
      if (whole) {
        const digest = await fileHash.done;
        fileDigest = digest.sha256;
        bytes = digest.bytes;
      } else {
        // A quoted field spans a cut: undo the segments and read the file from start to end.
        fileHash.stop();
        db.exec('ROLLBACK TO csv_segments');
        builders = columnBuilders(); scans = columnScans();
        rows = 0; chunkIndex = 0; chunkStart = 0;
        await oneThread();
      }
      db.exec('RELEASE csv_segments');
      if (rows === 0) throw headerOnly(req.file);
    } else {
      await oneThread();
    }
    if (rows > chunkStart) flush();
    const stored = keepIndex.map((i) => builders[i]!);
    // Hex of 32 digits or more is no phone, ID, card or e-mail: a column of hashed keys is not read as strings.
    const hashedKeys = (b: ColumnBuilder) => b.storage === 'i32' && b.byteDictionary().hexKeyLength >= 32;
    refuseRawPii(req.file, scans.flatMap((scan, i) => { const f = scan?.finding(hashedKeys(stored[i]!) ? [] : stored[i]!.dictionary()); return f ? [f] : []; }));
    const packedKeys = stored.map((b) => (b.storage === 'i32' ? b.byteDictionary().packedHexKeys() : null));
    stored.forEach((b, i) => { if (b.storage === 'i32') writer.writeDictionary(columnIds[i]!, packedKeys[i] ? [] : b.dictionary(), packedKeys[i]); });
    const sha256 = fileDigest ?? hash.digest('hex');
    const readDone = performance.now();
    finishDataset(db, datasetId, rows, sha256);
    controls.onProgress({ phase: 'profile', done: 0, total: specs.length, message: 'profiling columns' });
    // Codes are read back, but each dictionary is the one still in memory (a key column's
    // million strings are not decoded again).
    const storedDataset = getDataset(db, name);
    const columnAt = (i: number): ProfileInput => stored[i]!.storage === 'f64'
      ? readStoredF64(db, storedDataset, specs[i]!.name)
      : { kind: 'i32', codes: readCodes(db, storedDataset, specs[i]!.name), ...(packedKeys[i] ? { dictionary: [], packedKeys: packedKeys[i]! } : { dictionary: stored[i]!.dictionary() }) };
    const profile = await profileDataset(db, name, {}, controls, profiler, columnAt);
    const columns = profile.columns.map((c) => ({ name: c.name, type: c.type, role: c.role, missing: c.missing, distinct: c.distinct }));
    appendAudit(db, 'import', { dataset: name, party: req.party ?? 'lender', file: path.basename(req.file), sha256, bytes, rows, format: preview.format, details: source.details, columns: specs, dropped: [...dropped], hashed: [...hashed], notPii: req.notPii ?? [] }, createdAt);
    if (controls.signal.aborted) throw cancelled();
    controls.onProgress({ phase: 'commit', done: 1, total: 1, message: 'writing the workspace' });
    const profileDone = performance.now();
    db.exec('COMMIT');
    const end = performance.now();
    const timings = { read: (readDone - started) / 1000, profile: (profileDone - readDone) / 1000, commit: (end - profileDone) / 1000 };
    const notes = [
      ...notesOf(columns, rows),
      ...preview.formattedNumbers.filter((f) => keepIndex.some((i) => preview.columns[i]!.name === f.column)).map((f) => said('import.formattedNumbers', { column: f.column, format: f.format, example: f.example })),
      ...hashers.filter((h) => h.invalid > 0).map((h) => said('import.invalidIds', { count: h.invalid, column: h.spec.name })),
    ];
    return { dataset: name, rows, columns, notes, warnings: notes.map(saidInEnglish), format: preview.format, bytes, sha256, seconds: (end - started) / 1000, timings };
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw err;
  }
}
