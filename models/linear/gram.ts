const BLOCK = 2048;

/**
 * XᵀWX in float64 for X = [1 | columns] (an implicit intercept column first): a (p+1)² row-major
 * symmetric matrix. Blocked over rows so each block of weighted columns stays in cache.
 */
export function weightedGram(columns: readonly Float64Array[], w: Float64Array): Float64Array {
  const p = columns.length, q = p + 1, n = w.length;
  const h = new Float64Array(q * q);
  const weighted = columns.map(() => new Float64Array(BLOCK));
  for (let s = 0; s < n; s += BLOCK) {
    const e = Math.min(n, s + BLOCK), len = e - s;
    let sw = 0;
    for (let i = s; i < e; i++) sw += w[i]!;
    h[0] += sw;
    for (let a = 0; a < p; a++) {
      const ca = columns[a]!, wa = weighted[a]!;
      let acc = 0;
      for (let i = 0; i < len; i++) { const v = ca[s + i]! * w[s + i]!; wa[i] = v; acc += v; }
      h[(a + 1) * q] += acc;
      for (let b = 0; b <= a; b++) {
        const cb = columns[b]!;
        let t0 = 0, t1 = 0;
        let i = 0;
        for (; i + 1 < len; i += 2) { t0 += wa[i]! * cb[s + i]!; t1 += wa[i + 1]! * cb[s + i + 1]!; }
        if (i < len) t0 += wa[i]! * cb[s + i]!;
        h[(a + 1) * q + b + 1] += t0 + t1;
      }
    }
  }
  for (let a = 0; a < q; a++) for (let b = a + 1; b < q; b++) h[a * q + b] = h[b * q + a]!;
  return h;
}

/** Xᵀr for X = [1 | columns]. */
export function crossVector(columns: readonly Float64Array[], r: Float64Array): Float64Array {
  const g = new Float64Array(columns.length + 1);
  let s = 0;
  for (let i = 0; i < r.length; i++) s += r[i]!;
  g[0] = s;
  columns.forEach((c, j) => {
    let t = 0;
    for (let i = 0; i < r.length; i++) t += c[i]! * r[i]!;
    g[j + 1] = t;
  });
  return g;
}
