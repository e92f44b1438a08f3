import fs from 'node:fs';
import path from 'node:path';
import { detectCsvLayout, scan } from '../../data/import/csv-source';
import { fieldText, type CsvRecordSink } from '../../data/import/csv-tokenizer';
import { checkHeader, emptyFile } from '../../data/import/header';
import { isMissingText, parseNumberBytes } from '../../data/import/parse-value';
import type { BundleInput } from '../../types/bundle';
import { AppError } from '../../types/errors';
import { inputPositions } from '../../data/bundle/read-bundle';
import { buildIdTable, type SnapshotData, type SnapshotInput } from './feature-snapshot';

/** Row-growable typed array. */
class Grow<T extends Float64Array | Uint32Array> {
  constructor(public a: T) {}
  set(i: number, v: number): void {
    if (i >= this.a.length) {
      const next = new (this.a.constructor as new (n: number) => T)(this.a.length * 2);
      next.set(this.a);
      this.a = next;
    }
    this.a[i] = v;
  }
  done(n: number): T { return this.a.slice(0, n) as T; }
}

/**
 * Reads a feature snapshot CSV: the first column is the hashed device id (ASCII, unique, compared
 * lower-cased), then at least the bundle's inputs by name (other columns are ignored). Numbers and
 * missing values read as the import reads them. Errors name the file, line and column.
 */
export function loadSnapshotCsv(file: string, inputs: readonly BundleInput[]): SnapshotData {
  if (!fs.existsSync(file)) throw new AppError('FILE_NOT_FOUND', `The feature snapshot ${file} does not exist.`, { file });
  const layout = detectCsvLayout(file);
  let header: string[] | null = null;
  let positions: number[] = [];
  let rows = 0;
  let keyBytes = new Uint8Array(1 << 20);
  let keyEnd = 0;
  const keyStarts = new Grow(new Uint32Array(1 << 16));
  const lines = new Grow(new Uint32Array(1 << 16));
  const width = inputs.length;
  const cells = new Grow(new Float64Array(width << 16));
  const dictionaries = inputs.map(() => new Map<string, number>());
  const sink: CsvRecordSink = {
    record(buf, starts, ends, escaped, count, line) {
      if (!header) {
        const raw: string[] = [];
        for (let i = 0; i < count; i++) raw.push(fieldText(buf, starts[i]!, ends[i]!, escaped[i] === 1));
        header = checkHeader(raw, file);
        positions = inputPositions(header, inputs, file);
        return;
      }
      if (count !== header.length) throw new AppError('RAGGED_ROW', `${file}, line ${line} (data row ${rows + 1}): expected ${header.length} fields as in the header, found ${count}.`, { file, row: rows + 1, line, expected: `${header.length} fields`, got: `${count} fields` });
      const s = starts[0]!, e = ends[0]!;
      let a = s, b = e;
      while (a < b && buf[a] === 0x20) a++;
      while (b > a && buf[b - 1] === 0x20) b--;
      if (a === b) throw new AppError('INVALID_ARGUMENT', `${file}, line ${line}: the id (column '${header[0]}') is empty.`, { file, row: rows + 1, line, column: header[0], expected: 'a hashed device id' });
      if (keyEnd + (b - a) > keyBytes.length) { const next = new Uint8Array(keyBytes.length * 2 + (b - a)); next.set(keyBytes.subarray(0, keyEnd)); keyBytes = next; }
      keyStarts.set(rows, keyEnd);
      for (let i = a; i < b; i++) {
        let c = buf[i]!;
        if (c >= 0x80 || c === 0x22) throw new AppError('INVALID_ARGUMENT', `${file}, line ${line}: the id '${fieldText(buf, s, e, escaped[0] === 1)}' is not plain ASCII (hashed ids are hex or base64).`, { file, row: rows + 1, line, column: header[0], expected: 'an ASCII hashed device id' });
        if (c >= 0x41 && c <= 0x5a) c += 32;
        keyBytes[keyEnd++] = c;
      }
      lines.set(rows, line);
      for (let j = 0; j < width; j++) {
        const k = positions[j]!;
        if (inputs[j]!.type === 'numeric') { cells.set(rows * width + j, parseNumberBytes(buf, starts[k]!, ends[k]!)); continue; }
        const text = fieldText(buf, starts[k]!, ends[k]!, escaped[k] === 1);
        let code = -1;
        if (!isMissingText(text)) {
          const dict = dictionaries[j]!;
          code = dict.get(text) ?? dict.size;
          if (code === dict.size) dict.set(text, code);
        }
        cells.set(rows * width + j, code);
      }
      rows++;
    },
  };
  scan(file, layout, sink, null, () => false, () => {});
  if (!header) throw emptyFile(file);
  keyStarts.set(rows, keyEnd);
  const starts = keyStarts.done(rows + 1);
  const bytes = keyBytes.slice(0, keyEnd);
  const lineOf = lines.a;
  const slots = buildIdTable(bytes, starts, rows, (r, other) => new AppError('DUPLICATE_KEY', `${file}: the id '${Buffer.from(bytes.subarray(starts[r]!, starts[r + 1]!)).toString('latin1')}' appears on line ${lineOf[other]} and again on line ${lineOf[r]}; a snapshot holds one row per id.`, { file, row: r + 1, line: lineOf[r], column: header![0], expected: 'unique ids' }));
  const columns: SnapshotInput[] = inputs.map((inp, j) => ({ name: inp.name, type: inp.type, dictionary: [...dictionaries[j]!.keys()] }));
  return { file: path.resolve(file), keyColumn: header[0]!, rows, keyBytes: bytes, keyStarts: starts, slots, inputs: columns, cells: cells.done(rows * width) };
}
