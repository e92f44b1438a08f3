import path from 'node:path';
import type { BundleInput } from '../../types/bundle';
import { AppError, type WireError } from '../../types/errors';
import { findScript, spawnWorker } from '../../data/compute/spawn-worker';
import { FeatureSnapshot, type SnapshotData } from './feature-snapshot';

/** The snapshot worker: bundled beside the CLI, or the TypeScript source under tsx. */
function workerScript(): string {
  return findScript([path.join(__dirname, 'rta-snapshot-worker.cjs'), path.join(__dirname, 'snapshot-worker.ts'), path.join(__dirname, 'snapshot', 'snapshot-worker.ts')], 'the snapshot worker');
}

/**
 * Another place a snapshot can come from (a workspace dataset): given the `--features` text, a
 * reader returns the snapshot, or null when the text is not its kind. Registered by the program
 * that may read it (rta/ itself reads CSV files only).
 */
export type SnapshotReader = (features: string, inputs: readonly BundleInput[]) => Promise<FeatureSnapshot> | null;
const readers = new Set<SnapshotReader>();
export function addSnapshotReader(reader: SnapshotReader): void { readers.add(reader); }

/** Reads a snapshot: a registered reader's kind, else a CSV file in a worker thread (the serving thread goes on answering meanwhile). */
export function readSnapshot(file: string, inputs: readonly BundleInput[]): Promise<FeatureSnapshot> {
  for (const reader of readers) {
    const read = reader(file, inputs);
    if (read) return read;
  }
  return new Promise((resolve, reject) => {
    const worker = spawnWorker(workerScript(), { file, inputs });
    let settled = false;
    worker.once('message', (m: { ok: true; data: SnapshotData } | { ok: false; error: WireError }) => {
      settled = true;
      if (m.ok) resolve(new FeatureSnapshot(m.data));
      else reject(AppError.fromWire(m.error));
      void worker.terminate();
    });
    worker.once('error', (e) => { if (!settled) { settled = true; reject(e); } });
    worker.once('exit', (code) => { if (!settled) { settled = true; reject(new AppError('INTERNAL', `The snapshot reader stopped unexpectedly (exit code ${code}).`)); } });
  });
}
