import { asyncBufferFromFile, parquetMetadataAsync, parquetRead, parquetSchema, type FileMetaData, type AsyncBuffer } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import fs from 'node:fs';
import { AppError } from '../../types/errors';
import type { JobControls } from '../../types/progress';
import { cancelled } from './cancel';
import { cellText } from './cell-text';
import { chunkLength, type CellValue, type ColumnBuilder } from './column-builders';
import { checkHeader, emptyFile, headerOnly } from './header';
import type { SampleRows, TableSource } from './table-source';

interface OpenParquet {
  buffer: AsyncBuffer;
  metadata: FileMetaData;
  header: string[];
}

async function openParquet(file: string): Promise<OpenParquet> {
  if (fs.statSync(file).size === 0) throw emptyFile(file);
  const buffer = await asyncBufferFromFile(file);
  let metadata: FileMetaData;
  try {
    metadata = await parquetMetadataAsync(buffer);
  } catch (err) {
    throw new AppError('UNSUPPORTED_FORMAT', `${file} is not a readable Parquet file (${err instanceof Error ? err.message : String(err)}).`, {
      file, expected: 'a Parquet file',
    });
  }
  const names = parquetSchema(metadata).children.map((c) => c.element.name);
  return { buffer, metadata, header: checkHeader(names, file) };
}

function readRange(p: OpenParquet, rowStart: number, rowEnd: number): Promise<CellValue[][]> {
  return new Promise((resolve, reject) => {
    parquetRead({
      file: p.buffer, metadata: p.metadata, compressors, rowStart, rowEnd,
      onComplete: (rows) => resolve(rows as CellValue[][]),
    }).catch(reject);
  });
}

export async function sampleParquet(file: string, maxRows: number): Promise<SampleRows> {
  const p = await openParquet(file);
  const n = Math.min(Number(p.metadata.num_rows), maxRows);
  const rows = n > 0 ? await readRange(p, 0, n) : [];
  return { header: p.header, rows: rows.map((r) => r.map(cellText)) };
}

export class ParquetSource implements TableSource {
  readonly format = 'parquet' as const;
  readonly details: Record<string, string> = {};
  private constructor(readonly file: string, readonly header: string[], private readonly p: OpenParquet) {}

  static async open(file: string): Promise<ParquetSource> {
    const p = await openParquet(file);
    return new ParquetSource(file, p.header, p);
  }

  async readRows(builders: ColumnBuilder[], endOfRow: () => void, controls: JobControls, onBytes: (chunk: Uint8Array) => void): Promise<void> {
    const total = Number(this.p.metadata.num_rows);
    if (total === 0) throw headerOnly(this.file);
    hashFile(this.file, onBytes);
    const origin = { file: this.file, row: 0 };
    const chunkRows = chunkLength(builders);
    let pos = 0;
    let start = 0;
    for (const group of this.p.metadata.row_groups) {
      const end = start + Number(group.num_rows);
      const rows = await readRange(this.p, start, end);
      for (const r of rows) {
        origin.row++;
        for (let i = 0; i < builders.length; i++) builders[i]!.addValue(pos, r[i], origin);
        if (++pos === chunkRows) pos = 0;
        endOfRow();
      }
      start = end;
      if (controls.signal.aborted) throw cancelled();
      controls.onProgress({ phase: 'read', done: start, total, message: `${start} of ${total} rows` });
    }
  }
}

/** Streams the file's bytes to `onBytes` (for its sha256) without holding it in memory. */
export function hashFile(file: string, onBytes: (chunk: Uint8Array) => void): void {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(4 * 1024 * 1024);
    let pos = 0;
    for (;;) {
      const n = fs.readSync(fd, buf, 0, buf.length, pos);
      if (n === 0) break;
      onBytes(buf.subarray(0, n));
      pos += n;
    }
  } finally {
    fs.closeSync(fd);
  }
}
