import type { Database } from 'better-sqlite3';
import type { ColumnProfile, DatasetProfile } from '../../types/dataset';
import { AppError } from '../../types/errors';
import type { JobControls } from '../../types/progress';
import { cancelled } from '../import/cancel';
import { readColumn } from '../store/column-chunks';
import { getDataset, setColumnStats } from '../store/datasets';
import { saveProfile } from '../store/profiles';
import { profileColumn } from './profile-column';
import { binaryTarget, type BinaryTarget } from './target';

export interface ProfileOptions {
  target?: string | null;
  event?: string;
}

/**
 * Profiles every column of a dataset (reading one column at a time), stores the result and the
 * per-column missing/distinct counts. Run inside the caller's transaction when part of an import.
 */
export function profileDataset(db: Database, datasetName: string, options: ProfileOptions, controls: JobControls): DatasetProfile {
  const ds = getDataset(db, datasetName);
  let target: BinaryTarget | null = null;
  if (options.target) {
    if (!ds.columns.some((c) => c.name === options.target)) {
      throw new AppError('NOT_FOUND', `Dataset '${ds.name}' has no column '${options.target}' to use as target.`, { column: options.target, expected: 'a column of the dataset' });
    }
    target = binaryTarget(options.target, readColumn(db, ds, options.target), options.event);
  }
  const columns: ColumnProfile[] = [];
  ds.columns.forEach((c, i) => {
    if (controls.signal.aborted) throw cancelled();
    const profile = profileColumn(c, readColumn(db, ds, c.name), target);
    columns.push(profile);
    setColumnStats(db, ds.columnIds[i]!, profile.missing, profile.distinct);
    controls.onProgress({ phase: 'profile', done: i + 1, total: ds.columns.length, message: `profiled ${c.name}` });
  });
  const profile: DatasetProfile = {
    schemaVersion: 1,
    dataset: ds.name,
    rows: ds.rows,
    target: target?.name ?? null,
    event: target?.event ?? null,
    eventRate: target ? target.events / (target.events + target.nonEvents) : null,
    columns,
    computedAt: new Date().toISOString(),
  };
  saveProfile(db, ds.id, profile);
  return profile;
}
