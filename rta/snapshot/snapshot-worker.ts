import { parentPort, workerData } from 'node:worker_threads';
import type { BundleInput } from '../../types/bundle';
import { toWireError } from '../../types/errors';
import { FeatureSnapshot } from './feature-snapshot';
import { loadSnapshotCsv } from './load-snapshot';

/** Worker thread: reads a snapshot CSV and hands its arrays over (transferred, not copied). */
const { file, inputs } = workerData as { file: string; inputs: BundleInput[] };
try {
  const data = loadSnapshotCsv(file, inputs);
  parentPort!.postMessage({ ok: true, data }, new FeatureSnapshot(data).transferList());
} catch (e) {
  parentPort!.postMessage({ ok: false, error: toWireError(e) });
}
