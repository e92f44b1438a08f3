import { BINS } from './histogram';
import { GBDT_HISTOGRAM_WASM_BASE64 } from './wasm/histogram-wasm';
import { wasmModule } from '../wasm-module';

interface Exports {
  hist: (bins: number, F: number, gh: number, rows: number, start: number, end: number, out: number) => void;
  accumulate: (bins: number, F: number, gh: number, rows: number, start: number, end: number, out: number) => void;
  zero: (out: number, F: number) => void;
  add: (out: number, part: number, slots: number) => void;
  to_f64: (q: number, slots: number, sg: number, sh: number, out: number) => void;
}

/**
 * Where each array lives in the kernel's memory (bytes): rows' bins, quantized gradients and
 * hessians (side by side, 8 bytes a row), the row order, two integer histograms (16 bytes a bin: one per thread) and `slots`
 * double histograms.
 */
export interface KernelLayout { n: number; F: number; slots: number; bins: number; gh: number; rows: number; q: number; hist: number; bytes: number }

const PAGE = 65536;
/** Rows per block when two threads share a node's histogram (each adds the blocks it claims to its own integer histogram). */
export const BLOCK_ROWS = 4096;
/** WebAssembly memory is addressed by 32 bits: stay well below 4 GB. */
const MAX_BYTES = 3 * 1024 ** 3;
/** Integer gradients use at most 15 bits, fewer when a node's sum could pass 2³¹. */
const MAX_LEVEL = 32767;
const align = (x: number) => Math.ceil(x / 16) * 16;

/** The memory layout for n rows × F features and `slots` double histograms. */
export function kernelLayout(n: number, F: number, slots: number): KernelLayout {
  const bins = 0, gh = align(n * F), rows = gh + align(n * 8), q = rows + align(n * 4), hist = q + 2 * F * BINS * 16;
  return { n, F, slots, bins, gh, rows, q, hist, bytes: hist + slots * F * BINS * 24 };
}

/**
 * Histograms in WebAssembly SIMD (models/gbdt/wasm/histogram.wat) on quantized gradients
 * (LightGBM's quantized training, Shi et al. 2022): gradients and hessians are scaled by their
 * bounds to whole numbers of at most 15 bits, rounded to nearest, so a node's histogram is an
 * exact integer sum — the same on one thread or two, in any order — then scaled back to doubles
 * for the split search. Leaf values are computed from the exact gradients. The rows' bins, the
 * integers, the row order and the histograms live in one shared memory a second thread can attach to.
 */
export class HistogramKernel {
  readonly rowBins: Uint8Array;
  /** Per row i: its gradient's integer at 2i, its hessian's at 2i + 1. */
  readonly gh: Int32Array;
  readonly rows: Uint32Array;
  /** The scales of this iteration's integers: gradient ≈ gh[2i] · sg, hessian ≈ gh[2i + 1] · sh. */
  sg = 1;
  sh = 1;
  private readonly k: Exports;
  private readonly buffer: ArrayBufferLike;
  private free: number;

  private constructor(readonly memory: WebAssembly.Memory, readonly layout: KernelLayout, module: WebAssembly.Module) {
    this.k = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as Exports;
    const buf = memory.buffer, { n, F } = layout;
    this.buffer = buf;
    this.rowBins = new Uint8Array(buf, layout.bins, n * F);
    this.gh = new Int32Array(buf, layout.gh, 2 * n);
    this.rows = new Uint32Array(buf, layout.rows, n);
    this.free = 0;
  }

  /** A kernel for n rows × F features with `slots` histograms, or null where WebAssembly SIMD and shared memory are missing or the data would not fit. */
  static create(n: number, F: number, slots: number): HistogramKernel | null {
    const module = wasmModule(GBDT_HISTOGRAM_WASM_BASE64);
    const layout = kernelLayout(n, F, slots);
    if (!module || layout.bytes > MAX_BYTES || typeof SharedArrayBuffer === 'undefined') return null;
    const pages = Math.max(1, Math.ceil(layout.bytes / PAGE));
    try {
      return new HistogramKernel(new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true }), layout, module);
    } catch {
      return null;
    }
  }

  /** The same kernel on another thread, over the memory it was given. */
  static attach(memory: WebAssembly.Memory, layout: KernelLayout): HistogramKernel {
    const module = wasmModule(GBDT_HISTOGRAM_WASM_BASE64);
    if (!module) throw new Error('WebAssembly SIMD is not available on this thread');
    return new HistogramKernel(memory, layout, module);
  }

  /**
   * The integer scales for gradients of magnitude up to `maxG` and hessians up to `maxH` over
   * `rows` rows: each bound over `level`, where `level` (at most 15 bits) keeps any node's sum
   * below 2³¹. A row's integers are then its gradient and hessian over the scales, rounded.
   */
  setScales(maxG: number, maxH: number, rows: number): void {
    const level = Math.max(1, Math.min(MAX_LEVEL, Math.floor(0x7fffffff / Math.max(1, rows))));
    this.sg = maxG > 0 ? maxG / level : 1;
    this.sh = maxH > 0 ? maxH / level : 1;
  }

  /** The next unused double histogram of the pool (null when all are taken). */
  histogram(): Float64Array | null {
    if (this.free >= this.layout.slots) return null;
    const size = this.layout.F * BINS * 3;
    return new Float64Array(this.buffer, this.layout.hist + this.free++ * size * 8, size);
  }

  /** Whether the array lives in this memory. */
  holds(a: ArrayBufferView): boolean {
    return a.buffer === this.buffer;
  }

  /** Byte offset of thread t's integer histogram (0: the caller's, 1: the helper's). */
  intHistogram(t: 0 | 1): number {
    return this.layout.q + t * this.layout.F * BINS * 16;
  }

  /** Builds rows[start..end)'s histogram into `out`; false when `rows` or `out` is not in this memory (the caller builds it). */
  build(rows: Uint32Array, start: number, end: number, out: Float64Array): boolean {
    if (!this.holds(rows) || !this.holds(out)) return false;
    const l = this.layout, q = this.intHistogram(0);
    this.k.hist(l.bins, l.F, l.gh, rows.byteOffset, start, end, q);
    this.toDoubles(q, out);
    return true;
  }

  /** Empties thread t's integer histogram. */
  zero(t: 0 | 1): void {
    this.k.zero(this.intHistogram(t), this.layout.F);
  }

  /** Adds rows[start..end) (the row order at byte `rowsOffset`) to thread t's integer histogram. */
  accumulate(t: 0 | 1, rowsOffset: number, start: number, end: number): void {
    const l = this.layout;
    this.k.accumulate(l.bins, l.F, l.gh, rowsOffset, start, end, this.intHistogram(t));
  }

  /** The two threads' integer histograms added (exactly) and scaled into `out`. */
  sumThreads(out: Float64Array): void {
    this.k.add(this.intHistogram(0), this.intHistogram(1), this.layout.F * BINS);
    this.toDoubles(this.intHistogram(0), out);
  }

  private toDoubles(qOffset: number, out: Float64Array): void {
    this.k.to_f64(qOffset, this.layout.F * BINS, this.sg, this.sh, out.byteOffset);
  }
}
