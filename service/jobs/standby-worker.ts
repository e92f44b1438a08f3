import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { spawnWorker } from '../../data/compute/spawn-worker';

/**
 * A job worker started before it is needed — it loads and compiles its code while the caller
 * loads its own — for the first job run with the same script to take. The worker waits for its
 * `WorkerStart` in a message (`workerData.role === 'standby'`).
 */
interface Standby { script: string; worker: Worker; exited: boolean }

/** Room for one standby worker: the app's job runner keeps its own; the CLI's launcher uses the process's (`launcherSlot`). */
export class StandbySlot {
  private standby: Standby | null = null;

  /** The worker waiting, if one is and it has not stopped. */
  get waiting(): Worker | null {
    return this.standby && !this.standby.exited ? this.standby.worker : null;
  }

  /** Starts a standby worker on `script` (not holding the process open), unless one is waiting already. */
  start(script: string): void {
    if (this.waiting) return;
    const worker = spawnWorker(script, { role: 'standby' });
    const standby: Standby = { script: path.resolve(script), worker, exited: false };
    worker.once('exit', () => { standby.exited = true; });
    worker.on('error', () => { standby.exited = true; });
    worker.unref();
    this.standby = standby;
  }

  /** The worker waiting on `script`, taken once (it then holds the process open like any worker); null when there is none or it stopped. */
  take(script: string): Worker | null {
    const standby = this.standby;
    if (!standby || standby.exited || standby.script !== path.resolve(script)) return null;
    this.standby = null;
    standby.worker.ref();
    return standby.worker;
  }

  /** Stops the worker waiting, if any. */
  stop(): void {
    const standby = this.standby;
    this.standby = null;
    if (standby && !standby.exited) void standby.worker.terminate();
  }
}

/**
 * The process's slot, which the CLI's launcher (`bin/jointscore.cjs`) fills as the process
 * starts — before the bundle holding this module is loaded, hence a global registered by this key
 * (the launcher loads its own copy of this module).
 */
export const STANDBY_KEY = Symbol.for('jointscore.standby-worker');

export function launcherSlot(): StandbySlot {
  const g = globalThis as typeof globalThis & { [STANDBY_KEY]?: StandbySlot };
  return (g[STANDBY_KEY] ??= new StandbySlot());
}

/** The launcher's start: a standby job worker in the process's slot. */
export function startStandbyWorker(script: string): void {
  launcherSlot().start(script);
}
