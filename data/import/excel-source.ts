import ExcelJS from 'exceljs';
import fs from 'node:fs';
import { AppError } from '../../types/errors';
import type { JobControls } from '../../types/progress';
import { cancelled } from './cancel';
import { cellText } from './cell-text';
import { chunkLength, type CellValue, type ColumnBuilder } from './column-builders';
import { checkHeader, emptyFile, headerOnly } from './header';
import { hashFile } from './parquet-source';
import type { SampleRows, TableSource } from './table-source';

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

type Visit = (sheetName: string, cells: CellValue[], rowNumber: number) => boolean | void;

/** Streams the rows of every sheet (or only `sheet`); `visit` returns true to stop. Returns the sheet names seen. */
async function streamSheets(file: string, sheet: string | null, visit: Visit): Promise<string[]> {
  if (fs.statSync(file).size === 0) throw emptyFile(file);
  const names: string[] = [];
  let reader: ExcelJS.stream.xlsx.WorkbookReader;
  try {
    reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache', worksheets: 'emit', hyperlinks: 'ignore', styles: 'cache' });
  } catch (err) {
    throw badExcel(file, err);
  }
  let stopped = false;
  try {
    for await (const ws of reader) {
      const name = (ws as unknown as { name: string }).name;
      names.push(name);
      for await (const row of ws) {
        if (stopped || (sheet !== null && name !== sheet)) continue;
        const values = (row.values as unknown[]).slice(1).map(plain);
        if (visit(name, values, row.number)) stopped = true;
      }
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw badExcel(file, err);
  }
  return names;
}

function badExcel(file: string, err: unknown): AppError {
  return new AppError('UNSUPPORTED_FORMAT', `${file} is not a readable .xlsx workbook (${err instanceof Error ? err.message : String(err)}).`, {
    file, expected: 'an Excel .xlsx workbook',
  });
}

export interface ExcelSample extends SampleRows {
  sheets: string[];
  sheet: string;
}

/** Header and first rows of `sheet` (default: the first sheet), plus the names of all sheets. */
export async function sampleExcel(file: string, sheet: string | null, maxRows: number): Promise<ExcelSample> {
  let chosen: string | null = sheet;
  const grid: CellValue[][] = [];
  const sheets = await streamSheets(file, null, (name, cells) => {
    if (chosen === null) chosen = name;
    if (name !== chosen || grid.length > maxRows) return false;
    grid.push(cells);
    return false;
  });
  if (chosen === null) throw emptyFile(file);
  if (!sheets.includes(chosen)) {
    throw new AppError('NOT_FOUND', `${file} has no sheet '${chosen}' (sheets: ${sheets.join(', ')}).`, { file, expected: sheets.join(' | '), got: chosen });
  }
  const first = grid[0];
  if (!first) throw emptyFile(file);
  const header = checkHeader(first.map((c) => cellText(c) ?? ''), file);
  const rows = grid.slice(1).map((r) => header.map((_, i) => cellText(r[i])));
  return { header, rows, sheets, sheet: chosen };
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
    await streamSheets(this.file, this.sheet, (_name, cells) => {
      if (!seenHeader) { seenHeader = true; return false; }
      try {
        row++;
        origin.row = row;
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
