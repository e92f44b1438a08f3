import { buildHistogram, BINS, type BoostHelper, type HistogramBuilder, type HistogramInputs } from '../../models/gbdt/histogram';
import path from 'node:path';
import { findScript, spawnWorker } from '../../data/compute/spawn-worker';
import { BLOCK_ROWS, HistogramKernel, type KernelLayout } from '../../models/gbdt/histogram-kernel';
import { runUnit, type BoostArrays, type PassKind } from '../../models/gbdt/boost-passes';

/** Below this many rows a node's histogram is built on this thread alone (handing half over costs more). */
const MIN_SHARED_ROWS = 20_000;
/** Below this many units a pass runs on this thread alone. */
const MIN_SHARED_UNITS = 4;
/** ctrl[5]: what the job is. */
const HISTOGRAM_JOB = 0;
/**
 * ctrl: [0] job number (−1: stop), [1] start, [2] end, [3] the job number done, [4] the next block
 * or unit to claim, [5] the job's kind (HISTOGRAM_JOB, or a pass of models/gbdt/boost-passes),
 * [6] the pass's unit count, [7] 1 once the helper is serving (until then this thread works alone). JavaScript histograms: the helper builds the second half into
 * `partial`. WebAssembly: the node's rows are cut into blocks; each thread adds the blocks it
 * claims to its own integer histogram and the two are added — the work follows the faster thread,
 * and integer sums are exact, so the result is one thread's, on every run. Passes: each thread runs
 * the units it claims; units write only their own rows and slots.
 */
interface HelperData {
  role: 'histogram-helper'; ctrl: SharedArrayBuffer; F: number;
  js?: { partial: SharedArrayBuffer; rowBins: SharedArrayBuffer; g: SharedArrayBuffer; h: SharedArrayBuffer; rows: SharedArrayBuffer };
  wasm?: { memory: WebAssembly.Memory; layout: KernelLayout; rowsOffset: number };
  passes?: BoostArrays;
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

/** Claims units 0…count−1 one at a time until none is left, handing each to `run`. */
function claimUnits(ctrl: Int32Array, count: number, run: (u: number) => void): void {
  for (let u = Atomics.add(ctrl, 4, 1); u < count; u = Atomics.add(ctrl, 4, 1)) run(u);
}

/** The helper's script: its own bundle beside the job worker's (`dist/boost-helper.cjs`), or its TypeScript source under tsx. */
export function boostHelperScript(workerScript: string): string {
  const dir = path.dirname(workerScript);
  return findScript([path.join(dir, 'boost-helper.cjs'), path.join(dir, 'boost-helper-entry.ts'), path.join(__dirname, 'boost-helper-entry.ts')], 'the boosting helper script');
}

/**
 * A second thread that builds part of every large node's histogram and runs half of the passes
 * between trees, so boosting uses both cores. Synchronous for the caller: it waits on an Atomics
 * word, as the tree grower is synchronous.
 */
export function startHistogramHelper(workerScript: string, inputs: HistogramInputs): BoostHelper {
  const ctrl = new Int32Array(new SharedArrayBuffer(32));
  const kernel = inputs.kernel ?? null;
  const blocked = kernel !== null;
  const partial = new Float64Array(new SharedArrayBuffer(blocked ? 8 : inputs.F * BINS * 3 * 8));
  const common = { role: 'histogram-helper' as const, ctrl: ctrl.buffer as SharedArrayBuffer, F: inputs.F, passes: inputs.passes };
  const data: HelperData = blocked
    ? { ...common, wasm: { memory: kernel.memory, layout: kernel.layout, rowsOffset: inputs.rows.byteOffset } }
    : { ...common, js: { partial: partial.buffer as SharedArrayBuffer, rowBins: shared(inputs.rowBins), g: shared(inputs.g), h: shared(inputs.h), rows: shared(inputs.rows) } };
  const worker = spawnWorker(workerScript, data);
  worker.unref();
  let job = 0;
  /** Posts a job to the helper; returns its number. */
  const post = (kind: number, start: number, end: number, units: number) => {
    job += 1;
    Atomics.store(ctrl, 1, start);
    Atomics.store(ctrl, 2, end);
    Atomics.store(ctrl, 4, 0);
    Atomics.store(ctrl, 5, kind);
    Atomics.store(ctrl, 6, units);
    Atomics.store(ctrl, 0, job);
    Atomics.notify(ctrl, 0);
    return job;
  };
  const alone = (rows: Uint32Array, start: number, end: number, out: Float64Array) => {
    if (!kernel?.build(rows, start, end, out)) buildHistogram(inputs.rowBins, inputs.F, inputs.g, inputs.h, rows, start, end, out);
  };
  const build: HistogramBuilder = (rows, start, end, out) => {
    if (end - start < MIN_SHARED_ROWS || Atomics.load(ctrl, 7) === 0 || rows.buffer !== inputs.rows.buffer || rows.byteOffset !== inputs.rows.byteOffset || (blocked && !kernel.holds(out))) {
      alone(rows, start, end, out);
      return;
    }
    const mid = blocked ? end : (start + end) >> 1;
    const posted = post(HISTOGRAM_JOB, blocked ? start : mid, end, 0);
    if (blocked) { kernel.zero(0); claimBlocks(ctrl, start, end, (s, e) => kernel.accumulate(0, rows.byteOffset, s, e)); }
    else alone(rows, start, mid, out);
    awaitDone(ctrl, posted);
    if (blocked) {
      kernel.sumThreads(out);
    } else {
      for (let k = 0; k < out.length; k++) out[k]! += partial[k]!;
    }
  };
  const runPass = (kind: PassKind, count: number) => {
    const passes = inputs.passes;
    if (!passes) throw new Error('the helper was started without the passes\' arrays');
    if (count < MIN_SHARED_UNITS || Atomics.load(ctrl, 7) === 0) { for (let u = 0; u < count; u++) runUnit(passes, kind, u); return; }
    const posted = post(kind, 0, 0, count);
    claimUnits(ctrl, count, (u) => runUnit(passes, kind, u));
    awaitDone(ctrl, posted);
  };
  const close = () => { Atomics.store(ctrl, 0, -1); Atomics.notify(ctrl, 0); void worker.terminate(); };
  return { build, runPass, close };
}

/** How long the helper keeps polling for the next job before it sleeps (a sleeping thread can take milliseconds to wake; a tree's jobs come closer together). */
const HELPER_SPIN_MS = 50;

/** The next job number after `seen`: polled for HELPER_SPIN_MS, then slept for. */
function awaitJob(ctrl: Int32Array, seen: number): number {
  const until = performance.now() + HELPER_SPIN_MS;
  for (let k = 0; ; k++) {
    const job = Atomics.load(ctrl, 0);
    if (job !== seen) return job;
    if ((k & 1023) === 0 && performance.now() > until) {
      Atomics.wait(ctrl, 0, seen);
      return Atomics.load(ctrl, 0);
    }
  }
}

/** The helper thread's loop: wait for a job, build its blocks (or half) of the node's histogram, say it is done. */
export function serveHistogramHelper(data: HelperData): void {
  const ctrl = new Int32Array(data.ctrl);
  const w = data.wasm, kernel = w ? HistogramKernel.attach(w.memory, w.layout) : null;
  const js = data.js ? { partial: new Float64Array(data.js.partial), rowBins: new Uint8Array(data.js.rowBins), g: new Float64Array(data.js.g), h: new Float64Array(data.js.h), rows: new Uint32Array(data.js.rows) } : null;
  const passes = data.passes ?? null;
  let seen = 0;
  Atomics.store(ctrl, 7, 1);
  for (;;) {
    seen = awaitJob(ctrl, seen);
    if (seen < 0) return;
    const start = Atomics.load(ctrl, 1), end = Atomics.load(ctrl, 2), kind = Atomics.load(ctrl, 5);
    if (kind !== HISTOGRAM_JOB && passes) claimUnits(ctrl, Atomics.load(ctrl, 6), (u) => runUnit(passes, kind as PassKind, u));
    else if (kernel && w) { kernel.zero(1); claimBlocks(ctrl, start, end, (s, e) => kernel.accumulate(1, w.rowsOffset, s, e)); }
    else if (js) buildHistogram(js.rowBins, data.F, js.g, js.h, js.rows, start, end, js.partial);
    Atomics.store(ctrl, 3, seen);
    Atomics.notify(ctrl, 3);
  }
}
