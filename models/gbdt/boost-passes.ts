/**
 * The per-row passes of boosting between two trees, cut into units a second thread can share:
 * summing the exact gradients of each leaf (and noting each row's leaf), then moving each row's
 * prediction by its leaf's value and computing its next gradient and hessian (and their whole
 * numbers for the histogram kernel) in row order. A unit is at most UNIT_ROWS consecutive entries
 * of the row order, within one range; the units of a range are summed separately and then added
 * in order, so the sums are the same whichever thread took which unit.
 */

/** Rows per unit of a pass. */
export const UNIT_ROWS = 4096;

/** Unit kinds (the helper thread is told them as numbers). */
/** Gradients of the rows as they stand. */
export const GRADIENT_PASS = 1;
/** Each row moved by its leaf's value (`leafValues[leafOf[row]]`), then its gradients. */
export const STEP_PASS = 2;
/** Each range's sums of gradients and hessians; each row's range noted in `leafOf`. */
export const SUM_PASS = 3;
/** A node's rows split by the table: each unit's rows going left, then those going right, into `scratch` (its count of left rows noted). */
export const SPLIT_PASS = 4;
/** Each unit's two parts copied from `scratch` to where they belong in the row order (`values`: left and right offsets). */
export const PLACE_PASS = 5;
export type PassKind = typeof GRADIENT_PASS | typeof STEP_PASS | typeof SUM_PASS | typeof SPLIT_PASS | typeof PLACE_PASS;

/** What the passes read and write, each indexed by row; `gh` (gradient and hessian integers side by side) only with the histogram kernel. */
export interface BoostArrays {
  raw: Float64Array;
  y: Uint8Array;
  w: Float64Array;
  g: Float64Array;
  h: Float64Array;
  gh: Int32Array | null;
  /** The row order the units index. */
  rows: Uint32Array;
  /** Per unit: start and end in `rows`, and the range it belongs to. */
  units: Int32Array;
  /** Per unit: its sums of g and h (SUM_PASS). */
  values: Float64Array;
  /** Per row: the leaf it fell in (SUM_PASS writes, STEP_PASS reads). */
  leafOf: Uint16Array;
  /** Per leaf: the value its rows move by. */
  leafValues: Float64Array;
  /** Every input's bins (column by column), the split's feature, its table (bin → 1 when going left) and room for a node's rows. */
  columns: readonly Uint8Array[];
  feature: Int32Array;
  table: Uint8Array;
  scratch: Uint32Array;
  /** 1 / the gradients' and hessians' integer scales. */
  scales: Float64Array;
}

/** Shared-memory room for the units of n rows in at most `ranges` ranges. */
export function unitCapacity(n: number, ranges: number): number {
  return Math.ceil(n / UNIT_ROWS) + ranges + 1;
}

/** Writes the units of the given ranges of the row order into `a.units`; returns how many, and for each range the first unit after its own. */
export function cutUnits(a: BoostArrays, ranges: readonly { start: number; end: number }[]): { count: number; ends: number[] } {
  let u = 0;
  const ends: number[] = [];
  ranges.forEach((r, k) => {
    for (let s = r.start; s < r.end; s += UNIT_ROWS) {
      a.units[3 * u] = s;
      a.units[3 * u + 1] = Math.min(r.end, s + UNIT_ROWS);
      a.units[3 * u + 2] = k;
      u++;
    }
    ends.push(u);
  });
  return { count: u, ends };
}

/** Runs unit u of a pass. */
export function runUnit(a: BoostArrays, kind: PassKind, u: number): void {
  const start = a.units[3 * u]!, end = a.units[3 * u + 1]!;
  if (kind === SUM_PASS) sumGradients(a, start, end, u);
  else if (kind === SPLIT_PASS) splitUnit(a, start, end, u);
  else if (kind === PLACE_PASS) placeUnit(a, start, end, u);
  else gradients(a, start, end, kind === STEP_PASS);
}

/**
 * Rows rows[start..end): each prediction moved by its leaf's value when `step`, then its log-loss
 * gradient w·(p − y) and hessian w·p·(1 − p), and their nearest whole numbers at the kernel's scales.
 */
export function gradients(a: BoostArrays, start: number, end: number, step: boolean): void {
  const { raw, y, w, g, h, gh, rows, leafOf, leafValues } = a;
  const ig = a.scales[0]!, ih = a.scales[1]!;
  for (let j = start; j < end; j++) {
    const i = rows[j]!;
    const r = step ? raw[i]! + leafValues[leafOf[i]!]! : raw[i]!;
    raw[i] = r;
    const p = 1 / (1 + Math.exp(-r));
    const wi = w[i]!;
    const gi = wi * (p - y[i]!), hi = wi * p * (1 - p);
    g[i] = gi;
    h[i] = hi;
    // Nearest whole numbers (halves up); Math.floor is several times faster than Math.round here.
    if (gh) { gh[2 * i] = Math.floor(gi * ig + 0.5); gh[2 * i + 1] = Math.floor(hi * ih + 0.5); }
  }
}

/** The exact sums of g and h over rows[start..end), into unit u's two slots of `values`; each row's leaf noted. */
function sumGradients(a: BoostArrays, start: number, end: number, u: number): void {
  const { g, h, rows, leafOf } = a;
  const leaf = a.units[3 * u + 2]!;
  let G = 0, H = 0;
  for (let j = start; j < end; j++) { const i = rows[j]!; G += g[i]!; H += h[i]!; leafOf[i] = leaf; }
  a.values[2 * u] = G;
  a.values[2 * u + 1] = H;
}

/** Each range's sums of g and h: its units' sums added in order. */
export function rangeSums(a: BoostArrays, ends: readonly number[]): { G: number; H: number }[] {
  const out: { G: number; H: number }[] = [];
  let u = 0;
  for (const end of ends) {
    let G = 0, H = 0;
    for (; u < end; u++) { G += a.values[2 * u]!; H += a.values[2 * u + 1]!; }
    out.push({ G, H });
  }
  return out;
}

/** Rows rows[start..end) into scratch[start..end): those going left, then those going right, each in order; unit u's third slot takes the left count. */
function splitUnit(a: BoostArrays, start: number, end: number, u: number): void {
  const { rows, scratch, table } = a;
  const col = a.columns[a.feature[0]!]!;
  let l = start, r = start;
  // Left rows to scratch, right rows compacted in place (never ahead of the reading), both written every time and one kept.
  for (let j = start; j < end; j++) {
    const i = rows[j]!;
    const t = table[col[i]!]!;
    scratch[l] = i;
    rows[r] = i;
    l += t;
    r += 1 - t;
  }
  scratch.set(rows.subarray(start, r), l);
  a.units[3 * u + 2] = l - start;
}

/** Unit u's two parts from scratch to their offsets in the row order. */
function placeUnit(a: BoostArrays, start: number, end: number, u: number): void {
  const mid = start + a.units[3 * u + 2]!;
  a.rows.set(a.scratch.subarray(start, mid), a.values[2 * u]!);
  a.rows.set(a.scratch.subarray(mid, end), a.values[2 * u + 1]!);
}

/** After SPLIT_PASS over `count` units of one node starting at `start`: each unit's offsets for PLACE_PASS; returns where the right rows begin. */
export function placeOffsets(a: BoostArrays, start: number, count: number): number {
  let lefts = 0;
  for (let u = 0; u < count; u++) lefts += a.units[3 * u + 2]!;
  let l = start, r = start + lefts;
  for (let u = 0; u < count; u++) {
    const left = a.units[3 * u + 2]!, size = a.units[3 * u + 1]! - a.units[3 * u]!;
    a.values[2 * u] = l;
    a.values[2 * u + 1] = r;
    l += left;
    r += size - left;
  }
  return start + lefts;
}
