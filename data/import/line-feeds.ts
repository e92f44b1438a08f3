import { wasmModule } from '../../models/wasm-module';
import { LINE_FEEDS_WASM_BASE64 } from './wasm/line-feeds-wasm';

const LF = 0x0a;

/** Bytes a block holds at most. */
export const LINE_FEED_BLOCK = 4 * 1024 * 1024;

/**
 * Counts and finds line feeds in a block of bytes (read into `block` by the caller): sixteen bytes
 * at a time in WebAssembly where it runs — a hundred-byte line costs a few instructions, not a
 * call of `indexOf` — else with `indexOf` a line at a time.
 */
export class LineFeedScanner {
  /** Where to read a block (LINE_FEED_BLOCK bytes). */
  readonly block: Uint8Array;
  private readonly wasm: { count: (n: number) => number; nth: (n: number, k: number) => number } | null;

  /** `webAssembly`: false for the `indexOf` path (tests). */
  constructor(webAssembly = true) {
    const module = webAssembly ? wasmModule(LINE_FEEDS_WASM_BASE64) : null;
    if (module) {
      const exports = new WebAssembly.Instance(module).exports as unknown as { memory: WebAssembly.Memory; count: (n: number) => number; nth: (n: number, k: number) => number };
      this.block = new Uint8Array(exports.memory.buffer, 0, LINE_FEED_BLOCK);
      this.wasm = exports;
    } else {
      this.block = new Uint8Array(LINE_FEED_BLOCK);
      this.wasm = null;
    }
  }

  /** How many line feeds the first n bytes of the block hold. */
  count(n: number): number {
    if (this.wasm) return this.wasm.count(n);
    const bytes = Buffer.from(this.block.buffer, this.block.byteOffset, n);
    let c = 0;
    for (let i = bytes.indexOf(LF); i >= 0; i = bytes.indexOf(LF, i + 1)) c++;
    return c;
  }

  /** Where the k-th (k ≥ 1) line feed of the first n bytes of the block is, or −1 when they hold fewer. */
  nth(n: number, k: number): number {
    if (this.wasm) return this.wasm.nth(n, k);
    const bytes = Buffer.from(this.block.buffer, this.block.byteOffset, n);
    for (let i = bytes.indexOf(LF); i >= 0; i = bytes.indexOf(LF, i + 1)) if (--k === 0) return i;
    return -1;
  }
}
