import { isUtf8 } from 'node:buffer';
import { AppError } from '../../types/errors';

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/**
 * Receives each complete record. Field i is the bytes [starts[i], ends[i]) of `buf`; `escaped[i]`
 * is 1 when the field was quoted and held doubled quotes ("") that must be undone. `line` is the
 * 1-based physical line the record starts on.
 */
export interface CsvRecordSink {
  record(buf: Uint8Array, starts: Int32Array, ends: Int32Array, escaped: Uint8Array, count: number, line: number): void;
  /**
   * Optionally takes a whole record starting at `start` in one pass (no field ranges), when it is
   * plain: no quote, no blank line, the expected field count, every value parses. Returns the
   * position after its line end, or -1 having kept nothing, and the record then goes through
   * `record` (which reports any error). Only offered bytes already checked as UTF-8.
   */
  plainRecord?(buf: Uint8Array, start: number, len: number, delimiter: number, line: number): number;
  /**
   * Optionally takes as many plain records from `start` as it can at once (the first starting on
   * `line`, one line each); returns how many, with `at.end` the position after the last. Zero
   * means none was taken: the next record then goes to `plainRecord` or `record`.
   */
  plainRecords?(buf: Uint8Array, start: number, len: number, delimiter: number, line: number, at: { end: number }): number;
}

/** Limit of one record's size: past this a missing closing quote is the likeliest cause. */
const MAX_RECORD_BYTES = 64 * 1024 * 1024;

/**
 * A streaming RFC 4180 tokenizer over UTF-8 bytes: quoted fields with embedded delimiters,
 * newlines and doubled quotes; LF, CRLF or CR line ends; blank lines skipped. It never builds a
 * string: fields are byte ranges, so numbers can be parsed straight from the bytes.
 */
export class CsvTokenizer {
  private pending: Uint8Array = new Uint8Array(0);
  private line: number;
  private starts = new Int32Array(256);
  private ends = new Int32Array(256);
  private escaped = new Uint8Array(256);
  private validatedUpTo = 0;
  /** Bytes consumed so far (for progress). */
  bytesConsumed = 0;
  /** Set when the input ended inside a quoted field (the error then thrown says so). */
  endedInsideQuote = false;
  /** Records to read one by one before offering blocks again, and how many after the next refusal. */
  private blockWait = 0;
  private blockBackoff = 1;
  private readonly blockEnd = { end: 0 };

  constructor(
    private readonly delimiter: number,
    private readonly sink: CsvRecordSink,
    private readonly file: string,
    private readonly validateUtf8: boolean,
    firstLine = 1,
  ) {
    this.line = firstLine;
  }

  /** The line number the next record would start on. */
  get nextLine(): number {
    return this.line;
  }

  /** Feeds the next bytes; `final` marks the end of the input. */
  push(chunk: Uint8Array, final = false): void {
    let buf: Uint8Array;
    if (this.pending.length === 0) buf = chunk;
    else {
      buf = new Uint8Array(this.pending.length + chunk.length);
      buf.set(this.pending, 0);
      buf.set(chunk, this.pending.length);
    }
    const safe = this.validateUtf8 ? this.validate(buf, final) : true;
    const consumed = this.parse(buf, final, safe);
    this.bytesConsumed += consumed;
    this.pending = consumed < buf.length ? buf.slice(consumed) : new Uint8Array(0);
    this.validatedUpTo = Math.max(0, this.validatedUpTo - consumed);
    if (this.pending.length > MAX_RECORD_BYTES) {
      throw new AppError('UNTERMINATED_QUOTE', `${this.file}, line ${this.line}: a record runs past ${MAX_RECORD_BYTES >> 20} MB; a quote is probably never closed.`, {
        file: this.file, line: this.line, expected: 'a closing quote (")',
      });
    }
  }

  /** Validates UTF-8 up to the last newline (a newline byte never sits inside a multi-byte sequence). Returns false when invalid bytes are present. */
  private validate(buf: Uint8Array, final: boolean): boolean {
    const end = final ? buf.length : buf.lastIndexOf(LF) + 1;
    if (end <= this.validatedUpTo) return true;
    const ok = isUtf8(buf.subarray(this.validatedUpTo, end));
    if (ok) this.validatedUpTo = end;
    return ok;
  }

  private grow(): void {
    const n = this.starts.length * 2;
    const s = new Int32Array(n); s.set(this.starts); this.starts = s;
    const e = new Int32Array(n); e.set(this.ends); this.ends = e;
    const q = new Uint8Array(n); q.set(this.escaped); this.escaped = q;
  }

  /** Parses complete records; returns how many bytes were consumed. */
  private parse(buf: Uint8Array, final: boolean, utf8Checked: boolean): number {
    const len = buf.length;
    const delim = this.delimiter;
    let pos = 0;
    let recordStart = 0;
    const plain = utf8Checked && this.sink.plainRecord !== undefined;
    const blocks = utf8Checked && this.sink.plainRecords !== undefined;
    outer: while (pos < len) {
      if (blocks) {
        if (this.blockWait > 0) this.blockWait--;
        else {
          const n = this.sink.plainRecords!(buf, pos, len, delim, this.line, this.blockEnd);
          if (n > 0) {
            pos = recordStart = this.blockEnd.end;
            this.line += n;
            this.blockBackoff = 1;
            continue;
          }
          // Not plain here (a quote, a blank line, the buffer's end): back off, longer each time in a row.
          this.blockWait = this.blockBackoff;
          this.blockBackoff = Math.min(this.blockBackoff * 2, 256);
        }
      }
      if (plain) {
        const next = this.sink.plainRecord!(buf, pos, len, delim, this.line);
        if (next >= 0) {
          pos = recordStart = next;
          this.line++;
          continue;
        }
      }
      const thisStart = pos;
      const recordLine = this.line;
      let newlines = 0;
      let n = 0;
      for (;;) {
        if (n === this.starts.length) this.grow();
        let c = pos < len ? buf[pos]! : -1;
        if (c === QUOTE) {
          const quoteLine = recordLine + newlines;
          pos++;
          const start = pos;
          let esc = 0;
          for (;;) {
            if (pos >= len) {
              if (!final) break outer;
              this.endedInsideQuote = true;
              throw new AppError('UNTERMINATED_QUOTE', `${this.file}, line ${quoteLine}: a quoted field (column ${n + 1}) is never closed; the file ends inside it.`, {
                file: this.file, line: quoteLine, expected: 'a closing quote (")',
              });
            }
            c = buf[pos]!;
            if (c === QUOTE) {
              if (pos + 1 < len && buf[pos + 1] === QUOTE) { esc = 1; pos += 2; continue; }
              if (pos + 1 >= len && !final) break outer;
              break;
            }
            if (c === LF) newlines++;
            pos++;
          }
          this.starts[n] = start;
          this.ends[n] = pos;
          this.escaped[n] = esc;
          n++;
          pos++; // closing quote
          c = pos < len ? buf[pos]! : -1;
          if (c !== delim && c !== LF && c !== CR && c !== -1) {
            throw new AppError('UNTERMINATED_QUOTE', `${this.file}, line ${recordLine + newlines}: unexpected text after the closing quote of column ${n}.`, {
              file: this.file, line: recordLine + newlines, expected: 'a delimiter or end of line after a closing quote',
            });
          }
        } else {
          const start = pos;
          while (pos < len) {
            c = buf[pos]!;
            if (c === delim || c === LF || c === CR) break;
            pos++;
          }
          if (pos >= len) {
            if (!final) break outer;
            c = -1;
          }
          this.starts[n] = start;
          this.ends[n] = pos;
          this.escaped[n] = 0;
          n++;
        }
        // c is the byte after the field: delimiter, CR, LF or end (-1)
        if (c === delim) { pos++; continue; }
        if (c === CR) {
          if (pos + 1 >= len && !final) break outer;
          pos++;
          if (pos < len && buf[pos] === LF) pos++;
        } else if (c === LF) pos++;
        break;
      }
      this.line = recordLine + newlines + 1;
      recordStart = pos;
      if (n === 1 && this.ends[0] === this.starts[0] && buf[thisStart] !== QUOTE) continue; // blank line
      if (!utf8Checked) this.checkRecordUtf8(buf, n, recordLine);
      this.sink.record(buf, this.starts, this.ends, this.escaped, n, recordLine);
    }
    return final ? len : recordStart;
  }

  private checkRecordUtf8(buf: Uint8Array, n: number, line: number): void {
    for (let i = 0; i < n; i++) {
      if (!isUtf8(buf.subarray(this.starts[i], this.ends[i]))) {
        throw new AppError('INVALID_ENCODING', `${this.file}, line ${line}, field ${i + 1}: bytes that are not valid UTF-8. Choose the file's encoding (e.g. GBK).`, { option: 'encoding',
          file: this.file, line, fieldIndex: i, expected: 'valid UTF-8 text',
        });
      }
    }
  }
}

/** The text of a field, undoing doubled quotes when `escaped`. */
export function fieldText(buf: Uint8Array, start: number, end: number, escaped: boolean): string {
  const s = Buffer.from(buf.buffer, buf.byteOffset + start, end - start).toString('utf8');
  return escaped ? s.replaceAll('""', '"') : s;
}
