import { createHash } from 'node:crypto';
import { EncodedText, type OutputEncoding } from '../export/output-encoding';
import fs from 'node:fs';
import { withRoom } from '../compute/with-room';

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * A text a spreadsheet would run as a formula (`=cmd|' /C calc'!A0`, `+…`, `-…`, `@…`, a leading
 * tab or CR) gets a leading apostrophe, as spreadsheet-safe exports do; plain numbers (`-5`, `+1e3`) stay as they are.
 */
export function spreadsheetSafe(s: string): string {
  return FORMULA_START.test(s) && !PLAIN_NUMBER.test(s) ? `'${s}` : s;
}

/** Quotes a field when it holds the delimiter, a quote or a line break (RFC 4180): data files, copied byte for byte in meaning. */
export function csvQuote(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** A field of a report people open in a spreadsheet (scores, rejects, audit): made spreadsheet-safe, then quoted. */
export function csvField(value: string): string {
  // Most fields (ids, codes) start with a letter or digit and hold nothing to quote: one scan.
  if (isAsciiAlnum(value.charCodeAt(0))) {
    let plain = true;
    for (let i = 1; i < value.length; i++) { const d = value.charCodeAt(i); if (d === 44 || d === 34 || d === 10 || d === 13) { plain = false; break; } }
    if (plain) return value;
  }
  return csvQuote(spreadsheetSafe(value));
}

function isAsciiAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

const BUFFER_BYTES = 1 << 20;
const encoder = new TextEncoder();

/**
 * The bytes of a UTF-8 row (`putAsciiRow`) when its fields are ASCII with nothing to quote (and,
 * spreadsheet-safe, each empty or starting with a letter or digit): what `csvQuote`/`csvField`
 * and a join would give, without a string or an encoder per row. −1 for any other row.
 */
function plainAsciiLength(fields: readonly string[], spreadsheetSafe: boolean): number {
  let n = fields.length;
  for (const f of fields) {
    if (spreadsheetSafe && f.length > 0 && !isAsciiAlnum(f.charCodeAt(0))) return -1;
    for (let i = 0; i < f.length; i++) { const c = f.charCodeAt(i); if (c >= 0x80 || c === 34 || c === 44 || c === 10 || c === 13) return -1; }
    n += f.length;
  }
  return n;
}

/** Writes a row `plainAsciiLength` accepted into `buf` at `at` (room made), returning its end. */
function putAsciiRow(fields: readonly string[], buf: Uint8Array, at: number): number {
  let u = at;
  for (let j = 0; j < fields.length; j++) {
    if (j > 0) buf[u++] = 44;
    const f = fields[j]!;
    for (let i = 0; i < f.length; i++) buf[u++] = f.charCodeAt(i);
  }
  buf[u++] = 10;
  return u;
}

/** Rows of a UTF-8 CSV in memory (fields quoted where needed), exactly as AtomicCsvWriter.row writes them: for a part of a file made on another thread. */
export class CsvRows {
  private buf = new Uint8Array(1 << 20);
  private used = 0;

  row(fields: readonly string[]): void {
    const n = plainAsciiLength(fields, false);
    if (n >= 0) { this.room(n); this.used = putAsciiRow(fields, this.buf, this.used); return; }
    const b = encoder.encode(`${fields.map(csvQuote).join(',')}\n`);
    this.room(b.length);
    this.buf.set(b, this.used);
    this.used += b.length;
  }

  /** The rows' bytes: a view of this writer's own buffer (it is done with once they are taken; the buffer may be handed over). */
  bytes(): Uint8Array {
    return this.buf.subarray(0, this.used);
  }

  private room(n: number): void {
    if (this.used + n > this.buf.length) this.buf = withRoom(this.buf, this.used, n);
  }
}

/**
 * A buffered CSV writer into a temporary file beside the target, renamed into place by
 * `commit()`; `abort()` removes it. A failed run never leaves a half-written file behind. Rows
 * are written as strings (`row`) or assembled from bytes (`ascii`, `bytes`, `endRow`) so fields
 * read from a CSV can be copied without decoding them.
 */
export class AtomicCsvWriter {
  private readonly tmp: string;
  private readonly fd: number;
  private buf = new Uint8Array(BUFFER_BYTES);
  private used = 0;
  private readonly hash = createHash('sha256');
  /** sha256 of the file, set by `commit()`. */
  sha256 = '';

  /** How `row` writes a field: as data (quoted only), or spreadsheet-safe for a report people open. */
  private readonly field: (s: string) => string;

  /** Rows written through `row` in a people's encoding (UTF-8 with BOM, GBK); else plain UTF-8. */
  private readonly text: EncodedText | null;

  constructor(private readonly target: string, o: { spreadsheetSafe?: boolean; encoding?: OutputEncoding } = {}) {
    this.field = o.spreadsheetSafe ? csvField : csvQuote;
    this.text = o.encoding ? new EncodedText(o.encoding) : null;
    this.tmp = `${target}.partial-${process.pid}`;
    this.fd = fs.openSync(this.tmp, 'w');
  }

  private room(n: number): void {
    if (this.used + n <= this.buf.length) return;
    this.flush();
    if (n > this.buf.length) this.buf = new Uint8Array(n * 2);
  }

  /** Appends text that is known to be ASCII (hex digests, delimiters). */
  ascii(s: string): void {
    this.room(s.length);
    for (let i = 0; i < s.length; i++) this.buf[this.used++] = s.charCodeAt(i);
  }

  /** Appends bytes [start, end) of `src` as they are. */
  bytes(src: Uint8Array, start: number, end: number): void {
    this.room(end - start);
    this.buf.set(src.subarray(start, end), this.used);
    this.used += end - start;
  }

  /** Appends a large stretch of bytes, written straight through (no copy into the buffer). */
  write(chunk: Uint8Array): void {
    this.flush();
    this.hash.update(chunk);
    fs.writeSync(this.fd, chunk);
  }

  endRow(): void {
    this.ascii('\n');
  }

  /** Appends a row of text fields, quoting where needed. */
  row(fields: readonly string[]): void {
    const n = this.text === null ? plainAsciiLength(fields, this.field === csvField) : -1;
    if (n >= 0) { this.room(n); this.used = putAsciiRow(fields, this.buf, this.used); return; }
    const line = `${fields.map(this.field).join(',')}\n`;
    const b = this.text ? this.text.encode(line) : encoder.encode(line);
    this.bytes(b, 0, b.length);
  }

  private flush(): void {
    if (this.used === 0) return;
    const chunk = this.buf.subarray(0, this.used);
    this.hash.update(chunk);
    fs.writeSync(this.fd, chunk);
    this.used = 0;
  }

  commit(): void {
    this.flush();
    this.sha256 = this.hash.digest('hex');
    fs.closeSync(this.fd);
    fs.renameSync(this.tmp, this.target);
  }

  abort(): void {
    try { fs.closeSync(this.fd); } catch { /* already closed */ }
    fs.rmSync(this.tmp, { force: true });
  }
}

/**
 * Fills several atomic files together: `fill` writes them, then all are committed; if `fill`
 * throws, every one is removed and the error rethrown — never some files without the others.
 */
export async function writeAllOrNothing<T>(writers: readonly AtomicCsvWriter[], fill: () => T | Promise<T>): Promise<T> {
  try {
    const result = await fill();
    for (const w of writers) w.commit();
    return result;
  } catch (err) {
    for (const w of writers) w.abort();
    throw err;
  }
}
