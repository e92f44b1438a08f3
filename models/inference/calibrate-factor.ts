/** The event-rate factor measured on unlabelled rows whose outcome was observed elsewhere (a bureau's report of a loan taken elsewhere). */
export interface FactorEstimate { rows: number; observed: number; predicted: number; factor: number; lower: number; upper: number }

/**
 * factor = Σ wᵢyᵢ / Σ wᵢpᵢ over the rows with an outside outcome yᵢ (the known-good-bad model's
 * probability pᵢ): how much more often they went bad than the model says. Its 95% interval treats
 * each yᵢ as a Bernoulli draw with mean factor·pᵢ. Null when no such row, or the model predicts none.
 */
export function calibrateFactor(y: Uint8Array, p: Float64Array, w: Float64Array | null): FactorEstimate | null {
  let observed = 0, predicted = 0, rows = 0;
  for (let i = 0; i < y.length; i++) { const wi = w ? w[i]! : 1; observed += wi * y[i]!; predicted += wi * p[i]!; rows++; }
  if (rows === 0 || !(predicted > 0)) return null;
  const factor = observed / predicted;
  let variance = 0;
  for (let i = 0; i < y.length; i++) { const wi = w ? w[i]! : 1, q = Math.min(1, factor * p[i]!); variance += wi * wi * q * (1 - q); }
  const se = Math.sqrt(variance) / predicted;
  const wSum = w ? w.reduce((t, x) => t + x, 0) : rows;
  return { rows, observed: observed / wSum, predicted: predicted / wSum, factor, lower: Math.max(0, factor - 1.959963984540054 * se), upper: factor + 1.959963984540054 * se };
}
