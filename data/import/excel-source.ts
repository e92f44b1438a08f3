import fs from 'node:fs';
import { AppError } from '../../types/errors';
import type { JobControls } from '../../types/progress';
import { cancelled } from './cancel';
import { cellText } from './cell-text';
import { chunkLength, type CellValue, type ColumnBuilder } from './column-builders';
import { checkHeader, emptyFile, headerOnly } from './header';
import { hashFile } from './parquet-source';
import type { SampleRows, TableSource } from './table-source';
import { openXlsx } from './xlsx-archive';

/** An Excel cell's value as a plain JS value: formulas give their result, rich text its text. */
function plain(v: unknown): CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    const o = v as { result?: unknown; richText?: { text: string }[]; text?: string; error?: string; hyperlink?: string };
    if (o.richText) return o.richText.map((t) => t.text).join('');
    if ('result' in o) return plain(o.result);
    if (typeof o.text === 'string') return o.text;
    if (o.error) return null;
  }
  return String(v);
}

type Visit = (cells: CellValue[]) => boolean | void;

interface SheetRead {
  sheets: string[];
  sheet: string;
}

/**
 * Streams the rows of `sheet` (default: the first sheet) to `visit`, which returns true to stop;
 * the other sheets are not read. Returns every sheet's name and the one read.
 */
async function streamSheet(file: string, sheet: string | null, visit: Visit): Promise<SheetRead> {
  if (fs.statSync(file).size === 0) throw emptyFile(file);
  try {
    const all = await openXlsx(file);
    const sheets = all.map((ws) => ws.name);
    const chosen = sheet === null ? all[0] : all.find((ws) => ws.name === sheet);
    if (!chosen) {
      if (sheet === null) throw emptyFile(file);
      throw new AppError('NOT_FOUND', `${file} has no sheet '${sheet}' (sheets: ${sheets.join(', ')}).`, { file, expected: sheets.join(' | '), got: sheet });
    }
    for await (const row of chosen.rows()) {
      if (visit((row.values as unknown[]).slice(1).map(plain))) break;
    }
    return { sheets, sheet: chosen.name };
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw badExcel(file, err);
  }
}

function badExcel(file: string, err: unknown): AppError {
  return new AppError('UNSUPPORTED_FORMAT', `${file} is not a readable .xlsx workbook (${err instanceof Error ? err.message : String(err)}).`, {
    file, expected: 'an Excel .xlsx workbook',
  });
}

/**
 * A sheet row with values beyond the header's last column: refused, naming the row and the first
 * such column — a title row above the real header (merged cells) is the usual cause.
 */
function refuseWiderRow(file: string, header: readonly string[], cells: readonly CellValue[], row: number): void {
  for (let i = header.length; i < cells.length; i++) {
    if (cellText(cells[i]) === null) continue;
    const title = header.filter((h) => !h.startsWith('Unnamed: ')).length <= 1 ? ' The first row looks like a title (merged cells): the header must be the sheet\'s first row.' : '';
    throw new AppError('RAGGED_ROW', `${file}, data row ${row}: a value in column ${i + 1}, beyond the header's ${header.length} column${header.length > 1 ? 's' : ''}.${title}`, {
      file, row, column: `column ${i + 1}`, expected: `${header.length} columns as in the header`, got: `a value in column ${i + 1}`,
    });
  }
}

export interface ExcelSample extends SampleRows {
  sheets: string[];
  sheet: string;
}

/** Header and first rows of `sheet` (default: the first sheet), plus the names of all sheets. */
export async function sampleExcel(file: string, sheet: string | null, maxRows: number): Promise<ExcelSample> {
  const grid: CellValue[][] = [];
  const read = await streamSheet(file, sheet, (cells) => grid.push(cells) > maxRows);
  const first = grid[0];
  if (!first) throw emptyFile(file);
  const header = checkHeader(first.map((c) => cellText(c) ?? ''), file);
  grid.slice(1).forEach((r, k) => refuseWiderRow(file, header, r, k + 1));
  const rows = grid.slice(1).map((r) => header.map((_, i) => cellText(r[i])));
  return { header, rows, ...read };
}

export class ExcelSource implements TableSource {
  readonly format = 'xlsx' as const;
  readonly details: Record<string, string>;
  constructor(readonly file: string, readonly header: string[], private readonly sheet: string) {
    this.details = { sheet };
  }

  async readRows(builders: ColumnBuilder[], endOfRow: () => void, controls: JobControls, onBytes: (chunk: Uint8Array) => void): Promise<void> {
    hashFile(this.file, onBytes);
    let seenHeader = false;
    let row = 0;
    let failure: unknown = null;
    const origin = { file: `${this.file} [${this.sheet}]`, row: 0 };
    const chunkRows = chunkLength(builders);
    let pos = 0;
    await streamSheet(this.file, this.sheet, (cells) => {
      if (!seenHeader) { seenHeader = true; return false; }
      try {
        row++;
        origin.row = row;
        if (cells.length > builders.length) refuseWiderRow(origin.file, this.header, cells, row);
        for (let i = 0; i < builders.length; i++) builders[i]!.addValue(pos, cells[i], origin);
        if (++pos === chunkRows) pos = 0;
        endOfRow();
        if (row % 5000 === 0) {
          if (controls.signal.aborted) throw cancelled();
          controls.onProgress({ phase: 'read', done: row, total: 0, message: `${row} rows` });
        }
        return false;
      } catch (err) {
        failure = err;
        return true;
      }
    });
    if (failure) throw failure;
    if (row === 0) throw headerOnly(this.file);
  }
}
