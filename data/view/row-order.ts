import { radixOrder } from '../../models/stats/sort-f64';
import type { ColumnData } from '../../types/columns';
import { AppError } from '../../types/errors';

export type FilterOp = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge' | 'contains' | 'missing' | 'present';
export const FILTER_OPS: readonly FilterOp[] = ['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'contains', 'missing', 'present'];

/** Keep the rows whose value in `column` passes `op value` (text compares as text, numbers as numbers; dates take an ISO date). */
export interface RowFilter {
  column: string;
  op: FilterOp;
  value?: string | number;
}

/** Order rows by a column, missing values last in either direction; ties keep the file's order. */
export interface RowSort {
  column: string;
  descending?: boolean;
}

/** How the data grid shows a dataset: filtered, sorted, and (for a join) its matched rows first. */
export interface RowView {
  filter?: RowFilter;
  sort?: RowSort;
  matchedFirst?: boolean;
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

function numericTest(op: FilterOp, target: number, isDate: boolean): (v: number) => boolean {
  if (op === 'missing') return (v) => Number.isNaN(v);
  if (op === 'present') return (v) => !Number.isNaN(v);
  if (!Number.isFinite(target)) throw new AppError('INVALID_ARGUMENT', `The filter needs ${isDate ? 'a date (YYYY-MM-DD)' : 'a number'} to compare with.`, { option: 'filter.value', expected: isDate ? 'YYYY-MM-DD' : 'a number', got: String(target) });
  switch (op) {
    case 'eq': return (v) => v === target;
    case 'ne': return (v) => v !== target && !Number.isNaN(v);
    case 'lt': return (v) => v < target;
    case 'le': return (v) => v <= target;
    case 'gt': return (v) => v > target;
    case 'ge': return (v) => v >= target;
    default: throw new AppError('INVALID_ARGUMENT', `'${op}' applies to text columns.`, { option: 'filter.op', expected: 'eq | ne | lt | le | gt | ge | missing | present', got: op });
  }
}

/** Which dictionary codes pass a text filter (−1, missing, is decided by the op). */
function codeTest(op: FilterOp, value: string, dictionary: readonly string[]): (code: number) => boolean {
  if (op === 'missing') return (c) => c < 0;
  if (op === 'present') return (c) => c >= 0;
  const needle = value.toLocaleLowerCase();
  const cmp = (s: string) => collator.compare(s, value);
  const pass = dictionary.map((s) => {
    switch (op) {
      case 'eq': return s === value;
      case 'ne': return s !== value;
      case 'contains': return s.toLocaleLowerCase().includes(needle);
      case 'lt': return cmp(s) < 0;
      case 'le': return cmp(s) <= 0;
      case 'gt': return cmp(s) > 0;
      case 'ge': return cmp(s) >= 0;
      default: return false;
    }
  });
  return (c) => c >= 0 && pass[c]!;
}

/** The rows that pass a filter, in file order. */
export function filterRows(col: ColumnData, f: RowFilter, isDate: boolean): Int32Array {
  if (!FILTER_OPS.includes(f.op)) throw new AppError('INVALID_ARGUMENT', `Unknown filter '${String(f.op)}'.`, { option: 'filter.op', expected: FILTER_OPS.join(' | '), got: String(f.op) });
  const out: number[] = [];
  if (col.kind === 'f64') {
    const target = f.value === undefined || f.value === '' ? NaN : isDate ? Date.parse(String(f.value)) : Number(f.value);
    const test = numericTest(f.op, target, isDate);
    for (let i = 0; i < col.values.length; i++) if (test(col.values[i]!)) out.push(i);
  } else {
    const test = codeTest(f.op, f.value === undefined ? '' : String(f.value), col.dictionary);
    for (let i = 0; i < col.codes.length; i++) if (test(col.codes[i]!)) out.push(i);
  }
  return Int32Array.from(out);
}

/** `rows` reordered by the column's values (missing last either way; ties in the order given). */
export function sortRows(rows: Int32Array, col: ColumnData, descending: boolean): Int32Array {
  const sign = descending ? -1 : 1;
  const present: number[] = [], missing: number[] = [];
  let keys: Float64Array;
  if (col.kind === 'f64') {
    for (const r of rows) (Number.isNaN(col.values[r]!) ? missing : present).push(r);
    keys = Float64Array.from(present, (r) => sign * col.values[r]!);
  } else {
    const byText = col.dictionary.map((_, c) => c).sort((a, b) => collator.compare(col.dictionary[a]!, col.dictionary[b]!));
    const rank = new Float64Array(col.dictionary.length);
    byText.forEach((c, k) => { rank[c] = k; });
    for (const r of rows) (col.codes[r]! < 0 ? missing : present).push(r);
    keys = Float64Array.from(present, (r) => sign * rank[col.codes[r]!]!);
  }
  const order = radixOrder(keys);
  const out = new Int32Array(rows.length);
  for (let k = 0; k < order.length; k++) out[k] = present[order[k]!]!;
  out.set(missing, present.length);
  return out;
}

/** `rows` with those flagged first, each group in the order given. */
export function flaggedFirst(rows: Int32Array, flagged: Uint8Array): Int32Array {
  const out = new Int32Array(rows.length);
  let k = 0;
  for (const r of rows) if (flagged[r]) out[k++] = r;
  for (const r of rows) if (!flagged[r]) out[k++] = r;
  return out;
}
