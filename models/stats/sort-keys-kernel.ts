import { MAX_COUNTING_RANGE } from './sort-f64';
import { wasmModule } from '../wasm-module';
import { SORT_KEYS_WASM_BASE64 } from './wasm/sort-keys-wasm';

const PAGE = 65536;
/** Digits of the radix sort are at most 12 bits: 4096 offsets. */
const OFFSETS_BYTES = 4096 * 4;

interface Exports {
  memory: WebAssembly.Memory;
  min: WebAssembly.Global;
  max: WebAssembly.Global;
  sort(keys: number, n: number, min: number, max: number, scale: number, work: number, out: number): number;
  start_keys(): void;
  unpack(src: number, width: number, count: number, factor: number, missing: number, limit: number, dst: number): number;
}

/**
 * `sortScaledKeys` in WebAssembly (wasm/sort-keys.wat): a column's keys are written into
 * `keys(n)` (a view of the module's memory) or unpacked there from packed chunks (`start`,
 * `unpack`: a `KeyUnpacker` for `unpackColumnKeys`), then `sort` gives the sorted values — a view
 * too, valid until the next call — and how many distinct values they are.
 */
export class ScaledKeySorter {
  private readonly exports: Exports;
  private n = 0;

  private constructor(module: WebAssembly.Module) {
    this.exports = new WebAssembly.Instance(module, {}).exports as unknown as Exports;
  }

  /** A sorter, or null without WebAssembly. */
  static create(): ScaledKeySorter | null {
    const module = wasmModule(SORT_KEYS_WASM_BASE64);
    return module ? new ScaledKeySorter(module) : null;
  }

  /** Room for n keys, as a view of the module's memory (grown to hold the sort's work and output too). */
  keys(n: number): Int32Array {
    const need = this.outAt(n) + n * 8;
    const memory = this.exports.memory;
    if (memory.buffer.byteLength < need) memory.grow(Math.ceil((need - memory.buffer.byteLength) / PAGE));
    this.n = n;
    return new Int32Array(memory.buffer, 0, n);
  }

  start(n: number): void {
    this.keys(n);
    this.exports.start_keys();
  }

  unpack(ints: Uint8Array, width: number, count: number, factor: number, missing: number, limit: number, at: number): number {
    // The packed integers are staged in the work area, which the sort only uses later.
    const staging = this.workAt(this.n);
    new Uint8Array(this.exports.memory.buffer).set(ints, staging);
    return this.exports.unpack(staging, width, count, factor, missing, limit, at * 4);
  }

  range(): { min: number; max: number } {
    return { min: this.exports.min.value as number, max: this.exports.max.value as number };
  }

  /** Sorts the first n keys written to `keys(…)` (their extremes `min` and `max`) into values key / scale. */
  sort(n: number, min: number, max: number, scale: number): { sorted: Float64Array; distinct: number } {
    if (n > this.n) throw new Error(`ScaledKeySorter: ${n} keys asked for room for ${this.n}`);
    const out = this.outAt(this.n);
    const distinct = n > 0 ? this.exports.sort(0, n, min, max, scale, this.workAt(this.n), out) : 0;
    return { sorted: new Float64Array(this.exports.memory.buffer, out, n), distinct };
  }

  private workAt(n: number): number {
    return align8(n * 4);
  }

  /** After the work area: the larger of the counts (a range of 2^18) and two arrays of n offsets with the digit offsets. */
  private outAt(n: number): number {
    return align8(this.workAt(n) + Math.max(MAX_COUNTING_RANGE * 4, n * 8 + OFFSETS_BYTES));
  }
}

function align8(n: number): number {
  return (n + 7) & ~7;
}
