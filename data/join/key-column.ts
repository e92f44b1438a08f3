import type { Database } from 'better-sqlite3';
import { AppError } from '../../types/errors';
import { readCodes, readColumn, readDictionary, readPackedKeys } from '../store/column-chunks';
import type { StoredDataset } from '../store/datasets';
import { HexKeyIndex, wordsOf } from './hex-key-index';
import { matchHexPart, OTHER_PART, type PackedKeys } from './match-hex-part';
import { StringIndex } from './string-index';

/**
 * A join key column as codes into its distinct normalized keys: hashed keys (hex of one length,
 * any case) as packed bytes, anything else as trimmed lower-case strings.
 */
export type KeyColumn = { codes: Int32Array; count: number } & (
  | { kind: 'hex'; width: number; bytes: Uint8Array; /** Codes and keys exactly as stored (a packed dictionary read as it is). */ asStored?: boolean }
  | { kind: 'text'; keys: string[] }
);

export function keyColumn(db: Database, ds: StoredDataset, column: string, side: string): KeyColumn {
  const idx = ds.columns.findIndex((c) => c.name === column);
  const info = ds.columns[idx];
  if (!info) {
    throw new AppError('NOT_FOUND', `The ${side} dataset '${ds.name}' has no key column '${column}' (columns: ${ds.columns.map((c) => c.name).slice(0, 30).join(', ')}).`, { column, expected: 'the hashed key column' });
  }
  if (info.storage === 'i32') {
    const columnId = ds.columnIds[idx]!;
    const codes = readCodes(db, ds, column);
    // In shared memory: the helper reads them as they are when matching on two threads.
    const packed = readPackedKeys(db, columnId, { shared: true });
    if (packed) return { kind: 'hex', codes, count: packed.count, width: packed.width, bytes: packed.bytes, asStored: true };
    const dictionary = readDictionary(db, columnId);
    const hex = packHexKeys(dictionary);
    if (hex) return { kind: 'hex', codes: remapCodes(codes, hex.remap), count: hex.count, width: hex.width, bytes: hex.bytes };
    return textKeys(codes, dictionary);
  }
  const col = readColumn(db, ds, column);
  if (col.kind !== 'f64') throw new Error(`column '${column}' is not numeric`);
  const index = new Map<number, number>();
  const keys: string[] = [];
  const codes = new Int32Array(col.values.length);
  col.values.forEach((v, i) => {
    if (Number.isNaN(v)) { codes[i] = -1; return; }
    let c = index.get(v);
    if (c === undefined) { c = keys.length; keys.push(String(v)); index.set(v, c); }
    codes[i] = c;
  });
  return { kind: 'text', codes, count: keys.length, keys };
}

function remapCodes(codes: Int32Array, remap: Int32Array): Int32Array {
  return codes.map((c) => (c < 0 ? -1 : remap[c]!));
}

/** Distinct raw values may normalize to the same key (surrounding space, upper case). */
function textKeys(codes: Int32Array, dictionary: string[]): KeyColumn {
  const index = new Map<string, number>();
  const keys: string[] = [];
  const remap = Int32Array.from(dictionary, (v) => {
    const k = v.trim().toLowerCase();
    let c = index.get(k);
    if (c === undefined) { c = keys.length; keys.push(k); index.set(k, c); }
    return c;
  });
  return { kind: 'text', codes: remapCodes(codes, remap), count: keys.length, keys };
}

const isHexDigit = (c: number) => (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);

/**
 * Packs a dictionary of hex keys of one length (any case, surrounding space ignored) as bytes,
 * merging values that differ only in case; null when it is not such a dictionary.
 */
export function packHexKeys(values: readonly string[]): { width: number; count: number; bytes: Uint8Array; remap: Int32Array } | null {
  if (values.length === 0) return null;
  const trimmed = values.map((v) => v.trim());
  const len = trimmed[0]!.length;
  if (len < 16 || len > 128 || len % 8 !== 0) return null;
  for (const v of trimmed) {
    if (v.length !== len) return null;
    for (let i = 0; i < len; i++) if (!isHexDigit(v.charCodeAt(i))) return null;
  }
  const width = len / 2;
  const all = new Uint8Array(Buffer.from(trimmed.join(''), 'hex'));
  const index = new HexKeyIndex(all, width, values.length);
  const remap = new Int32Array(values.length);
  const firstOf: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const at = index.add(i);
    if (at === i) { remap[i] = firstOf.length; firstOf.push(i); } else remap[i] = remap[at]!;
  }
  if (firstOf.length === values.length) return { width, count: values.length, bytes: all, remap };
  const bytes = new Uint8Array(firstOf.length * width);
  firstOf.forEach((i, c) => bytes.set(all.subarray(i * width, (i + 1) * width), c * width));
  return { width, count: firstOf.length, bytes, remap };
}

const HEX32 = /^[0-9a-f]{32}$/;
const HEX64 = /^[0-9a-f]{64}$/;

function shapeOfWidth(width: number): string {
  return width === 16 ? 'md5 (32 hex digits)' : width === 32 ? 'sha256 (64 hex digits)' : `${width * 2} hex digits`;
}

/** What the keys look like: a hash by its hex length, or null for anything else. */
export function hashShape(k: KeyColumn): string | null {
  if (k.kind === 'hex') return shapeOfWidth(k.width);
  const n = Math.min(k.keys.length, 5000);
  if (n === 0) return null;
  let h32 = 0, h64 = 0;
  for (let i = 0; i < n; i++) { const s = k.keys[i]!; if (HEX32.test(s)) h32++; else if (HEX64.test(s)) h64++; }
  if (h32 / n > 0.95) return shapeOfWidth(16);
  if (h64 / n > 0.95) return shapeOfWidth(32);
  return null;
}

/** The keys as strings (hex keys spelled in lower case). */
function keyStrings(k: KeyColumn): string[] {
  if (k.kind === 'text') return k.keys;
  const hex = Buffer.from(k.bytes.buffer, k.bytes.byteOffset, k.bytes.byteLength).toString('hex');
  const chars = k.width * 2;
  return Array.from({ length: k.count }, (_, i) => hex.slice(i * chars, (i + 1) * chars));
}

/** For each distinct left key, the code of the equal right key, or −1. */
export function matchKeys(left: KeyColumn, right: KeyColumn): Int32Array {
  const match = new Int32Array(left.count);
  if (left.kind === 'hex' && right.kind === 'hex' && left.width === right.width) {
    const index = new HexKeyIndex(right.bytes, right.width, right.count);
    for (let i = 0; i < right.count; i++) index.add(i);
    const words = wordsOf(left.bytes);
    for (let c = 0; c < left.count; c++) match[c] = index.find(words, c);
    return match;
  }
  const index = new StringIndex(keyStrings(right));
  const keys = keyStrings(left);
  for (let c = 0; c < left.count; c++) match[c] = index.get(keys[c]!);
  return match;
}

/** Matches the other half of two sets of hashed keys elsewhere (the helper thread): `matchHexPart(left, right, part)`. */
export type HalfMatcher = (task: { left: PackedKeys; right: PackedKeys; part: number }) => Promise<Int32Array>;

/** Keys, in memory both threads read (copied once into a SharedArrayBuffer unless they are there). */
function sharedKeys(k: { bytes: Uint8Array; width: number; count: number }): PackedKeys {
  if (k.bytes.buffer instanceof SharedArrayBuffer) return { bytes: k.bytes, width: k.width, count: k.count };
  const bytes = new Uint8Array(new SharedArrayBuffer(k.bytes.byteLength));
  bytes.set(k.bytes);
  return { bytes, width: k.width, count: k.count };
}

/**
 * `matchKeys`, for many hashed keys on two threads when a helper is given: each matches the keys
 * whose hash falls in its half (see matchHexPart) — the same answer, in about half the time.
 */
export async function matchKeysOnTwoThreads(left: KeyColumn, right: KeyColumn, otherHalf?: HalfMatcher): Promise<Int32Array> {
  if (!otherHalf || left.kind !== 'hex' || right.kind !== 'hex' || left.width !== right.width || left.count + right.count < 200_000) return matchKeys(left, right);
  const l = sharedKeys(left), r = sharedKeys(right);
  const theirs = otherHalf({ left: l, right: r, part: 1 });
  const mine = matchHexPart(l, r, 0);
  const other = await theirs;
  for (let c = 0; c < mine.length; c++) if (mine[c] === OTHER_PART) mine[c] = other[c]!;
  return mine;
}
