import type { Database } from 'better-sqlite3';
import type { ColumnData, ColumnSpec } from '../../types/columns';
import type { ColumnProfile, DatasetProfile } from '../../types/dataset';
import { AppError } from '../../types/errors';
import type { JobControls } from '../../types/progress';
import { twoAtATime } from '../compute/two-at-a-time';
import { readColumn, readColumnForProfile, readStoredF64, storedChunks, unpackStoredF64, type StoredF64Column } from '../store/column-chunks';
import { getDataset, setColumnStats } from '../store/datasets';
import { saveProfile } from '../store/profiles';
import { profileColumn, profilePackedNumbers } from './profile-column';
import { binaryTarget, type BinaryTarget } from './target';

export interface ProfileOptions {
  target?: string | null;
  event?: string;
}

/**
 * Profiles a column elsewhere (another thread), so two columns are profiled at once. It takes
 * ownership of the column's buffers.
 */
export type ColumnProfiler = (spec: ColumnSpec, col: ProfileInput, target: BinaryTarget | null) => Promise<ColumnProfile>;

/** A column to profile: its values, or a column of numbers still packed as stored (the profiling thread unpacks it). */
export type ProfileInput = ColumnData | StoredF64Column;

/**
 * A column whose profile (without target) is known already: a step that copies a column as it is
 * (a join keeping every left row in order) hands over the source's. Only when profiling without a
 * target: `profileDataset` then keeps it, with no target section.
 */
export interface KnownProfile { kind: 'known'; profile: ColumnProfile }

/** Profiles a column on this thread, unpacking it first when it comes as stored. */
export function profileInput(spec: ColumnSpec, col: ProfileInput, target: BinaryTarget | null): ColumnProfile {
  if (col.kind !== 'f64-stored') return profileColumn(spec, col, target);
  const packed = target ? null : profilePackedNumbers(spec, storedChunks(col));
  return packed ?? profileColumn(spec, unpackStoredF64(col), target);
}

/** Dictionaries larger than this are profiled on this thread rather than copied to the helper. */
const HELPER_MAX_DICTIONARY = 20_000;

/**
 * Profiles every column of a dataset (reading one column at a time), stores the result and the
 * per-column missing/distinct counts. Run inside the caller's transaction when part of an import.
 * `columnAt`, when given, hands over column i instead of reading it back (a step that has just
 * written the column profiles it in the same pass, the helper thread profiling one column while
 * this thread writes the next).
 */
export async function profileDataset(db: Database, datasetName: string, options: ProfileOptions, controls: JobControls, helper?: ColumnProfiler, columnAt?: (i: number) => ProfileInput | KnownProfile): Promise<DatasetProfile> {
  const ds = getDataset(db, datasetName);
  let target: BinaryTarget | null = null;
  if (options.target) {
    if (!ds.columns.some((c) => c.name === options.target)) {
      throw new AppError('NOT_FOUND', `Dataset '${ds.name}' has no column '${options.target}' to use as target.`, { column: options.target, expected: 'a column of the dataset' });
    }
    target = binaryTarget(options.target, readColumn(db, ds, options.target), options.event);
  }
  const columns: ColumnProfile[] = new Array<ColumnProfile>(ds.columns.length);
  let done = 0;
  await twoAtATime(ds.columns.length, {
    // Numbers are read as stored: the thread that profiles them unpacks them.
    prepare: (i) => ({ spec: ds.columns[i]!, col: columnAt ? columnAt(i) : ds.columns[i]!.storage === 'f64' ? readStoredF64(db, ds, ds.columns[i]!.name) : readColumnForProfile(db, ds, ds.columns[i]!.name) }),
    local: ({ spec, col }) => {
      if (col.kind !== 'known') return profileInput(spec, col, target);
      if (target) throw new Error(`column '${spec.name}': a known profile has no target section to reuse`);
      return { ...col.profile, targetProfile: null };
    },
    helper: helper && (({ spec, col }) => helper(spec, col as ProfileInput, target)),
    // Codes move to the helper for free, but a dictionary's strings are copied: keep large ones here.
    canMove: ({ col }) => col.kind === 'f64' || col.kind === 'f64-stored' || (col.kind === 'i32' && col.dictionary.length <= HELPER_MAX_DICTIONARY && !col.packedKeys),
    done: (i, profile) => {
      columns[i] = profile;
      controls.onProgress({ phase: 'profile', done: ++done, total: ds.columns.length, message: `profiled ${profile.name}` });
    },
    signal: controls.signal,
  });
  columns.forEach((p, i) => setColumnStats(db, ds.columnIds[i]!, p.missing, p.distinct));
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
