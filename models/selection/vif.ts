import { cholesky, choleskyInverse } from '../linear/cholesky';

/**
 * Variance inflation factors from a correlation matrix: VIFⱼ = (R⁻¹)ⱼⱼ = 1 / (1 − R²ⱼ), R²ⱼ of
 * the regression of variable j on the others. Infinity when the variables are collinear.
 */
export function vifs(correlation: Float64Array, p: number): number[] {
  const l = cholesky(correlation, p);
  if (!l) return new Array<number>(p).fill(Infinity);
  const inv = choleskyInverse(l, p);
  return Array.from({ length: p }, (_, j) => inv[j * p + j]!);
}
