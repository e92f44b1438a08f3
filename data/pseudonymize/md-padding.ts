/**
 * Merkle–Damgård padding shared by MD5 and SHA-256: hashes the whole 64-byte blocks of bytes
 * [s, e) of `msg` with `compress`, then the padded tail (0x80, zeros, the message length in bits
 * as 8 bytes — little-endian for MD5, big-endian for SHA-256). `prefixBytes` counts bytes
 * already hashed into `state` (HMAC's key block). `block` is a 64-byte scratch buffer.
 */
export function hashPadded(
  compress: (state: Int32Array, b: Uint8Array, off: number) => void,
  state: Int32Array, block: Uint8Array, msg: Uint8Array, s: number, e: number, prefixBytes: number, bigEndian: boolean,
): void {
  let p = s;
  while (e - p >= 64) { compress(state, msg, p); p += 64; }
  const rest = e - p;
  block.fill(0);
  block.set(msg.subarray(p, e));
  block[rest] = 0x80;
  if (rest >= 56) { compress(state, block, 0); block.fill(0); }
  const bits = (prefixBytes + (e - s)) * 8;
  const high = Math.floor(bits / 2 ** 32);
  if (bigEndian) {
    block[59] = high; block[60] = bits >>> 24; block[61] = bits >>> 16; block[62] = bits >>> 8; block[63] = bits;
  } else {
    block[56] = bits; block[57] = bits >>> 8; block[58] = bits >>> 16; block[59] = bits >>> 24; block[60] = high;
  }
  compress(state, block, 0);
}
