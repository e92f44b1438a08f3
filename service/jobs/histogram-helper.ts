import { buildHistogram, BINS, type HistogramBuilder, type HistogramInputs } from '../../models/gbdt/histogram';
import { spawnWorker } from '../../data/compute/spawn-worker';

/** Below this many rows a node's histogram is built on this thread alone (handing half over costs more). */
const MIN_SHARED_ROWS = 20_000;
/** ctrl: [0] job number (−1: stop), [1] start, [2] end, [3] the job number done. */
interface HelperData { role: 'histogram-helper'; ctrl: SharedArrayBuffer; partial: SharedArrayBuffer; rowBins: SharedArrayBuffer; g: SharedArrayBuffer; h: SharedArrayBuffer; rows: SharedArrayBuffer; F: number }

const shared = (a: { buffer: ArrayBufferLike }) => {
  if (!(a.buffer instanceof SharedArrayBuffer)) throw new Error('histogram inputs must live in shared memory');
  return a.buffer;
};

/**
 * A second thread that builds half of every large node's histogram (rows split in two, the
 * halves added), so growing a tree uses both cores. Synchronous for the caller: it waits on an
 * Atomics word, as the tree grower is synchronous.
 */
export function startHistogramHelper(workerScript: string, inputs: HistogramInputs): { build: HistogramBuilder; close: () => void } {
  const ctrl = new Int32Array(new SharedArrayBuffer(16));
  const partial = new Float64Array(new SharedArrayBuffer(inputs.F * BINS * 3 * 8));
  const data: HelperData = { role: 'histogram-helper', ctrl: ctrl.buffer as SharedArrayBuffer, partial: partial.buffer as SharedArrayBuffer, rowBins: shared(inputs.rowBins), g: shared(inputs.g), h: shared(inputs.h), rows: shared(inputs.rows), F: inputs.F };
  const worker = spawnWorker(workerScript, data);
  worker.unref();
  let job = 0;
  const build: HistogramBuilder = (rows, start, end, out) => {
    if (end - start < MIN_SHARED_ROWS || rows.buffer !== inputs.rows.buffer || rows.byteOffset !== 0) {
      buildHistogram(inputs.rowBins, inputs.F, inputs.g, inputs.h, rows, start, end, out);
      return;
    }
    const mid = (start + end) >> 1;
    job += 1;
    Atomics.store(ctrl, 1, mid);
    Atomics.store(ctrl, 2, end);
    Atomics.store(ctrl, 0, job);
    Atomics.notify(ctrl, 0);
    buildHistogram(inputs.rowBins, inputs.F, inputs.g, inputs.h, rows, start, mid, out);
    for (let done = Atomics.load(ctrl, 3); done !== job; done = Atomics.load(ctrl, 3)) Atomics.wait(ctrl, 3, done, 60_000);
    for (let k = 0; k < out.length; k++) out[k]! += partial[k]!;
  };
  const close = () => { Atomics.store(ctrl, 0, -1); Atomics.notify(ctrl, 0); void worker.terminate(); };
  return { build, close };
}

/** The helper thread's loop: wait for a job, build its rows' histogram into the shared partial, say it is done. */
export function serveHistogramHelper(data: HelperData): void {
  const ctrl = new Int32Array(data.ctrl);
  const partial = new Float64Array(data.partial);
  const rowBins = new Uint8Array(data.rowBins), g = new Float64Array(data.g), h = new Float64Array(data.h), rows = new Uint32Array(data.rows);
  let seen = 0;
  for (;;) {
    Atomics.wait(ctrl, 0, seen);
    seen = Atomics.load(ctrl, 0);
    if (seen < 0) return;
    buildHistogram(rowBins, data.F, g, h, rows, Atomics.load(ctrl, 1), Atomics.load(ctrl, 2), partial);
    Atomics.store(ctrl, 3, seen);
    Atomics.notify(ctrl, 3);
  }
}
