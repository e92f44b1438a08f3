/**
 * Column chunks on disk. Int32 codes (−1 = missing) are their raw little-endian bytes. Float64
 * values (NaN = missing) are either their raw bytes (8 per value: any length that is a multiple of
 * 8), or — when every value of the chunk is a whole number that fits — packed as 1, 2 or 4-byte
 * integers: [width u8][count u32][count integers, the smallest one meaning missing][padding],
 * padded to a length of 8·m + 1, which no raw chunk has. Most credit columns (flags, counts, tiers,
 * days, amounts in whole units) take 1–4 bytes a value instead of 8: less to write, commit and read.
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

/** The narrowest packed width holding every value (whole numbers, not −0, or NaN), or 0 when none does. */
function packedWidth(values: Float64Array, count: number): 0 | 1 | 2 | 4 {
  let lo = 0, hi = 0;
  for (let i = 0; i < count; i++) {
    const v = values[i]!;
    if (v !== v) continue;
    if (!Number.isInteger(v) || Object.is(v, -0)) return 0;
    if (v < lo) lo = v; else if (v > hi) hi = v;
  }
  return PACKED.find((p) => lo >= p.min && hi <= p.max)?.width ?? 0;
}

export function encodeF64(values: Float64Array, count: number = values.length): Buffer {
  const width = packedWidth(values, count);
  if (width === 0) return Buffer.from(values.buffer, values.byteOffset, count * 8);
  const length = HEADER + width * count;
  const out = Buffer.alloc(length + ((9 - (length % 8)) % 8));
  out[0] = width;
  out.writeUInt32LE(count, 1);
  const packed = width === 1 ? new Int8Array(count) : width === 2 ? new Int16Array(count) : new Int32Array(count);
  const missing = width === 1 ? -128 : width === 2 ? -32768 : -2147483648;
  for (let i = 0; i < count; i++) { const v = values[i]!; packed[i] = v !== v ? missing : v; }
  out.set(new Uint8Array(packed.buffer), HEADER);
  return out;
}

export function encodeI32(codes: Int32Array, count: number = codes.length): Buffer {
  return Buffer.from(codes.buffer, codes.byteOffset, count * 4);
}

/** Copies a blob into `target` at `offset` (in elements). Returns the number of values written. */
export function decodeF64Into(blob: Uint8Array, target: Float64Array, offset: number): number {
  if (blob.byteLength % 8 === 0) {
    new Uint8Array(target.buffer, target.byteOffset + offset * 8, blob.byteLength).set(blob);
    return blob.byteLength / 8;
  }
  if (blob.byteLength % 8 !== 1 || blob.byteLength < HEADER) throw new Error(`corrupt f64 chunk: ${blob.byteLength} bytes`);
  const width = blob[0]!;
  const count = new DataView(blob.buffer, blob.byteOffset + 1, 4).getUint32(0, true);
  if ((width !== 1 && width !== 2 && width !== 4) || HEADER + width * count > blob.byteLength) throw new Error(`corrupt f64 chunk: width ${width}, ${count} values in ${blob.byteLength} bytes`);
  // A copy: the packed integers need an aligned buffer of their own.
  const bytes = new Uint8Array(blob.subarray(HEADER, HEADER + width * count));
  const packed = width === 1 ? new Int8Array(bytes.buffer, bytes.byteOffset, count) : width === 2 ? new Int16Array(bytes.buffer, bytes.byteOffset, count) : new Int32Array(bytes.buffer, bytes.byteOffset, count);
  const missing = width === 1 ? -128 : width === 2 ? -32768 : -2147483648;
  for (let i = 0; i < count; i++) { const v = packed[i]!; target[offset + i] = v === missing ? NaN : v; }
  return count;
}

export function decodeI32Into(blob: Uint8Array, target: Int32Array, offset: number): number {
  const n = blob.byteLength / 4;
  if (!Number.isInteger(n)) throw new Error(`corrupt i32 chunk: ${blob.byteLength} bytes`);
  new Uint8Array(target.buffer, target.byteOffset + offset * 4, blob.byteLength).set(blob);
  return n;
}
