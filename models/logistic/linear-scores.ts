/** Probabilities of a logistic model: σ(β₀ + Σ βⱼ xⱼ) over encoded columns (coefficients intercept first). */
export function linearScores(coefficients: readonly number[], columns: readonly Float64Array[]): Float64Array {
  const n = columns[0]?.length ?? 0;
  const eta = new Float64Array(n).fill(coefficients[0]!);
  columns.forEach((c, j) => { const b = coefficients[j + 1]!; for (let i = 0; i < n; i++) eta[i] += b * c[i]!; });
  for (let i = 0; i < n; i++) eta[i] = 1 / (1 + Math.exp(-eta[i]!));
  return eta;
}
