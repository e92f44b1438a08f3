import { createHash } from 'node:crypto';
import { ID_HASH_WASM_BASE64 } from './id-hash-wasm';

export type HashAlgorithm = 'hmac-sha256' | 'sha256' | 'md5';

const SHA256_K = [
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];
const SHA256_INIT = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
const MD5_INIT = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476];
const MD5_S = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];
/** The message word each MD5 step reads (RFC 1321). */
const md5Word = (i: number) => (i < 16 ? i : i < 32 ? (5 * i + 1) & 15 : i < 48 ? (3 * i + 5) & 15 : (7 * i) & 15);

/** Where things live in the module's memory (see id-hash.wat). */
const LAYOUT = { shaK: 0, md5T: 256, md5S: 512, md5G: 768, shaInit: 1312, md5Init: 1344, hexLower: 1600, hexUpper: 2112, shaK4: 3072, free: 8192 };
/** Ids hashed per call, and the bytes their messages may fill. */
export const BATCH_IDS = 16384;
export const BATCH_MESSAGE_BYTES = 1 << 20;
/** The longest id (bytes) hashed; longer ones are refused by the callers. */
export const MAX_ID_BYTES = 1024;
/** The output rows' buffer inside the module's memory, where digests are written in place. */
export const ROW_BUFFER_BYTES = 2 << 20;

interface Exports {
  memory: WebAssembly.Memory;
  hash_batch: (algo: number, n: number, ends: number, msg: number, out: number, upper: number) => void;
  hmac_key: (p: number, len: number) => void;
}

let compiled: WebAssembly.Module | null = null;
const moduleBytes = () => (compiled ??= new WebAssembly.Module(Buffer.from(ID_HASH_WASM_BASE64, 'base64')));

const ALGO_CODE: Record<HashAlgorithm, number> = { md5: 0, sha256: 1, 'hmac-sha256': 2 };

/**
 * Hashes ids a batch at a time in WebAssembly. The caller writes normalized ids end to end into
 * `messages`, each one's end offset into `ends`, and where its hex digest goes (an offset into
 * `rows`, the caller's output buffer) into `outs`; `hashBatch(n)` then writes the n digests
 * (`hexLength` bytes each) into `rows` in place. One instance per thread; an HMAC key's inner and
 * outer states are computed once.
 */
export class BatchIdHasher {
  readonly hexLength: number;
  readonly ends: Uint32Array;
  readonly outs: Uint32Array;
  readonly messages: Uint8Array;
  readonly rows: Uint8Array;
  private readonly exports: Exports;
  private readonly algo: number;
  private readonly endsAt: number;
  private readonly outsAt: number;
  private readonly messagesAt: number;
  private readonly rowsAt: number;

  constructor(algorithm: HashAlgorithm, secret: Uint8Array | null, private readonly upper: boolean) {
    this.exports = new WebAssembly.Instance(moduleBytes()).exports as unknown as Exports;
    this.algo = ALGO_CODE[algorithm];
    this.hexLength = algorithm === 'md5' ? 32 : 64;
    const mem = this.exports.memory.buffer;
    const words = new Int32Array(mem);
    words.set(SHA256_K, LAYOUT.shaK / 4);
    for (let i = 0; i < 256; i++) words[LAYOUT.shaK4 / 4 + i] = SHA256_K[i >> 2]!;
    for (let i = 0; i < 64; i++) {
      words[LAYOUT.md5T / 4 + i] = Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32) | 0;
      words[LAYOUT.md5S / 4 + i] = MD5_S[(i >> 4) * 4 + (i & 3)]!;
      words[LAYOUT.md5G / 4 + i] = md5Word(i) * 4;
    }
    words.set(SHA256_INIT, LAYOUT.shaInit / 4);
    words.set(MD5_INIT, LAYOUT.md5Init / 4);
    const bytes = new Uint8Array(mem);
    for (let b = 0; b < 256; b++) {
      const h = b.toString(16).padStart(2, '0');
      bytes[LAYOUT.hexLower + 2 * b] = h.charCodeAt(0); bytes[LAYOUT.hexLower + 2 * b + 1] = h.charCodeAt(1);
      bytes[LAYOUT.hexUpper + 2 * b] = h.toUpperCase().charCodeAt(0); bytes[LAYOUT.hexUpper + 2 * b + 1] = h.toUpperCase().charCodeAt(1);
    }
    this.endsAt = LAYOUT.free;
    this.outsAt = this.endsAt + BATCH_IDS * 4;
    this.messagesAt = this.outsAt + BATCH_IDS * 4;
    this.rowsAt = this.messagesAt + BATCH_MESSAGE_BYTES + MAX_ID_BYTES;
    if (this.rowsAt + ROW_BUFFER_BYTES > mem.byteLength) throw new Error('id-hash: memory layout does not fit');
    this.ends = new Uint32Array(mem, this.endsAt, BATCH_IDS);
    this.outs = new Uint32Array(mem, this.outsAt, BATCH_IDS);
    this.messages = new Uint8Array(mem, this.messagesAt, BATCH_MESSAGE_BYTES + MAX_ID_BYTES);
    this.rows = new Uint8Array(mem, this.rowsAt, ROW_BUFFER_BYTES);
    if (algorithm === 'hmac-sha256') {
      if (!secret) throw new Error('HMAC-SHA256 needs a secret');
      // RFC 2104: a key longer than the block is replaced by its hash.
      const key = secret.length > 64 ? createHash('sha256').update(secret).digest() : secret;
      this.messages.set(key);
      this.exports.hmac_key(this.messagesAt, key.length);
    }
  }

  /** Hashes the first `n` messages; each digest lands in `rows` at its `outs` offset. */
  hashBatch(n: number): void {
    // `outs` holds offsets into `rows`; the module wants addresses.
    const outs = this.outs;
    for (let k = 0; k < n; k++) outs[k] = outs[k]! + this.rowsAt;
    this.exports.hash_batch(this.algo, n, this.endsAt, this.messagesAt, this.outsAt, this.upper ? 1 : 0);
  }

  /** One id's hex digest (bytes [s, e) of `src`); for callers that hash one value at a time. */
  hashOne(src: Uint8Array, s: number, e: number): string {
    if (e - s > MAX_ID_BYTES) throw new RangeError(`an id of ${e - s} bytes is longer than ${MAX_ID_BYTES}`);
    this.messages.set(src.subarray(s, e));
    this.ends[0] = e - s;
    this.outs[0] = 0;
    this.hashBatch(1);
    return Buffer.from(this.rows.buffer, this.rowsAt, this.hexLength).toString('latin1');
  }
}
