import { parentPort, workerData } from 'node:worker_threads';
import { toWireError } from '../../types/errors';
import type { WorkerMessage, WorkerStart } from './job-protocol';
import { serveComputeHelper } from './compute-helper';
import { runJob } from './run-job';

/** Worker side: runs the job it was started with, posts throttled progress, honours the cancel flag. */
const PROGRESS_INTERVAL_MS = 100;

async function main(port: NonNullable<typeof parentPort>, start: WorkerStart): Promise<void> {
  const flag = new Int32Array(start.cancel);
  let last = 0;
  const send = (m: WorkerMessage) => port.postMessage(m);
  try {
    const result = await runJob(start.job, {
      signal: { get aborted() { return Atomics.load(flag, 0) === 1; } },
      onProgress: (progress) => {
        const now = performance.now();
        if (now - last < PROGRESS_INTERVAL_MS && progress.done < progress.total) return;
        last = now;
        send({ type: 'progress', progress });
      },
    }, start.workerScript);
    send({ type: 'done', result: { ok: true, value: result } });
  } catch (err) {
    send({ type: 'done', result: { ok: false, error: toWireError(err) } });
  }
}

if (!parentPort) throw new Error('worker-entry must run in a worker thread');
const role = (workerData as { role?: string }).role;
if (role === 'compute-helper') serveComputeHelper(parentPort);
// Started ahead of its job (see standby-worker.ts): the job comes in the first message.
else if (role === 'standby') parentPort.once('message', (start: WorkerStart) => void main(parentPort!, start));
else void main(parentPort, workerData as WorkerStart);
