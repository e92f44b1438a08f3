import type { QiniPoint, UpliftDecile } from '../../types/uplift';

/** Evaluation rows of one arm: predicted uplift, whether treated (else control), response (1/0). */
export interface UpliftRows { uplift: ArrayLike<number>; treated: ArrayLike<number>; response: ArrayLike<number> }

/** Row indices by predicted uplift, highest first (ties by position). */
function byUplift(u: ArrayLike<number>): number[] {
  return Array.from({ length: u.length }, (_, i) => i).sort((a, b) => u[b]! - u[a]! || a - b);
}

/**
 * The Qini curve (Radcliffe): customers taken in order of predicted uplift; at each share φ the
 * incremental responses Q(φ) = R_T(φ) − R_C(φ) · N_T(φ) / N_C(φ) (treated responses less the
 * control's scaled to as many customers), per customer of the evaluation rows; `points` evenly
 * spaced shares. The Qini coefficient is the area between the curve and the random line from
 * 0 to Q(1): positive when the ranking finds the customers who respond because of the offer.
 */
export function qini(rows: UpliftRows, points = 20): { coefficient: number; curve: QiniPoint[] } {
  const order = byUplift(rows.uplift);
  const n = order.length;
  const at = new Float64Array(n + 1);
  let nt = 0, nc = 0, rt = 0, rc = 0;
  order.forEach((i, k) => {
    if (rows.treated[i] === 1) { nt++; rt += rows.response[i]!; } else { nc++; rc += rows.response[i]!; }
    at[k + 1] = (rt - (nc > 0 ? (rc * nt) / nc : 0)) / Math.max(1, n);
  });
  const total = at[n]!;
  let area = 0;
  for (let k = 1; k <= n; k++) area += (at[k]! - (total * k) / n) / n;
  const curve = Array.from({ length: points + 1 }, (_, j) => ({ share: j / points, gain: at[Math.round((j * n) / points)]! }));
  return { coefficient: area, curve };
}

/** Uplift by decile of predicted uplift (highest first): each decile's treated and control response rates, their difference and the mean prediction. */
export function upliftByDecile(rows: UpliftRows, groups = 10): UpliftDecile[] {
  const order = byUplift(rows.uplift);
  const n = order.length;
  return Array.from({ length: groups }, (_, d) => {
    const part = order.slice(Math.floor((d * n) / groups), Math.floor(((d + 1) * n) / groups));
    let t = 0, c = 0, yt = 0, yc = 0, p = 0;
    for (const i of part) { p += rows.uplift[i]!; if (rows.treated[i] === 1) { t++; yt += rows.response[i]!; } else { c++; yc += rows.response[i]!; } }
    const treatedRate = t ? yt / t : null, controlRate = c ? yc / c : null;
    return { decile: d + 1, treated: t, control: c, treatedRate, controlRate, uplift: treatedRate !== null && controlRate !== null ? treatedRate - controlRate : null, predicted: part.length ? p / part.length : 0 };
  });
}
