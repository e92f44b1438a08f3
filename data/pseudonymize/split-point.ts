import fs from 'node:fs';
import type { CsvLayout } from '../import/csv-source';

const CHUNK = 4 * 1024 * 1024;
const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/** Where a file is cut in two: the bytes from `at` on start a line, `firstLine`, after `rowsBefore` data rows. */
export interface SplitPoint {
  at: number;
  firstLine: number;
  rowsBefore: number;
}

/**
 * Finds a line break near `share` of a CSV file (the middle by default) at which two threads can each read one part:
 * only when no field is quoted anywhere (so no line break sits inside a field) and the encoding
 * keeps line breaks single bytes (UTF-8, GBK/GB18030). Counts the lines and the data rows before
 * the cut as the tokenizer would (CRLF and lone CR end lines; empty lines hold no row; the first
 * non-empty line is the header). Null when the file cannot be cut.
 */
export function findSplitPoint(file: string, layout: CsvLayout, share = 0.5): SplitPoint | null {
  if (layout.encoding !== 'utf8' && layout.encoding !== 'gbk') return null;
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const buf = Buffer.allocUnsafe(CHUNK);
    let cut = -1;
    let lines = 0, records = 0, lineHasBytes = false, afterCr = false;
    for (let pos = 0; pos < size;) {
      const n = fs.readSync(fd, buf, 0, CHUNK, pos);
      if (n === 0) break;
      if (buf.subarray(0, n).indexOf(QUOTE) >= 0) return null;
      if (cut < 0) {
        const from = Math.max(0, Math.floor(size * share) - pos);
        const lf = from < n ? buf.indexOf(LF, from) : -1;
        const end = lf >= 0 && lf < n ? lf + 1 : n;
        if (buf.subarray(0, end).indexOf(CR) < 0 && !afterCr) {
          // No carriage return: count line feeds natively; a line is empty when it starts with its line feed.
          for (let i = buf.indexOf(LF); i >= 0 && i < end; i = buf.indexOf(LF, i + 1)) {
            lines++;
            if (i > 0 ? buf[i - 1] !== LF : lineHasBytes) records++;
          }
          const last = buf.lastIndexOf(LF, end - 1);
          lineHasBytes = last === end - 1 ? false : last >= 0 ? true : lineHasBytes || end > 0;
          afterCr = false;
          if (lf >= 0 && lf < n) cut = pos + lf + 1;
          pos += n;
          continue;
        }
        for (let i = 0; i < end; i++) {
          const b = buf[i]!;
          if (b === LF) {
            if (!afterCr) { lines++; if (lineHasBytes) records++; }
            lineHasBytes = false; afterCr = false;
          } else if (b === CR) {
            lines++; if (lineHasBytes) records++;
            lineHasBytes = false; afterCr = true;
          } else {
            lineHasBytes = true; afterCr = false;
          }
        }
        if (lf >= 0 && lf < n) cut = pos + lf + 1;
      }
      pos += n;
    }
    if (cut < 0 || cut >= size || records < 2) return null;
    return { at: cut, firstLine: lines + 1, rowsBefore: records - 1 };
  } finally {
    fs.closeSync(fd);
  }
}
