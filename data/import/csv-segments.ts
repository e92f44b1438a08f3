import fs from 'node:fs';
import type { ColumnSpec } from '../../types/columns';
import type { JobControls } from '../../types/progress';
import { cancelled } from './cancel';
import { createBuilder, skipColumn } from './column-builders';
import { recordSink, type CsvLayout } from './csv-source';
import { CsvTokenizer } from './csv-tokenizer';
import type { DictionaryBytes } from './byte-dictionary';
import { Utf8Transcoder } from './encoding';
import { readFileRange } from './file-bytes';
import { PiiColumnScan, type PiiTally } from './pii-scan';
import { encodeF64 } from '../store/chunk-codec';

/**
 * A large CSV is read in segments cut just after a line feed, parsed on both threads and appended
 * in file order. A cut is a record start unless a quoted field spans it — and then the segment
 * before it ends inside the quote, which its parse reports: the import starts over on one thread.
 */

/** Bytes per segment: big enough that messages and dictionary merges cost little, small enough to keep memory flat. */
export const SEGMENT_BYTES = 16 * 1024 * 1024;
/** Segments the helper holds at once (parsing one, the next queued), so it never waits for this thread. */
const HELPER_QUEUE = 2;
/** Segments parsed or being parsed ahead of the one to append next, on both threads. */
const WINDOW = 5;
/** How far past a nominal cut a line feed is looked for before the file is read on one thread. */
const CUT_SEARCH_BYTES = 1024 * 1024;
const LF = 0x0a;
const CR = 0x0d;

/** What a thread needs to parse one segment (structured-clonable). */
export interface CsvSegmentTask {
  file: string;
  layout: CsvLayout;
  start: number;
  end: number;
  header: string[];
  /** Per header column: how to build it, or null for a column left out. */
  specs: (ColumnSpec | null)[];
  /** Line and data-row numbers the segment starts after, for exact error messages (1 and 0 when not yet known). */
  firstLine: number;
  rowOffset: number;
  /** The file's last segment: the end of input may close a record. */
  last: boolean;
  /**
   * Set when the segment was cut to hold whole chunks of `chunkRows` rows, this one starting at
   * dataset row `at` (0-based): the parse then also packs each chunk of numbers for storage and
   * counts their personal-looking values, so the appending thread only writes them.
   */
  chunks?: { chunkRows: number; at: number } | null;
}

/** One parsed segment: per header column its values, or its codes with the segment's own dictionary. */
export interface CsvSegment {
  rows: number;
  /** Physical lines the segment spans. */
  lines: number;
  values: (Float64Array | null)[];
  codes: (Int32Array | null)[];
  dictionaries: (DictionaryBytes | null)[];
  /** The segment ended inside a quoted field: its cut was not a record start. */
  endedInsideQuote: boolean;
  /** With `task.chunks`: per header column of numbers, each chunk packed (null: store the raw values), and the personal-data tally of its values. */
  packed?: { at: number; chunks: (Uint8Array | null)[][]; pii: (PiiTally | null)[] } | null;
}

/** Parses a segment elsewhere (the helper thread); takes ownership of nothing, returns transferred buffers. */
export type SegmentParser = (task: CsvSegmentTask) => Promise<CsvSegment>;

/** The buffers of a segment, for a transfer list. */
export function segmentBuffers(seg: CsvSegment): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const v of seg.values) if (v) out.push(v.buffer as ArrayBuffer);
  for (const c of seg.codes) if (c) out.push(c.buffer as ArrayBuffer);
  for (const d of seg.dictionaries) if (d) out.push(d.bytes.buffer as ArrayBuffer, d.starts.buffer as ArrayBuffer, d.lengths.buffer as ArrayBuffer, ...(d.hashes ? [d.hashes.buffer as ArrayBuffer] : []));
  for (const column of seg.packed?.chunks ?? []) for (const blob of column) if (blob) out.push(blob.buffer as ArrayBuffer);
  return out;
}

/** An upper bound on the records in some bytes: line feeds, plus carriage returns not followed by one, plus one. */
function maxRecords(buf: Uint8Array): number {
  let n = 1;
  for (let i = buf.indexOf(LF); i >= 0; i = buf.indexOf(LF, i + 1)) n++;
  for (let i = buf.indexOf(CR); i >= 0; i = buf.indexOf(CR, i + 1)) if (buf[i + 1] !== LF) n++;
  return n;
}

/** Parses the bytes [start, end) of a CSV file into typed columns (either thread). */
export function parseCsvSegment(task: CsvSegmentTask): CsvSegment {
  const bytes = readFileRange(task.file, task.start, task.end);
  const transcoder = new Utf8Transcoder(task.layout.encoding, task.file, task.start === 0 ? task.layout.bom : 0, task.firstLine);
  const text = transcoder.push(bytes, true);
  const capacity = maxRecords(text);
  const builders = task.specs.map((s) => (s ? createBuilder(s, capacity) : skipColumn(capacity)));
  const rows = { count: 0 };
  const sink = recordSink(builders, task.header, task.file, () => {}, task.rowOffset, task.start === 0, rows);
  const tokenizer = new CsvTokenizer(task.layout.delimiter.charCodeAt(0), sink, task.file, task.layout.encoding === 'utf8', task.firstLine);
  try {
    tokenizer.push(text, true);
  } catch (err) {
    if (tokenizer.endedInsideQuote && !task.last) return { rows: 0, lines: 0, values: [], codes: [], dictionaries: [], endedInsideQuote: true };
    throw err;
  }
  const n = rows.count;
  const values = task.specs.map((s, i) => (s && builders[i]!.storage === 'f64' ? builders[i]!.chunkF64().subarray(0, n) : null));
  return {
    rows: n,
    lines: tokenizer.nextLine - task.firstLine,
    values,
    codes: task.specs.map((s, i) => (s && builders[i]!.storage === 'i32' ? builders[i]!.chunkI32().subarray(0, n) : null)),
    dictionaries: task.specs.map((s, i) => (s && builders[i]!.storage === 'i32' ? builders[i]!.byteDictionary().exportBytes() : null)),
    endedInsideQuote: false,
    packed: task.chunks ? packChunks(values, task.specs, task.chunks.chunkRows, task.chunks.at) : null,
  };
}

/** Each column of numbers cut into chunks and packed as the store keeps them, with its personal-data tally (rows counted from `at`). */
function packChunks(values: (Float64Array | null)[], specs: (ColumnSpec | null)[], chunkRows: number, at: number): NonNullable<CsvSegment['packed']> {
  const chunks = values.map((v) => {
    if (!v) return [];
    const out: (Uint8Array | null)[] = [];
    for (let start = 0; start < v.length; start += chunkRows) {
      const blob = encodeF64(v.subarray(start, Math.min(v.length, start + chunkRows)));
      // A raw chunk is a view of the values themselves: the appending thread stores those.
      out.push(blob.buffer === v.buffer ? null : blob);
    }
    return out;
  });
  const pii = values.map((v, i) => {
    if (!v) return null;
    const scan = new PiiColumnScan(specs[i]!.name);
    scan.numbers(v, v.length, at + 1);
    return scan.tally();
  });
  return { at, chunks, pii };
}

/**
 * Where to cut: [0, b1, …, size], each inner cut just after the first line feed at or past a
 * multiple of `segmentBytes`; null when the file makes fewer than two segments or a cut finds no
 * line feed near it.
 */
export function segmentCuts(file: string, size: number, segmentBytes: number): number[] | null {
  if (size < 2 * segmentBytes) return null;
  const cuts = [0];
  const fd = fs.openSync(file, 'r');
  try {
    const probe = Buffer.allocUnsafe(CUT_SEARCH_BYTES);
    for (let nominal = segmentBytes; nominal < size - segmentBytes / 2; nominal += segmentBytes) {
      const n = fs.readSync(fd, probe, 0, probe.length, nominal);
      const lf = probe.subarray(0, n).indexOf(LF);
      if (lf < 0) return null;
      const cut = nominal + lf + 1;
      if (cut > cuts[cuts.length - 1]! && cut < size) cuts.push(cut);
    }
  } finally {
    fs.closeSync(fd);
  }
  cuts.push(size);
  return cuts.length > 2 ? cuts : null;
}

/** Where the segments of a file start and end. */
export interface SegmentCuts {
  readonly size: number;
  /** Segment k's bytes and whether it is the file's last; null past the last. */
  segment(k: number): { start: number; end: number; last: boolean } | null;
  /** Segments after segment k (an estimate while not all cuts are known). */
  after(k: number): number;
  /** With cuts at record counts: the records of every segment but the last (the first also holds the header line). */
  readonly records?: number;
}

/** Cuts known in advance ([0, …, size]). */
export function fixedCuts(cuts: readonly number[]): SegmentCuts {
  const count = cuts.length - 1;
  return {
    size: cuts[count]!,
    segment: (k) => (k < count ? { start: cuts[k]!, end: cuts[k + 1]!, last: k === count - 1 } : null),
    after: (k) => count - k - 1,
  };
}

/**
 * Cuts after every `records`-th line feed (the first segment's count also takes the header
 * line), found as the segments are asked for: segments of whole chunks of rows, unless blank
 * lines or line breaks inside quotes make the count of records differ from the count of lines —
 * which the appending thread sees (the rows do not land on a chunk boundary) and handles.
 */
export class RecordCuts implements SegmentCuts {
  private readonly cuts = [0];
  private done = false;
  private readonly block = Buffer.allocUnsafe(4 * 1024 * 1024);

  constructor(private readonly file: string, readonly size: number, readonly records: number) {}

  segment(k: number): { start: number; end: number; last: boolean } | null {
    while (!this.done && this.cuts.length < k + 2) this.findNext();
    if (k + 1 >= this.cuts.length) return null;
    return { start: this.cuts[k]!, end: this.cuts[k + 1]!, last: this.done && k + 2 === this.cuts.length };
  }

  after(k: number): number {
    const seg = this.segment(k);
    if (!seg || seg.last) return 0;
    return Math.max(1, Math.ceil((this.size - seg.end) / Math.max(1, seg.end - seg.start)));
  }

  /** Reads on from the last cut to the line feed that ends its `records`-th line (the header's too for the first). */
  private findNext(): void {
    const from = this.cuts[this.cuts.length - 1]!;
    let need = this.records + (this.cuts.length === 1 ? 1 : 0);
    const fd = fs.openSync(this.file, 'r');
    try {
      for (let pos = from; pos < this.size;) {
        const n = fs.readSync(fd, this.block, 0, this.block.length, pos);
        if (n === 0) break;
        const bytes = this.block.subarray(0, n);
        for (let i = bytes.indexOf(LF); i >= 0; i = bytes.indexOf(LF, i + 1)) {
          if (--need > 0) continue;
          const cut = pos + i + 1;
          this.cuts.push(cut);
          if (cut >= this.size) this.done = true;
          return;
        }
        pos += n;
      }
    } finally {
      fs.closeSync(fd);
    }
    if (from < this.size) this.cuts.push(this.size);
    this.done = true;
  }
}

/**
 * How to cut a file of `size` bytes for reading on both threads, or null when it is too small:
 * after a number of records that makes whole chunks of `chunkRows` rows and about `segmentBytes`
 * (the record length estimated from the file's first megabyte) — so each thread packs the chunks
 * it parsed — else, when a record is too long to tell, at line feeds every `segmentBytes`.
 */
export function planSegments(file: string, size: number, segmentBytes: number, chunkRows: number): SegmentCuts | null {
  if (size < 2 * segmentBytes) return null;
  const head = readFileRange(file, 0, Math.min(size, CUT_SEARCH_BYTES));
  let lines = 0;
  for (let i = head.indexOf(LF); i >= 0; i = head.indexOf(LF, i + 1)) lines++;
  if (lines < 2) {
    const cuts = segmentCuts(file, size, segmentBytes);
    return cuts ? fixedCuts(cuts) : null;
  }
  const recordBytes = head.length / lines;
  const chunks = Math.max(1, Math.round(segmentBytes / (chunkRows * recordBytes)));
  const records = chunks * chunkRows;
  if (size < 2 * records * recordBytes) {
    const cuts = segmentCuts(file, size, segmentBytes);
    return cuts ? fixedCuts(cuts) : null;
  }
  return new RecordCuts(file, size, records);
}

/** A segment parsed, or the error its parse threw. */
interface Outcome { segment?: CsvSegment; error?: unknown }

const yieldToEvents = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Reads a CSV in segments on this thread and the helper, appending each parsed segment in file
 * order (`append` must take it before the next).
 * Returns false, having appended only whole segments, when a cut fell inside a quoted field: the
 * caller then undoes what was appended and reads the file on one thread. A segment that fails is
 * parsed again here with its true line and row numbers, so an error reads exactly as it would
 * have reading the file from start to end.
 */
export async function readCsvInSegments(
  base: Omit<CsvSegmentTask, 'start' | 'end' | 'firstLine' | 'rowOffset' | 'last' | 'chunks'>,
  cuts: SegmentCuts,
  helper: SegmentParser,
  controls: JobControls,
  append: (segment: CsvSegment, segmentsLeft: number) => void,
  chunkRows = 0,
): Promise<boolean> {
  const exists = (k: number) => cuts.segment(k) !== null;
  const taskOf = (k: number, firstLine: number, rowOffset: number): CsvSegmentTask => {
    const { start, end, last } = cuts.segment(k)!;
    const chunks = cuts.records && chunkRows > 0 ? { chunkRows, at: k * cuts.records } : null;
    return { ...base, start, end, firstLine, rowOffset, last, chunks };
  };
  const local = (k: number, firstLine: number, rowOffset: number): Outcome => {
    try { return { segment: parseCsvSegment(taskOf(k, firstLine, rowOffset)) }; } catch (error) { return { error }; }
  };
  const outcomes = new Map<number, Outcome>();
  const withHelper = new Set<number>();
  let waiting: { k: number; resolve: () => void } | null = null;
  let helperBusy = 0;
  const settle = (k: number, outcome: Outcome) => {
    outcomes.set(k, outcome);
    helperBusy--;
    if (waiting?.k === k) { const w = waiting; waiting = null; w.resolve(); }
  };
  const toHelper = (k: number) => {
    withHelper.add(k);
    helperBusy++;
    helper(taskOf(k, 1, 0)).then((segment) => settle(k, { segment }), (error: unknown) => settle(k, { error }));
  };
  let next = 0, unassigned = 0, line = 1, row = 0;
  // Segments parsed or being parsed past the next to append: what bounds the memory held.
  const room = () => exists(unassigned) && unassigned - next < WINDOW;
  while (exists(next)) {
    if (controls.signal.aborted) throw cancelled();
    while (helperBusy < HELPER_QUEUE && room()) toHelper(unassigned++);
    let outcome = outcomes.get(next);
    if (!outcome && !withHelper.has(next)) { outcome = local(next, line, row); unassigned = Math.max(unassigned, next + 1); }
    if (!outcome) {
      // Waiting for the helper: parse a later segment here meanwhile (it is numbered when appended).
      if (room()) {
        outcomes.set(unassigned, local(unassigned, 1, 0));
        unassigned++;
        await yieldToEvents();
      } else {
        await new Promise<void>((resolve) => { waiting = { k: next, resolve }; });
      }
      continue;
    }
    outcomes.delete(next);
    withHelper.delete(next);
    // A failed segment is parsed again here, numbering lines and rows from where it truly starts.
    if (outcome.error !== undefined) outcome = local(next, line, row);
    if (outcome.error !== undefined) throw outcome.error;
    const segment = outcome.segment!;
    if (segment.endedInsideQuote) return false;
    append(segment, cuts.after(next));
    line += segment.lines;
    row += segment.rows;
    const done = cuts.segment(next)!.end;
    next++;
    controls.onProgress({ phase: 'read', done, total: cuts.size, message: `${(done / 1048576).toFixed(0)} of ${(cuts.size / 1048576).toFixed(0)} MB` });
    await yieldToEvents();
  }
  return true;
}

/** Whether a file and its import options allow reading in segments. */
export function canReadInSegments(layout: CsvLayout, hashedColumns: number): boolean {
  return (layout.encoding === 'utf8' || layout.encoding === 'gbk') && hashedColumns === 0;
}

