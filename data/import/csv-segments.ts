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

/**
 * A large CSV is read in segments cut just after a line feed, parsed on both threads and appended
 * in file order. A cut is a record start unless a quoted field spans it — and then the segment
 * before it ends inside the quote, which its parse reports: the import starts over on one thread.
 */

/** Bytes per segment: big enough that messages and dictionary merges cost little, small enough to keep memory flat. */
export const SEGMENT_BYTES = 16 * 1024 * 1024;
/** Segments the helper holds at once (queued or parsing), so it never waits for this thread. */
const HELPER_QUEUE = 4;
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
}

/** Parses a segment elsewhere (the helper thread); takes ownership of nothing, returns transferred buffers. */
export type SegmentParser = (task: CsvSegmentTask) => Promise<CsvSegment>;

/** The buffers of a segment, for a transfer list. */
export function segmentBuffers(seg: CsvSegment): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const v of seg.values) if (v) out.push(v.buffer as ArrayBuffer);
  for (const c of seg.codes) if (c) out.push(c.buffer as ArrayBuffer);
  for (const d of seg.dictionaries) if (d) out.push(d.bytes.buffer as ArrayBuffer, d.starts.buffer as ArrayBuffer, d.lengths.buffer as ArrayBuffer);
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
  return {
    rows: n,
    lines: tokenizer.nextLine - task.firstLine,
    values: task.specs.map((s, i) => (s && builders[i]!.storage === 'f64' ? builders[i]!.chunkF64().subarray(0, n) : null)),
    codes: task.specs.map((s, i) => (s && builders[i]!.storage === 'i32' ? builders[i]!.chunkI32().subarray(0, n) : null)),
    dictionaries: task.specs.map((s, i) => (s && builders[i]!.storage === 'i32' ? builders[i]!.byteDictionary().exportBytes() : null)),
    endedInsideQuote: false,
  };
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
  base: Omit<CsvSegmentTask, 'start' | 'end' | 'firstLine' | 'rowOffset' | 'last'>,
  cuts: number[],
  helper: SegmentParser,
  controls: JobControls,
  append: (segment: CsvSegment, segmentsLeft: number) => void,
): Promise<boolean> {
  const count = cuts.length - 1;
  const taskOf = (k: number, firstLine: number, rowOffset: number): CsvSegmentTask => ({ ...base, start: cuts[k]!, end: cuts[k + 1]!, firstLine, rowOffset, last: k === count - 1 });
  const local = (k: number, firstLine: number, rowOffset: number): Outcome => {
    try { return { segment: parseCsvSegment(taskOf(k, firstLine, rowOffset)) }; } catch (error) { return { error }; }
  };
  const outcomes = new Map<number, Outcome>();
  const withHelper = new Set<number>();
  let waiting: { k: number; resolve: () => void } | null = null;
  const settle = (k: number, outcome: Outcome) => {
    outcomes.set(k, outcome);
    if (waiting?.k === k) { const w = waiting; waiting = null; w.resolve(); }
  };
  const toHelper = (k: number) => {
    withHelper.add(k);
    helper(taskOf(k, 1, 0)).then((segment) => settle(k, { segment }), (error: unknown) => settle(k, { error }));
  };
  let next = 0, unassigned = 0, helperAhead = 0, line = 1, row = 0;
  while (next < count) {
    if (controls.signal.aborted) throw cancelled();
    while (unassigned < count && helperAhead < HELPER_QUEUE) { toHelper(unassigned++); helperAhead++; }
    let outcome = outcomes.get(next);
    if (!outcome && !withHelper.has(next)) { outcome = local(next, line, row); unassigned = Math.max(unassigned, next + 1); }
    if (!outcome) {
      // Waiting for the helper: parse a later segment here meanwhile (it is numbered when appended).
      if (unassigned < count && unassigned - next <= HELPER_QUEUE + 1) {
        outcomes.set(unassigned, local(unassigned, 1, 0));
        unassigned++;
        await yieldToEvents();
      } else {
        await new Promise<void>((resolve) => { waiting = { k: next, resolve }; });
      }
      continue;
    }
    outcomes.delete(next);
    if (withHelper.delete(next)) helperAhead--;
    // A failed segment is parsed again here, numbering lines and rows from where it truly starts.
    if (outcome.error !== undefined) outcome = local(next, line, row);
    if (outcome.error !== undefined) throw outcome.error;
    const segment = outcome.segment!;
    if (segment.endedInsideQuote) return false;
    append(segment, count - next - 1);
    line += segment.lines;
    row += segment.rows;
    next++;
    controls.onProgress({ phase: 'read', done: cuts[next]!, total: cuts[count]!, message: `${(cuts[next]! / 1048576).toFixed(0)} of ${(cuts[count]! / 1048576).toFixed(0)} MB` });
    await yieldToEvents();
  }
  return true;
}

/** Whether a file and its import options allow reading in segments. */
export function canReadInSegments(layout: CsvLayout, hashedColumns: number): boolean {
  return (layout.encoding === 'utf8' || layout.encoding === 'gbk') && hashedColumns === 0;
}

