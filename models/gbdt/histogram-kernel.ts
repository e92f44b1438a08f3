import { BINS } from './histogram';
import { GBDT_HISTOGRAM_WASM_BASE64 } from './wasm/histogram-wasm';

interface Exports {
  hist: (bins: number, F: number, g: number, h: number, rows: number, start: number, end: number, out: number) => void;
  add: (out: number, part: number, count: number) => void;
}

/** Where each array lives in the kernel's memory (bytes). */
export interface KernelLayout { n: number; F: number; slots: number; bins: number; g: number; h: number; rows: number; hist: number; bytes: number }

const PAGE = 65536;
/** A large node's rows are cut in this many blocks when two threads share its histogram. */
export const BLOCKS = 8;
/** WebAssembly memory is addressed by 32 bits: stay well below 4 GB. */
const MAX_BYTES = 3 * 1024 ** 3;
const align = (x: number) => Math.ceil(x / 16) * 16;

let compiled: WebAssembly.Module | null | undefined;

function moduleOrNull(): WebAssembly.Module | null {
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(Uint8Array.from(atob(GBDT_HISTOGRAM_WASM_BASE64), (ch) => ch.charCodeAt(0)));
    } catch {
      compiled = null; // no SIMD or shared memory here: the JavaScript builder serves
    }
  }
  return compiled;
}

/** The memory layout for n rows × F features and `slots` histograms. */
export function kernelLayout(n: number, F: number, slots: number): KernelLayout {
  const bins = 0, g = align(n * F), h = g + align(n * 8), rows = h + align(n * 8), hist = rows + align(n * 4);
  return { n, F, slots, bins, g, h, rows, hist, bytes: hist + slots * F * BINS * 24 };
}

/**
 * Histograms in WebAssembly SIMD (models/gbdt/wasm/histogram.wat): the rows' bins, gradients,
 * hessians, the row order and a pool of histograms live in one shared memory, which a second
 * thread can attach to. Same sums in the same order as the JavaScript builder.
 */
export class HistogramKernel {
  readonly rowBins: Uint8Array;
  readonly g: Float64Array;
  readonly h: Float64Array;
  readonly rows: Uint32Array;
  private readonly k: Exports;
  private readonly buffer: ArrayBufferLike;
  private free: number;

  private constructor(readonly memory: WebAssembly.Memory, readonly layout: KernelLayout, module: WebAssembly.Module) {
    this.k = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as Exports;
    const buf = memory.buffer, { n, F } = layout;
    this.buffer = buf;
    this.rowBins = new Uint8Array(buf, layout.bins, n * F);
    this.g = new Float64Array(buf, layout.g, n);
    this.h = new Float64Array(buf, layout.h, n);
    this.rows = new Uint32Array(buf, layout.rows, n);
    this.free = 0;
  }

  /** A kernel for n rows × F features with `slots` histograms, or null where WebAssembly SIMD and shared memory are missing or the data would not fit. */
  static create(n: number, F: number, slots: number): HistogramKernel | null {
    const module = moduleOrNull();
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
    const module = moduleOrNull();
    if (!module) throw new Error('WebAssembly SIMD is not available on this thread');
    return new HistogramKernel(memory, layout, module);
  }

  /** The next unused histogram of the pool (null when all are taken). */
  histogram(): Float64Array | null {
    if (this.free >= this.layout.slots) return null;
    const size = this.layout.F * BINS * 3;
    return new Float64Array(this.buffer, this.layout.hist + this.free++ * size * 8, size);
  }

  /** Whether the array lives in this memory. */
  holds(a: ArrayBufferView): boolean {
    return a.buffer === this.buffer;
  }

  /** Builds rows[start..end)'s histogram into `out`; false when `rows` or `out` is not in this memory (the caller builds it). */
  build(rows: Uint32Array, start: number, end: number, out: Float64Array): boolean {
    if (!this.holds(rows) || !this.holds(out)) return false;
    this.buildAt(rows.byteOffset, start, end, out.byteOffset);
    return true;
  }

  /** The same by byte offsets in this memory (a helper thread's view of the caller's arrays). */
  buildAt(rowsOffset: number, start: number, end: number, outOffset: number): void {
    const l = this.layout;
    this.k.hist(l.bins, l.F, l.g, l.h, rowsOffset, start, end, outOffset);
  }

  /** out += part (both histograms of this memory). */
  add(out: Float64Array, part: Float64Array): void {
    this.k.add(out.byteOffset, part.byteOffset, out.length);
  }
}
