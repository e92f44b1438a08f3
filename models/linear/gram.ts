const BLOCK = 2048;

/** Column means and standard deviations to standardize with on the fly: (x − mean) / sd. */
export interface Scale {
  means: Float64Array;
  sds: Float64Array;
}

/**
 * XᵀWX in float64 for X = [1 | standardized columns] (an implicit intercept column first): a
 * (p+1)² row-major symmetric matrix. Rows go in blocks: each block's columns are standardized and
 * weighted into a scratch buffer that stays in cache, so no standardized copy of the data is made.
 */
export function weightedGram(columns: readonly Float64Array[], w: Float64Array, scale: Scale): Float64Array {
  const p = columns.length, q = p + 1, n = w.length;
  const h = new Float64Array(q * q);
  const z = columns.map(() => new Float64Array(BLOCK));
  const zw = columns.map(() => new Float64Array(BLOCK));
  for (let s = 0; s < n; s += BLOCK) {
    const e = Math.min(n, s + BLOCK), len = e - s;
    let sw = 0;
    for (let i = s; i < e; i++) sw += w[i]!;
    h[0] += sw;
    for (let a = 0; a < p; a++) {
      const ca = columns[a]!, za = z[a]!, wa = zw[a]!;
      const m = scale.means[a]!, inv = 1 / scale.sds[a]!;
      let acc = 0;
      for (let i = 0; i < len; i++) { const v = (ca[s + i]! - m) * inv; za[i] = v; const t = v * w[s + i]!; wa[i] = t; acc += t; }
      h[(a + 1) * q] += acc;
      for (let b = 0; b <= a; b++) {
        const zb = z[b]!;
        let t0 = 0, t1 = 0;
        let i = 0;
        for (; i + 1 < len; i += 2) { t0 += wa[i]! * zb[i]!; t1 += wa[i + 1]! * zb[i + 1]!; }
        if (i < len) t0 += wa[i]! * zb[i]!;
        h[(a + 1) * q + b + 1] += t0 + t1;
      }
    }
  }
  for (let a = 0; a < q; a++) for (let b = a + 1; b < q; b++) h[a * q + b] = h[b * q + a]!;
  return h;
}

/** Xᵀr for X = [1 | standardized columns]: Σr, then (Σ r·x − mean·Σr) / sd per column. */
export function crossVector(columns: readonly Float64Array[], r: Float64Array, scale: Scale): Float64Array {
  const g = new Float64Array(columns.length + 1);
  let s = 0;
  for (let i = 0; i < r.length; i++) s += r[i]!;
  g[0] = s;
  columns.forEach((c, j) => {
    let t = 0;
    for (let i = 0; i < r.length; i++) t += c[i]! * r[i]!;
    g[j + 1] = (t - scale.means[j]! * s) / scale.sds[j]!;
  });
  return g;
}
