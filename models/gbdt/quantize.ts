import type { FeatureBins } from '../../types/gbdt';
import { sortF64 } from '../stats/sort-f64';

export type { FeatureBins };
/** The bin every missing value (and an unseen category) falls in: the last of 256. */
export const MISSING_BIN = 255;
/** At most this many bins hold values; bin 255 is for missing. */
export const MAX_VALUE_BINS = 255;


/**
 * The upper edges of a numeric input's bins, from its training values: every distinct value when
 * there are at most `maxBins`, else quantiles by numpy's midpoint rule (scikit-learn's, on at most
 * `subsample` values taken evenly). A value v goes to the first bin whose edge is ≥ v.
 */
export function numericThresholds(values: Float64Array, maxBins = MAX_VALUE_BINS, subsample = 200_000): number[] {
  const step = Math.max(1, Math.floor(values.length / subsample));
  const taken = new Float64Array(Math.ceil(values.length / step));
  let m = 0;
  for (let i = 0; i < values.length; i += step) { const v = values[i]!; if (!Number.isNaN(v)) taken[m++] = v; }
  if (m === 0) return [];
  const sorted = sortF64(taken.subarray(0, m));
  const distinct: number[] = [];
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct.push(sorted[i]!);
  if (distinct.length <= maxBins) {
    return distinct.slice(0, -1).map((v, k) => (v + distinct[k + 1]!) / 2);
  }
  const edges: number[] = [];
  for (let k = 1; k < maxBins; k++) {
    // numpy's 'midpoint' percentile, as scikit-learn takes: halfway between the two values around the rank.
    const q = (k / maxBins) * (sorted.length - 1);
    const v = (sorted[Math.floor(q)]! + sorted[Math.ceil(q)]!) / 2;
    if (edges.length === 0 || v > edges[edges.length - 1]!) edges.push(v);
  }
  return edges;
}

/** Cells of the thresholds' range a value is first located in (then a step or two to its bin). */
const CELLS = 4096;

/**
 * The bin of each value: the number of thresholds below it (the first bin whose edge is ≥ v);
 * NaN → MISSING_BIN. The value's cell of the thresholds' range says where to start; a few steps
 * either way find the bin exactly (a binary search's chain of dependent loads is far slower).
 */
export function binNumeric(values: Float64Array, thresholds: readonly number[]): Uint8Array {
  const out = new Uint8Array(values.length);
  const t = Float64Array.from(thresholds);
  const n = t.length;
  const a = n ? t[0]! : 0, span = n ? t[n - 1]! - a : 0;
  const scale = span > 0 && Number.isFinite(span) ? CELLS / span : 0;
  // start[k]: the thresholds below cell k's left edge.
  const start = new Uint8Array(CELLS + 1);
  for (let k = 0, lo = 0; k <= CELLS; k++) {
    const edge = a + k / scale;
    while (lo < n && t[lo]! < edge) lo++;
    start[k] = lo;
  }
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v !== v) { out[i] = MISSING_BIN; continue; }
    const c = (v - a) * scale;
    let lo = c <= 0 ? 0 : c >= CELLS ? start[CELLS]! : start[c | 0]!;
    while (lo > 0 && t[lo - 1]! >= v) lo--;
    while (lo < n && t[lo]! < v) lo++;
    out[i] = lo;
  }
  return out;
}

/** Category indices (0…k−1, NaN for missing or unseen) as bins; more than 255 categories keep the first 255, the rest missing. */
export function binCategories(codes: Float64Array): Uint8Array {
  const out = new Uint8Array(codes.length);
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    out[i] = Number.isNaN(c) || c < 0 || c >= MAX_VALUE_BINS ? MISSING_BIN : c;
  }
  return out;
}

/** Bins every input once (column-major, one byte per value) and says how each was cut. */
export function quantize(columns: readonly Float64Array[], kinds: readonly { name: string; categorical: boolean; categories?: number }[], maxBins = MAX_VALUE_BINS): { bins: Uint8Array[]; features: FeatureBins[] } {
  const bins: Uint8Array[] = [];
  const features: FeatureBins[] = [];
  columns.forEach((col, f) => {
    const k = kinds[f]!;
    if (k.categorical) {
      bins.push(binCategories(col));
      features.push({ kind: 'categorical', name: k.name, categories: Math.min(k.categories ?? MAX_VALUE_BINS, MAX_VALUE_BINS) });
    } else {
      const thresholds = numericThresholds(col, maxBins);
      bins.push(binNumeric(col, thresholds));
      features.push({ kind: 'numeric', name: k.name, thresholds });
    }
  });
  return { bins, features };
}
