/**
 * An .xlsx workbook's worksheets, read through the zip's central directory.
 *
 * ExcelJS's streaming WorkbookReader reads the archive in one pass, in stored order, and names
 * each worksheet from `xl/workbook.xml` — which ExcelJS itself (and other writers) store *last*.
 * Its single pass then races (exceljs#3064): a sheet is sometimes parsed before the workbook part,
 * and the read fails with "Cannot read properties of undefined (reading 'sheets')". Here the
 * archive is opened by its central directory, the workbook, its relationships, shared strings and
 * styles are parsed first, and each worksheet is then streamed row by row in the workbook's tab
 * order — with ExcelJS's own part parsers, so cell values are read exactly as before.
 */
import type ExcelJS from 'exceljs';
import { AppError } from '../../types/errors';
import { dynamicImport } from '../compute/dynamic-import';

/**
 * ExcelJS and unzipper, loaded when a workbook is first opened (they are large: a command that never
 * reads Excel never loads them).
 */
async function excelLibraries() {
  const [excel, worksheet, iterate, zip] = await Promise.all([
    dynamicImport<{ default: typeof import('exceljs') }>('exceljs'),
    dynamicImport<typeof import('exceljs/lib/stream/xlsx/worksheet-reader.js')>('exceljs/lib/stream/xlsx/worksheet-reader.js'),
    dynamicImport<typeof import('exceljs/lib/utils/iterate-stream.js')>('exceljs/lib/utils/iterate-stream.js'),
    dynamicImport<typeof import('unzipper')>('unzipper'),
  ]);
  return { ExcelJS: excel.default, WorksheetReader: worksheet.default, iterateStream: iterate.default, unzipper: zip.default };
}

/** The parts of ExcelJS's streaming reader this module drives (not in its typings). */
interface WorkbookParts {
  model?: { sheets?: { name: string; rId: string; id: number; state?: string }[] };
  workbookRels?: { Id: string; Target: string }[];
  _parseRels(entry: NodeJS.ReadableStream): Promise<void>;
  _parseWorkbook(entry: NodeJS.ReadableStream): Promise<void>;
  _parseSharedStrings(entry: NodeJS.ReadableStream): AsyncGenerator<unknown>;
  _parseStyles(entry: NodeJS.ReadableStream): Promise<void>;
}

export interface XlsxSheet {
  name: string;
  /** Streams the sheet's rows; leaving the loop early releases the part's stream. */
  rows(): AsyncGenerator<ExcelJS.Row>;
}

const OPTIONS = { sharedStrings: 'cache', worksheets: 'emit', hyperlinks: 'ignore', styles: 'cache', entries: 'ignore' } as const;

/** The archive path of a relationship target in xl/_rels/workbook.xml.rels (relative to xl/, or absolute). */
function partPath(target: string): string {
  return target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`;
}

/** A part inflating beyond this many times its packed size, and past MAX_SUSPECT_BYTES, is a zip bomb, not a workbook. */
export const MAX_INFLATE_RATIO = 500;
const MAX_SUSPECT_BYTES = 64 * 1024 ** 2;
/** No workbook part of a spreadsheet a laptop imports is larger than this unpacked. */
export const MAX_PART_BYTES = 4 * 1024 ** 3;

/** Refuses an archive whose parts would inflate to absurd sizes, before anything is unpacked. */
function refuseZipBomb(file: string, files: readonly { path: string; compressedSize: number; uncompressedSize: number }[]): void {
  for (const f of files) {
    const ratio = f.uncompressedSize / Math.max(1, f.compressedSize);
    if (f.uncompressedSize > MAX_PART_BYTES || (f.uncompressedSize > MAX_SUSPECT_BYTES && ratio > MAX_INFLATE_RATIO)) {
      throw new AppError('UNSUPPORTED_FORMAT', `${file}: the part ${f.path} would unpack from ${f.compressedSize.toLocaleString('en')} to ${f.uncompressedSize.toLocaleString('en')} bytes (${Math.round(ratio)}×) — a zip bomb, not a workbook. Nothing was read.`, {
        file, expected: `parts under ${MAX_PART_BYTES} bytes, packed at most ${MAX_INFLATE_RATIO}×`, got: `${f.path}: ${f.uncompressedSize} bytes, ${Math.round(ratio)}×`,
      });
    }
  }
}

/**
 * Opens `file` and returns its worksheets in tab order, each streaming its rows on demand.
 * Throws (a plain Error) when the file is not a zip or lacks the workbook part.
 */
export async function openXlsx(file: string): Promise<XlsxSheet[]> {
  const { ExcelJS, WorksheetReader, iterateStream, unzipper } = await excelLibraries();
  const directory = await unzipper.Open.file(file);
  refuseZipBomb(file, directory.files);
  const entries = new Map(directory.files.map((f) => [f.path.replace(/\\/g, '/'), f]));
  const part = (p: string) => entries.get(p)?.stream() as NodeJS.ReadableStream | undefined;

  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(file, OPTIONS) as unknown as WorkbookParts;
  const rels = part('xl/_rels/workbook.xml.rels');
  const book = part('xl/workbook.xml');
  if (!rels || !book) throw new Error('no xl/workbook.xml or its relationships in the archive');
  await workbook._parseRels(rels);
  await workbook._parseWorkbook(book);
  const strings = part('xl/sharedStrings.xml');
  if (strings) for await (const _ of workbook._parseSharedStrings(strings)) { /* cached on the reader */ }
  const styles = part('xl/styles.xml');
  if (styles) await workbook._parseStyles(styles);

  const sheets: XlsxSheet[] = [];
  for (const sheet of workbook.model?.sheets ?? []) {
    const rel = workbook.workbookRels?.find((r) => r.Id === sheet.rId);
    const path = rel && partPath(rel.Target);
    if (!path || !entries.has(path)) throw new Error(`sheet '${sheet.name}' has no worksheet part in the archive`);
    sheets.push({
      name: sheet.name,
      async *rows() {
        const stream = part(path)!;
        try {
          const reader = new WorksheetReader({ workbook, id: sheet.id, iterator: iterateStream(stream), options: OPTIONS });
          reader.name = sheet.name;
          yield* reader;
        } finally {
          (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
        }
      },
    });
  }
  return sheets;
}
