import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sampleExcel } from '../../../../data/import/excel-source';
import { AppError } from '../../../../types/errors';

/** A two-sheet workbook as ExcelJS writes it (xl/workbook.xml stored after the sheets). */
async function workbookBytes(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('notes').addRow(['just a note']);
  const s = wb.addWorksheet('loans');
  s.addRow(['loan_id', 'amount', 'grade']);
  for (let i = 1; i <= 40; i++) s.addRow([`L${i}`, i * 100.5, i % 3 === 0 ? 'B' : 'A']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The same archive with its parts stored in `order` (names matched by prefix), rewritten by `edit`. */
async function restore(bytes: Buffer, order: string[], edit: (p: string, text: string) => string = (_p, t) => t): Promise<Buffer> {
  const zip = await JSZip.loadAsync(bytes);
  const parts = Object.keys(zip.files).filter((p) => !zip.files[p]!.dir);
  const rank = (p: string) => { const i = order.findIndex((o) => p.startsWith(o)); return i < 0 ? order.length : i; };
  parts.sort((a, b) => rank(a) - rank(b));
  const out = new JSZip();
  for (const p of parts) out.file(p, edit(p, await zip.file(p)!.async('string')));
  return out.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

describe('Excel workbooks are read whatever order their parts are stored in', () => {
  let dir: string;
  let bytes: Buffer;
  before(async () => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jointscore-xlsx-')); bytes = await workbookBytes(); });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, b: Buffer) => { const f = path.join(dir, name); fs.writeFileSync(f, b); return f; };

  it('shared strings before the sheets and xl/workbook.xml last (ExcelJS\'s own streaming reader fails on this)', async () => {
    const f = write('strings-first.xlsx', await restore(bytes, ['[Content_Types]', '_rels/', 'xl/_rels/', 'xl/sharedStrings', 'xl/styles', 'xl/worksheets/', 'xl/theme', 'docProps', 'xl/workbook.xml']));
    const s = await sampleExcel(f, 'loans', 5);
    assert.deepEqual(s.sheets, ['notes', 'loans']);
    assert.equal(s.sheet, 'loans');
    assert.deepEqual(s.header, ['loan_id', 'amount', 'grade']);
    assert.deepEqual(s.rows, [['L1', '100.5', 'A'], ['L2', '201', 'A'], ['L3', '301.5', 'B'], ['L4', '402', 'A'], ['L5', '502.5', 'A']]);
  });

  it('the layout ExcelJS writes, read 25 times in a row with the same answer (the race in exceljs#3064)', async () => {
    const f = write('exceljs.xlsx', bytes);
    for (let i = 0; i < 25; i++) {
      const s = await sampleExcel(f, null, 2);
      assert.deepEqual([s.sheets, s.sheet, s.header, s.rows], [['notes', 'loans'], 'notes', ['just a note'], []]);
    }
  });

  it('sheets named from the workbook in tab order, with absolute part targets, not from the part numbers', async () => {
    // The 'loans' tab first, and both relationship targets written as absolute paths.
    const f = write('tabs.xlsx', await restore(bytes, ['xl/workbook.xml', 'xl/'], (p, text) => {
      if (p === 'xl/workbook.xml') return text.replace(/(<sheet [^>]*name="notes"[^>]*\/>)(<sheet [^>]*name="loans"[^>]*\/>)/, '$2$1');
      if (p === 'xl/_rels/workbook.xml.rels') return text.replace(/Target="worksheets\//g, 'Target="/xl/worksheets/');
      return text;
    }));
    const s = await sampleExcel(f, null, 1);
    assert.deepEqual(s.sheets, ['loans', 'notes']);
    assert.deepEqual([s.sheet, s.header, s.rows], ['loans', ['loan_id', 'amount', 'grade'], [['L1', '100.5', 'A']]]);
  });

  it('refuses a missing sheet by name, a zip that is not a workbook and a file that is not a zip, naming the file', async () => {
    const f = write('ok.xlsx', bytes);
    await assert.rejects(sampleExcel(f, 'payments', 5), (e: AppError) => e.code === 'NOT_FOUND' && e.message.includes("no sheet 'payments'") && e.message.includes('notes, loans'));
    const notBook = new JSZip();
    notBook.file('readme.txt', 'hello');
    const z = write('not-a-book.xlsx', await notBook.generateAsync({ type: 'nodebuffer' }));
    await assert.rejects(sampleExcel(z, null, 5), (e: AppError) => e.code === 'UNSUPPORTED_FORMAT' && e.message.startsWith(`${z} is not a readable .xlsx workbook`) && e.message.includes('xl/workbook.xml'));
    const t = write('text.xlsx', Buffer.from('loan_id,amount\nL1,100\n'));
    await assert.rejects(sampleExcel(t, null, 5), (e: AppError) => e.code === 'UNSUPPORTED_FORMAT' && e.details?.file === t);
  });
});
