import type { ColumnRole, ColumnStorage, ColumnType } from './columns';

export interface ColumnInfo {
  /** 0-based position in the dataset. */
  index: number;
  name: string;
  type: ColumnType;
  role: ColumnRole;
  storage: ColumnStorage;
  missing: number;
  distinct: number;
  /** The party that brought the column (kept through joins). */
  party: string;
}

export interface DatasetInfo {
  id: number;
  name: string;
  party: string;
  rows: number;
  columnCount: number;
  sourceFile: string;
  sourceSha256: string;
  format: string;
  createdAt: string;
}

export interface DatasetDetail extends DatasetInfo {
  columns: ColumnInfo[];
}

/** A window of rows for the data grid: values per column, `null` for missing. Dates are ISO strings. */
export interface RowWindow {
  offset: number;
  rows: number;
  columns: string[];
  values: (string | number | null)[][];
  /** Rows in the view (all the dataset's rows, or those passing its filter). */
  total: number;
  /** In a sorted or filtered view: each row's place in the dataset (from 0). */
  rowNumbers?: number[];
}

export interface NumericSummary {
  min: number;
  max: number;
  mean: number;
  /** Sample standard deviation (n − 1), as pandas. */
  std: number;
  /** Quantiles by linear interpolation (numpy's default, pandas' `quantile`). */
  quantiles: { p: number; value: number }[];
}

export interface Histogram {
  /** Bin edges, length = counts.length + 1 (numeric) */
  edges: number[];
  counts: number[];
}

export interface CategoryCount {
  value: string;
  count: number;
}

/** A group of rows (a category, or a quantile bin of a numeric) with its target statistics. */
export interface TargetBin {
  label: string;
  /** The rows without a value, or the categories beyond the top ones (each shell names them); absent for a value range or a category. */
  kind?: 'missing' | 'other';
  count: number;
  events: number;
  nonEvents: number;
  eventRate: number;
  woe: number;
  iv: number;
}

export interface TargetProfile {
  target: string;
  event: string;
  bins: TargetBin[];
  iv: number;
}

export interface ColumnProfile {
  name: string;
  type: ColumnType;
  role: ColumnRole;
  count: number;
  missing: number;
  distinct: number;
  numeric: NumericSummary | null;
  histogram: Histogram | null;
  topCategories: CategoryCount[] | null;
  targetProfile: TargetProfile | null;
}

export interface DatasetProfile {
  schemaVersion: 1;
  dataset: string;
  rows: number;
  target: string | null;
  event: string | null;
  /** Overall event rate when a target was chosen. */
  eventRate: number | null;
  columns: ColumnProfile[];
  computedAt: string;
}
