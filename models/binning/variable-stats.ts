import { radixOrder, sortF64 } from '../stats/sort-f64';

/**
 * Events and non-events of a group of rows. Weighted, they are sums of weights and `rows` counts
 * the people behind them (what the privacy threshold counts); unweighted, `rows` is left out
 * (it is events + non-events).
 */
export interface Counts { events: number; nonEvents: number; rows?: number }

/** How many people a group holds. */
export const rowsOf = (c: Counts): number => c.rows ?? c.events + c.nonEvents;

/**
 * Row weights: each row's weight (a row of weight 0 takes no part) and, when a row is a second
 * copy of another (reject inference's fuzzy augmentation), how many people it counts as (0 or 1).
 */
export interface RowWeights { weight: Float64Array; people?: Uint8Array | null }

/** Weighted: the weight and people of each sorted value, and their running sums (length n + 1). */
export interface SortedWeights { weight: Float64Array; people: Float64Array; cumWeight: Float64Array; cumPeople: Float64Array }

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
  /** Present when the rows are weighted: per sorted value its weight and people. */
  eventWeights?: SortedWeights;
  nonEventWeights?: SortedWeights;
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
export function numericStats(values: Float64Array, flags: Uint8Array, mask: Uint8Array | null, special: readonly number[], weights?: RowWeights | null): NumericStats {
  if (weights) return weightedNumericStats(values, flags, mask, special, weights);
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

export function categoricalStats(codes: Int32Array, dictionary: readonly string[], flags: Uint8Array, mask: Uint8Array | null, weights?: RowWeights | null): CategoricalStats {
  if (weights) return weightedCategoricalStats(codes, dictionary, flags, mask, weights);
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
  if (s.eventWeights && s.nonEventWeights) return weightedBinCounts(s.eventValues, s.eventWeights, s.nonEventValues, s.nonEventWeights, cuts);
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

/** A row's part: skipped (masked out, target unknown, or no weight), else its weight. */
function weightOf(i: number, flags: Uint8Array, mask: Uint8Array | null, w: RowWeights): number {
  if (flags[i] === 255 || (mask && mask[i] !== 1)) return 0;
  return w.weight[i]!;
}

function addTo(c: Counts, event: boolean, weight: number, people: number): void {
  if (event) c.events += weight; else c.nonEvents += weight;
  c.rows = (c.rows ?? 0) + people;
}

/** The regular values of one outcome, sorted, with their weights and people carried along. */
function sortedSide(values: Float64Array, at: Int32Array, n: number, w: RowWeights): { sorted: Float64Array; weights: SortedWeights } {
  const raw = new Float64Array(n);
  for (let j = 0; j < n; j++) raw[j] = values[at[j]!]!;
  const order = radixOrder(raw);
  const sorted = new Float64Array(n), weight = new Float64Array(n), people = new Float64Array(n);
  const cumWeight = new Float64Array(n + 1), cumPeople = new Float64Array(n + 1);
  for (let j = 0; j < n; j++) {
    const i = at[order[j]!]!;
    sorted[j] = values[i]!;
    weight[j] = w.weight[i]!;
    people[j] = w.people ? w.people[i]! : 1;
    cumWeight[j + 1] = cumWeight[j]! + weight[j]!;
    cumPeople[j + 1] = cumPeople[j]! + people[j]!;
  }
  return { sorted, weights: { weight, people, cumWeight, cumPeople } };
}

function weightedNumericStats(values: Float64Array, flags: Uint8Array, mask: Uint8Array | null, special: readonly number[], w: RowWeights): NumericStats {
  const specialIndex = new Map(special.map((v, i) => [v, i]));
  const specials = special.map((value) => ({ value, events: 0, nonEvents: 0, rows: 0 }));
  const missing: Counts = { events: 0, nonEvents: 0, rows: 0 };
  const evAt = new Int32Array(values.length), nvAt = new Int32Array(values.length);
  let ne = 0, nn = 0;
  for (let i = 0; i < values.length; i++) {
    const weight = weightOf(i, flags, mask, w);
    if (!(weight > 0)) continue;
    const event = flags[i] === 1, v = values[i]!, people = w.people ? w.people[i]! : 1;
    if (Number.isNaN(v)) { addTo(missing, event, weight, people); continue; }
    const s = specialIndex.get(v);
    if (s !== undefined) { addTo(specials[s]!, event, weight, people); continue; }
    if (event) evAt[ne++] = i; else nvAt[nn++] = i;
  }
  const ev = sortedSide(values, evAt, ne, w), nv = sortedSide(values, nvAt, nn, w);
  const totalEvents = ev.weights.cumWeight[ne]! + missing.events + specials.reduce((t, x) => t + x.events, 0);
  const totalNonEvents = nv.weights.cumWeight[nn]! + missing.nonEvents + specials.reduce((t, x) => t + x.nonEvents, 0);
  return { kind: 'numeric', eventValues: ev.sorted, nonEventValues: nv.sorted, missing, specials, totalEvents, totalNonEvents, eventWeights: ev.weights, nonEventWeights: nv.weights };
}

function weightedCategoricalStats(codes: Int32Array, dictionary: readonly string[], flags: Uint8Array, mask: Uint8Array | null, w: RowWeights): CategoricalStats {
  const byCode = Array.from({ length: dictionary.length }, (): Counts => ({ events: 0, nonEvents: 0, rows: 0 }));
  const missing: Counts = { events: 0, nonEvents: 0, rows: 0 };
  for (let i = 0; i < codes.length; i++) {
    const weight = weightOf(i, flags, mask, w);
    if (!(weight > 0)) continue;
    const c = codes[i]!;
    addTo(c < 0 ? missing : byCode[c]!, flags[i] === 1, weight, w.people ? w.people[i]! : 1);
  }
  const categories: CategoricalStats['categories'] = [];
  let totalEvents = missing.events, totalNonEvents = missing.nonEvents;
  byCode.forEach((c, k) => {
    if (c.events + c.nonEvents === 0) return;
    categories.push({ value: dictionary[k]!, ...c });
    totalEvents += c.events; totalNonEvents += c.nonEvents;
  });
  return { kind: 'categorical', categories, missing, totalEvents, totalNonEvents };
}

function weightedBinCounts(ev: Float64Array, ew: SortedWeights, nv: Float64Array, nw: SortedWeights, cuts: readonly number[]): Counts[] {
  const out: Counts[] = [];
  let pe = 0, pn = 0;
  const part = (e: number, n: number): Counts => ({
    events: ew.cumWeight[e]! - ew.cumWeight[pe]!, nonEvents: nw.cumWeight[n]! - nw.cumWeight[pn]!,
    rows: ew.cumPeople[e]! - ew.cumPeople[pe]! + nw.cumPeople[n]! - nw.cumPeople[pn]!,
  });
  for (const c of cuts) {
    const e = countBelow(ev, c), n = countBelow(nv, c);
    out.push(part(e, n));
    pe = e; pn = n;
  }
  out.push(part(ev.length, nv.length));
  return out;
}
