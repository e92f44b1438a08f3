import { LINEAR_KERNELS_WASM_BASE64 } from './wasm/kernels-wasm';

interface Exports {
  memory: WebAssembly.Memory;
  gram_block: (zw: number, z: number, p: number, len: number, h: number) => void;
  eta_block: (x: number, p: number, len: number, b0: number, b: number, eta: number) => void;
  cross_block: (x: number, p: number, len: number, r: number, sums: number) => void;
}

let compiled: WebAssembly.Module | null = null;

/** Rows per block: two blocks of p columns stay within about 4 MB (in cache), at most 2048 rows. */
function blockRows(p: number): number {
  return Math.max(16, Math.min(2048, Math.floor((4 << 20) / (16 * Math.max(1, p)))));
}

/**
 * The SIMD kernels of kernels.wat with their memory laid out for `p` columns: two column blocks
 * (`x` and `y`, `len` rows each, column k at k·m for a block of m rows), a row vector pair
 * (`eta`, `r`), coefficients `b`, column sums and a p × p matrix — each a Float64Array view.
 */
export class LinearKernels {
  readonly len: number;
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly eta: Float64Array;
  readonly r: Float64Array;
  readonly b: Float64Array;
  readonly sums: Float64Array;
  readonly h: Float64Array;
  private readonly k: Exports;
  private readonly at: { x: number; y: number; eta: number; r: number; b: number; sums: number; h: number };

  constructor(readonly p: number) {
    compiled ??= new WebAssembly.Module(Uint8Array.from(atob(LINEAR_KERNELS_WASM_BASE64), (ch) => ch.charCodeAt(0)));
    this.k = new WebAssembly.Instance(compiled).exports as unknown as Exports;
    const len = blockRows(p);
    this.len = len;
    const x = 0, y = x + p * len * 8, eta = y + p * len * 8, r = eta + len * 8, b = r + len * 8, sums = b + p * 8, h = sums + p * 8;
    this.at = { x, y, eta, r, b, sums, h };
    const need = h + p * p * 8;
    const pages = Math.ceil(need / 65536) - this.k.memory.buffer.byteLength / 65536;
    if (pages > 0) this.k.memory.grow(pages);
    const mem = this.k.memory.buffer;
    this.x = new Float64Array(mem, x, p * len);
    this.y = new Float64Array(mem, y, p * len);
    this.eta = new Float64Array(mem, eta, len);
    this.r = new Float64Array(mem, r, len);
    this.b = new Float64Array(mem, b, p);
    this.sums = new Float64Array(mem, sums, p);
    this.h = new Float64Array(mem, h, p * p);
  }

  /** Copies rows [s, e) of the columns into the `x` block. */
  loadRows(columns: readonly Float64Array[], s: number, e: number): void {
    const m = e - s;
    for (let j = 0; j < columns.length; j++) this.x.set(columns[j]!.subarray(s, e), j * m);
  }

  /** eta[i] = b0 + Σⱼ b[j]·x[j][i] over the block's m rows (`b` set beforehand). */
  linear(m: number, b0: number): void {
    this.k.eta_block(this.at.x, this.p, m, b0, this.at.b, this.at.eta);
  }

  /** sums[j] += Σᵢ x[j][i]·r[i] over the block's m rows. */
  cross(m: number): void {
    this.k.cross_block(this.at.x, this.p, m, this.at.r, this.at.sums);
  }

  /** h[a·p + b] += Σᵢ y[a][i]·x[b][i] for b ≤ a (y: the weighted block, x: the plain one). */
  gram(m: number): void {
    this.k.gram_block(this.at.y, this.at.x, this.p, m, this.at.h);
  }
}
