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
    let s = 0;
    for (let i = 0; i < c.length; i++) s += c[i]!;
    const m = s / c.length;
    let v = 0;
    for (let i = 0; i < c.length; i++) { const d = c[i]! - m; v += d * d; }
    means[j] = m;
    sds[j] = Math.sqrt(v / c.length);
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
