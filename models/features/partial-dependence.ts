import type { ColumnData } from '../../types/columns';
import type { StoredModel } from '../../types/model';
import { sortF64 } from '../stats/sort-f64';
import { modelLogOdds } from './model-log-odds';

/** The grid a feature's partial dependence is drawn on: numbers at training quantiles (missing last), or the most frequent levels. */
export type DependenceGrid = { kind: 'numeric'; values: number[] } | { kind: 'categorical'; values: string[] };

/** Distinct quantiles (2.5 % … 97.5 %) of the rows' non-missing values, at most `points`. */
export function numericGrid(values: Float64Array, rows: readonly number[], points: number): number[] {
  const seen = Float64Array.from(rows.map((i) => values[i]!).filter((v) => !Number.isNaN(v)));
  if (seen.length === 0) return [];
  const sorted = sortF64(seen);
  const out: number[] = [];
  for (let k = 0; k < points; k++) {
    const q = points === 1 ? 0.5 : 0.025 + (0.95 * k) / (points - 1);
    const v = sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
    if (out.at(-1) !== v) out.push(v);
  }
  return out;
}

/** The `points` most frequent levels among the rows (ties by name). */
export function categoricalGrid(col: Extract<ColumnData, { kind: 'i32' }>, rows: readonly number[], points: number): string[] {
  const counts = new Map<number, number>();
  for (const i of rows) { const c = col.codes[i]!; if (c >= 0) counts.set(c, (counts.get(c) ?? 0) + 1); }
  return [...counts].sort((a, b) => b[1] - a[1] || col.dictionary[a[0]]!.localeCompare(col.dictionary[b[0]]!)).slice(0, points).map(([c]) => col.dictionary[c]!);
}

/** The rows' columns only. */
function subset(col: ColumnData, rows: readonly number[]): ColumnData {
  return col.kind === 'f64' ? { kind: 'f64', values: Float64Array.from(rows, (i) => col.values[i]!) } : { kind: 'i32', codes: Int32Array.from(rows, (i) => col.codes[i]!), dictionary: col.dictionary };
}

/**
 * Partial dependence (Friedman 2001) of the model's log-odds on one input: for each grid value,
 * the mean log-odds over the given rows with that input set to the value (a missing value too, as
 * `missing`), every other input as the rows have it.
 */
export function partialDependence(model: StoredModel, columnOf: (name: string) => ColumnData, feature: string, rows: readonly number[], grid: DependenceGrid): { logOdds: number[]; missing: number } {
  const base = new Map<string, ColumnData>();
  const rowsOf = (n: string) => { let c = base.get(n); if (!c) { c = subset(columnOf(n), rows); base.set(n, c); } return c; };
  const mean = (set: ColumnData) => {
    const l = modelLogOdds(model, (n) => (n === feature ? set : rowsOf(n)));
    let s = 0;
    for (const v of l) s += v;
    return l.length ? s / l.length : NaN;
  };
  const own = rowsOf(feature);
  const n = rows.length;
  if (own.kind === 'f64') {
    return { logOdds: (grid.values as number[]).map((v) => mean({ kind: 'f64', values: new Float64Array(n).fill(v) })), missing: mean({ kind: 'f64', values: new Float64Array(n).fill(NaN) }) };
  }
  return {
    logOdds: (grid.values as string[]).map((v) => mean({ kind: 'i32', codes: new Int32Array(n).fill(own.dictionary.indexOf(v)), dictionary: own.dictionary })),
    missing: mean({ kind: 'i32', codes: new Int32Array(n).fill(-1), dictionary: own.dictionary }),
  };
}
