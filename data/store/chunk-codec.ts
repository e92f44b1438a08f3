/**
 * Column chunks on disk are the raw little-endian bytes of a Float64Array (NaN = missing) or an
 * Int32Array (−1 = missing). These helpers turn them into blobs and back without copying more
 * than once.
 */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
if (!LITTLE_ENDIAN) throw new Error('Jointscore workspaces require a little-endian machine');

export function encodeF64(values: Float64Array, count: number = values.length): Buffer {
  return Buffer.from(values.buffer, values.byteOffset, count * 8);
}

export function encodeI32(codes: Int32Array, count: number = codes.length): Buffer {
  return Buffer.from(codes.buffer, codes.byteOffset, count * 4);
}

/** Copies a blob into `target` at `offset` (in elements). Returns the number of values written. */
export function decodeF64Into(blob: Uint8Array, target: Float64Array, offset: number): number {
  const n = blob.byteLength / 8;
  if (!Number.isInteger(n)) throw new Error(`corrupt f64 chunk: ${blob.byteLength} bytes`);
  new Uint8Array(target.buffer, target.byteOffset + offset * 8, blob.byteLength).set(blob);
  return n;
}

export function decodeI32Into(blob: Uint8Array, target: Int32Array, offset: number): number {
  const n = blob.byteLength / 4;
  if (!Number.isInteger(n)) throw new Error(`corrupt i32 chunk: ${blob.byteLength} bytes`);
  new Uint8Array(target.buffer, target.byteOffset + offset * 4, blob.byteLength).set(blob);
  return n;
}
