import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { spawnWorker } from '../../data/compute/spawn-worker';

/**
 * A job worker started before it is needed — it loads and compiles its code while the caller
 * loads its own (the CLI's launcher starts one as the process starts) — for the first job run
 * with the same script to take. Shared through a global registered by this key, because the
 * launcher (`bin/jointscore.cjs`) starts it before the bundle holding this module is loaded; the
 * worker waits for its `WorkerStart` in a message (`workerData.role === 'standby'`).
 */
export const STANDBY_KEY = Symbol.for('jointscore.standby-worker');

interface Standby { script: string; worker: Worker; exited: boolean }

type WithStandby = typeof globalThis & { [STANDBY_KEY]?: Standby | null };

/** Starts a standby worker on `script` (not holding the process open), unless one is waiting already. */
export function startStandbyWorker(script: string): void {
  const waiting = (globalThis as WithStandby)[STANDBY_KEY];
  if (waiting && !waiting.exited) return;
  const worker = spawnWorker(script, { role: 'standby' });
  const standby: Standby = { script: path.resolve(script), worker, exited: false };
  worker.once('exit', () => { standby.exited = true; });
  worker.on('error', () => { standby.exited = true; });
  worker.unref();
  (globalThis as WithStandby)[STANDBY_KEY] = standby;
}

/** The standby worker started on `script`, taken once (it then holds the process open like any worker); null when there is none or it stopped. */
export function takeStandbyWorker(script: string): Worker | null {
  const g = globalThis as WithStandby;
  const standby = g[STANDBY_KEY];
  if (!standby || standby.exited || standby.script !== path.resolve(script)) return null;
  g[STANDBY_KEY] = null;
  standby.worker.ref();
  return standby.worker;
}

/** Stops the standby worker, if one is waiting (a service closing). */
export function stopStandbyWorker(): void {
  const g = globalThis as WithStandby;
  const standby = g[STANDBY_KEY];
  g[STANDBY_KEY] = null;
  if (standby && !standby.exited) void standby.worker.terminate();
}
