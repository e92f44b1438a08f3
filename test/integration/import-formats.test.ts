import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { parquetWriteFile } from 'hyparquet-writer';
import fs from 'node:fs';
import path from 'node:path';
import { zipArchive } from '../../data/zip/zip-archive';
import { before, describe, it } from 'node:test';
import type { ImportPreview, ImportResult } from '../../service/contract';
import type { RowWindow } from '../../types/dataset';
import { createService } from '../../service/create-service';
import { json, runCli } from '../helpers/cli';
import { FIXTURES, tempDir, write } from '../helpers/temp';

describe('import formats and encodings', () => {
  const dir = tempDir();
  const ws = path.join(dir, 'f.jsw');
  const imp = async (file: string, ...extra: string[]) => json<ImportResult>(await runCli(['import', file, '--workspace', ws, '--json', ...extra], dir));
  const rows = async (dataset: string, limit = 5) => {
    const s = createService({ mode: 'cli', settingsDir: dir });
    try { return await s.call('datasets.rows', { workspace: ws, dataset, offset: 0, limit }); } finally { s.close(); }
  };
  before(async () => { json(await runCli(['workspace', 'create', ws, '--json'], dir)); });

  it('reads a GBK file (auto-detected) with Chinese headers and values', async () => {
    const r = await imp(path.join(FIXTURES, 'lender_gbk.csv'), '--name', 'gbk');
    assert.deepEqual(r.columns.map((c) => [c.name, c.type, c.role]), [['用户ID', 'key', 'key'], ['城市', 'categorical', 'feature'], ['月收入', 'numeric', 'feature'], ['申请日期', 'date', 'time'], ['是否逾期', 'numeric', 'target']]);
    const w: RowWindow = await rows('gbk', 2);
    assert.ok(['北京', '上海', '广州', '深圳', '成都'].includes(w.values[1]![0] as string));
    assert.match(String(w.values[3]![0]), /^2024-0\d-\d\d$/);
  });

  it('reads the same data from UTF-8 with a BOM identically', async () => {
    const a = await imp(path.join(FIXTURES, 'lender_utf8_bom.csv'), '--name', 'bom');
    const b = await rows('bom', 40);
    const g = await rows('gbk', 40);
    assert.equal(a.columns[0]!.name, '用户ID');
    assert.deepEqual(b.values, g.values);
  });

  it('honours quoted fields with commas, newlines and doubled quotes', async () => {
    await imp(path.join(FIXTURES, 'quoted.csv'), '--name', 'quoted', '--type', 'comment=categorical');
    const w = await rows('quoted');
    assert.deepEqual(w.values[1], ['hello, world', 'two\nlines', 'quote "inside"', null]);
    assert.deepEqual(w.values[2], [10, 20, 30, null]);
  });

  it('sniffs tab and semicolon delimiters', async () => {
    const tsv = write(dir, 'x.tsv', 'a\tb\n1\tx\n2\ty\n');
    const semi = write(dir, 'x_semi.csv', 'a;b\n1,5;x\n2,5;y\n');
    const p = json<ImportPreview>(await runCli(['preview', semi, '--json'], dir));
    assert.equal(p.delimiter, ';');
    assert.deepEqual((await imp(tsv, '--name', 'tsv')).columns.map((c) => c.name), ['a', 'b']);
    assert.deepEqual((await imp(semi, '--name', 'semi', '--type', 'a=categorical')).columns.map((c) => c.type), ['categorical', 'categorical']);
  });

  it('applies type and role overrides before the import runs', async () => {
    const f = write(dir, 'ov.csv', 'zip,flag,when\n100,1,2024-01-01\n200,0,2024-02-01\n');
    const r = await imp(f, '--name', 'ov', '--type', 'zip=categorical', '--role', 'flag=target', '--role', 'when=exclude');
    assert.deepEqual(r.columns.map((c) => [c.type, c.role]), [['categorical', 'feature'], ['numeric', 'target'], ['date', 'exclude']]);
  });

  it('reads Parquet written by another tool', async () => {
    const file = path.join(dir, 'p.parquet');
    await parquetWriteFile({
      filename: file,
      columnData: [
        { name: 'uid', data: ['a1', 'a2', 'a3', 'a4'] },
        { name: 'score', data: [1.5, null, 3.25, -4], type: 'DOUBLE' },
        { name: 'bad', data: [0, 1, 0, 1], type: 'INT32' },
      ],
    });
    const r = await imp(file, '--name', 'pq');
    assert.equal(r.rows, 4);
    assert.deepEqual(r.columns.map((c) => [c.name, c.type, c.missing]), [['uid', 'categorical', 0], ['score', 'numeric', 1], ['bad', 'numeric', 0]]);
    const w = await rows('pq');
    assert.deepEqual(w.values[1], [1.5, null, 3.25, -4]);
  });

  it('reads the chosen sheet of an Excel workbook', async () => {
    const file = path.join(dir, 'book.xlsx');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('notes').addRow(['just a note']);
    const s = wb.addWorksheet('loans');
    s.addRow(['loan_id', 'amount', 'opened', 'grade']);
    s.addRow(['L1', 1000, new Date(Date.UTC(2024, 0, 5)), 'A']);
    s.addRow(['L2', 2500.5, new Date(Date.UTC(2024, 1, 6)), 'B']);
    s.addRow(['L3', null, new Date(Date.UTC(2024, 2, 7)), 'A']);
    await wb.xlsx.writeFile(file);
    const p = json<ImportPreview>(await runCli(['preview', file, '--sheet', 'loans', '--json'], dir));
    assert.deepEqual(p.sheets, ['notes', 'loans']);
    const r = await imp(file, '--name', 'xl', '--sheet', 'loans');
    assert.deepEqual(r.columns.map((c) => [c.name, c.type]), [['loan_id', 'categorical'], ['amount', 'numeric'], ['opened', 'date'], ['grade', 'categorical']]);
    const w = await rows('xl');
    assert.deepEqual(w.values[1], [1000, 2500.5, null]);
    assert.deepEqual(w.values[2], ['2024-01-05', '2024-02-06', '2024-03-07']);
  });

  it('refuses a sheet whose rows are wider than its header (a merged title row above it), naming the row and column', async () => {
    const file = path.join(dir, 'titled.xlsx');
    const wb = new ExcelJS.Workbook();
    const s = wb.addWorksheet('report');
    s.addRow(['Loans opened in 2024']);
    s.mergeCells('A1:C1');
    s.addRow(['loan_id', 'amount', 'grade']);
    s.addRow(['L1', 1000, 'A']);
    await wb.xlsx.writeFile(file);
    const r = await runCli(['preview', file, '--json'], dir);
    const e = (JSON.parse(r.stderr) as { error: { code: string; message: string; details: { row: number; column: string } } }).error;
    assert.deepEqual([r.code, e.code, e.details.row, e.details.column], [1, 'RAGGED_ROW', 1, 'column 2']);
    assert.match(e.message, /looks like a title \(merged cells\)/);
    const wide = path.join(dir, 'wide.xlsx');
    const wb2 = new ExcelJS.Workbook();
    const s2 = wb2.addWorksheet('data');
    s2.addRow(['a', 'b']);
    for (let i = 0; i < 3000; i++) s2.addRow(i === 2500 ? [i, i, 'extra'] : [i, i]);
    await wb2.xlsx.writeFile(wide);
    const r2 = await runCli(['import', wide, '--workspace', ws, '--name', 'wide_rows', '--json'], dir);
    const e2 = (JSON.parse(r2.stderr) as { error: { code: string; details: { row: number; column: string } } }).error;
    assert.deepEqual([r2.code, e2.code, e2.details.row, e2.details.column], [1, 'RAGGED_ROW', 2501, 'column 3'], 'a row past the sample is caught on import');
  });

  it('refuses a zip bomb posing as a workbook before unpacking it, naming the part', async () => {
    const bomb = path.join(dir, 'bomb.xlsx');
    const rels = '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>';
    const book = '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>';
    fs.writeFileSync(bomb, zipArchive([
      { path: 'xl/_rels/workbook.xml.rels', data: Buffer.from(rels) },
      { path: 'xl/workbook.xml', data: Buffer.from(book) },
      { path: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(200 * 1024 ** 2, 0x20) },
    ], new Date(0)));
    assert.ok(fs.statSync(bomb).size < 2 * 1024 ** 2, 'a small file…');
    const r = await runCli(['preview', bomb, '--json'], dir);
    const e = (JSON.parse(r.stderr) as { error: { code: string; message: string; details: { file: string } } }).error;
    assert.deepEqual([r.code, e.code, e.details.file], [1, 'UNSUPPORTED_FORMAT', bomb]);
    assert.match(e.message, /xl\/worksheets\/sheet1\.xml would unpack from [\d,]+ to 209,715,200 bytes .* a zip bomb/);
  });

  it('imports a file wider than a SQLite table may be (2,500 columns), storage being by column', async () => {
    const n = 2500;
    const header = Array.from({ length: n }, (_, i) => `f${i}`).join(',');
    const line = (r: number) => Array.from({ length: n }, (_, i) => String((r * 7 + i) % 13)).join(',');
    const f = write(dir, 'wide.csv', `${header}\n${line(1)}\n${line(2)}\n${line(3)}\n`);
    const r = await imp(f, '--name', 'wide');
    assert.equal(r.columns.length, n);
    assert.equal(r.rows, 3);
    const s = createService({ mode: 'cli', settingsDir: dir });
    try {
      const w = await s.call('datasets.rows', { workspace: ws, dataset: 'wide', offset: 0, limit: 3, columns: ['f2499'] });
      assert.deepEqual(w.values[0], [(7 + 2499) % 13, (14 + 2499) % 13, (21 + 2499) % 13]);
    } finally { s.close(); }
  });
});
