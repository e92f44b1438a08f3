/**
 * Pearson correlation matrix (p × p, row-major) of complete columns; with row weights, the
 * weighted correlation (the plain one of the rows repeated as often as their whole weights say).
 */
export function correlationMatrix(columns: readonly Float64Array[], weights: Float64Array | null = null): Float64Array {
  const p = columns.length, n = columns[0]?.length ?? 0;
  let total = 0;
  for (let i = 0; i < n; i++) total += weights ? weights[i]! : 1;
  const centered = columns.map((c) => {
    let m = 0;
    for (let i = 0; i < n; i++) m += (weights ? weights[i]! : 1) * c[i]!;
    m /= total || 1;
    let ss = 0;
    const z = new Float64Array(n);
    // Each centred value carries √w, so sums of products are weighted sums.
    for (let i = 0; i < n; i++) { z[i] = (c[i]! - m) * (weights ? Math.sqrt(weights[i]!) : 1); ss += z[i]! * z[i]!; }
    const inv = ss > 0 ? 1 / Math.sqrt(ss) : 0;
    for (let i = 0; i < n; i++) z[i] = z[i]! * inv;
    return z;
  });
  const r = new Float64Array(p * p);
  for (let a = 0; a < p; a++) {
    for (let b = 0; b <= a; b++) {
      let s = 0;
      const x = centered[a]!, y = centered[b]!;
      for (let i = 0; i < n; i++) s += x[i]! * y[i]!;
      r[a * p + b] = s; r[b * p + a] = s;
    }
  }
  return r;
}
