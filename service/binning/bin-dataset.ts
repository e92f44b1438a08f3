import type { Database } from 'better-sqlite3';
import { twoAtATime } from '../../data/compute/two-at-a-time';
import { appendAudit } from '../../data/store/audit-log';
import { saveBinning } from '../../data/store/binnings';
import { readColumn } from '../../data/store/column-chunks';
import { getDataset } from '../../data/store/datasets';
import { binVariable, type VariableInput } from '../../models/binning/bin-variable';
import { binningOptions } from '../../models/binning/options';
import { stratifiedFolds } from '../../models/sample/cv-folds';
import type { BinningOptions, BinningSet, VariableBinning } from '../../types/binning';
import { AppError } from '../../types/errors';
import type { JobControls } from '../../types/progress';
import type { VariableBinner } from '../jobs/compute-helper';
import { knownIn, sampleOf, targetOf, variablesToBin } from './binning-inputs';
import { markUsedAsTarget, outcomeColumns } from '../modeling/leakage-guard';
import { weightsOf } from '../modeling/row-weights';

/** Rows of the fitting sample that cross-validate the binning settings (a seeded, stratified sample beyond this). */
export const CV_MAX_ROWS = 50_000;

export interface BinRequest {
  dataset: string;
  target: string;
  /** The target value that is the event (default: 1 / bad / yes …, else the rarer value). */
  event?: string;
  /** `train` (default when the dataset has a sample column), `all`, or another sample value. */
  sample?: string;
  /** The variables to bin (default: every numeric or categorical feature). */
  vars?: string[];
  options?: Partial<BinningOptions>;
  /** The column weighting each row (default: the dataset's column with role `weight`; null: none). */
  weight?: string | null;
}

/**
 * Bins the variables of a dataset against a binary target on one sample, two variables at a time
 * (one on a helper thread), and stores the result — replacing the previous binning for the same
 * target, event and sample — in one transaction.
 */
export async function binDataset(db: Database, req: BinRequest, controls: JobControls, binner?: VariableBinner): Promise<BinningSet> {
  const started = performance.now();
  const ds = getDataset(db, req.dataset);
  const options = binningOptions(req.options);
  const target = targetOf(db, ds, req.target, req.event);
  const { sample, sampleColumn, mask } = sampleOf(db, ds, req.sample);
  const weights = weightsOf(db, ds, req.weight, knownIn(target.flags, mask));
  let events = 0, nonEvents = 0;
  for (let i = 0; i < target.flags.length; i++) {
    if ((mask && !mask[i]) || (weights && !(weights.weight[i]! > 0))) continue;
    const f = target.flags[i]; if (f === 1) events++; else if (f === 0) nonEvents++;
  }
  if (events === 0 || nonEvents === 0) {
    throw new AppError('INVALID_ARGUMENT', `The ${sample} sample of '${ds.name}' has ${events} events and ${nonEvents} non-events of '${target.name}' = ${target.event}; binning needs both.`, { column: target.name, expected: 'events and non-events' });
  }
  const columns = variablesToBin(ds, req.target, req.vars);
  // Tuning folds from the fitting sample only (never test or OOT rows); at most 50k rows take part.
  const folds = options.tune.length > 0 ? stratifiedFolds(target.flags, mask, options.cvFolds, 1, CV_MAX_ROWS) : null;
  const out = new Array<VariableBinning>(columns.length);
  let done = 0;
  await twoAtATime(columns.length, {
    prepare: (i): VariableInput => ({ name: columns[i]!.name, party: columns[i]!.party, column: readColumn(db, ds, columns[i]!.name), flags: target.flags, mask, folds, weights: weights && { weight: weights.weight } }),
    local: (input) => binVariable(input, options),
    helper: binner && ((input) => binner(input, options)),
    done: (i, v) => {
      out[i] = v;
      controls.onProgress({ phase: 'bin', done: ++done, total: columns.length, message: `binned ${v.name} (IV ${v.table.iv.toFixed(3)})` });
    },
    signal: controls.signal,
  });
  const now = new Date().toISOString();
  const set: BinningSet = {
    schemaVersion: 1, dataset: ds.name, target: target.name, event: target.event, sample, sampleColumn, ...(weights ? { weight: weights.column } : {}), options,
    variables: out, outcomesLeftOut: req.vars?.length ? [] : outcomeColumns(ds, target.name), createdAt: now, updatedAt: now, seconds: (performance.now() - started) / 1000,
  };
  db.exec('BEGIN IMMEDIATE');
  try {
    saveBinning(db, ds, set);
    markUsedAsTarget(db, ds, target.name, now);
    appendAudit(db, 'bin', { dataset: ds.name, datasetSha256: ds.sourceSha256, target: target.name, event: target.event, sample, ...(weights ? { weight: weights.column } : {}), options, variables: out.length }, now);
    db.exec('COMMIT');
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw err;
  }
  return set;
}
