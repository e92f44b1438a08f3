/** Column means and standard deviations (population), for fitting on a well-conditioned scale. */
export interface Standardization {
  means: Float64Array;
  sds: Float64Array;
}

/** Means and standard deviations of complete columns; a column whose values never vary has sd 0. */
export function standardization(columns: readonly Float64Array[]): Standardization {
  const p = columns.length;
  const means = new Float64Array(p), sds = new Float64Array(p);
  columns.forEach((c, j) => {
    const n = c.length, end = n - (n % 4);
    // Four running sums: independent additions pipeline (one chain waits on each add).
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (let i = 0; i < end; i += 4) { s0 += c[i]!; s1 += c[i + 1]!; s2 += c[i + 2]!; s3 += c[i + 3]!; }
    for (let i = end; i < n; i++) s0 += c[i]!;
    const m = (s0 + s1 + s2 + s3) / n;
    let v0 = 0, v1 = 0, v2 = 0, v3 = 0;
    for (let i = 0; i < end; i += 4) {
      const d0 = c[i]! - m, d1 = c[i + 1]! - m, d2 = c[i + 2]! - m, d3 = c[i + 3]! - m;
      v0 += d0 * d0; v1 += d1 * d1; v2 += d2 * d2; v3 += d3 * d3;
    }
    for (let i = end; i < n; i++) { const d = c[i]! - m; v0 += d * d; }
    means[j] = m;
    sds[j] = Math.sqrt((v0 + v1 + v2 + v3) / n);
  });
  return { means, sds };
}

/** Standardized copies of the columns: (x − mean) / sd. */
export function standardize(columns: readonly Float64Array[], s: Standardization): Float64Array[] {
  return columns.map((c, j) => {
    const m = s.means[j]!, inv = 1 / s.sds[j]!;
    const z = new Float64Array(c.length);
    for (let i = 0; i < c.length; i++) z[i] = (c[i]! - m) * inv;
    return z;
  });
}
