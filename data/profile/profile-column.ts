import type { CodedColumn, ColumnData, ColumnSpec } from '../../types/columns';
import type { CategoryCount, ColumnProfile, Histogram, NumericSummary, TargetProfile } from '../../types/dataset';
import { formatDate } from '../import/parse-value';
import { sortF64, sortScaledKeys } from '../../models/stats/sort-f64';
import { ScaledKeySorter } from '../../models/stats/sort-keys-kernel';
import { packedColumnKeys, unpackColumnKeys } from '../store/chunk-codec';
import type { BinaryTarget } from './target';
import { woeTable } from '../../models/binning/woe';

export const PROFILE_QUANTILES = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99];
const HISTOGRAM_BINS = 20;
const TOP_CATEGORIES = 20;
const TARGET_QUANTILE_BINS = 10;

/** Quantile of sorted values by linear interpolation between closest ranks (numpy's default). */
export function quantileSorted(sorted: Float64Array, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

function numericSummary(sorted: Float64Array): NumericSummary {
  const n = sorted.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i]!;
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) { const d = sorted[i]! - mean; ss += d * d; }
  return {
    min: sorted[0]!,
    max: sorted[n - 1]!,
    mean,
    std: n > 1 ? Math.sqrt(ss / (n - 1)) : NaN,
    quantiles: PROFILE_QUANTILES.map((p) => ({ p, value: quantileSorted(sorted, p) })),
  };
}

/** Equal-width histogram over [min, max]; the last bin is closed on the right. */
export function histogram(sorted: Float64Array, bins = HISTOGRAM_BINS): Histogram {
  const n = sorted.length;
  const min = sorted[0]!, max = sorted[n - 1]!;
  if (!Number.isFinite(min) || !Number.isFinite(max)) return { edges: [], counts: [] };
  if (min === max) return { edges: [min, max], counts: [n] };
  const width = (max - min) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? max : min + i * width));
  // The bin of a value is monotone in the value, so on sorted values each bin's first index is
  // found by bisection with the very same formula: the counts of a pass over every value.
  const binOf = (x: number) => Math.min(bins - 1, Math.floor((x - min) / width));
  const firstAtLeast = (b: number, from: number) => {
    let lo = from, hi = n;
    while (lo < hi) { const mid = (lo + hi) >>> 1; if (binOf(sorted[mid]!) >= b) hi = mid; else lo = mid + 1; }
    return lo;
  };
  const counts = new Array<number>(bins).fill(0);
  let start = 0;
  for (let b = 0; b < bins; b++) {
    const end = b === bins - 1 ? n : firstAtLeast(b + 1, start);
    counts[b] = end - start;
    start = end;
  }
  return { edges, counts };
}

function distinctSorted(sorted: Float64Array): number {
  let d = sorted.length > 0 ? 1 : 0;
  for (let i = 1; i < sorted.length; i++) if (sorted[i] !== sorted[i - 1]) d++;
  return d;
}

/** Cut points of up to `bins` quantile groups, without repeats (ties stay in one group). */
function quantileCuts(sorted: Float64Array, bins: number): number[] {
  const cuts: number[] = [];
  for (let k = 1; k < bins; k++) {
    const v = sorted[Math.min(sorted.length - 1, Math.floor((k * sorted.length) / bins))]!;
    if (v > sorted[0]! && (cuts.length === 0 || v > cuts[cuts.length - 1]!)) cuts.push(v);
  }
  return cuts;
}

function fmt(v: number, isDate: boolean): string {
  if (isDate) return formatDate(v);
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
}

function numericTarget(values: Float64Array, sorted: Float64Array, target: BinaryTarget, isDate: boolean): TargetProfile {
  const cuts = quantileCuts(sorted, TARGET_QUANTILE_BINS);
  const k = cuts.length + 1;
  const ev = new Array<number>(k + 1).fill(0);
  const ne = new Array<number>(k + 1).fill(0);
  for (let i = 0; i < values.length; i++) {
    const t = target.flags[i]!;
    if (t === 255) continue;
    const v = values[i]!;
    let b: number;
    if (Number.isNaN(v)) b = k;
    else { let lo = 0, hi = cuts.length; while (lo < hi) { const mid = (lo + hi) >> 1; if (v < cuts[mid]!) hi = mid; else lo = mid + 1; } b = lo; }
    if (t === 1) ev[b]!++; else ne[b]!++;
  }
  const groups: { label: string; kind?: 'missing'; events: number; nonEvents: number }[] = [];
  for (let b = 0; b < k; b++) {
    const left = b === 0 ? '(-inf' : `[${fmt(cuts[b - 1]!, isDate)}`;
    const right = b === k - 1 ? 'inf)' : `${fmt(cuts[b]!, isDate)})`;
    groups.push({ label: `${left}, ${right}`, events: ev[b]!, nonEvents: ne[b]! });
  }
  if (ev[k]! + ne[k]! > 0) groups.push({ label: 'Missing', kind: 'missing', events: ev[k]!, nonEvents: ne[k]! });
  const { bins, iv } = woeTable(groups, target.events, target.nonEvents);
  return { target: target.name, event: target.event, bins, iv };
}

function codedTarget(codes: Int32Array, dictionary: string[], order: number[], target: BinaryTarget): TargetProfile {
  const shown = new Set(order.slice(0, TOP_CATEGORIES));
  const ev = new Float64Array(dictionary.length), ne = new Float64Array(dictionary.length);
  let oe = 0, on = 0, me = 0, mn = 0;
  for (let i = 0; i < codes.length; i++) {
    const t = target.flags[i]!;
    if (t === 255) continue;
    const c = codes[i]!;
    if (c < 0) { if (t === 1) me++; else mn++; } else if (shown.has(c)) { if (t === 1) ev[c]!++; else ne[c]!++; } else if (t === 1) oe++; else on++;
  }
  const groups: { label: string; kind?: 'missing' | 'other'; events: number; nonEvents: number }[] = order.slice(0, TOP_CATEGORIES).map((c) => ({ label: dictionary[c]!, events: ev[c]!, nonEvents: ne[c]! }));
  if (oe + on > 0) groups.push({ label: 'Other', kind: 'other', events: oe, nonEvents: on });
  if (me + mn > 0) groups.push({ label: 'Missing', kind: 'missing', events: me, nonEvents: mn });
  const { bins, iv } = woeTable(groups, target.events, target.nonEvents);
  return { target: target.name, event: target.event, bins, iv };
}

type PackedKeys = NonNullable<CodedColumn['packedKeys']>;

/** Key a before key b as their lower-case hex texts sort: byte by byte, as the digits map to nibbles in order. */
function packedBefore(p: PackedKeys): (a: number, b: number) => boolean {
  const { width, bytes } = p;
  return (a, b) => {
    for (let i = 0, x = a * width, y = b * width; i < width; i++, x++, y++) if (bytes[x] !== bytes[y]) return bytes[x]! < bytes[y]!;
    return false;
  };
}

/** The text of code c of a coded column (hex for packed keys). */
function valueOf(col: CodedColumn, c: number): string {
  const p = col.packedKeys;
  return p ? Buffer.from(p.bytes.buffer, p.bytes.byteOffset + c * p.width, p.width).toString('hex') : col.dictionary[c]!;
}

/**
 * The `k` most frequent codes, most frequent first, ties by value — by selection, not a full
 * sort, so a key column of a million distinct values costs one pass.
 */
export function topCodes(counts: Float64Array, dictionary: readonly string[] | PackedKeys, k: number): number[] {
  const valueBefore = Array.isArray(dictionary) ? (a: number, b: number) => dictionary[a]! < dictionary[b]! : packedBefore(dictionary as PackedKeys);
  const before = (a: number, b: number) => counts[a]! > counts[b]! || (counts[a] === counts[b] && valueBefore(a, b));
  const top: number[] = [];
  for (let c = 0; c < counts.length; c++) {
    if (counts[c]! <= 0) continue;
    if (top.length === k && !before(c, top[k - 1]!)) continue;
    let i = top.length === k ? k - 1 : top.length;
    if (top.length < k) top.push(c);
    while (i > 0 && before(c, top[i - 1]!)) { top[i] = top[i - 1]!; i--; }
    top[i] = c;
  }
  return top;
}

/** The profile of a column of numbers from its present values, sorted. */
function numbersProfile(spec: ColumnSpec, count: number, sorted: Float64Array, targetProfile: TargetProfile | null, distinct = distinctSorted(sorted)): ColumnProfile {
  const present = sorted.length;
  return {
    name: spec.name, type: spec.type, role: spec.role,
    count, missing: count - present, distinct,
    numeric: present > 0 ? numericSummary(sorted) : null,
    histogram: present > 0 ? histogram(sorted) : null,
    topCategories: null,
    targetProfile,
  };
}

/**
 * The profile (without target) of a column of numbers straight from its stored chunks when every
 * one is packed: their integers are the sort keys, so no double is decoded and no scale searched.
 * The same profile as decoding the column first; null when a chunk is stored raw.
 */
export function profilePackedNumbers(spec: ColumnSpec, chunks: readonly Uint8Array[]): ColumnProfile | null {
  const s = sorter();
  if (s) {
    // Unpacked and sorted in WebAssembly; the sorted values are a view of its memory, used before the next column.
    const k = unpackColumnKeys(chunks, s);
    if (!k) return null;
    const { sorted, distinct } = s.sort(k.n, k.min, k.max, 10 ** k.exponent);
    return numbersProfile(spec, k.count, sorted, null, distinct);
  }
  const k = packedColumnKeys(chunks);
  if (!k) return null;
  const { sorted, distinct } = sortScaledKeys(k.keys, k.min, k.max, 10 ** k.exponent);
  return numbersProfile(spec, k.count, sorted, null, distinct);
}

/** This thread's WebAssembly sorter of packed keys (null without WebAssembly: the JavaScript sort serves). */
let keySorter: ScaledKeySorter | null | undefined;
function sorter(): ScaledKeySorter | null {
  if (keySorter === undefined) keySorter = ScaledKeySorter.create();
  return keySorter;
}

/** Room for a column's present values before sorting, kept from column to column (the sort copies them out). */
let scratch = new Float64Array(0);
function presentScratch(n: number): Float64Array {
  if (scratch.length < n) scratch = new Float64Array(n);
  return scratch;
}

/**
 * Profiles one column: counts, missing, distinct; for numbers and dates min/max/mean/std,
 * quantiles and a histogram; for coded columns the top categories; with a binary target, the
 * event rate per quantile group or category and a quick IV.
 */
export function profileColumn(spec: ColumnSpec, col: ColumnData, target: BinaryTarget | null): ColumnProfile {
  if (col.kind === 'f64') {
    const v = col.values;
    const all = presentScratch(v.length);
    let present = 0;
    for (let i = 0; i < v.length; i++) { const x = v[i]!; if (x === x) all[present++] = x; }
    const sorted = sortF64(all.subarray(0, present));
    return numbersProfile(spec, v.length, sorted, target && present > 0 && target.name !== spec.name ? numericTarget(v, sorted, target, spec.type === 'date') : null);
  }
  const size = col.packedKeys ? col.packedKeys.bytes.length / col.packedKeys.width : col.dictionary.length;
  const counts = new Float64Array(size);
  let missing = 0;
  for (let i = 0; i < col.codes.length; i++) { const c = col.codes[i]!; if (c < 0) missing++; else counts[c]!++; }
  let distinct = 0;
  for (let c = 0; c < counts.length; c++) if (counts[c]! > 0) distinct++;
  const order = topCodes(counts, col.packedKeys ?? col.dictionary, TOP_CATEGORIES);
  const top: CategoryCount[] = order.slice(0, TOP_CATEGORIES).map((c) => ({ value: valueOf(col, c), count: counts[c]! }));
  const profileTarget = target && target.name !== spec.name && spec.type !== 'key' && spec.type !== 'text';
  return {
    name: spec.name, type: spec.type, role: spec.role,
    count: col.codes.length, missing, distinct,
    numeric: null, histogram: null, topCategories: top,
    targetProfile: profileTarget ? codedTarget(col.codes, col.packedKeys ? Array.from({ length: size }, (_, c) => valueOf(col, c)) : col.dictionary, order, target) : null,
  };
}
