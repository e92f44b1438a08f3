/**
 * Cholesky factorization of small symmetric positive definite matrices (p × p, row-major,
 * float64): the Newton step and the covariance of a logistic regression.
 */

/** The lower factor L with A = L Lᵀ, or null when A is not positive definite (collinear columns). */
export function cholesky(a: Float64Array, p: number): Float64Array | null {
  return choleskyOrPivot(a, p).l;
}

/** The pivot where the factorization fails (the first row that is a combination of the ones before it), or −1. */
export function failingPivot(a: Float64Array, p: number): number {
  return choleskyOrPivot(a, p).pivot;
}

function choleskyOrPivot(a: Float64Array, p: number): { l: Float64Array | null; pivot: number } {
  const l = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * p + j]!;
      for (let k = 0; k < j; k++) s -= l[i * p + k]! * l[j * p + k]!;
      if (i === j) {
        if (!(s > 1e-12 * Math.max(1, Math.abs(a[i * p + i]!)))) return { l: null, pivot: i };
        l[i * p + i] = Math.sqrt(s);
      } else {
        l[i * p + j] = s / l[j * p + j]!;
      }
    }
  }
  return { l, pivot: -1 };
}

/** Solves L Lᵀ x = b. */
export function choleskySolve(l: Float64Array, p: number, b: ArrayLike<number>): Float64Array {
  const y = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[i * p + k]! * y[k]!;
    y[i] = s / l[i * p + i]!;
  }
  const x = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let k = i + 1; k < p; k++) s -= l[k * p + i]! * x[k]!;
    x[i] = s / l[i * p + i]!;
  }
  return x;
}

/** A⁻¹ from A's factor (column by column). */
export function choleskyInverse(l: Float64Array, p: number): Float64Array {
  const inv = new Float64Array(p * p);
  const e = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    e.fill(0);
    e[j] = 1;
    const x = choleskySolve(l, p, e);
    for (let i = 0; i < p; i++) inv[i * p + j] = x[i]!;
  }
  return inv;
}
