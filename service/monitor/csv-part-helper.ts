import path from 'node:path';
import { parentPort, type MessagePort } from 'node:worker_threads';
import { findScript, spawnWorker } from '../../data/compute/spawn-worker';
import { AppError, toWireError, type WireError } from '../../types/errors';
import { readCsvPart, type CsvPart, type CsvPartReader, type CsvPartTask } from './read-monitor-columns';

type Reply = { ok: true; part: CsvPart } | { ok: false; error: WireError };

/** The helper thread's loop: each task is a part of a CSV file, read into columns and sent back without copying them. */
export function serveCsvPartHelper(port: MessagePort = parentPort!): void {
  port.on('message', (task: CsvPartTask) => {
    try {
      const part = readCsvPart(task, null);
      port.postMessage({ ok: true, part } satisfies Reply, part.columns.map((c) => c.buffer as ArrayBuffer));
    } catch (e) {
      port.postMessage({ ok: false, error: toWireError(e) } satisfies Reply);
    }
  });
}

/** The helper's script: its own small bundle beside the job worker's (`dist/csv-part-helper.cjs`), or its TypeScript source under tsx. */
export function csvPartHelperScript(workerScript: string): string {
  const dir = path.dirname(workerScript);
  return findScript([path.join(dir, 'csv-part-helper.cjs'), path.join(__dirname, 'csv-part-helper-entry.ts')], 'the CSV part helper script');
}

/**
 * A thread that reads the second half of a large CSV while the job reads the first: started by
 * `warm` (its small bundle loads in milliseconds), one part at a time, stopped by `stop`.
 */
export function csvPartHelper(script: string): CsvPartReader & { stop: () => Promise<void> } {
  let worker: ReturnType<typeof spawnWorker> | null = null;
  const start = () => (worker ??= spawnWorker(script, null));
  return {
    warm: () => { start(); },
    read: (task) => new Promise<CsvPart>((resolve, reject) => {
      const w = start();
      w.once('message', (m: Reply) => (m.ok ? resolve(m.part) : reject(AppError.fromWire(m.error))));
      w.once('error', reject);
      w.postMessage(task);
    }),
    stop: async () => { if (worker) await worker.terminate(); },
  };
}
