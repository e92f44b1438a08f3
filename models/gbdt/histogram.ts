import type { HistogramKernel } from './histogram-kernel';
import type { BoostArrays, PassKind } from './boost-passes';

/** Builds the histogram of rows[start..end) into `out` (one thread, or split across two). */
export type HistogramBuilder = (rows: Uint32Array, start: number, end: number, out: Float64Array) => void;

/**
 * What a histogram builder reads: every row's bins, the gradients and hessians, and the rows each
 * tree learns from — in shared memory when a second thread helps; all of them in the WebAssembly
 * kernel's memory when there is one.
 */
export interface HistogramInputs { rowBins: Uint8Array; F: number; g: Float64Array; h: Float64Array; rows: Uint32Array; kernel?: HistogramKernel | null; passes?: BoostArrays }

/** A second thread's share of boosting: node histograms, and the passes between trees over `passes`' units. */
export interface BoostHelper { build: HistogramBuilder; runPass: (kind: PassKind, count: number) => void; close: () => void }

/** Slots per feature in a histogram: 255 value bins and the missing bin. */
export const BINS = 256;

/** Every input's bins, row by row (row i's F bytes at i·F): a node's rows are read once each, all features at a time. */
export function rowMajorBins(bins: readonly Uint8Array[], memory: (bytes: number) => ArrayBufferLike = (b) => new ArrayBuffer(b), into?: Uint8Array): Uint8Array {
  const F = bins.length, n = bins[0]?.length ?? 0;
  const out = into ?? new Uint8Array(memory(n * F));
  for (let f = 0; f < F; f++) { const b = bins[f]!; for (let i = 0, k = f; i < n; i++, k += F) out[k] = b[i]!; }
  return out;
}

/**
 * Gradient, hessian and row count per bin of every feature, for the rows `rows[start..end)`:
 * one Float64Array laid out [feature][bin][g, h, n]. Rows are visited once each and all their
 * features updated together (row-major bins), so a node's scattered rows cost one cache line each.
 */
export function buildHistogram(rowBins: Uint8Array, F: number, g: Float64Array, h: Float64Array, rows: Uint32Array, start: number, end: number, out: Float64Array): void {
  out.fill(0);
  for (let j = start; j < end; j++) {
    const i = rows[j]!;
    const gi = g[i]!, hi = h[i]!;
    let base = i * F;
    for (let k = 0; k < F * BINS * 3; k += BINS * 3) {
      const s = k + rowBins[base++]! * 3;
      out[s] += gi;
      out[s + 1] += hi;
      out[s + 2]! += 1;
    }
  }
}

/** The larger child's histogram: the parent's minus the smaller child's (no pass over its rows). */
export function subtractHistogram(parent: Float64Array, child: Float64Array, out: Float64Array): void {
  for (let k = 0; k < out.length; k++) out[k] = parent[k]! - child[k]!;
}
