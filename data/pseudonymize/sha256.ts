import { hashPadded } from './md-padding';

/**
 * SHA-256 and HMAC-SHA256 over short byte strings, in plain JS with no allocation per call:
 * pseudonymizing a million ids is a million tiny hashes, where creating a node:crypto object
 * per id costs more than the hashing. Checked against node:crypto in the tests.
 */
const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const INIT = new Int32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
const W = new Int32Array(64);
const BLOCK = new Uint8Array(64);

/** One compression of the 64-byte block `b` at `off` into `h`. */
function compress(h: Int32Array, b: Uint8Array, off: number): void {
  for (let i = 0; i < 16; i++) {
    const j = off + i * 4;
    W[i] = (b[j]! << 24) | (b[j + 1]! << 16) | (b[j + 2]! << 8) | b[j + 3]!;
  }
  for (let i = 16; i < 64; i++) {
    const w15 = W[i - 15]!, w2 = W[i - 2]!;
    const s0 = ((w15 >>> 7) | (w15 << 25)) ^ ((w15 >>> 18) | (w15 << 14)) ^ (w15 >>> 3);
    const s1 = ((w2 >>> 17) | (w2 << 15)) ^ ((w2 >>> 19) | (w2 << 13)) ^ (w2 >>> 10);
    W[i] = (W[i - 16]! + s0 + W[i - 7]! + s1) | 0;
  }
  let a = h[0]!, bb = h[1]!, c = h[2]!, d = h[3]!, e = h[4]!, f = h[5]!, g = h[6]!, hh = h[7]!;
  for (let i = 0; i < 64; i++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (hh + S1 + ((e & f) ^ (~e & g)) + K[i]! + W[i]!) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (S0 + ((a & bb) ^ (a & c) ^ (bb & c))) | 0;
    hh = g; g = f; f = e; e = (d + t1) | 0; d = c; c = bb; bb = a; a = (t1 + t2) | 0;
  }
  h[0] = (h[0]! + a) | 0; h[1] = (h[1]! + bb) | 0; h[2] = (h[2]! + c) | 0; h[3] = (h[3]! + d) | 0;
  h[4] = (h[4]! + e) | 0; h[5] = (h[5]! + f) | 0; h[6] = (h[6]! + g) | 0; h[7] = (h[7]! + hh) | 0;
}

/** Hashes bytes [s, e) of `msg` continuing from `state` after `prefixBytes` already-hashed bytes; the digest lands in `out`. */
function finish(state: Int32Array, prefixBytes: number, msg: Uint8Array, s: number, e: number, out: Int32Array): void {
  out.set(state);
  hashPadded(compress, out, BLOCK, msg, s, e, prefixBytes, true);
}

const DIGEST = new Int32Array(8);
const INNER = new Int32Array(8);
const INNER_BYTES = new Uint8Array(32);

export function sha256Words(msg: Uint8Array, s = 0, e = msg.length): Int32Array {
  finish(INIT, 0, msg, s, e, DIGEST);
  return DIGEST;
}

/** HMAC-SHA256 with a key prepared once (the states after the padded key blocks). */
export class HmacSha256 {
  private readonly innerState = new Int32Array(8);
  private readonly outerState = new Int32Array(8);

  constructor(key: Uint8Array) {
    let k = key;
    if (k.length > 64) k = Uint8Array.from(Array.from({ length: 32 }, (_, i) => (sha256Words(key)[i >> 2]! >>> (24 - 8 * (i & 3))) & 0xff));
    const ipad = new Uint8Array(64).fill(0x36);
    const opad = new Uint8Array(64).fill(0x5c);
    for (let i = 0; i < k.length; i++) { ipad[i]! ^= k[i]!; opad[i]! ^= k[i]!; }
    this.innerState.set(INIT); compress(this.innerState, ipad, 0);
    this.outerState.set(INIT); compress(this.outerState, opad, 0);
  }

  words(msg: Uint8Array, s = 0, e = msg.length): Int32Array {
    finish(this.innerState, 64, msg, s, e, INNER);
    for (let i = 0; i < 32; i++) INNER_BYTES[i] = INNER[i >> 2]! >>> (24 - 8 * (i & 3));
    finish(this.outerState, 64, INNER_BYTES, 0, 32, DIGEST);
    return DIGEST;
  }
}
