import type { Database } from 'better-sqlite3';
import { appendAudit } from '../../data/store/audit-log';
import { BINNING, findBinning, parseBinningName, updateBinning } from '../../data/store/binnings';
import { listArtifacts } from '../../data/store/artifacts';
import { readColumn } from '../../data/store/column-chunks';
import { getDataset, type StoredDataset } from '../../data/store/datasets';
import { statsOf, withSpec } from '../../models/binning/bin-variable';
import { applyEdit, moveCursor, pushSpec, type BinEdit } from '../../models/binning/edit-spec';
import type { VariableStats } from '../../models/binning/variable-stats';
import { fitBinning } from '../../models/binning/fit-binning';
import { binningOptions } from '../../models/binning/options';
import type { BinningMethod, BinningSet, MonotonicTrend, VariableBinning } from '../../types/binning';
import { AppError } from '../../types/errors';
import { knownIn, sampleOf, targetOf } from './binning-inputs';
import { weightsOf } from '../modeling/row-weights';

/** An edit, or a re-fit of this one variable with another method or trend (the result is an edit, undoable). */
export type BinningAction = BinEdit | { op: 'undo' } | { op: 'redo' } | { op: 'reset' } | { op: 'refit'; method?: BinningMethod; monotonic?: MonotonicTrend; maxBins?: number };

/** Which stored binning: by dataset, target and (when several) event and sample. */
export interface BinningRef {
  dataset: string;
  target: string;
  event?: string;
  sample?: string;
}

/** Finds the binning a reference names, with a clear error when there is none or it is ambiguous. */
export function locateBinning(db: Database, ref: BinningRef): { ds: StoredDataset; id: number; set: BinningSet } {
  const ds = getDataset(db, ref.dataset);
  const prefix = `target=${ref.target};`;
  // Newest first; one entry per (event, sample).
  const found = [...new Set(listArtifacts(db, BINNING, ds.id).map((a) => a.name).filter((n) => n.startsWith(prefix)))]
    .map(parseBinningName)
    .filter((b) => (ref.event === undefined || b.event === ref.event) && (ref.sample === undefined || b.sample === ref.sample));
  if (found.length === 0) {
    throw new AppError('NOT_FOUND', `Dataset '${ds.name}' has no binning for target '${ref.target}'${ref.event !== undefined ? ` = ${ref.event}` : ''}${ref.sample !== undefined ? ` on sample ${ref.sample}` : ''}; bin it first.`, { column: ref.target, expected: 'a stored binning' });
  }
  const chosen = ref.sample !== undefined ? found[0]! : defaultBinning(ds, ref.target, found);
  return { ds, ...findBinning(db, ds, ref.target, chosen.event, chosen.sample)! };
}

/** True when a binning was fitted on every row although the dataset now has a sample design: its test and OOT rows shaped the bins. */
export function isStaleBinning(ds: StoredDataset, sample: string): boolean {
  return sample === 'all' && ds.columns.some((c) => c.role === 'sample');
}

/**
 * The binning a model uses when none is named: with a sample design, the newest fitted on train
 * (one fitted on every row is stale: STALE, never used silently); without one, the newest.
 */
function defaultBinning(ds: StoredDataset, target: string, found: { event: string; sample: string }[]): { event: string; sample: string } {
  if (!ds.columns.some((c) => c.role === 'sample')) return found[0]!;
  const train = found.find((b) => b.sample === 'train');
  if (train) return train;
  const fresh = found.find((b) => !isStaleBinning(ds, b.sample));
  if (fresh) return fresh;
  throw new AppError('STALE', `The binning of '${target}' in '${ds.name}' was fitted on every row, before the sample design: its test and out-of-time rows shaped the bins a model would be evaluated on. Re-bin on the train sample.`, {
    column: target, expected: 'a binning fitted on the train sample', got: 'a binning of every row',
  });
}

/**
 * The statistics of recently edited variables, so an edit costs a binary search per cut rather
 * than a read and a sort of the column. Datasets never change after they are written, so the key
 * (file, dataset id and creation time, variable, target, event, sample, specials) stays valid.
 */
export class BinningStatsCache {
  readonly stats = new LruCache<VariableStats>(16);
  /** Target flags, sample mask and row weights per binning: shared by all its variables. */
  readonly rows = new LruCache<{ flags: Uint8Array; mask: Uint8Array | null; weights: { weight: Float64Array } | null }>(4);
}

class LruCache<T> {
  private readonly entries = new Map<string, T>();
  constructor(private readonly capacity: number) {}

  get(key: string, compute: () => T): T {
    let s = this.entries.get(key);
    if (s) { this.entries.delete(key); this.entries.set(key, s); return s; }
    s = compute();
    this.entries.set(key, s);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    return s;
  }
}

function findVariable(set: BinningSet, name: string): number {
  const i = set.variables.findIndex((v) => v.name === name);
  if (i < 0) throw new AppError('NOT_FOUND', `The binning of '${set.dataset}' has no variable '${name}' (binned: ${set.variables.map((v) => v.name).slice(0, 20).join(', ')}).`, { column: name, expected: 'a binned variable' });
  return i;
}

/** The statistics of one binned variable, from the cache or the workspace. */
export function variableStats(db: Database, file: string, ds: StoredDataset, set: BinningSet, name: string, cache: BinningStatsCache): VariableStats {
  const rowsKey = JSON.stringify([file, ds.id, ds.createdAt, set.target, set.event, set.sample, set.weight ?? null]);
  return cache.stats.get(JSON.stringify([rowsKey, name, set.options.special]), () => {
    const { flags, mask, weights } = cache.rows.get(rowsKey, () => {
      const target = targetOf(db, ds, set.target, set.event), { mask: m } = sampleOf(db, ds, set.sample);
      return { flags: target.flags, mask: m, weights: set.weight ? weightsOf(db, ds, set.weight, knownIn(target.flags, m)) : null };
    });
    const v = set.variables[findVariable(set, name)]!;
    return statsOf({ name, party: v.party, column: readColumn(db, ds, name), flags, mask, weights: weights && { weight: weights.weight } }, set.options);
  });
}

/**
 * Applies a manual edit (or undo, redo, reset to the automatic result) to one variable and
 * stores it, recomputing its table from the variable's counts.
 */
export function editBinning(db: Database, file: string, ref: BinningRef & { variable: string; action: BinningAction }, cache: BinningStatsCache): { variable: VariableBinning; milliseconds: number } {
  const started = performance.now();
  const { ds, id, set } = locateBinning(db, ref);
  const i = findVariable(set, ref.variable);
  const v = set.variables[i]!;
  const a = ref.action;
  const stats = variableStats(db, file, ds, set, ref.variable, cache);
  const state = a.op === 'undo' ? moveCursor(v, -1) : a.op === 'redo' ? moveCursor(v, 1) : a.op === 'reset' ? pushSpec(v, v.auto)
    : a.op === 'refit' ? pushSpec(v, fitBinning(stats, binningOptions({ ...set.options, ...(a.method ? { method: a.method } : {}), ...(a.monotonic ? { monotonic: a.monotonic } : {}), ...(a.maxBins ? { maxBins: a.maxBins } : {}) })).spec)
      : pushSpec(v, applyEdit(v.history[v.cursor]!, a));
  const updated = withSpec(v, stats, state);
  const now = new Date().toISOString();
  const next: BinningSet = { ...set, variables: set.variables.map((x, k) => (k === i ? updated : x)), updatedAt: now };
  db.transaction(() => {
    updateBinning(db, id, next);
    appendAudit(db, 'bin.edit', { dataset: ds.name, target: set.target, event: set.event, sample: set.sample, variable: ref.variable, action: a, spec: state.history[state.cursor] }, now);
  })();
  return { variable: updated, milliseconds: performance.now() - started };
}

/** Reads and sorts one variable ahead of its first edit (the UI calls it when a variable is chosen). */
export function prepareBinningEdit(db: Database, file: string, ref: BinningRef & { variable: string }, cache: BinningStatsCache): { milliseconds: number } {
  const started = performance.now();
  const { ds, set } = locateBinning(db, ref);
  variableStats(db, file, ds, set, ref.variable, cache);
  return { milliseconds: performance.now() - started };
}
