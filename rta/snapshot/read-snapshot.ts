import path from 'node:path';
import type { BundleInput } from '../../types/bundle';
import { AppError, type WireError } from '../../types/errors';
import { findScript, spawnWorker } from '../../data/compute/spawn-worker';
import { FeatureSnapshot, type SnapshotData } from './feature-snapshot';

/** The snapshot worker: bundled beside the CLI, or the TypeScript source under tsx. */
function workerScript(): string {
  return findScript([path.join(__dirname, 'rta-snapshot-worker.cjs'), path.join(__dirname, 'snapshot-worker.ts'), path.join(__dirname, 'snapshot', 'snapshot-worker.ts')], 'the snapshot worker');
}

/** Reads a snapshot CSV in a worker thread: the serving thread goes on answering meanwhile. */
export function readSnapshot(file: string, inputs: readonly BundleInput[]): Promise<FeatureSnapshot> {
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
