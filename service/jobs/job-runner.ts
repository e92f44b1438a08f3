import path from 'node:path';
import { clearHolder, markHolder } from './workspace-holder';
import { AppError } from '../../types/errors';
import type { Progress } from '../../types/progress';
import type { JobKind, JobKinds, JobRequest, JobResult, WorkerMessage, WorkerStart } from './job-protocol';
import { findScript, spawnWorker } from '../../data/compute/spawn-worker';
import { launcherSlot, StandbySlot } from './standby-worker';

/** Finds the worker script: the bundled `worker.cjs` beside the service bundle, or the TypeScript source under tsx. */
export function defaultWorkerScript(): string {
  return findScript([path.join(__dirname, 'worker.cjs'), path.join(__dirname, 'worker-entry.ts'), path.join(__dirname, 'jobs', 'worker-entry.ts')], 'the job worker script');
}

interface Running {
  cancel: Int32Array;
}

/**
 * Runs jobs in worker threads so the calling thread (Electron's service process, the HTTP server,
 * the CLI) stays responsive. Jobs on the same workspace run one after another (one writer);
 * cancel sets a shared flag the job checks between chunks.
 */
export class JobRunner {
  private readonly running = new Map<string, Running>();
  private readonly queues = new Map<string, Promise<unknown>>();
  /** The kinds of the jobs running or waiting on each workspace, in order. */
  private readonly pending = new Map<string, string[]>();
  private seq = 0;
  /** The worker kept warm for the next job (`keepWarm`). */
  readonly warmSlot = new StandbySlot();

  /** `keepWarm` (the app): a worker is started ahead of the next job whenever none is waiting — at once, and after each job. */
  constructor(private readonly workerScript: string = defaultWorkerScript(), private readonly keepWarm = false) {
    this.warm();
  }

  private warm(): void {
    if (this.keepWarm) this.warmSlot.start(this.workerScript);
  }

  /** Stops the worker kept warm, if any. */
  close(): void {
    this.warmSlot.stop();
  }

  run<K extends JobKind>(kind: K, workspace: string, request: JobKinds[K]['request'], jobId: string | undefined, onProgress: (p: Progress) => void): Promise<JobResult<K>> {
    const job = { kind, workspace, request } as JobRequest;
    const id = jobId ?? `job-${++this.seq}`;
    if (this.running.has(id)) return Promise.reject(new AppError('INVALID_ARGUMENT', `A job with id '${id}' is already running.`, { got: id }));
    const cancel = new Int32Array(new SharedArrayBuffer(4));
    this.running.set(id, { cancel });
    const previous = this.queues.get(job.workspace) ?? Promise.resolve();
    this.pending.set(job.workspace, [...(this.pending.get(job.workspace) ?? []), kind]);
    const done = () => {
      clearHolder(job.workspace);
      const left = (this.pending.get(job.workspace) ?? []).slice(1);
      if (left.length > 0) this.pending.set(job.workspace, left); else this.pending.delete(job.workspace);
    };
    const next = previous.catch(() => undefined).then(() => this.spawn<JobResult<K>>(job, id, cancel, onProgress)).finally(done);
    const tail = next.catch(() => undefined);
    this.queues.set(job.workspace, tail);
    void tail.then(() => { if (this.queues.get(job.workspace) === tail) this.queues.delete(job.workspace); });
    return next.finally(() => this.running.delete(id));
  }

  /** The kinds of the jobs running or waiting on the workspace (import, train, …), the running one first. */
  kindsOn(workspace: string): string[] {
    return [...(this.pending.get(workspace) ?? [])];
  }

  /** Whether a job is running or queued on the workspace. */
  busy(workspace: string): boolean {
    return this.queues.has(workspace);
  }

  /** Resolves when the jobs running or queued on the workspace have ended (at once when there are none). */
  idle(workspace: string): Promise<void> {
    return (this.queues.get(workspace) ?? Promise.resolve()).then(() => undefined);
  }

  cancel(jobId: string): boolean {
    const r = this.running.get(jobId);
    if (!r) return false;
    Atomics.store(r.cancel, 0, 1);
    return true;
  }

  private spawn<T>(job: JobRequest, id: string, cancel: Int32Array, onProgress: (p: Progress) => void): Promise<T> {
    if (Atomics.load(cancel, 0) === 1) return Promise.reject(new AppError('CANCELLED', 'Cancelled before it started; nothing was written.'));
    markHolder(job.workspace, job.kind);
    return new Promise<T>((resolve, reject) => {
      const start: WorkerStart = { job, cancel: cancel.buffer as SharedArrayBuffer, workerScript: this.workerScript };
      // A worker started ahead (its code already loaded: this runner's, or the one the CLI's
      // launcher started with the process) takes the job in a message; else a new one starts with it.
      const standby = this.warmSlot.take(this.workerScript) ?? launcherSlot().take(this.workerScript);
      standby?.postMessage(start);
      const worker = standby ?? spawnWorker(this.workerScript, start);
      let settled = false;
      worker.on('message', (m: WorkerMessage) => {
        if (m.type === 'progress') onProgress({ id, ...m.progress });
        else {
          settled = true;
          if (m.result.ok) resolve(m.result.value as T);
          else reject(AppError.fromWire(m.result.error));
          void worker.terminate();
          this.warm();
        }
      });
      worker.on('error', (err) => { if (!settled) { settled = true; reject(err); } });
      worker.on('exit', (code) => {
        if (!settled) { settled = true; reject(new AppError('INTERNAL', `The job's worker stopped unexpectedly (exit code ${code}).`)); }
      });
    });
  }
}
