import type { ByteDictionary } from './byte-dictionary';
import { numberParse, parseNumberBytes, PARSE_INVALID } from './parse-value';
import { PLAIN_RECORDS_WASM_BASE64 } from './wasm/plain-records-wasm';
import { wasmModule } from '../../models/wasm-module';

/** Bytes the module keeps for itself (its powers of ten, then which bytes end a field) before the layout starts. */
const RESERVED = 512;
const STOPS = 256;
const LF = 0x0a;
const CR = 0x0d;
/** The most bytes copied in for one block; a longer record is read by JavaScript. */
const WINDOW = 1 << 20;
/** Per block, at most this many bytes of outputs (24 per field: its f64, and its code, hash, start and end). */
const OUTPUT_BYTES = 4 << 20;
const MAX_ROWS = 1024;
const EXCEPTION_CAPACITY = 4096;
const PAGE = 65536;
/** A category's code table: 1024 slots of 32 bytes, filled to half at most. */
const TABLE_BYTES = 1024 * 32;
const TABLE_VALUES = 512;
/** Values longer than this are always looked up by JavaScript. */
const TABLE_VALUE_BYTES = 16;
/** Memory for code tables at most (columns past it have none). */
const TABLES_BUDGET = 16 << 20;
/** Bytes of the longest hex key a dictionary packs (128 digits). */
const MAX_KEY_BYTES = 64;

interface Exports {
  memory: WebAssembly.Memory;
  end: WebAssembly.Global;
  exceptions: WebAssembly.Global;
  records(input: number, len: number, kinds: number, nf: number, rows: number, stride: number, delimiter: number, num: number, cat: number, starts: number, exc: number, excCap: number, tables: number): number;
  packHex(input: number, texts: number, n: number, width: number, out: number): number;
  remember(table: number, hash: number, start: number, len: number, code: number): number;
}

/**
 * Plain CSV records a block at a time in WebAssembly (wasm/plain-records.wat): the bytes are
 * copied in, every number parsed and every category hashed (and, when its table knows the value,
 * coded) there; `settle` parses the numbers left to JavaScript, and the caller copies the block
 * out column by column (`copyNumbers`, `copyCodes`, `textStart`/`textEnd` for other fields).
 */
export class PlainBlocks {
  /** The module's memory as bytes: `textStart`/`textEnd` index into it. */
  bytes!: Uint8Array;
  /** Most records one block holds (its outputs are laid out for this many). */
  private readonly rows: number;
  /** Numbers, column-major: field j of record r at `numberAt(j) + r`. */
  private numbers!: Float64Array;
  /**
   * Code (-1 empty, -2 for JavaScript to look up), hash, start, end of text fields, column-major:
   * field j of record r at `textAt(j) + 4r` (start and end counted from `input`).
   */
  private texts!: Int32Array;
  private readonly exports: Exports;
  private readonly layout: { input: number; kinds: number; num: number; cat: number; starts: number; exc: number; tables: number; packed: number };
  private readonly nf: number;
  /** Each column's code table (0 for none) and how many values it holds. */
  private readonly tables: Int32Array;
  private readonly remembered: Int32Array;
  private bytesPerRecord = 0;
  private lastRows = 0;
  private delimiter = -1;

  private constructor(module: WebAssembly.Module, kinds: Uint8Array) {
    this.exports = new WebAssembly.Instance(module, {}).exports as unknown as Exports;
    this.nf = kinds.length;
    this.rows = Math.max(16, Math.min(MAX_ROWS, Math.floor(OUTPUT_BYTES / (this.nf * 24))));
    const input = RESERVED;
    // The window, then its sentinel LF (and padding: a category's last word is read whole).
    const kindsAt = input + WINDOW + 16;
    const num = align8(kindsAt + this.nf);
    const cat = num + this.nf * this.rows * 8;
    const starts = cat + this.nf * this.rows * 16;
    const exc = starts + (this.rows + 1) * 4;
    const tables = exc + EXCEPTION_CAPACITY * 16;
    let next = align8(tables + this.nf * 4);
    // A block's hex keys of one column, packed (`copyCodes` of a dictionary appending packed keys).
    const packed = next;
    next += this.rows * MAX_KEY_BYTES;
    this.tables = new Int32Array(this.nf);
    this.remembered = new Int32Array(this.nf);
    // The first categories get code tables, as many as the budget holds.
    let budget = TABLES_BUDGET;
    kinds.forEach((k, j) => {
      if (k === 1 && budget >= TABLE_BYTES) { this.tables[j] = next; next += TABLE_BYTES; budget -= TABLE_BYTES; }
    });
    this.layout = { input, kinds: kindsAt, num, cat, starts, exc, tables, packed };
    const memory = this.exports.memory;
    if (memory.buffer.byteLength < next) memory.grow(Math.ceil((next - memory.buffer.byteLength) / PAGE));
    this.bind();
    this.bytes.set(kinds, kindsAt);
    this.texts.set(this.tables, tables >> 2);
    this.bytes.fill(0, align8(tables + this.nf * 4), next);
  }

  /** A reader for columns of these kinds (0 number, 1 category, 2 other), or null without WebAssembly. */
  static create(kinds: Uint8Array): PlainBlocks | null {
    const module = wasmModule(PLAIN_RECORDS_WASM_BASE64);
    return module ? new PlainBlocks(module, kinds) : null;
  }

  private bind(): void {
    const buffer = this.exports.memory.buffer;
    this.bytes = new Uint8Array(buffer);
    this.numbers = new Float64Array(buffer);
    this.texts = new Int32Array(buffer);
  }

  /**
   * Reads up to `maxRows` plain records of `buf` from `start` (not past `len`); returns how many.
   * `end` then gives the position in `buf` after the last one.
   */
  read(buf: Uint8Array, start: number, len: number, delimiter: number, maxRows: number): number {
    const rows = Math.min(maxRows, this.rows, Math.max(16, this.lastRows * 2));
    const guess = this.bytesPerRecord > 0 ? Math.ceil(this.bytesPerRecord * rows * 1.25) + 1024 : 65536;
    const window = Math.min(len - start, WINDOW, guess);
    const { input, kinds, num, cat, starts, exc } = this.layout;
    if (delimiter !== this.delimiter) this.setDelimiter(delimiter);
    this.bytes.set(buf.subarray(start, start + window), input);
    this.bytes[input + window] = LF;
    const n = this.exports.records(input, window, kinds, this.nf, rows, this.rows, delimiter, num, cat, starts, exc, EXCEPTION_CAPACITY, this.layout.tables);
    this.lastRows = n;
    if (n > 0) this.bytesPerRecord = this.end / n;
    return n;
  }

  private setDelimiter(delimiter: number): void {
    this.bytes.fill(0, STOPS, STOPS + 256);
    this.bytes[STOPS + delimiter] = 1;
    this.bytes[STOPS + LF] = 1;
    this.bytes[STOPS + CR] = 1;
    this.delimiter = delimiter;
  }

  /** Bytes of `buf` the last block read, from its `start`. */
  private get end(): number {
    return this.exports.end.value as number;
  }

  /** Index in `numbers` of field j's first record. */
  private numberAt(j: number): number {
    return (this.layout.num >> 3) + j * this.rows;
  }

  /** Index in `texts` of field j's first record. */
  private textAt(j: number): number {
    return (this.layout.cat >> 2) + j * this.rows * 4;
  }

  /**
   * Parses the last block's numbers that were not plain decimals; returns how many of its n
   * records to keep: those before the first holding a number that does not parse.
   */
  settle(n: number): number {
    for (let k = 0; k < this.exceptionCount; k++) {
      const x = this.exception(k);
      if (x.row >= n) break;
      const v = parseNumberBytes(this.bytes, x.start, x.end);
      if (numberParse.status === PARSE_INVALID) return x.row;
      this.numbers[this.numberAt(x.field) + x.row] = v;
    }
    return n;
  }

  /** Copies field j's numbers of the block's first n records to `out` from `at`. */
  copyNumbers(j: number, n: number, out: Float64Array, at: number): void {
    const from = this.numberAt(j);
    out.set(this.numbers.subarray(from, from + n), at);
  }

  /** Writes field j's codes of the block's first n records to `out` from `at`, asking `dict` for those the module did not know (-1 for an empty field). */
  copyCodes(j: number, n: number, out: Int32Array, at: number, dict: ByteDictionary): void {
    if (dict.packingWidth > 0) { this.copyPackedKeys(j, n, out, at, dict); return; }
    this.copyCodesFrom(j, 0, n, out, at, dict);
  }

  /**
   * `copyCodes` for a dictionary that appends packed hex keys (a segment's column of keys): runs
   * of keys are packed here and appended at once; a field that is no such key goes the usual way.
   */
  private copyPackedKeys(j: number, n: number, out: Int32Array, at: number, dict: ByteDictionary): void {
    const width = dict.packingWidth, { input, packed } = this.layout, t0 = this.textAt(j);
    for (let r = 0; r < n;) {
      const k = this.exports.packHex(input, (t0 + 4 * r) * 4, n - r, width, packed);
      const first = dict.appendPackedKeys(this.bytes, packed, k, this.texts, t0 + 4 * r + 1);
      for (let i = 0; i < k; i++) out[at + r + i] = first + i;
      r += k;
      if (r === n) return;
      // A field the module would not pack (empty, or not such a key): the usual way, and the rest
      // too once the dictionary has gone back to text.
      this.copyCodesFrom(j, r, r + 1, out, at, dict);
      r++;
      if (dict.packingWidth !== width) { this.copyCodesFrom(j, r, n, out, at, dict); return; }
    }
  }

  /** `copyCodes` of records [from, to). */
  private copyCodesFrom(j: number, from: number, to: number, out: Int32Array, at: number, dict: ByteDictionary): void {
    const texts = this.texts, bytes = this.bytes, input = this.layout.input;
    // The values the module did not know (a key column: every one) have their slots read first, all at once.
    for (let r = from, t = this.textAt(j) + 4 * from; r < to; r++, t += 4) if (texts[t] === -2) dict.touchSlot(texts[t + 1]!);
    let t = this.textAt(j) + 4 * from;
    for (let r = from; r < to; r++, t += 4) {
      const known = texts[t]!;
      if (known !== -2) { out[at + r] = known; continue; }
      const s = input + texts[t + 2]!, e = input + texts[t + 3]!, h = texts[t + 1]!;
      const code = dict.codeWithHash(bytes, s, e, h);
      out[at + r] = code;
      this.remember(j, s, e, h, code);
    }
  }

  /** Where field j of record r starts in `bytes`. */
  textStart(j: number, r: number): number {
    return this.layout.input + this.texts[this.textAt(j) + 4 * r + 2]!;
  }

  /** Where field j of record r ends in `bytes`. */
  textEnd(j: number, r: number): number {
    return this.layout.input + this.texts[this.textAt(j) + 4 * r + 3]!;
  }

  /** Lets the module find category j's value at bytes [start, end) (hash h) as `code` from now on, while its table has room. */
  private remember(j: number, start: number, end: number, h: number, code: number): void {
    const table = this.tables[j]!;
    if (table === 0 || end - start > TABLE_VALUE_BYTES || this.remembered[j]! >= TABLE_VALUES) return;
    this.remembered[j]! += this.exports.remember(table, h, start, end - start, code);
  }

  /** Where record r starts, counted from the block's `start`. */
  recordStart(r: number): number {
    return this.texts[(this.layout.starts >> 2) + r]!;
  }

  /** How many numbers the last block left to JavaScript. */
  get exceptionCount(): number {
    return this.exports.exceptions.value as number;
  }

  /** Exception k of the last block: record, field, and the field's bytes as positions in `bytes`. */
  private exception(k: number): { row: number; field: number; start: number; end: number } {
    const at = (this.layout.exc >> 2) + k * 4;
    const t = this.texts;
    return { row: t[at]!, field: t[at + 1]!, start: this.layout.input + t[at + 2]!, end: this.layout.input + t[at + 3]! };
  }
}

function align8(n: number): number {
  return (n + 7) & ~7;
}
