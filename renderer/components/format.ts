/** A share as a percentage for display (`—` for none). */
export function percent(x: number | null | undefined, digits = 1): string {
  return x === null || x === undefined ? '—' : `${(x * 100).toFixed(digits)}%`;
}
