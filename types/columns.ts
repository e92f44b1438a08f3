/** The kinds of column a modeler sees. */
export type ColumnType = 'numeric' | 'categorical' | 'date' | 'key' | 'text';
export const COLUMN_TYPES: readonly ColumnType[] = ['numeric', 'categorical', 'date', 'key', 'text'];

/**
 * What a column is for in modeling. An `outcome` is recorded after the decision being modeled
 * (a funnel stage, another target, a loan fact known only once approved): it is never an input
 * unless the user insists. `weight` holds sample weights; `treatment` marks who got an offer.
 */
export type ColumnRole = 'key' | 'target' | 'outcome' | 'time' | 'sample' | 'weight' | 'treatment' | 'feature' | 'exclude';
export const COLUMN_ROLES: readonly ColumnRole[] = ['key', 'target', 'outcome', 'time', 'sample', 'weight', 'treatment', 'feature', 'exclude'];

/**
 * How a column is stored: `f64` is Float64 with NaN for missing (numeric and date, dates as
 * epoch milliseconds UTC); `i32` is Int32 codes into a dictionary with −1 for missing
 * (categorical, key, text).
 */
export type ColumnStorage = 'f64' | 'i32';

export function storageOf(type: ColumnType): ColumnStorage {
  return type === 'numeric' || type === 'date' ? 'f64' : 'i32';
}

/** A numeric (or date) column in memory. */
export interface NumericColumn {
  kind: 'f64';
  values: Float64Array;
}

/** A dictionary-coded column in memory. */
export interface CodedColumn {
  kind: 'i32';
  codes: Int32Array;
  dictionary: string[];
  /**
   * Hashed keys as packed bytes (`width` per key, in code order), handed to the profile instead of
   * a million strings: `dictionary` is then empty and only the keys shown are turned into text.
   */
  packedKeys?: { width: number; bytes: Uint8Array };
}

export type ColumnData = NumericColumn | CodedColumn;

/** A column's declared type and role, as chosen (or accepted) by the user before an import. */
export interface ColumnSpec {
  name: string;
  type: ColumnType;
  role: ColumnRole;
}

export function isColumnType(v: string): v is ColumnType {
  return (COLUMN_TYPES as readonly string[]).includes(v);
}
export function isColumnRole(v: string): v is ColumnRole {
  return (COLUMN_ROLES as readonly string[]).includes(v);
}
