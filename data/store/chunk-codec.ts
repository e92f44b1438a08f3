/**
 * Column chunks on disk. Int32 codes (−1 = missing) are their raw little-endian bytes. Float64
 * values (NaN = missing) are either their raw bytes (8 per value: any length that is a multiple of
 * 8), or — when every value of the chunk is a whole number that fits — packed as 1, 2 or 4-byte
 * integers: [width u8][count u32][count integers, the smallest one meaning missing][padding],
 * padded to a length of 8·m + 1, which no raw chunk has. Most credit columns (flags, counts, tiers,
 * days, amounts in whole units) take 1–4 bytes a value instead of 8: less to write, commit and read.
 * A chunk of decimals with at most four places (rates 0.35, amounts 1234.56) packs the same way
 * as the integers v·10^k, k in the width byte's high nibble: m / 10^k gives back exactly the
 * double the text parsed to, and only chunks where every value round-trips are packed.
 */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
if (!LITTLE_ENDIAN) throw new Error('Jointscore workspaces require a little-endian machine');

/** Packed widths and their missing-value sentinels (the type's smallest value). */
const PACKED: readonly { width: 1 | 2 | 4; min: number; max: number }[] = [
  { width: 1, min: -127, max: 127 },
  { width: 2, min: -32767, max: 32767 },
  { width: 4, min: -2147483647, max: 2147483647 },
];
const HEADER = 5;

/** Decimal scales tried, 10^1 … 10^4, when the values are not whole numbers. */
const SCALES = [1, 10, 100, 1000, 10000];

/** Scratch for the scaled integers of a chunk being packed. */
let scratch = new Int32Array(65536);

/**
 * Tries to write every value times `scale` as an integer into `scratch` (the type's smallest
 * value for missing): the narrowest width holding them, or 0 when a value is not a whole number
 * of that scale, is −0, or does not fit 32 bits.
 */
function packedWidth(values: Float64Array, count: number, scale: number): 0 | 1 | 2 | 4 {
  if (scale === 1) return packedWholeWidth(values, count);
  let lo = 0, hi = 0;
  const out = scratch;
  for (let i = 0; i < count; i++) {
    const v = values[i]!;
    if (v !== v) { out[i] = MISSING_32; continue; }
    const m = Math.round(v * scale);
    if (m / scale !== v || m > 2147483647 || m < -2147483647 || (v === 0 && 1 / v < 0)) return 0;
    out[i] = m;
    if (m < lo) lo = m; else if (m > hi) hi = m;
  }
  return PACKED.find((p) => lo >= p.min && hi <= p.max)?.width ?? 0;
}
const MISSING_32 = -2147483648;

/** `packedWidth` for whole numbers: one truncation and one comparison a value. */
function packedWholeWidth(values: Float64Array, count: number): 0 | 1 | 2 | 4 {
  let lo = 0, hi = 0;
  const out = scratch;
  for (let i = 0; i < count; i++) {
    const v = values[i]!;
    if (v !== v) { out[i] = MISSING_32; continue; }
    const m = v | 0;
    if (m !== v || m === MISSING_32 || (m === 0 && 1 / v < 0)) return 0;
    out[i] = m;
    if (m < lo) lo = m; else if (m > hi) hi = m;
  }
  return PACKED.find((p) => lo >= p.min && hi <= p.max)?.width ?? 0;
}

/** The smallest power of ten (exponent 0–4) under which every value packs, and the width. */
function packing(values: Float64Array, count: number): { width: 0 | 1 | 2 | 4; exponent: number } {
  if (scratch.length < count) scratch = new Int32Array(count);
  for (let k = 0; k < SCALES.length; k++) {
    const width = packedWidth(values, count, SCALES[k]!);
    if (width !== 0) return { width, exponent: k };
  }
  return { width: 0, exponent: 0 };
}

export function encodeF64(values: Float64Array, count: number = values.length): Buffer {
  const { width, exponent } = packing(values, count);
  if (width === 0) return Buffer.from(values.buffer, values.byteOffset, count * 8);
  const length = HEADER + width * count;
  const out = Buffer.allocUnsafeSlow(length + ((9 - (length % 8)) % 8));
  out.fill(0, length);
  out[0] = width | (exponent << 4);
  out.writeUInt32LE(count, 1);
  const ints = scratch;
  if (width === 4) { out.set(new Uint8Array(ints.buffer, 0, count * 4), HEADER); return out; }
  // Int8 values go straight into the blob; Int16 ones need an aligned array first. (One loop
  // per type: a store through an Int8Array | Int16Array costs several times a monomorphic one.)
  if (width === 1) {
    const packed = new Int8Array(out.buffer, out.byteOffset + HEADER, count);
    for (let i = 0; i < count; i++) { const m = ints[i]!; packed[i] = m === MISSING_32 ? -128 : m; }
  } else {
    const packed = new Int16Array(count);
    for (let i = 0; i < count; i++) { const m = ints[i]!; packed[i] = m === MISSING_32 ? -32768 : m; }
    out.set(new Uint8Array(packed.buffer), HEADER);
  }
  return out;
}

/**
 * Codes (−1 = missing) of a chunk whose dictionary codes all fit a byte or two are packed as Int8 or
 * Int16 ([width u8][count u32][codes][padding to 4·m + 1 bytes]); otherwise their raw 4-byte values.
 */
export function encodeI32(codes: Int32Array, count: number = codes.length): Buffer {
  let max = -1;
  for (let i = 0; i < count; i++) if (codes[i]! > max) max = codes[i]!;
  const width = count === 0 ? 0 : max <= 127 ? 1 : max <= 32767 ? 2 : 0;
  if (width === 0) return Buffer.from(codes.buffer, codes.byteOffset, count * 4);
  const length = HEADER + width * count;
  const out = Buffer.alloc(length + ((5 - (length % 4)) % 4));
  out[0] = width;
  out.writeUInt32LE(count, 1);
  const packed = width === 1 ? Int8Array.from(codes.subarray(0, count)) : Int16Array.from(codes.subarray(0, count));
  out.set(new Uint8Array(packed.buffer), HEADER);
  return out;
}

/** Copies a blob into `target` at `offset` (in elements). Returns the number of values written. */
export function decodeF64Into(blob: Uint8Array, target: Float64Array, offset: number): number {
  if (blob.byteLength % 8 === 0) {
    new Uint8Array(target.buffer, target.byteOffset + offset * 8, blob.byteLength).set(blob);
    return blob.byteLength / 8;
  }
  const { ints, missing, exponent, count } = packedInts(blob);
  const scale = SCALES[exponent]!;
  if (scale === 1) for (let i = 0; i < count; i++) { const v = ints[i]!; target[offset + i] = v === missing ? NaN : v; }
  else for (let i = 0; i < count; i++) { const v = ints[i]!; target[offset + i] = v === missing ? NaN : v / scale; }
  return count;
}

/** A packed f64 chunk's header, checked: bytes per integer, scale exponent, how many, the missing sentinel. */
function packedHeader(blob: Uint8Array): { width: 1 | 2 | 4; exponent: number; count: number; missing: number } {
  if (blob.byteLength % 8 !== 1 || blob.byteLength < HEADER) throw new Error(`corrupt f64 chunk: ${blob.byteLength} bytes`);
  const width = blob[0]! & 15;
  const exponent = blob[0]! >> 4;
  const count = new DataView(blob.buffer, blob.byteOffset + 1, 4).getUint32(0, true);
  if ((width !== 1 && width !== 2 && width !== 4) || SCALES[exponent] === undefined || HEADER + width * count > blob.byteLength) throw new Error(`corrupt f64 chunk: width byte ${blob[0]}, ${count} values in ${blob.byteLength} bytes`);
  return { width, exponent, count, missing: width === 1 ? -128 : width === 2 ? -32768 : -2147483648 };
}

/** A packed f64 chunk's integers widened to Int32 (one array type for the loops that read them), its missing sentinel and scale exponent. */
function packedInts(blob: Uint8Array): { ints: Int32Array; missing: number; exponent: number; count: number } {
  const { width, exponent, count, missing } = packedHeader(blob);
  // A copy: the packed integers need an aligned buffer of their own.
  const bytes = new Uint8Array(blob.subarray(HEADER, HEADER + width * count));
  const ints = width === 4 ? new Int32Array(bytes.buffer, bytes.byteOffset, count) : new Int32Array(count);
  if (width === 1) ints.set(new Int8Array(bytes.buffer, bytes.byteOffset, count));
  else if (width === 2) ints.set(new Int16Array(bytes.buffer, bytes.byteOffset, count));
  return { ints, missing, exponent, count };
}

/** The most a key of `packedColumnKeys` may be in size: its sorts count on 31-bit offsets. */
const KEY_LIMIT = 1073741823;

/**
 * The present values of a column's chunks as the integers m of one scale 10^k (value = m / 10^k,
 * exactly as decoding gives), straight from the packed chunks — no double decoded, no scale
 * searched: the keys a sort of the values needs. Null when a chunk is stored raw or a key would
 * pass ±2^30 at the column's scale. `keys` holds the present values in row order.
 */
export function packedColumnKeys(chunks: readonly Uint8Array[]): { keys: Int32Array; count: number; exponent: number; min: number; max: number } | null {
  if (chunks.some((blob) => blob.byteLength % 8 !== 1)) return null;
  const packed = chunks.map(packedInts);
  const exponent = Math.max(0, ...packed.map((p) => p.exponent));
  const keys = new Int32Array(packed.reduce((n, p) => n + p.count, 0));
  let n = 0, min = Infinity, max = -Infinity;
  for (const { ints, missing, exponent: e, count } of packed) {
    const factor = SCALES[exponent - e]!;
    for (let i = 0; i < count; i++) {
      const v = ints[i]!;
      if (v === missing) continue;
      const m = v * factor;
      if (m > KEY_LIMIT || m < -KEY_LIMIT) return null;
      keys[n++] = m;
      if (m < min) min = m;
      if (m > max) max = m;
    }
  }
  return { keys: keys.subarray(0, n), count: keys.length, exponent, min, max };
}

/** What unpacks packed integers elsewhere (a WebAssembly kernel): room for n keys, then each chunk's integers appended as keys. */
export interface KeyUnpacker {
  /** Room for n keys; forgets the extremes seen so far. */
  start(n: number): void;
  /** Appends the present integers of `ints` (`width` bytes each) times `factor` as keys from key `at`; returns how many, or −1 when one passes ±limit before scaling. */
  unpack(ints: Uint8Array, width: number, count: number, factor: number, missing: number, limit: number, at: number): number;
  /** The smallest and largest key appended since `start`. */
  range(): { min: number; max: number };
}

/** `packedColumnKeys` with the integers unpacked by `unpacker` (the keys stay in its memory): how many keys, and as there. */
export function unpackColumnKeys(chunks: readonly Uint8Array[], unpacker: KeyUnpacker): { n: number; count: number; exponent: number; min: number; max: number } | null {
  if (chunks.some((blob) => blob.byteLength % 8 !== 1)) return null;
  const heads = chunks.map(packedHeader);
  const exponent = Math.max(0, ...heads.map((h) => h.exponent));
  const count = heads.reduce((n, h) => n + h.count, 0);
  unpacker.start(count);
  let n = 0;
  for (let c = 0; c < chunks.length; c++) {
    const { width, exponent: e, count: m, missing } = heads[c]!;
    const factor = SCALES[exponent - e]!;
    const written = unpacker.unpack(chunks[c]!.subarray(HEADER, HEADER + width * m), width, m, factor, missing, Math.floor(KEY_LIMIT / factor), n);
    if (written < 0) return null;
    n += written;
  }
  const { min, max } = unpacker.range();
  return { n, count, exponent, min: n > 0 ? min : Infinity, max: n > 0 ? max : -Infinity };
}

export function decodeI32Into(blob: Uint8Array, target: Int32Array, offset: number): number {
  if (blob.byteLength % 4 === 0) {
    new Uint8Array(target.buffer, target.byteOffset + offset * 4, blob.byteLength).set(blob);
    return blob.byteLength / 4;
  }
  const width = blob[0]!;
  const count = blob.byteLength >= HEADER ? new DataView(blob.buffer, blob.byteOffset + 1, 4).getUint32(0, true) : 0;
  if (blob.byteLength % 4 !== 1 || (width !== 1 && width !== 2) || HEADER + width * count > blob.byteLength) throw new Error(`corrupt i32 chunk: ${blob.byteLength} bytes`);
  const bytes = new Uint8Array(blob.subarray(HEADER, HEADER + width * count));
  target.set(width === 1 ? new Int8Array(bytes.buffer, 0, count) : new Int16Array(bytes.buffer, 0, count), offset);
  return count;
}
