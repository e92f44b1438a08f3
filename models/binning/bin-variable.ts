import type { BinSpec, BinningOptions, VariableBinning } from '../../types/binning';
import type { ColumnData } from '../../types/columns';
import { binningTable } from './binning-table';
import { fitBinning } from './fit-binning';
import { tuneBinning } from './tune-binning';
import { foldStats } from './fold-stats';
import { categoricalStats, numericStats, type RowWeights, type VariableStats } from './variable-stats';

/** One variable's data for binning: its column, the event flags (1/0/255) and the sample mask (1 = in). */
export interface VariableInput {
  name: string;
  party: string | null;
  column: ColumnData;
  flags: Uint8Array;
  mask: Uint8Array | null;
  /** Cross-validation folds of the sample's rows (`models/sample/cv-folds`), when settings are tuned. */
  folds?: Uint8Array | null;
  /** Row weights (a weight column, or reject inference's augmented rows); none: every row weighs 1. */
  weights?: RowWeights | null;
}

export function statsOf(v: VariableInput, options: Pick<BinningOptions, 'special'>): VariableStats {
  return v.column.kind === 'f64'
    ? numericStats(v.column.values, v.flags, v.mask, options.special, v.weights)
    : categoricalStats(v.column.codes, v.column.dictionary, v.flags, v.mask, v.weights);
}

/**
 * Bins one variable automatically: its stored form with a history of one. With folds and tuned
 * settings, cross-validation on the folds chooses the variable's settings first (and says why).
 */
export function binVariable(v: VariableInput, options: BinningOptions): VariableBinning {
  const kind = v.column.kind === 'f64' ? 'numeric' : 'categorical';
  const stats = statsOf(v, options);
  const tuned = v.folds && options.tune.length > 0 ? tuneBinning(foldStats(v, v.folds, options), options) : null;
  const fit = fitBinning(stats, tuned?.options ?? options);
  return { name: v.name, type: kind, party: v.party, auto: fit.spec, history: [fit.spec], cursor: 0, edited: false, table: fit.table, ...(tuned ? { tuning: tuned.tuning } : {}) };
}

/** A variable with its current spec replaced (after an edit, undo or redo), its table recomputed from the stats. */
export function withSpec(v: VariableBinning, stats: VariableStats, state: { history: BinSpec[]; cursor: number; edited: boolean }): VariableBinning {
  return { ...v, ...state, table: binningTable(stats, state.history[state.cursor]!) };
}
