import type { Standardization } from './standardize';
import { LinearKernels } from './kernels';

/** Column means and standard deviations to standardize with on the fly: (x − mean) / sd. */
export type Scale = Standardization;

/**
 * XᵀWX in float64 for X = [1 | standardized columns] (an implicit intercept column first): a
 * (p+1)² row-major symmetric matrix. Rows go in blocks: each block's columns are standardized
 * (and weighted) into WebAssembly memory, where a SIMD kernel adds the block's p(p+1)/2 dot
 * products; the intercept row is summed on the way. No standardized copy of the data is made.
 * `kernels` (for these p columns) may be passed in to reuse an instance across calls.
 */
export function weightedGram(columns: readonly Float64Array[], w: Float64Array, scale: Scale, kernels?: LinearKernels): Float64Array {
  const p = columns.length, q = p + 1, n = w.length;
  const h = new Float64Array(q * q);
  for (let i = 0; i < n; i++) h[0] += w[i]!;
  if (p > 0) {
    const k = kernels ?? new LinearKernels(p);
    k.h.fill(0);
    const z = k.x, zw = k.y;
    for (let s = 0; s < n; s += k.len) {
      const e = Math.min(n, s + k.len), m = e - s;
      for (let a = 0; a < p; a++) {
        const c = columns[a]!, mean = scale.means[a]!, inv = 1 / scale.sds[a]!, base = a * m;
        let acc = 0;
        for (let i = 0; i < m; i++) { const v = (c[s + i]! - mean) * inv; z[base + i] = v; const t = v * w[s + i]!; zw[base + i] = t; acc += t; }
        h[(a + 1) * q] += acc;
      }
      k.gram(m);
    }
    for (let a = 0; a < p; a++) for (let b = 0; b <= a; b++) h[(a + 1) * q + b + 1] = k.h[a * p + b]!;
  }
  for (let a = 0; a < q; a++) for (let b = a + 1; b < q; b++) h[a * q + b] = h[b * q + a]!;
  return h;
}
