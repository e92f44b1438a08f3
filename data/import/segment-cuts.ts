import fs from 'node:fs';
import { LineFeedScanner } from './line-feeds';
import { readFileRange } from './file-bytes';

/**
 * Where a large CSV is cut for reading on both threads: after a number of records that makes
 * whole chunks of rows (each thread then packs the chunks it parsed), or — when records are too
 * long to tell — at line feeds every so many bytes.
 */

/** How far past a nominal cut a line feed is looked for before the file is read on one thread. */
const CUT_SEARCH_BYTES = 1024 * 1024;
const LF = 0x0a;

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
  private readonly scan = new LineFeedScanner();

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
      // Whole blocks are counted (sixteen bytes at a time); only the block the cut falls in is searched.
      for (let pos = from; pos < this.size;) {
        const n = fs.readSync(fd, this.scan.block, 0, this.scan.block.length, pos);
        if (n === 0) break;
        const feeds = this.scan.count(n);
        if (feeds < need) { need -= feeds; pos += n; continue; }
        const cut = pos + this.scan.nth(n, need) + 1;
        this.cuts.push(cut);
        if (cut >= this.size) this.done = true;
        return;
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
  const recordBytes = lines >= 2 ? head.length / lines : 0;
  const records = recordBytes > 0 ? Math.max(1, Math.round(segmentBytes / (chunkRows * recordBytes))) * chunkRows : 0;
  // Fewer than two segments of whole chunks (or records too long to tell): cut by bytes.
  if (records === 0 || size < 2 * records * recordBytes) {
    const cuts = segmentCuts(file, size, segmentBytes);
    return cuts ? fixedCuts(cuts) : null;
  }
  return new RecordCuts(file, size, records);
}
