import { woeOfCodes, woeOfNumbers } from '../binning/woe-transform';
import { sortF64 } from '../stats/sort-f64';
import type { ColumnData } from '../../types/columns';
import type { FeatureEncoding } from '../../types/model';

/** A column to encode, with how. */
export interface FeatureSource {
  name: string;
  party: string | null;
  column: ColumnData;
}

export interface EncodeFitOptions {
  /** One-hot: drop the most frequent level (the reference), as a logistic regression with an intercept needs. */
  dropReference: boolean;
  /** One-hot: keep levels with at least this share of the training rows, at most `maxLevels` of them. */
  minLevelShare?: number;
  maxLevels?: number;
}

function medianOf(values: Float64Array, rows: Uint8Array): number {
  const v: number[] = [];
  for (let i = 0; i < values.length; i++) if (rows[i] === 1 && !Number.isNaN(values[i]!)) v.push(values[i]!);
  if (v.length === 0) return 0;
  v.sort((a, b) => a - b);
  const m = v.length >> 1;
  return v.length % 2 ? v[m]! : (v[m - 1]! + v[m]!) / 2;
}

/**
 * Fits raw-feature encodings on the training rows (`rows[i] = 1`): numbers keep their training
 * median (for missing values), mean and sd; categories become one-hot levels (the frequent ones,
 * most frequent first).
 */
export function fitRawEncodings(sources: readonly FeatureSource[], rows: Uint8Array, o: EncodeFitOptions): FeatureEncoding[] {
  let nTrain = 0;
  for (let i = 0; i < rows.length; i++) nTrain += rows[i]!;
  return sources.map((s): FeatureEncoding => {
    const col = s.column;
    if (col.kind === 'f64') {
      const median = medianOf(col.values, rows);
      let sum = 0, k = 0;
      for (let i = 0; i < col.values.length; i++) if (rows[i] === 1) { const v = col.values[i]!; sum += Number.isNaN(v) ? median : v; k++; }
      const mean = k ? sum / k : 0;
      let ss = 0;
      for (let i = 0; i < col.values.length; i++) if (rows[i] === 1) { const v = col.values[i]!; const d = (Number.isNaN(v) ? median : v) - mean; ss += d * d; }
      return { kind: 'numeric', name: s.name, party: s.party, median, mean, sd: k ? Math.sqrt(ss / k) : 0 };
    }
    const counts = new Float64Array(col.dictionary.length);
    for (let i = 0; i < col.codes.length; i++) if (rows[i] === 1 && col.codes[i]! >= 0) counts[col.codes[i]!]++;
    const min = (o.minLevelShare ?? 0.005) * nTrain;
    let order = Array.from(counts.keys()).filter((c) => counts[c]! > 0 && counts[c]! >= min).sort((a, b) => counts[b]! - counts[a]! || a - b);
    order = order.slice(0, o.maxLevels ?? 50);
    if (o.dropReference) order = order.slice(1);
    return { kind: 'onehot', name: s.name, party: s.party, levels: order.map((c) => col.dictionary[c]!) };
  });
}

/**
 * Tree inputs, fitted on the training rows: numbers as they are; categories as indices into the
 * levels seen in training (sorted; a level never seen, or a missing value, is NaN).
 */
export function fitTreeEncodings(sources: readonly FeatureSource[], rows: Uint8Array): FeatureEncoding[] {
  return sources.map((s): FeatureEncoding => {
    const col = s.column;
    if (col.kind === 'f64') return { kind: 'raw', name: s.name, party: s.party };
    const seen = new Uint8Array(col.dictionary.length);
    for (let i = 0; i < col.codes.length; i++) if (rows[i] === 1 && col.codes[i]! >= 0) seen[col.codes[i]!] = 1;
    const levels = col.dictionary.filter((_, c) => seen[c] === 1).sort();
    return { kind: 'category', name: s.name, party: s.party, levels };
  });
}

/** Distinct training quantile edges of a number (at most `pieces` + 1), for a piecewise-linear encoding. */
export function quantileEdges(values: Float64Array, rows: Uint8Array, pieces: number): number[] {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (rows[i] === 1 && !Number.isNaN(values[i]!)) n++;
  if (n === 0) return [];
  const raw = new Float64Array(n);
  for (let i = 0, k = 0; i < values.length; i++) if (rows[i] === 1 && !Number.isNaN(values[i]!)) raw[k++] = values[i]!;
  const v = sortF64(raw);
  const edges: number[] = [];
  for (let q = 0; q <= pieces; q++) {
    const x = v[Math.min(v.length - 1, Math.round((q * (v.length - 1)) / pieces))]!;
    if (edges.length === 0 || x > edges[edges.length - 1]!) edges.push(x);
  }
  return edges;
}

/** At most this many encoded values (rows × inputs) for an MLP's piecewise-linear inputs: the pieces shrink on big data. */
export const PIECEWISE_VALUE_BUDGET = 20_000_000;

/**
 * Pieces per number: 24 (as many as help on small data) unless rows × numbers × (pieces + 1) would
 * pass the budget — then fewer, at least 4, so memory stays near that of the raw inputs' order.
 */
export function piecesFor(rows: number, numbers: number, max = 24): number {
  if (numbers === 0) return max;
  return Math.max(4, Math.min(max, Math.floor(PIECEWISE_VALUE_BUDGET / (rows * numbers)) - 1));
}

/** Numbers as piecewise-linear encodings on training quantiles (MLP inputs); categories one-hot. */
export function fitPiecewiseEncodings(sources: readonly FeatureSource[], rows: Uint8Array, pieces = piecesFor(rows.length, sources.filter((x) => x.column.kind === 'f64').length)): FeatureEncoding[] {
  const categorical = fitRawEncodings(sources, rows, { dropReference: false });
  return sources.map((s, k) => (s.column.kind === 'f64' ? { kind: 'ple', name: s.name, party: s.party, edges: quantileEdges(s.column.values, rows, pieces) } : categorical[k]!));
}

/** The model inputs one encoding yields, by name. */
export function inputNames(e: FeatureEncoding): string[] {
  if (e.kind === 'onehot') return e.levels.map((l) => `${e.name}=${l}`);
  if (e.kind === 'ple') return [...e.edges.slice(1).map((x) => `${e.name}<${x}`), `${e.name}=missing`];
  return [e.name];
}

function piecewise(values: Float64Array, edges: readonly number[]): Float64Array[] {
  const k = Math.max(0, edges.length - 1);
  const outs = Array.from({ length: k + 1 }, () => new Float64Array(values.length));
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (Number.isNaN(x)) { outs[k]![i] = 1; continue; }
    for (let t = 0; t < k; t++) {
      const lo = edges[t]!, hi = edges[t + 1]!;
      outs[t]![i] = x >= hi ? 1 : x <= lo ? 0 : (x - lo) / (hi - lo);
    }
  }
  return outs;
}

/**
 * Encodes every row: WOE by the stored bins, numbers with missing values imputed (and
 * standardized when asked, for the MLP), one-hot levels. `columnOf` gives a raw column by name.
 */
export function encodeFeatures(encodings: readonly FeatureEncoding[], columnOf: (name: string) => ColumnData, standardizeNumbers: boolean): { names: string[]; columns: Float64Array[] } {
  const names: string[] = [];
  const columns: Float64Array[] = [];
  for (const e of encodings) {
    const col = columnOf(e.name);
    if (e.kind === 'woe') {
      const spec = e.spec;
      if (spec.kind === 'numeric') {
        if (col.kind !== 'f64') throw new Error(`'${e.name}' was binned as a number but is categorical here`);
        columns.push(woeOfNumbers(col.values, spec, e.table));
      } else {
        if (col.kind !== 'i32') throw new Error(`'${e.name}' was binned as categories but is numeric here`);
        columns.push(woeOfCodes(col.codes, col.dictionary, spec, e.table));
      }
      names.push(e.name);
    } else if (e.kind === 'ple') {
      if (col.kind !== 'f64') throw new Error(`'${e.name}' was a number in training but is categorical here`);
      columns.push(...piecewise(col.values, e.edges));
      names.push(...inputNames(e));
    } else if (e.kind === 'raw') {
      if (col.kind !== 'f64') throw new Error(`'${e.name}' was a number in training but is categorical here`);
      columns.push(Float64Array.from(col.values));
      names.push(e.name);
    } else if (e.kind === 'category') {
      if (col.kind !== 'i32') throw new Error(`'${e.name}' was categorical in training but is numeric here`);
      const at = new Map(e.levels.map((l, k) => [l, k]));
      const slot = Float64Array.from(col.dictionary, (d) => at.get(d) ?? NaN);
      columns.push(Float64Array.from(col.codes, (c) => (c >= 0 ? slot[c]! : NaN)));
      names.push(e.name);
    } else if (e.kind === 'numeric') {
      if (col.kind !== 'f64') throw new Error(`'${e.name}' was a number in training but is categorical here`);
      const out = new Float64Array(col.values.length);
      const scale = standardizeNumbers && e.sd > 0 ? 1 / e.sd : 1, shift = standardizeNumbers && e.sd > 0 ? e.mean : 0;
      for (let i = 0; i < out.length; i++) { const v = col.values[i]!; out[i] = ((Number.isNaN(v) ? e.median : v) - shift) * scale; }
      columns.push(out);
      names.push(e.name);
    } else {
      if (col.kind !== 'i32') throw new Error(`'${e.name}' was categorical in training but is numeric here`);
      const slot = new Int32Array(col.dictionary.length).fill(-1);
      const at = new Map(e.levels.map((l, k) => [l, k]));
      col.dictionary.forEach((d, c) => { slot[c] = at.get(d) ?? -1; });
      const outs = e.levels.map(() => new Float64Array(col.codes.length));
      for (let i = 0; i < col.codes.length; i++) { const c = col.codes[i]!; if (c >= 0 && slot[c]! >= 0) outs[slot[c]!]![i] = 1; }
      columns.push(...outs);
      names.push(...inputNames(e));
    }
  }
  return { names, columns };
}

/** The given rows of each column, in the order given (rows may repeat: augmented or resampled rows). */
export function gatherRows(columns: readonly Float64Array[], rows: Int32Array): Float64Array[] {
  return columns.map((c) => {
    const out = new Float64Array(rows.length);
    for (let k = 0; k < rows.length; k++) out[k] = c[rows[k]!]!;
    return out;
  });
}

/** A stored column at the given rows (rows may repeat); a categorical one keeps its dictionary. */
export function gatherColumn(c: ColumnData, rows: Int32Array): ColumnData {
  if (c.kind === 'f64') return { kind: 'f64', values: gatherRows([c.values], rows)[0]! };
  const codes = new Int32Array(rows.length);
  for (let k = 0; k < rows.length; k++) codes[k] = c.codes[rows[k]!]!;
  return { ...c, codes };
}

/** The rows flagged in `mask`, of each column. */
export function selectRows(columns: readonly Float64Array[], mask: Uint8Array): Float64Array[] {
  let k = 0;
  for (let i = 0; i < mask.length; i++) k += mask[i]!;
  return columns.map((c) => {
    const out = new Float64Array(k);
    for (let i = 0, j = 0; i < mask.length; i++) if (mask[i] === 1) out[j++] = c[i]!;
    return out;
  });
}
