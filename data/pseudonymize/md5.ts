import { hashPadded } from './md-padding';

/** MD5 over short byte strings in plain JS, no allocation per call (as sha256.ts, for the same reason). */
const S = [7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21];
const T = new Int32Array(64).map((_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32) | 0);
const X = new Int32Array(16);
const BLOCK = new Uint8Array(64);
const DIGEST = new Int32Array(4);

function compress(h: Int32Array, b: Uint8Array, off: number): void {
  for (let i = 0; i < 16; i++) {
    const j = off + i * 4;
    X[i] = b[j]! | (b[j + 1]! << 8) | (b[j + 2]! << 16) | (b[j + 3]! << 24);
  }
  let a = h[0]!, bb = h[1]!, c = h[2]!, d = h[3]!;
  for (let i = 0; i < 64; i++) {
    let f: number, g: number;
    if (i < 16) { f = (bb & c) | (~bb & d); g = i; } else if (i < 32) { f = (d & bb) | (~d & c); g = (5 * i + 1) & 15; } else if (i < 48) { f = bb ^ c ^ d; g = (3 * i + 5) & 15; } else { f = c ^ (bb | ~d); g = (7 * i) & 15; }
    const tmp = d;
    d = c;
    c = bb;
    const x = (a + f + T[i]! + X[g]!) | 0;
    bb = (bb + ((x << S[i]!) | (x >>> (32 - S[i]!)))) | 0;
    a = tmp;
  }
  h[0] = (h[0]! + a) | 0; h[1] = (h[1]! + bb) | 0; h[2] = (h[2]! + c) | 0; h[3] = (h[3]! + d) | 0;
}

/** The MD5 digest of bytes [s, e) as four little-endian words. */
export function md5Words(msg: Uint8Array, s = 0, e = msg.length): Int32Array {
  DIGEST[0] = 0x67452301; DIGEST[1] = 0xefcdab89 | 0; DIGEST[2] = 0x98badcfe | 0; DIGEST[3] = 0x10325476;
  hashPadded(compress, DIGEST, BLOCK, msg, s, e, 0, false);
  return DIGEST;
}
