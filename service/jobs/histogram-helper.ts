import { buildHistogram, BINS, type HistogramBuilder, type HistogramInputs } from '../../models/gbdt/histogram';
import { spawnWorker } from '../../data/compute/spawn-worker';
import { BLOCKS, HistogramKernel, type KernelLayout } from '../../models/gbdt/histogram-kernel';

/** Below this many rows a node's histogram is built on this thread alone (handing half over costs more). */
const MIN_SHARED_ROWS = 20_000;
/**
 * ctrl: [0] job number (−1: stop), [1] start, [2] end, [3] the job number done, [4] the next block
 * to claim. JavaScript: the helper builds the second half into `partial`. WebAssembly: the node's
 * rows are cut into BLOCKS fixed blocks, each built into its own slot by whichever thread claims
 * it first, then added in block order — the work follows the faster thread and the sums stay the
 * same on every run.
 */
interface HelperData {
  role: 'histogram-helper'; ctrl: SharedArrayBuffer; F: number;
  js?: { partial: SharedArrayBuffer; rowBins: SharedArrayBuffer; g: SharedArrayBuffer; h: SharedArrayBuffer; rows: SharedArrayBuffer };
  wasm?: { memory: WebAssembly.Memory; layout: KernelLayout; rowsOffset: number; slotOffsets: number[] };
}

const shared = (a: { buffer: ArrayBufferLike }) => {
  if (!(a.buffer instanceof SharedArrayBuffer)) throw new Error('histogram inputs must live in shared memory');
  return a.buffer;
};

/** Rows of block k of [start, end). */
function block(start: number, end: number, k: number): [number, number] {
  const len = end - start;
  return [start + Math.floor((k * len) / BLOCKS), start + Math.floor(((k + 1) * len) / BLOCKS)];
}

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

/** Claims blocks until none is left, building each into its slot. */
function claimBlocks(ctrl: Int32Array, start: number, end: number, buildBlock: (k: number, s: number, e: number) => void): void {
  for (let k = Atomics.add(ctrl, 4, 1); k < BLOCKS; k = Atomics.add(ctrl, 4, 1)) {
    const [s, e] = block(start, end, k);
    buildBlock(k, s, e);
  }
}

/**
 * A second thread that builds part of every large node's histogram, so growing a tree uses both
 * cores. Synchronous for the caller: it waits on an Atomics word, as the tree grower is synchronous.
 */
export function startHistogramHelper(workerScript: string, inputs: HistogramInputs): { build: HistogramBuilder; close: () => void } {
  const ctrl = new Int32Array(new SharedArrayBuffer(20));
  const kernel = inputs.kernel ?? null;
  const slots = kernel ? Array.from({ length: BLOCKS }, () => kernel.histogram()) : [];
  const blocked = kernel !== null && slots.every((x) => x !== null);
  const partial = new Float64Array(new SharedArrayBuffer(blocked ? 8 : inputs.F * BINS * 3 * 8));
  const data: HelperData = blocked
    ? { role: 'histogram-helper', ctrl: ctrl.buffer as SharedArrayBuffer, F: inputs.F, wasm: { memory: kernel.memory, layout: kernel.layout, rowsOffset: inputs.rows.byteOffset, slotOffsets: slots.map((x) => x!.byteOffset) } }
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
    if (blocked) claimBlocks(ctrl, start, end, (k, s, e) => kernel.build(rows, s, e, slots[k]!));
    else alone(rows, start, mid, out);
    awaitDone(ctrl, job);
    if (blocked) {
      out.set(slots[0]!);
      for (let k = 1; k < BLOCKS; k++) kernel.add(out, slots[k]!);
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
    if (kernel && w) claimBlocks(ctrl, start, end, (k, s, e) => kernel.buildAt(w.rowsOffset, s, e, w.slotOffsets[k]!));
    else if (js) buildHistogram(js.rowBins, data.F, js.g, js.h, js.rows, start, end, js.partial);
    Atomics.store(ctrl, 3, seen);
    Atomics.notify(ctrl, 3);
  }
}
