/**
 * The bytes of `jointscore score`'s output lines, a batch at a time: every piece a line is made of
 * (reason codes, named reasons as they are and with quotes doubled, separators) lives in one pool,
 * and lines are copied into one array grown once per line at most — one kind of array throughout,
 * no object per row.
 */

import { withRoom } from '../../data/compute/with-room';

/** A growing run of bytes. */
export class ByteRun {
  bytes = new Uint8Array(1 << 16);
  length = 0;
  /** Makes room for n more bytes. */
  reserve(n: number): void {
    if (this.length + n > this.bytes.length) this.bytes = withRoom(this.bytes, this.length, n);
  }
  byte(b: number): void { this.reserve(1); this.bytes[this.length++] = b; }
  copy(from: Uint8Array, start: number, end: number): void {
    this.reserve(end - start);
    const to = this.bytes;
    for (let i = start, j = this.length; i < end; i++, j++) to[j] = from[i]!;
    this.length += end - start;
  }
  copyAll(from: Uint8Array): void { this.copy(from, 0, from.length); }
}

/** The reason table a line's reason columns are named from (the columnar scorer's `reasonTable`). */
export interface ReasonNames { count: number; codes: string[]; names: string[]; labels: string[][] }

/**
 * Every reason piece in one pool: per characteristic k its code, per (k, attribute a) — index
 * k × stride + a + 1, a = −1 'other value' — the named reason `code name: label` as it is and with
 * its quotes doubled, and whether it makes the named-reasons field quoted.
 */
export class ReasonPieces {
  readonly pool: Uint8Array;
  readonly codeStart: Int32Array; readonly codeEnd: Int32Array;
  readonly plainStart: Int32Array; readonly plainEnd: Int32Array;
  readonly doubledStart: Int32Array; readonly doubledEnd: Int32Array;
  readonly quoted: Uint8Array;
  /** Whether code k starts with a letter or digit (csvField leaves it and the fields after it as they are). */
  readonly alnumFirst: Uint8Array;
  readonly stride: number;
  /** The most bytes a row's reason columns take: R codes, R doubled named reasons, separators, quotes and commas. */
  readonly maxRowBytes: number;

  constructor(table: ReasonNames) {
    const K = table.codes.length;
    this.stride = Math.max(0, ...table.labels.map((l) => l.length)) + 1;
    const texts: Uint8Array[] = [];
    const add = (t: string) => { texts.push(Buffer.from(t, 'utf8')); return texts.length - 1; };
    const codes = table.codes.map(add);
    const plain = new Int32Array(K * this.stride).fill(-1), doubled = new Int32Array(K * this.stride).fill(-1);
    this.quoted = new Uint8Array(K * this.stride);
    table.codes.forEach((code, k) => {
      for (let a = -1; a < table.labels[k]!.length; a++) {
        const text = `${code} ${table.names[k]}: ${a < 0 ? 'other value' : table.labels[k]![a]}`;
        plain[k * this.stride + a + 1] = add(text);
        doubled[k * this.stride + a + 1] = add(text.replaceAll('"', '""'));
        this.quoted[k * this.stride + a + 1] = /[",\r\n]/.test(text) ? 1 : 0;
      }
    });
    const starts = new Int32Array(texts.length + 1);
    texts.forEach((t, i) => { starts[i + 1] = starts[i]! + t.length; });
    this.pool = new Uint8Array(starts[texts.length]!);
    texts.forEach((t, i) => this.pool.set(t, starts[i]));
    const at = (ids: ArrayLike<number>, end: boolean) => Int32Array.from(ids, (i) => (i < 0 ? 0 : starts[i + (end ? 1 : 0)]!));
    this.codeStart = at(codes, false); this.codeEnd = at(codes, true);
    this.plainStart = at(plain, false); this.plainEnd = at(plain, true);
    this.doubledStart = at(doubled, false); this.doubledEnd = at(doubled, true);
    this.alnumFirst = Uint8Array.from(table.codes, (c) => (/^[0-9A-Za-z]/.test(c) ? 1 : 0));
    const longest = (s: Int32Array, e: Int32Array) => s.reduce((m, x, i) => Math.max(m, e[i]! - x), 0);
    this.maxRowBytes = table.count * (longest(this.codeStart, this.codeEnd) + 1 + longest(this.doubledStart, this.doubledEnd) + 2) + 4;
  }
}

/**
 * Writes a row's reason columns (',' codes ',' named reasons, or ',' first code for a partial
 * card) from the pool into `to` at `o`, exactly as `csvField` writes the named reasons when the
 * first code starts with a letter or digit (nothing to make spreadsheet-safe): as they are, or
 * quoted with their quotes doubled when one holds a comma, quote or line break. Returns the end,
 * or −1 having written nothing for any other row (and a row without reasons): the caller writes
 * those its own way. `to` must have room for `p.maxRowBytes`.
 */
export function writeReasonBytes(p: ReasonPieces, partial: boolean, to: Uint8Array, o: number, reasons: Int32Array, attributes: Int32Array, at: number, n: number): number {
  const k0 = reasons[at]!;
  if (k0 < 0 || p.alnumFirst[k0] === 0) return -1;
  const pool = p.pool;
  if (partial) {
    to[o++] = 44;
    for (let q = p.codeStart[k0]!, e = p.codeEnd[k0]!; q < e; q++) to[o++] = pool[q]!;
    return o;
  }
  let m = 0, quoted = 0;
  for (; m < n && reasons[at + m]! >= 0; m++) {
    const a = attributes[at + m]! + 1;
    if (a >= p.stride) return -1;
    quoted |= p.quoted[reasons[at + m]! * p.stride + a]!;
  }
  to[o++] = 44;
  for (let r = 0; r < m; r++) {
    if (r > 0) to[o++] = 32;
    const k = reasons[at + r]!;
    for (let q = p.codeStart[k]!, e = p.codeEnd[k]!; q < e; q++) to[o++] = pool[q]!;
  }
  to[o++] = 44;
  if (quoted) to[o++] = 34;
  const starts = quoted ? p.doubledStart : p.plainStart, ends = quoted ? p.doubledEnd : p.plainEnd;
  for (let r = 0; r < m; r++) {
    if (r > 0) { to[o++] = 59; to[o++] = 32; }
    const piece = reasons[at + r]! * p.stride + attributes[at + r]! + 1;
    for (let q = starts[piece]!, e = ends[piece]!; q < e; q++) to[o++] = pool[q]!;
  }
  if (quoted) to[o++] = 34;
  return o;
}

/** The most bytes `writeNumberBytes` writes. */
export const NUMBER_BYTES = 32;

/**
 * Writes String(v) into `to` at `o` and returns the end: whole numbers below 2^53 digit by digit,
 * any other through `text` (String(v)'s bytes, cached by the caller).
 */
export function writeNumberBytes(to: Uint8Array, o: number, v: number, text: (v: number) => Uint8Array): number {
  if (Number.isSafeInteger(v)) {
    if (v < 0) { to[o++] = 45; v = -v; }
    if (v < 10) { to[o++] = 48 + v; return o; }
    let digits = 1;
    for (let x = v; x >= 10; x = Math.floor(x / 10)) digits++;
    for (let j = o + digits - 1; j >= o; j--) { const d = v % 10; to[j] = 48 + d; v = (v - d) / 10; }
    return o + digits;
  }
  const b = text(v);
  for (let i = 0; i < b.length; i++) to[o++] = b[i]!;
  return o;
}
