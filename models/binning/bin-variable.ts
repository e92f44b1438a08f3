import type { BinSpec, BinningOptions, VariableBinning } from '../../types/binning';
import type { ColumnData } from '../../types/columns';
import { binningTable } from './binning-table';
import { fitBinning } from './fit-binning';
import { tuneBinning } from './tune-binning';
import { NO_FOLD } from '../sample/cv-folds';
import { categoricalStats, numericStats, type VariableStats } from './variable-stats';

/** One variable's data for binning: its column, the event flags (1/0/255) and the sample mask (1 = in). */
export interface VariableInput {
  name: string;
  party: string | null;
  column: ColumnData;
  flags: Uint8Array;
  mask: Uint8Array | null;
  /** Cross-validation folds of the sample's rows (`models/sample/cv-folds`), when settings are tuned. */
  folds?: Uint8Array | null;
}

export function statsOf(v: VariableInput, options: Pick<BinningOptions, 'special'>): VariableStats {
  return v.column.kind === 'f64'
    ? numericStats(v.column.values, v.flags, v.mask, options.special)
    : categoricalStats(v.column.codes, v.column.dictionary, v.flags, v.mask);
}

/** Cross-validates on the fold rows alone, copied out once, so each fold's statistics read only them. */
function tuneOnFoldRows(v: VariableInput, folds: Uint8Array, kind: 'numeric' | 'categorical', options: BinningOptions) {
  let n = 0;
  for (let i = 0; i < folds.length; i++) if (folds[i] !== NO_FOLD) n++;
  const at = new Int32Array(n);
  for (let i = 0, k = 0; i < folds.length; i++) if (folds[i] !== NO_FOLD) at[k++] = i;
  const column: ColumnData = v.column.kind === 'f64'
    ? { kind: 'f64', values: Float64Array.from(at, (i) => (v.column as { values: Float64Array }).values[i]!) }
    : { kind: 'i32', codes: Int32Array.from(at, (i) => (v.column as { codes: Int32Array }).codes[i]!), dictionary: v.column.dictionary };
  const flags = Uint8Array.from(at, (i) => v.flags[i]!);
  return tuneBinning((mask) => statsOf({ ...v, column, flags, mask }, options), Uint8Array.from(at, (i) => folds[i]!), kind, options);
}

/**
 * Bins one variable automatically: its stored form with a history of one. With folds and tuned
 * settings, cross-validation on the folds chooses the variable's settings first (and says why).
 */
export function binVariable(v: VariableInput, options: BinningOptions): VariableBinning {
  const kind = v.column.kind === 'f64' ? 'numeric' : 'categorical';
  const tuned = v.folds && options.tune.length > 0 ? tuneOnFoldRows(v, v.folds, kind, options) : null;
  const fit = fitBinning(statsOf(v, options), tuned?.options ?? options);
  return { name: v.name, type: kind, party: v.party, auto: fit.spec, history: [fit.spec], cursor: 0, edited: false, table: fit.table, ...(tuned ? { tuning: tuned.tuning } : {}) };
}

/** A variable with its current spec replaced (after an edit, undo or redo), its table recomputed from the stats. */
export function withSpec(v: VariableBinning, stats: VariableStats, state: { history: BinSpec[]; cursor: number; edited: boolean }): VariableBinning {
  return { ...v, ...state, table: binningTable(stats, state.history[state.cursor]!) };
}
