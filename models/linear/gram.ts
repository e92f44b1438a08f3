import type { Standardization } from './standardize';
import { GRAM_WASM_BASE64 } from './wasm/gram-wasm';

const BLOCK = 2048;

/** Column means and standard deviations to standardize with on the fly: (x − mean) / sd. */
export type Scale = Standardization;

interface GramKernel {
  memory: WebAssembly.Memory;
  gram_block: (zw: number, z: number, p: number, len: number, h: number) => void;
}

let compiled: WebAssembly.Module | null = null;

/** Bytes of scratch for a block's two copies of the columns. */
const BLOCK_BYTES = 4 << 20;

/**
 * XᵀWX in float64 for X = [1 | standardized columns] (an implicit intercept column first): a
 * (p+1)² row-major symmetric matrix. Rows go in blocks: each block's columns are standardized
 * (and weighted) into WebAssembly memory, where a SIMD kernel adds the block's p(p+1)/2 dot
 * products; the intercept row is summed on the way. No standardized copy of the data is made.
 */
export function weightedGram(columns: readonly Float64Array[], w: Float64Array, scale: Scale): Float64Array {
  const p = columns.length, q = p + 1, n = w.length;
  const h = new Float64Array(q * q);
  if (p === 0) { for (let i = 0; i < n; i++) h[0] += w[i]!; }
  if (p > 0) {
    const len = Math.max(16, Math.min(BLOCK, Math.floor(BLOCK_BYTES / (16 * p))));
    const zAt = 0, zwAt = p * len * 8, hAt = 2 * p * len * 8;
    const need = hAt + p * p * 8;
    compiled ??= new WebAssembly.Module(Uint8Array.from(atob(GRAM_WASM_BASE64), (ch) => ch.charCodeAt(0)));
    const k = new WebAssembly.Instance(compiled).exports as unknown as GramKernel;
    const pages = Math.ceil(need / 65536) - k.memory.buffer.byteLength / 65536;
    if (pages > 0) k.memory.grow(pages);
    const mem = k.memory.buffer;
    const z = new Float64Array(mem, zAt, p * len), zw = new Float64Array(mem, zwAt, p * len);
    for (let s = 0; s < n; s += len) {
      const e = Math.min(n, s + len), m = e - s;
      let sw = 0;
      for (let i = s; i < e; i++) sw += w[i]!;
      h[0] += sw;
      for (let a = 0; a < p; a++) {
        const c = columns[a]!, mean = scale.means[a]!, inv = 1 / scale.sds[a]!, base = a * m;
        let acc = 0;
        for (let i = 0; i < m; i++) { const v = (c[s + i]! - mean) * inv; z[base + i] = v; const t = v * w[s + i]!; zw[base + i] = t; acc += t; }
        h[(a + 1) * q] += acc;
      }
      k.gram_block(zwAt, zAt, p, m, hAt);
    }
    const block = new Float64Array(mem, hAt, p * p);
    for (let a = 0; a < p; a++) for (let b = 0; b <= a; b++) h[(a + 1) * q + b + 1] = block[a * p + b]!;
  }
  for (let a = 0; a < q; a++) for (let b = a + 1; b < q; b++) h[a * q + b] = h[b * q + a]!;
  return h;
}
