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
import type { SegmentCuts } from './segment-cuts';
import { encodeF64 } from '../store/chunk-codec';

/**
 * A large CSV is read in segments cut just after a line feed, parsed on both threads and appended
 * in file order. A cut is a record start unless a quoted field spans it — and then the segment
 * before it ends inside the quote, which its parse reports: the import starts over on one thread.
 */

/** Bytes per segment: big enough that messages and dictionary merges cost little, small enough to keep memory flat. */
export const SEGMENT_BYTES = 8 * 1024 * 1024;
/** Segments the helper holds at once (parsing one, the next queued), so it never waits for this thread. */
const HELPER_QUEUE = 2;
/** Segments parsed or being parsed ahead of the one to append next, on both threads. */
const WINDOW = 5;
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
  for (const d of seg.dictionaries) if (d) out.push(...(d.text ? [d.text.bytes.buffer as ArrayBuffer, d.text.starts.buffer as ArrayBuffer, d.text.lengths.buffer as ArrayBuffer] : []), ...(d.hashes ? [d.hashes.buffer as ArrayBuffer] : []), ...(d.packed ? [d.packed.buffer as ArrayBuffer] : []));
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

/** Bytes the tokenizer is given at a time when parsing a segment (cut after a line feed), so the job thread can answer the helper between them. */
const SLICE_BYTES = 4 * 1024 * 1024;

/** Parses the bytes [start, end) of a CSV file into typed columns (the helper thread). */
export function parseCsvSegment(task: CsvSegmentTask): CsvSegment {
  const parse = segmentParse(task, Infinity);
  for (;;) {
    const step = parse.next();
    if (step.done) return step.value;
  }
}

/** `parseCsvSegment` a slice at a time, letting other events run between slices (this thread: it keeps the helper fed while it parses). */
export async function parseCsvSegmentYielding(task: CsvSegmentTask, sliceBytes = SLICE_BYTES): Promise<CsvSegment> {
  const parse = segmentParse(task, sliceBytes);
  for (;;) {
    const step = parse.next();
    if (step.done) return step.value;
    await yieldToEvents();
  }
}

/** The parse of a segment, pausing after each slice of bytes. */
function* segmentParse(task: CsvSegmentTask, sliceBytes: number): Generator<void, CsvSegment> {
  const bytes = readFileRange(task.file, task.start, task.end);
  const transcoder = new Utf8Transcoder(task.layout.encoding, task.file, task.start === 0 ? task.layout.bom : 0, task.firstLine);
  const text = transcoder.push(bytes, true);
  const capacity = maxRecords(text);
  // Every column holds at most `capacity` values: a column of keys sizes its dictionary once for
  // them, and may give a repeated key a second code (the merge into the column's finds it).
  const builders = task.specs.map((s) => (s ? createBuilder(s, capacity, capacity, true) : skipColumn(capacity)));
  const rows = { count: 0 };
  const sink = recordSink(builders, task.header, task.file, () => {}, task.rowOffset, task.start === 0, rows);
  const tokenizer = new CsvTokenizer(task.layout.delimiter.charCodeAt(0), sink, task.file, task.layout.encoding === 'utf8', task.firstLine);
  try {
    for (let at = 0; at < text.length;) {
      // Each slice ends just after a line feed (or at the end), so no partial record is carried over.
      const cut = at + sliceBytes >= text.length ? text.length : text.lastIndexOf(LF, at + sliceBytes) + 1;
      const end = cut > at ? cut : text.length;
      tokenizer.push(text.subarray(at, end), end === text.length);
      at = end;
      if (at < text.length) yield;
    }
    if (text.length === 0) tokenizer.push(text, true);
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
  const local = async (k: number, firstLine: number, rowOffset: number): Promise<Outcome> => {
    try { return { segment: await parseCsvSegmentYielding(taskOf(k, firstLine, rowOffset)) }; } catch (error) { return { error }; }
  };
  const outcomes = new Map<number, Outcome>();
  const withHelper = new Set<number>();
  let waiting: { k: number; resolve: () => void } | null = null;
  let helperBusy = 0;
  let next = 0, unassigned = 0, line = 1, row = 0;
  // Segments parsed or being parsed past the next to append: what bounds the memory held.
  const room = () => exists(unassigned) && unassigned - next < WINDOW;
  // Called as soon as the helper hands a segment back — between this thread's own slices too —
  // so the helper never sits idle while this thread parses.
  const feedHelper = () => { while (helperBusy < HELPER_QUEUE && room()) toHelper(unassigned++); };
  const appendOne = (segment: CsvSegment) => {
    append(segment, cuts.after(next));
    line += segment.lines;
    row += segment.rows;
    const done = cuts.segment(next)!.end;
    next++;
    controls.onProgress({ phase: 'read', done, total: cuts.size, message: `${(done / 1048576).toFixed(0)} of ${(cuts.size / 1048576).toFixed(0)} MB` });
  };
  // Appends, in file order, every segment already parsed cleanly from `next` on — also between this
  // thread's own slices, so the merging of dictionaries keeps pace rather than piling up at the end.
  // A failed segment, or one cut inside a quoted field, is left to the loop below.
  const appendReady = () => {
    for (let o = outcomes.get(next); o?.segment && !o.segment.endedInsideQuote && !controls.signal.aborted; o = outcomes.get(next)) {
      outcomes.delete(next);
      withHelper.delete(next);
      appendOne(o.segment);
    }
  };
  // An append that fails from a helper's reply is thrown by the loop below.
  const failure: { failed: boolean; error?: unknown } = { failed: false };
  const settle = (k: number, outcome: Outcome) => {
    outcomes.set(k, outcome);
    helperBusy--;
    feedHelper();
    if (!failure.failed) try { appendReady(); } catch (error) { failure.failed = true; failure.error = error; }
    feedHelper();
    if (waiting?.k === k) { const w = waiting; waiting = null; w.resolve(); }
  };
  const toHelper = (k: number) => {
    withHelper.add(k);
    helperBusy++;
    helper(taskOf(k, 1, 0)).then((segment) => settle(k, { segment }), (error: unknown) => settle(k, { error }));
  };
  while (exists(next)) {
    if (controls.signal.aborted) throw cancelled();
    if (failure.failed) throw failure.error;
    feedHelper();
    let outcome = outcomes.get(next);
    if (!outcome && !withHelper.has(next)) {
      unassigned = Math.max(unassigned, next + 1);
      outcome = await local(next, line, row);
    }
    if (!outcome) {
      // Waiting for the helper: parse a later segment here meanwhile (it is numbered when appended).
      if (room()) {
        const k = unassigned++;
        outcomes.set(k, await local(k, 1, 0));
      } else {
        await new Promise<void>((resolve) => { waiting = { k: next, resolve }; });
      }
      continue;
    }
    outcomes.delete(next);
    withHelper.delete(next);
    // A failed segment is parsed again here, numbering lines and rows from where it truly starts.
    if (outcome.error !== undefined) outcome = await local(next, line, row);
    if (outcome.error !== undefined) throw outcome.error;
    const segment = outcome.segment!;
    if (segment.endedInsideQuote) return false;
    appendOne(segment);
    await yieldToEvents();
  }
  if (failure.failed) throw failure.error;
  return true;
}

/** Whether a file and its import options allow reading in segments. */
export function canReadInSegments(layout: CsvLayout, hashedColumns: number): boolean {
  return (layout.encoding === 'utf8' || layout.encoding === 'gbk') && hashedColumns === 0;
}

