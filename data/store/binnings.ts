import type { Database } from 'better-sqlite3';
import type { BinningSet } from '../../types/binning';
import { AppError } from '../../types/errors';
import { deleteArtifact, findArtifact, saveArtifact, updateArtifactBody } from './artifacts';
import type { StoredDataset } from './datasets';

/** Binnings are artifacts of this kind, one per (dataset, target, event, sample). */
export const BINNING = 'binning';

export function binningName(target: string, event: string, sample: string): string {
  return `target=${target};event=${event};sample=${sample}`;
}

export function parseBinningName(name: string): { target: string; event: string; sample: string } {
  const m = /^target=(.*);event=(.*);sample=(.*)$/.exec(name);
  if (!m) throw new Error(`not a binning name: ${name}`);
  return { target: m[1]!, event: m[2]!, sample: m[3]! };
}

export function findBinning(db: Database, ds: StoredDataset, target: string, event: string, sample: string): { id: number; set: BinningSet } | null {
  const a = findArtifact<BinningSet>(db, BINNING, ds.id, binningName(target, event, sample));
  if (!a) return null;
  if (a.schemaVersion !== 1) throw new AppError('INVALID_ARGUMENT', `The binning of '${ds.name}' was written by another version of Jointscore (schema ${a.schemaVersion}).`, { expected: 'schema 1' });
  return { id: a.id, set: a.body };
}

/**
 * Stores a fresh binning, replacing the one for the same target, event and sample (with its
 * edits: a new automatic binning is a new start). Runs inside the caller's transaction.
 */
export function saveBinning(db: Database, ds: StoredDataset, set: BinningSet): number {
  const name = binningName(set.target, set.event, set.sample);
  const old = findArtifact<BinningSet>(db, BINNING, ds.id, name);
  if (old) deleteArtifact(db, old.id);
  return saveArtifact(db, { kind: BINNING, schemaVersion: set.schemaVersion, datasetId: ds.id, name, body: set, createdAt: set.createdAt });
}

export function updateBinning(db: Database, id: number, set: BinningSet): void {
  updateArtifactBody(db, id, set);
}
