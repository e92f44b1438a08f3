import type { Database, Statement } from 'better-sqlite3';
import type { CodedColumn, ColumnData, NumericColumn } from '../../types/columns';
import { AppError } from '../../types/errors';
import { decodeF64Into, decodeI32Into, encodeF64, encodeI32 } from './chunk-codec';

/** A packed chunk as raw little-endian bytes of Float64 values or Int32 codes. */
function unpack(blob: Uint8Array, storage: 'f64' | 'i32', count: number): Uint8Array {
  const values = storage === 'f64' ? new Float64Array(count) : new Int32Array(count);
  if (values instanceof Float64Array) decodeF64Into(blob, values, 0); else decodeI32Into(blob, values, 0);
  return new Uint8Array(values.buffer);
}
import { getDataset, type StoredDataset } from './datasets';
import { decodeDictionaryChunk, encodeDictionaryChunk, hexKeyWidth, isPackableWidth, packedWidth } from './dictionary-codec';

/** Writes chunks and dictionaries during an import; one prepared statement each. */
export class ChunkWriter {
  private readonly insertChunk: Statement;
  private readonly insertDict: Statement;

  constructor(db: Database) {
    this.insertChunk = db.prepare(
      'INSERT INTO column_chunks (column_id, chunk_index, row_start, row_count, data) VALUES (?, ?, ?, ?, ?)',
    );
    this.insertDict = db.prepare('INSERT INTO dictionary_chunks (column_id, chunk_index, encoding, data) VALUES (?, ?, ?, ?)');
  }

  writeF64(columnId: number, chunkIndex: number, rowStart: number, values: Float64Array, count: number): void {
    this.insertChunk.run(columnId, chunkIndex, rowStart, count, encodeF64(values, count));
  }

  /** Writes a chunk already packed by `encodeF64` (on another thread). */
  writePacked(columnId: number, chunkIndex: number, rowStart: number, count: number, blob: Uint8Array): void {
    this.insertChunk.run(columnId, chunkIndex, rowStart, count, blob);
  }

  writeI32(columnId: number, chunkIndex: number, rowStart: number, codes: Int32Array, count: number): void {
    this.insertChunk.run(columnId, chunkIndex, rowStart, count, encodeI32(codes, count));
  }

  /** Writes a whole column (values or codes) in chunks of `chunkRows` rows. */
  writeColumn(columnId: number, data: Float64Array | Int32Array, chunkRows: number): void {
    for (let start = 0, chunk = 0; start < data.length; start += chunkRows, chunk++) {
      const n = Math.min(chunkRows, data.length - start);
      if (data instanceof Float64Array) this.writeF64(columnId, chunk, start, data.subarray(start, start + n), n);
      else this.writeI32(columnId, chunk, start, data.subarray(start, start + n), n);
    }
  }

  /**
   * Stores a dictionary in chunks of DICTIONARY_CHUNK values: hashed keys packed as bytes, anything
   * else as JSON. `packed`, when the caller has the keys as bytes already (of a packable width), is
   * used as it is and `values` may be empty.
   */
  writeDictionary(columnId: number, values: readonly string[], packed?: { width: number; bytes: Uint8Array } | null): void {
    const width = packed && isPackableWidth(packed.width) ? packed.width : packed ? 0 : hexKeyWidth(values);
    const count = packed && width > 0 ? packed.bytes.length / width : values.length;
    for (let i = 0; i * DICTIONARY_CHUNK < count || i === 0; i++) {
      if (packed && width > 0) {
        this.insertDict.run(columnId, i, `hex${width}`, packed.bytes.subarray(i * DICTIONARY_CHUNK * width, (i + 1) * DICTIONARY_CHUNK * width));
        continue;
      }
      const { encoding, data } = encodeDictionaryChunk(values.slice(i * DICTIONARY_CHUNK, (i + 1) * DICTIONARY_CHUNK), width);
      this.insertDict.run(columnId, i, encoding, data);
    }
  }
}

function columnId(ds: StoredDataset, column: string): { id: number; storage: 'f64' | 'i32' } {
  const idx = ds.columns.findIndex((c) => c.name === column);
  const info = ds.columns[idx];
  if (!info) {
    throw new AppError('NOT_FOUND', `Dataset '${ds.name}' has no column '${column}'.`, { column, expected: 'a column of the dataset' });
  }
  return { id: ds.columnIds[idx] as number, storage: info.storage };
}

/** Reads one whole column; touches only that column's chunks. */
export function readColumn(db: Database, dataset: string | StoredDataset, column: string): ColumnData {
  const ds = typeof dataset === 'string' ? getDataset(db, dataset) : dataset;
  const { id, storage } = columnId(ds, column);
  if (storage === 'f64') {
    const chunks = db.prepare('SELECT row_start, data FROM column_chunks WHERE column_id = ? ORDER BY chunk_index');
    const values = new Float64Array(ds.rows);
    for (const r of chunks.iterate(id) as Iterable<{ row_start: number; data: Buffer }>) decodeF64Into(r.data, values, r.row_start);
    return { kind: 'f64', values } satisfies NumericColumn;
  }
  return { kind: 'i32', codes: readCodes(db, ds, column), dictionary: readDictionary(db, id) } satisfies CodedColumn;
}

/** Codes per dictionary chunk. */
export const DICTIONARY_CHUNK = 65536;

/** The column whose dictionary chunks a column reads: its own, or the one it shares (`dictionary_of`). */
export function dictionaryOwner(db: Database, columnIdValue: number): number {
  const owner = db.prepare('SELECT dictionary_of FROM columns WHERE id = ?').pluck().get(columnIdValue) as number | null | undefined;
  return owner ?? columnIdValue;
}

export function readDictionary(db: Database, columnIdValue: number): string[] {
  const chunks = db.prepare('SELECT encoding, data FROM dictionary_chunks WHERE column_id = ? ORDER BY chunk_index').all(dictionaryOwner(db, columnIdValue)) as DictionaryRow[];
  const parts = chunks.map((c) => decodeDictionaryChunk(c.encoding, c.data));
  if (parts.length === 1) return parts[0]!;
  // Array.prototype.flat/flatMap cost ~20× this loop on a million values.
  const out = new Array<string>(parts.reduce((n, p) => n + p.length, 0));
  let k = 0;
  for (const p of parts) for (let i = 0; i < p.length; i++) out[k++] = p[i]!;
  return out;
}

interface DictionaryRow { encoding: string; data: Buffer }

/** A dictionary of hashed keys as packed bytes (`width` bytes per key), or null when it is not packed. */
export function readPackedKeys(db: Database, columnIdValue: number, options: { shared?: boolean } = {}): { width: number; count: number; bytes: Uint8Array } | null {
  // The encodings first: they sit before the blobs, so a JSON dictionary is not read for nothing.
  const owner = dictionaryOwner(db, columnIdValue);
  const encodings = db.prepare('SELECT DISTINCT encoding FROM dictionary_chunks WHERE column_id = ?').pluck().all(owner) as string[];
  const width = encodings.length === 1 ? packedWidth(encodings[0]!) : 0;
  if (width === 0) return null;
  // Each chunk copied straight into one buffer of the total's size — `shared`: memory another
  // thread reads as it is (a join matching keys on two threads), not copied again.
  const total = db.prepare('SELECT COALESCE(SUM(LENGTH(data)), 0) FROM dictionary_chunks WHERE column_id = ?').pluck().get(owner) as number;
  const bytes = new Uint8Array(options.shared ? new SharedArrayBuffer(total) : new ArrayBuffer(total));
  let at = 0;
  for (const data of db.prepare('SELECT data FROM dictionary_chunks WHERE column_id = ? ORDER BY chunk_index').pluck().iterate(owner) as IterableIterator<Buffer>) {
    bytes.set(data, at);
    at += data.byteLength;
  }
  return { width, count: total / width, bytes };
}

/** Blobs copied end to end into one buffer, with the byte where each ends. */
function endToEnd(blobs: readonly Uint8Array[]): { bytes: Uint8Array; ends: Int32Array } {
  const bytes = new Uint8Array(blobs.reduce((n, b) => n + b.byteLength, 0));
  const ends = new Int32Array(blobs.length);
  let at = 0;
  blobs.forEach((b, k) => { bytes.set(b, at); at += b.byteLength; ends[k] = at; });
  return { bytes, ends };
}

/** A column of numbers as stored: its chunks' bytes end to end (a thread that profiles it unpacks them). */
export interface StoredF64Column {
  kind: 'f64-stored';
  rows: number;
  bytes: Uint8Array;
  /** Per chunk: the byte where it ends in `bytes`, and its first row. */
  ends: Int32Array;
  rowStarts: Int32Array;
}

/** The stored chunks of a column of numbers, without decoding them (one copy into one buffer, which can be handed to another thread). */
export function readStoredF64(db: Database, ds: StoredDataset, column: string): StoredF64Column {
  const { id } = columnId(ds, column);
  const chunks = db.prepare('SELECT row_start, data FROM column_chunks WHERE column_id = ? ORDER BY chunk_index').all(id) as { row_start: number; data: Buffer }[];
  const { bytes, ends } = endToEnd(chunks.map((c) => c.data));
  return { kind: 'f64-stored', rows: ds.rows, bytes, ends, rowStarts: Int32Array.from(chunks, (c) => c.row_start) };
}

export function unpackStoredF64(col: StoredF64Column): NumericColumn {
  const values = new Float64Array(col.rows);
  storedChunks(col).forEach((blob, k) => decodeF64Into(blob, values, col.rowStarts[k]!));
  return { kind: 'f64', values };
}

/** Each chunk's bytes (views into `bytes`). */
export function storedChunks(col: StoredF64Column): Uint8Array[] {
  return Array.from(col.ends, (end, k) => col.bytes.subarray(k === 0 ? 0 : col.ends[k - 1]!, end));
}

/**
 * A column as the profile reads it: a coded column of hashed keys keeps them packed
 * (`packedKeys`, an empty `dictionary`) instead of decoding a string per key.
 */
export function readColumnForProfile(db: Database, ds: StoredDataset, column: string): ColumnData {
  const { id, storage } = columnId(ds, column);
  if (storage !== 'i32') return readColumn(db, ds, column);
  const packed = readPackedKeys(db, id);
  if (!packed) return readColumn(db, ds, column);
  return { kind: 'i32', codes: readCodes(db, ds, column), dictionary: [], packedKeys: { width: packed.width, bytes: packed.bytes } };
}

/** Reads only the codes of a coded column (no dictionary), e.g. to copy them into another dataset. */
export function readCodes(db: Database, ds: StoredDataset, column: string): Int32Array {
  const { id, storage } = columnId(ds, column);
  if (storage !== 'i32') throw new Error(`column '${column}' is not dictionary-coded`);
  const codes = new Int32Array(ds.rows);
  const chunks = db.prepare('SELECT row_start, data FROM column_chunks WHERE column_id = ? ORDER BY chunk_index');
  for (const r of chunks.iterate(id) as Iterable<{ row_start: number; data: Buffer }>) decodeI32Into(r.data, codes, r.row_start);
  return codes;
}

/** Gives column `toColumnId` the chunks of `fromColumnId` (same rows, same chunk size), inside SQLite (no decoding). */
export function copyChunks(db: Database, fromColumnId: number, toColumnId: number): void {
  db.prepare('INSERT INTO column_chunks (column_id, chunk_index, row_start, row_count, data) SELECT ?, chunk_index, row_start, row_count, data FROM column_chunks WHERE column_id = ?').run(toColumnId, fromColumnId);
}

/** Gives column `toColumnId` the dictionary of `fromColumnId` by sharing it: nothing is copied. */
export function shareDictionary(db: Database, fromColumnId: number, toColumnId: number): void {
  db.prepare('UPDATE columns SET dictionary_of = ? WHERE id = ?').run(dictionaryOwner(db, fromColumnId), toColumnId);
}


/** Reads the rows [offset, offset + limit) of one column, touching only the chunks that hold them. */
export function readColumnSlice(
  db: Database,
  ds: StoredDataset,
  column: string,
  offset: number,
  limit: number,
): { kind: 'f64'; values: Float64Array } | { kind: 'i32'; codes: Int32Array; columnId: number } {
  const { id, storage } = columnId(ds, column);
  const end = Math.min(ds.rows, offset + limit);
  const n = Math.max(0, end - offset);
  const first = Math.floor(offset / ds.chunkRows);
  const last = Math.floor(Math.max(offset, end - 1) / ds.chunkRows);
  const rows = db
    .prepare('SELECT row_start, row_count, data FROM column_chunks WHERE column_id = ? AND chunk_index BETWEEN ? AND ? ORDER BY chunk_index')
    .all(id, first, last) as { row_start: number; row_count: number; data: Buffer }[];
  const width = storage === 'f64' ? 8 : 4;
  const bytes = new Uint8Array(n * width);
  for (const r of rows) {
    const from = Math.max(offset, r.row_start);
    const to = Math.min(end, r.row_start + r.row_count);
    if (to <= from) continue;
    // A packed chunk is unpacked first; a raw one is sliced as it is.
    const raw = r.data.byteLength % width !== 0 ? unpack(r.data, storage, r.row_count) : r.data;
    bytes.set(raw.subarray((from - r.row_start) * width, (to - r.row_start) * width), (from - offset) * width);
  }
  return storage === 'f64'
    ? { kind: 'f64', values: new Float64Array(bytes.buffer, 0, n) }
    : { kind: 'i32', codes: new Int32Array(bytes.buffer, 0, n), columnId: id };
}

/** Looks up the dictionary values of the given codes, reading only the dictionary chunks that hold them. */
export function lookupCodes(db: Database, columnIdValue: number, codes: Iterable<number>): Map<number, string> {
  const stmt = db.prepare('SELECT encoding, data FROM dictionary_chunks WHERE column_id = ? AND chunk_index = ?');
  columnIdValue = dictionaryOwner(db, columnIdValue);
  const loaded = new Map<number, string[]>();
  const out = new Map<number, string>();
  for (const code of codes) {
    if (code < 0 || out.has(code)) continue;
    const chunk = Math.floor(code / DICTIONARY_CHUNK);
    let values = loaded.get(chunk);
    if (!values) {
      const row = stmt.get(columnIdValue, chunk) as DictionaryRow | undefined;
      values = row ? decodeDictionaryChunk(row.encoding, row.data) : [];
      loaded.set(chunk, values);
    }
    const v = values[code % DICTIONARY_CHUNK];
    if (v !== undefined) out.set(code, v);
  }
  return out;
}
