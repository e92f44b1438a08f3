import type { ColumnBuilder } from './column-builders';
import type { CsvSegment } from './csv-segments';
import type { PiiTally } from './pii-scan';

/**
 * Per kept column of codes, the map from a segment's own dictionary codes to the column's: new
 * values join the column's dictionary in the order they first appear — the codes reading the file
 * from start to end would have given. `segmentsLeft` (after this one) sizes the table of a column
 * of keys once. Null for columns of numbers.
 */
function dictionaryRemaps(seg: CsvSegment, builders: ColumnBuilder[], keepIndex: readonly number[], segmentsLeft: number): (Int32Array | null)[] {
  return keepIndex.map((src) => {
    const dictionary = seg.dictionaries[src];
    if (!dictionary) return null;
    const target = builders[src]!.byteDictionary();
    // A column whose values are mostly new in every segment (keys) will grow as much again with
    // each segment still to come: its table is sized for that once.
    const fresh = dictionary.count;
    return target.merge(dictionary, fresh > 4096 && fresh > seg.rows / 2 ? fresh * (segmentsLeft + 1) : 0);
  });
}

/** Codes [from, from + n) of a segment's column, translated through `map` into `to` at `at`. */
function remapInto(codes: Int32Array, map: Int32Array, from: number, n: number, to: Int32Array, at: number): void {
  for (let r = 0; r < n; r++) { const c = codes[from + r]!; to[at + r] = c < 0 ? -1 : map[c]!; }
}

/**
 * Appends a parsed segment to the import's current chunks, in runs that end where a chunk
 * fills (`addRows` then flushes it). Numbers are copied; codes are translated to the column's
 * dictionary.
 */
export function appendSegment(
  seg: CsvSegment,
  builders: ColumnBuilder[],
  keepIndex: readonly number[],
  chunkRows: number,
  filled: () => number,
  addRows: (n: number) => void,
  segmentsLeft = 0,
): void {
  const remaps = dictionaryRemaps(seg, builders, keepIndex, segmentsLeft);
  for (let done = 0; done < seg.rows;) {
    const pos = filled();
    const take = Math.min(chunkRows - pos, seg.rows - done);
    keepIndex.forEach((src, i) => {
      const b = builders[src]!;
      const map = remaps[i];
      if (!map) b.chunkF64().set(seg.values[src]!.subarray(done, done + take), pos);
      else remapInto(seg.codes[src]!, map, done, take, b.chunkI32(), pos);
    });
    done += take;
    addRows(take);
  }
}

/** Where the chunks of a segment that holds whole chunks go (kept column i; chunk `index` of the dataset). */
export interface PackedChunkSink {
  /** A chunk of numbers as stored: packed on the parsing thread, or the raw values' bytes. */
  numbers(i: number, index: number, rowStart: number, count: number, blob: Uint8Array): void;
  codes(i: number, index: number, rowStart: number, codes: Int32Array, count: number): void;
  /** The personal-data tally of a column's numbers in this segment. */
  tally(i: number, tally: PiiTally): void;
}

/**
 * Whether a segment can go to `appendPackedSegment`: it was packed in chunks from dataset row
 * `rows`, which is where the import stands with no chunk half filled, and it ends on a chunk
 * boundary unless it is the file's last.
 */
export function segmentFitsChunks(seg: CsvSegment, rows: number, chunkStart: number, chunkRows: number, last: boolean): boolean {
  return !!seg.packed && rows === chunkStart && seg.packed.at === rows && (last || seg.rows % chunkRows === 0);
}

/**
 * Appends a segment of whole chunks (see `segmentFitsChunks`) straight to the store: its numbers
 * already packed, its codes translated a chunk at a time. Returns the chunks written.
 */
export function appendPackedSegment(seg: CsvSegment, builders: ColumnBuilder[], keepIndex: readonly number[], chunkRows: number, firstChunk: number, sink: PackedChunkSink, segmentsLeft = 0): number {
  const packed = seg.packed!;
  const remaps = dictionaryRemaps(seg, builders, keepIndex, segmentsLeft);
  let index = firstChunk;
  for (let done = 0; done < seg.rows; done += chunkRows, index++) {
    const take = Math.min(chunkRows, seg.rows - done);
    const rowStart = packed.at + done;
    keepIndex.forEach((src, i) => {
      const map = remaps[i];
      if (map) {
        const to = builders[src]!.chunkI32();
        remapInto(seg.codes[src]!, map, done, take, to, 0);
        sink.codes(i, index, rowStart, to, take);
        return;
      }
      const values = seg.values[src]!;
      const blob = packed.chunks[src]![done / chunkRows] ?? Buffer.from(values.buffer, values.byteOffset + done * 8, take * 8);
      sink.numbers(i, index, rowStart, take, blob);
    });
  }
  keepIndex.forEach((src, i) => { const t = packed.pii[src]; if (t) sink.tally(i, t); });
  return index - firstChunk;
}
