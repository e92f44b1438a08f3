import { buildHistogram, BINS, type HistogramBuilder, type HistogramInputs } from '../../models/gbdt/histogram';
import { spawnWorker } from '../../data/compute/spawn-worker';
import { BLOCK_ROWS, HistogramKernel, type KernelLayout } from '../../models/gbdt/histogram-kernel';

/** Below this many rows a node's histogram is built on this thread alone (handing half over costs more). */
const MIN_SHARED_ROWS = 20_000;
/**
 * ctrl: [0] job number (−1: stop), [1] start, [2] end, [3] the job number done, [4] the next block
 * to claim. JavaScript: the helper builds the second half into `partial`. WebAssembly: the node's
 * rows are cut into blocks; each thread adds the blocks it claims to its own integer histogram and
 * the two are added — the work follows the faster thread, and integer sums are exact, so the
 * result is one thread's, on every run.
 */
interface HelperData {
  role: 'histogram-helper'; ctrl: SharedArrayBuffer; F: number;
  js?: { partial: SharedArrayBuffer; rowBins: SharedArrayBuffer; g: SharedArrayBuffer; h: SharedArrayBuffer; rows: SharedArrayBuffer };
  wasm?: { memory: WebAssembly.Memory; layout: KernelLayout; rowsOffset: number };
}

const shared = (a: { buffer: ArrayBufferLike }) => {
  if (!(a.buffer instanceof SharedArrayBuffer)) throw new Error('histogram inputs must live in shared memory');
  return a.buffer;
};

/**
 * Waits until the helper says job `job` is done: spinning a few milliseconds first (its last block
 * ends within moments, and a sleeping thread can take long to wake on a busy machine), then sleeping.
 */
function awaitDone(ctrl: Int32Array, job: number): void {
  const until = performance.now() + 5;
  for (let k = 0; Atomics.load(ctrl, 3) !== job; k++) {
    if ((k & 1023) === 0 && performance.now() > until) {
      for (let done = Atomics.load(ctrl, 3); done !== job; done = Atomics.load(ctrl, 3)) Atomics.wait(ctrl, 3, done, 60_000);
      return;
    }
  }
}

/**
 * Claims blocks of rows (BLOCK_ROWS each, counted from `start`) until none is left, handing each
 * to `run`: with integer histograms the blocks can go to either thread in any order.
 */
function claimBlocks(ctrl: Int32Array, start: number, end: number, run: (s: number, e: number) => void): void {
  for (let k = Atomics.add(ctrl, 4, 1); start + k * BLOCK_ROWS < end; k = Atomics.add(ctrl, 4, 1)) {
    const s = start + k * BLOCK_ROWS;
    run(s, Math.min(end, s + BLOCK_ROWS));
  }
}

/**
 * A second thread that builds part of every large node's histogram, so growing a tree uses both
 * cores. Synchronous for the caller: it waits on an Atomics word, as the tree grower is synchronous.
 */
export function startHistogramHelper(workerScript: string, inputs: HistogramInputs): { build: HistogramBuilder; close: () => void } {
  const ctrl = new Int32Array(new SharedArrayBuffer(20));
  const kernel = inputs.kernel ?? null;
  const blocked = kernel !== null;
  const partial = new Float64Array(new SharedArrayBuffer(blocked ? 8 : inputs.F * BINS * 3 * 8));
  const data: HelperData = blocked
    ? { role: 'histogram-helper', ctrl: ctrl.buffer as SharedArrayBuffer, F: inputs.F, wasm: { memory: kernel.memory, layout: kernel.layout, rowsOffset: inputs.rows.byteOffset } }
    : { role: 'histogram-helper', ctrl: ctrl.buffer as SharedArrayBuffer, F: inputs.F, js: { partial: partial.buffer as SharedArrayBuffer, rowBins: shared(inputs.rowBins), g: shared(inputs.g), h: shared(inputs.h), rows: shared(inputs.rows) } };
  const worker = spawnWorker(workerScript, data);
  worker.unref();
  let job = 0;
  const alone = (rows: Uint32Array, start: number, end: number, out: Float64Array) => {
    if (!kernel?.build(rows, start, end, out)) buildHistogram(inputs.rowBins, inputs.F, inputs.g, inputs.h, rows, start, end, out);
  };
  const build: HistogramBuilder = (rows, start, end, out) => {
    if (end - start < MIN_SHARED_ROWS || rows.buffer !== inputs.rows.buffer || rows.byteOffset !== inputs.rows.byteOffset || (blocked && !kernel.holds(out))) {
      alone(rows, start, end, out);
      return;
    }
    const mid = blocked ? end : (start + end) >> 1;
    job += 1;
    Atomics.store(ctrl, 1, blocked ? start : mid);
    Atomics.store(ctrl, 2, end);
    Atomics.store(ctrl, 4, 0);
    Atomics.store(ctrl, 0, job);
    Atomics.notify(ctrl, 0);
    if (blocked) { kernel.zero(0); claimBlocks(ctrl, start, end, (s, e) => kernel.accumulate(0, rows.byteOffset, s, e)); }
    else alone(rows, start, mid, out);
    awaitDone(ctrl, job);
    if (blocked) {
      kernel.sumThreads(out);
    } else {
      for (let k = 0; k < out.length; k++) out[k]! += partial[k]!;
    }
  };
  const close = () => { Atomics.store(ctrl, 0, -1); Atomics.notify(ctrl, 0); void worker.terminate(); };
  return { build, close };
}

/** The helper thread's loop: wait for a job, build its blocks (or half) of the node's histogram, say it is done. */
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
    if (kernel && w) { kernel.zero(1); claimBlocks(ctrl, start, end, (s, e) => kernel.accumulate(1, w.rowsOffset, s, e)); }
    else if (js) buildHistogram(js.rowBins, data.F, js.g, js.h, js.rows, start, end, js.partial);
    Atomics.store(ctrl, 3, seen);
    Atomics.notify(ctrl, 3);
  }
}
