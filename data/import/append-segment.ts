import type { ColumnBuilder } from './column-builders';
import type { CsvSegment } from './csv-segments';

/**
 * Appends a parsed segment to the import's current chunks, in runs that end where a chunk
 * fills (`addRows` then flushes it). Numbers are copied; codes are translated from the segment's
 * own dictionary to the column's, whose new values join it in the order they first appear —
 * the codes reading the file from start to end would have given. `segmentsLeft` (after this one)
 * sizes the table of a column of keys once.
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
  const remaps = keepIndex.map((src) => {
    const dictionary = seg.dictionaries[src];
    if (!dictionary) return null;
    const target = builders[src]!.byteDictionary();
    // A column whose values are mostly new in every segment (keys) will grow as much again with
    // each segment still to come: its table is sized for that once.
    const fresh = dictionary.starts.length;
    if (fresh > 4096 && fresh > seg.rows / 2) target.reserve(fresh * (segmentsLeft + 1));
    const map = new Int32Array(dictionary.starts.length);
    for (let c = 0; c < map.length; c++) map[c] = target.code(dictionary.bytes, dictionary.starts[c]!, dictionary.starts[c]! + dictionary.lengths[c]!);
    return map;
  });
  for (let done = 0; done < seg.rows;) {
    const pos = filled();
    const take = Math.min(chunkRows - pos, seg.rows - done);
    keepIndex.forEach((src, i) => {
      const b = builders[src]!;
      const map = remaps[i];
      if (!map) { b.chunkF64().set(seg.values[src]!.subarray(done, done + take), pos); return; }
      const from = seg.codes[src]!, to = b.chunkI32();
      for (let r = 0; r < take; r++) { const c = from[done + r]!; to[pos + r] = c < 0 ? -1 : map[c]!; }
    });
    done += take;
    addRows(take);
  }
}
