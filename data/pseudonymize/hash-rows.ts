import { AppError } from '../../types/errors';
import { fieldText, type CsvRecordSink } from '../import/csv-tokenizer';
import { csvQuote } from './csv-writer';
import { emptyTally, tallyField, type PiiTally } from './pii-tally';
import { ASK_STRING_NORMALIZER, BYTE_NORMALIZERS, type ByteNormalizer } from './normalize-bytes';
import { NORMALIZERS, type KeyKind, type Normalized } from './normalize';
import { BATCH_IDS, BATCH_MESSAGE_BYTES, BatchIdHasher, MAX_ID_BYTES, type HashAlgorithm } from './wasm/id-hash';

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const encoder = new TextEncoder();

/** What to do with each data row, worked out from the header once. */
export interface RowPlan {
  file: string;
  /** Fields per row (the header's). */
  columns: number;
  keyName: string;
  keyIndex: number;
  /** Columns copied to the output after the hashed key, in order. */
  keep: number[];
  keyKind: KeyKind;
  hash: HashAlgorithm;
  secret: Uint8Array | null;
  upper: boolean;
  /** Comma-delimited input: kept fields are copied byte for byte, quotes included. */
  commaDelimited: boolean;
}

export interface Reject {
  line: number;
  row: number;
  reason: string;
}

export function raggedRow(file: string, line: number, row: number, expected: number, got: number): AppError {
  return new AppError('RAGGED_ROW', `${file}, line ${line} (data row ${row}): expected ${expected} fields as in the header, found ${got}.`, {
    file, line, row, expected: `${expected} fields`, got: `${got} fields`,
  });
}

/**
 * The data rows' sink: normalizes each row's id into the hasher's message area (bytes when it
 * can, else the string rules), lays the output row out with a hole where the digest goes, and
 * every batch hashes all ids at once straight into their holes before the rows are emitted.
 * Rejected ids are listed with line, row and reason, never the id itself.
 */
export class HashRows implements CsvRecordSink {
  written = 0;
  private row = 0;
  readonly rejects: Reject[] = [];
  /** What the copied columns hold: values that look like personal data, by column. */
  readonly pii: PiiTally;
  private readonly hasher: BatchIdHasher;
  private readonly byteNormalize: ByteNormalizer;
  private readonly normalize: (raw: string) => Normalized;
  private readonly out: Uint8Array;
  private used = 0;
  private ids = 0;
  private messageBytes = 0;

  /**
   * `emit` gets each finished stretch of output rows; it must copy or write them before
   * returning. `rowsBefore` counts data rows that precede this sink's (another thread's part).
   */
  constructor(private readonly plan: RowPlan, private readonly emit: (rows: Uint8Array) => void, private readonly rowsBefore = 0) {
    this.hasher = new BatchIdHasher(plan.hash, plan.secret, plan.upper);
    this.byteNormalize = BYTE_NORMALIZERS[plan.keyKind];
    this.normalize = NORMALIZERS[plan.keyKind];
    this.out = this.hasher.rows;
    this.pii = emptyTally(plan.keep.length);
  }

  record(buf: Uint8Array, starts: Int32Array, ends: Int32Array, escaped: Uint8Array, count: number, line: number): void {
    const plan = this.plan;
    const row = this.rowsBefore + ++this.row;
    if (count !== plan.columns) throw raggedRow(plan.file, line, row, plan.columns, count);
    const k = plan.keyIndex;
    const messages = this.hasher.messages;
    const raw = ends[k]! - starts[k]!;
    let len = escaped[k] === 1 || raw > MAX_ID_BYTES ? ASK_STRING_NORMALIZER : this.byteNormalize(buf, starts[k]!, ends[k]!, messages, this.messageBytes);
    if (len === ASK_STRING_NORMALIZER) {
      const n = this.normalize(fieldText(buf, starts[k]!, ends[k]!, escaped[k] === 1));
      if (!n.ok) { this.rejects.push({ line, row, reason: n.value }); return; }
      const bytes = encoder.encode(n.value);
      if (bytes.length > MAX_ID_BYTES) { this.rejects.push({ line, row, reason: `longer than ${MAX_ID_BYTES} bytes once normalized` }); return; }
      messages.set(bytes, this.messageBytes);
      len = bytes.length;
    }
    for (let j = 0; j < plan.keep.length; j++) { const i = plan.keep[j]!; tallyField(this.pii, j, buf, starts[i]!, ends[i]!, escaped[i] === 1, row); }
    // The row's size, bounded: digest, then each kept field with its quotes and a comma.
    const text = plan.commaDelimited ? null : this.requoted(buf, starts, ends, escaped);
    let need = this.hasher.hexLength + 1 + (text ? text.length : 0);
    if (!text) for (const i of plan.keep) need += ends[i]! - starts[i]! + 3;
    if (this.used + need > this.out.length) {
      // The pending rows go first; this row's id moves to the start of the message area.
      const at = this.messageBytes;
      this.flush();
      messages.copyWithin(0, at, at + len);
      if (need > this.out.length) {
        throw new AppError('ROW_TOO_LONG', `${plan.file}, line ${line}: a row of ${need} bytes is longer than pseudonymize handles (${this.out.length >> 20} MB).`, {
          file: plan.file, line, row, expected: `rows under ${this.out.length >> 20} MB`,
        });
      }
    }
    if (text) {
      this.push(len);
      this.out.set(text, this.used);
      this.used += text.length;
      this.out[this.used++] = LF;
      this.rowDone();
      return;
    }
    this.push(len);
    const out = this.out;
    let u = this.used;
    for (const i of plan.keep) {
      out[u++] = COMMA;
      let s = starts[i]!, e = ends[i]!;
      // Copy the field's bytes as they were, quotes included: no decoding, no re-quoting.
      if (s > 0 && buf[s - 1] === QUOTE) { s--; e++; }
      if (e - s > 32) { out.set(buf.subarray(s, e), u); u += e - s; } else while (s < e) out[u++] = buf[s++]!;
    }
    out[u++] = LF;
    this.used = u;
    this.rowDone();
  }

  /** Data rows seen (written or rejected). */
  get rows(): number {
    return this.row;
  }

  /** Kept fields of a row read with another delimiter, as comma-separated text (quoted where needed). */
  private requoted(buf: Uint8Array, starts: Int32Array, ends: Int32Array, escaped: Uint8Array): Uint8Array {
    let s = '';
    for (const i of this.plan.keep) s += `,${csvQuote(fieldText(buf, starts[i]!, ends[i]!, escaped[i] === 1))}`;
    return encoder.encode(s);
  }

  /** Registers the id just written at the message cursor and leaves the digest's hole in the row. */
  private push(len: number): void {
    this.messageBytes += len;
    this.hasher.ends[this.ids] = this.messageBytes;
    this.hasher.outs[this.ids++] = this.used;
    this.used += this.hasher.hexLength;
  }

  private rowDone(): void {
    this.written++;
    if (this.ids === BATCH_IDS || this.messageBytes >= BATCH_MESSAGE_BYTES) this.flush();
  }

  /** Hashes the pending ids into their holes and emits the rows. */
  flush(): void {
    if (this.ids > 0) this.hasher.hashBatch(this.ids);
    if (this.used > 0) this.emit(this.out.subarray(0, this.used));
    this.ids = 0;
    this.messageBytes = 0;
    this.used = 0;
  }
}
