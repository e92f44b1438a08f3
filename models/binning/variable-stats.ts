import { sortF64 } from '../stats/sort-f64';

/** Events and non-events of a group of rows. */
export interface Counts { events: number; nonEvents: number }

/**
 * Everything binning needs of a numeric variable, from which the counts of any cut points are
 * read in O(log n): its regular values split by outcome and sorted, and the counts of missing
 * values and of each special value.
 */
export interface NumericStats {
  kind: 'numeric';
  eventValues: Float64Array;
  nonEventValues: Float64Array;
  missing: Counts;
  specials: (Counts & { value: number })[];
  totalEvents: number;
  totalNonEvents: number;
}

/** A categorical variable's counts per category (in dictionary order, unused ones dropped) and of missing. */
export interface CategoricalStats {
  kind: 'categorical';
  categories: (Counts & { value: string })[];
  missing: Counts;
  totalEvents: number;
  totalNonEvents: number;
}

export type VariableStats = NumericStats | CategoricalStats;

/**
 * `flags`: 1 = event, 0 = non-event, 255 = target missing (row ignored). `mask`, when given,
 * keeps only the rows where it is 1 (the training sample).
 */
export function numericStats(values: Float64Array, flags: Uint8Array, mask: Uint8Array | null, special: readonly number[]): NumericStats {
  const specialIndex = new Map(special.map((v, i) => [v, i]));
  const specials = special.map((value) => ({ value, events: 0, nonEvents: 0 }));
  const missing = { events: 0, nonEvents: 0 };
  let ne = 0, nn = 0;
  for (let i = 0; i < values.length; i++) {
    const t = flags[i]!;
    if (t === 255 || (mask && mask[i] !== 1)) continue;
    const v = values[i]!;
    if (Number.isNaN(v)) { if (t === 1) missing.events++; else missing.nonEvents++; continue; }
    const s = specialIndex.size > 0 ? specialIndex.get(v) : undefined;
    if (s !== undefined) { if (t === 1) specials[s]!.events++; else specials[s]!.nonEvents++; continue; }
    if (t === 1) ne++; else nn++;
  }
  const ev = new Float64Array(ne), nv = new Float64Array(nn);
  for (let i = 0, a = 0, b = 0; i < values.length; i++) {
    const t = flags[i]!;
    if (t === 255 || (mask && mask[i] !== 1)) continue;
    const v = values[i]!;
    if (Number.isNaN(v) || (specialIndex.size > 0 && specialIndex.has(v))) continue;
    if (t === 1) ev[a++] = v; else nv[b++] = v;
  }
  const totalEvents = ne + missing.events + specials.reduce((s, x) => s + x.events, 0);
  const totalNonEvents = nn + missing.nonEvents + specials.reduce((s, x) => s + x.nonEvents, 0);
  return { kind: 'numeric', eventValues: sortF64(ev), nonEventValues: sortF64(nv), missing, specials, totalEvents, totalNonEvents };
}

export function categoricalStats(codes: Int32Array, dictionary: readonly string[], flags: Uint8Array, mask: Uint8Array | null): CategoricalStats {
  const ev = new Float64Array(dictionary.length), nv = new Float64Array(dictionary.length);
  const missing = { events: 0, nonEvents: 0 };
  for (let i = 0; i < codes.length; i++) {
    const t = flags[i]!;
    if (t === 255 || (mask && mask[i] !== 1)) continue;
    const c = codes[i]!;
    if (c < 0) { if (t === 1) missing.events++; else missing.nonEvents++; } else if (t === 1) ev[c]!++; else nv[c]!++;
  }
  const categories: CategoricalStats['categories'] = [];
  let totalEvents = missing.events, totalNonEvents = missing.nonEvents;
  for (let c = 0; c < dictionary.length; c++) {
    if (ev[c]! + nv[c]! === 0) continue;
    categories.push({ value: dictionary[c]!, events: ev[c]!, nonEvents: nv[c]! });
    totalEvents += ev[c]!; totalNonEvents += nv[c]!;
  }
  return { kind: 'categorical', categories, missing, totalEvents, totalNonEvents };
}

/** How many values of a sorted array are < x. */
export function countBelow(sorted: Float64Array, x: number): number {
  let lo = 0, hi = sorted.length;
  while (lo < hi) { const mid = (lo + hi) >>> 1; if (sorted[mid]! < x) lo = mid + 1; else hi = mid; }
  return lo;
}

/** Events and non-events of the regular bins made by `cuts` (left-closed). */
export function numericBinCounts(s: NumericStats, cuts: readonly number[]): Counts[] {
  const out: Counts[] = [];
  let pe = 0, pn = 0;
  for (const c of cuts) {
    const e = countBelow(s.eventValues, c), n = countBelow(s.nonEventValues, c);
    out.push({ events: e - pe, nonEvents: n - pn });
    pe = e; pn = n;
  }
  out.push({ events: s.eventValues.length - pe, nonEvents: s.nonEventValues.length - pn });
  return out;
}

/** The smallest and largest regular value, or null when there is none. */
export function numericRange(s: NumericStats): { min: number; max: number } | null {
  const e = s.eventValues, n = s.nonEventValues;
  if (e.length + n.length === 0) return null;
  const min = Math.min(e.length ? e[0]! : Infinity, n.length ? n[0]! : Infinity);
  const max = Math.max(e.length ? e[e.length - 1]! : -Infinity, n.length ? n[n.length - 1]! : -Infinity);
  return { min, max };
}
