/**
 * `bytes` when it has room for n more bytes past its first `used`, else a copy of those bytes in
 * an array at least twice as long — so bytes appended one piece at a time are copied a constant
 * number of times each. Callers test for room first (the common case costs a compare, no call).
 */
export function withRoom<B extends ArrayBufferLike>(bytes: Uint8Array<B>, used: number, n: number): Uint8Array<B> | Uint8Array<ArrayBuffer> {
  if (used + n <= bytes.length) return bytes;
  const next = new Uint8Array(Math.max(bytes.length * 2, used + n));
  next.set(bytes.subarray(0, used));
  return next;
}
