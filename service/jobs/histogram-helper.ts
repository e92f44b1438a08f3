import { buildHistogram, BINS, type HistogramBuilder, type HistogramInputs } from '../../models/gbdt/histogram';
import { spawnWorker } from '../../data/compute/spawn-worker';
import { HistogramKernel, type KernelLayout } from '../../models/gbdt/histogram-kernel';

/** Below this many rows a node's histogram is built on this thread alone (handing half over costs more). */
const MIN_SHARED_ROWS = 20_000;
/**
 * ctrl: [0] job number (−1: stop), [1] start, [2] end, [3] the job number done. With the
 * WebAssembly kernel the helper attaches to its memory and builds into the `partial` slot there.
 */
interface HelperData {
  role: 'histogram-helper'; ctrl: SharedArrayBuffer; F: number;
  js?: { partial: SharedArrayBuffer; rowBins: SharedArrayBuffer; g: SharedArrayBuffer; h: SharedArrayBuffer; rows: SharedArrayBuffer };
  wasm?: { memory: WebAssembly.Memory; layout: KernelLayout; rowsOffset: number; partialOffset: number };
}

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
  const kernel = inputs.kernel ?? null;
  const kernelPartial = kernel?.histogram() ?? null;
  const partial = kernelPartial ?? new Float64Array(new SharedArrayBuffer(inputs.F * BINS * 3 * 8));
  const data: HelperData = kernel && kernelPartial
    ? { role: 'histogram-helper', ctrl: ctrl.buffer as SharedArrayBuffer, F: inputs.F, wasm: { memory: kernel.memory, layout: kernel.layout, rowsOffset: inputs.rows.byteOffset, partialOffset: kernelPartial.byteOffset } }
    : { role: 'histogram-helper', ctrl: ctrl.buffer as SharedArrayBuffer, F: inputs.F, js: { partial: partial.buffer as SharedArrayBuffer, rowBins: shared(inputs.rowBins), g: shared(inputs.g), h: shared(inputs.h), rows: shared(inputs.rows) } };
  const worker = spawnWorker(workerScript, data);
  worker.unref();
  let job = 0;
  const alone = (rows: Uint32Array, start: number, end: number, out: Float64Array) => {
    if (!kernel?.build(rows, start, end, out)) buildHistogram(inputs.rowBins, inputs.F, inputs.g, inputs.h, rows, start, end, out);
  };
  const build: HistogramBuilder = (rows, start, end, out) => {
    if (end - start < MIN_SHARED_ROWS || rows.buffer !== inputs.rows.buffer || rows.byteOffset !== inputs.rows.byteOffset || (kernel && out.buffer !== partial.buffer)) {
      alone(rows, start, end, out);
      return;
    }
    const mid = (start + end) >> 1;
    job += 1;
    Atomics.store(ctrl, 1, mid);
    Atomics.store(ctrl, 2, end);
    Atomics.store(ctrl, 0, job);
    Atomics.notify(ctrl, 0);
    alone(rows, start, mid, out);
    for (let done = Atomics.load(ctrl, 3); done !== job; done = Atomics.load(ctrl, 3)) Atomics.wait(ctrl, 3, done, 60_000);
    if (kernel) kernel.add(out, partial);
    else for (let k = 0; k < out.length; k++) out[k]! += partial[k]!;
  };
  const close = () => { Atomics.store(ctrl, 0, -1); Atomics.notify(ctrl, 0); void worker.terminate(); };
  return { build, close };
}

/** The helper thread's loop: wait for a job, build its rows' histogram into the shared partial, say it is done. */
export function serveHistogramHelper(data: HelperData): void {
  const ctrl = new Int32Array(data.ctrl);
  const w = data.wasm, kernel = w ? HistogramKernel.attach(w.memory, w.layout) : null;
  const js = data.js ? { partial: new Float64Array(data.js.partial), rowBins: new Uint8Array(data.js.rowBins), g: new Float64Array(data.js.g), h: new Float64Array(data.js.h), rows: new Uint32Array(data.js.rows) } : null;
  let seen = 0;
  for (;;) {
    Atomics.wait(ctrl, 0, seen);
    seen = Atomics.load(ctrl, 0);
    if (seen < 0) return;
    const start = Atomics.load(ctrl, 1), end = Atomics.load(ctrl, 2);
    if (kernel && w) kernel.buildAt(w.rowsOffset, start, end, w.partialOffset);
    else if (js) buildHistogram(js.rowBins, data.F, js.g, js.h, js.rows, start, end, js.partial);
    Atomics.store(ctrl, 3, seen);
    Atomics.notify(ctrl, 3);
  }
}
