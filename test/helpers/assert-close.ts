import assert from 'node:assert/strict';

/** Asserts |actual − expected| ≤ tol · max(1, |expected|). */
export function assertClose(actual: number, expected: number, tol = 1e-9, what = 'value'): void {
  const scale = Math.max(1, Math.abs(expected));
  assert.ok(Math.abs(actual - expected) <= tol * scale, `${what}: expected ${expected} ± ${tol * scale}, got ${actual}`);
}
