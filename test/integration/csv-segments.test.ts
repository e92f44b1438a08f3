import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import type { Database } from 'better-sqlite3';
import { importDataset, type ImportRequest, type ImportResult } from '../../data/import/import-dataset';
import { parseCsvSegment, parseCsvSegmentYielding, readCsvInSegments, type CsvSegment, type SegmentParser } from '../../data/import/csv-segments';
import { detectCsvLayout } from '../../data/import/csv-source';
import { planSegments, segmentCuts, fixedCuts } from '../../data/import/segment-cuts';
import { readColumn } from '../../data/store/column-chunks';
import { getDataset } from '../../data/store/datasets';
import { loadProfile } from '../../data/store/profiles';
import { openWorkspaceDb } from '../../data/workspace/open-workspace';
import { startComputeHelper } from '../../service/jobs/compute-helper';
import { AppError } from '../../types/errors';
import { mulberry32 } from '../../models/stats/random';
import { FIXTURES, REPO, tempDir, write } from '../helpers/temp';

const dir = tempDir();
const controls = { signal: { aborted: false }, onProgress: () => {} };
/** Small segments and chunks, so a file of a few hundred kilobytes is cut dozens of times. */
const TUNING = { segmentBytes: 4096, chunkRows: 256 };
const helper = startComputeHelper(path.join(REPO, 'service', 'jobs', 'worker-entry.ts'));
after(() => helper.stop());
/** The same parser on this thread: every segment still goes through the scheduler as the helper's. */
const sameThread: SegmentParser = async (task) => parseCsvSegment(task);

let workspaces = 0;
function workspace(): Database {
  return openWorkspaceDb(path.join(dir, `w${++workspaces}.jsw`), { create: true });
}

interface Imported { result: ImportResult; columns: unknown[]; profile: unknown }

async function importWith(req: ImportRequest, parser?: SegmentParser, tuning = TUNING): Promise<Imported> {
  const db = workspace();
  try {
    const result = await importDataset(db, req, controls, undefined, parser, tuning);
    const ds = getDataset(db, result.dataset);
    const columns = ds.columns.map((c) => { const col = readColumn(db, ds, c.name); return col.kind === 'f64' ? Array.from(col.values) : { codes: Array.from(col.codes), dictionary: col.dictionary }; });
    const profile = loadProfile(db, ds.id, null) as { computedAt?: string } | null;
    return { result: { ...result, seconds: 0, timings: { read: 0, profile: 0, commit: 0 } }, columns, profile: { ...profile, computedAt: null } };
  } finally {
    db.close();
  }
}

async function errorOf(req: ImportRequest, parser?: SegmentParser): Promise<{ code: string; message: string; details: unknown }> {
  const db = workspace();
  try {
    await importDataset(db, req, controls, undefined, parser, TUNING);
  } catch (err) {
    assert.ok(err instanceof AppError, String(err));
    assert.equal(db.prepare('SELECT COUNT(*) FROM datasets').pluck().get(), 0, 'nothing kept');
    return { code: err.code, message: err.message, details: err.details };
  } finally {
    db.close();
  }
  throw new Error('the import did not fail');
}

/** A credit-like file: numbers with missing values, decimals, categories (quoted, with commas and doubled quotes), dates, NA tokens, blank lines. */
function creditCsv(rows: number, seed: number, eol = '\n'): string {
  const rnd = mulberry32(seed);
  const lines = ['id,amount,rate,city,note,opened,bad'];
  const cities = ['Shanghai', 'Beijing', '"Guangzhou, Tianhe"', '"say ""hi"""', '深圳', 'NA', ''];
  for (let i = 0; i < rows; i++) {
    const amount = rnd() < 0.05 ? '' : String(Math.floor(rnd() * 50000));
    const rate = rnd() < 0.03 ? 'NaN' : (rnd() * 0.36).toFixed(4);
    const day = `2025-${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}`;
    lines.push([`u${(i * 7919) % 100003}`, amount, rate, cities[Math.floor(rnd() * cities.length)], `n${Math.floor(rnd() * 40)}`, day, rnd() < 0.1 ? 1 : 0].join(','));
    if (i % 997 === 0) lines.push('');
  }
  return lines.join(eol) + eol;
}

describe('a large CSV read in segments on both threads', () => {
  it('stores exactly what reading it from start to end stores: values, dictionaries in first-seen order, profile, hash (LF and CRLF)', async () => {
    for (const [name, eol] of [['lf.csv', '\n'], ['crlf.csv', '\r\n']] as const) {
      const file = write(dir, name, creditCsv(6000, 11, eol));
      assert.ok((planSegments(file, fs.statSync(file).size, TUNING.segmentBytes, TUNING.chunkRows)?.after(0) ?? 0) > 20, 'cut in many segments');
      const one = await importWith({ file });
      const both = await importWith({ file }, helper.csvSegments);
      const here = await importWith({ file }, sameThread);
      assert.equal(both.result.rows, 6000);
      assert.deepEqual(both, one, `${name}: helper thread`);
      assert.deepEqual(here, one, `${name}: same thread`);
    }
  });

  it('packs whole chunks on the thread that parsed them, and stores the same when a blank line shifts the rows off the chunk boundaries', async () => {
    const plain = creditCsv(6000, 17).split('\n').filter((l) => l !== '');
    const shifted = [...plain.slice(0, 3000), '', ...plain.slice(3000)];
    const files = [['whole-chunks.csv', plain.join('\n')], ['whole-chunks-crlf.csv', plain.join('\r\n')], ['shifted.csv', shifted.join('\n')]] as const;
    // One chunk a segment, and about three.
    for (const tuning of [TUNING, { ...TUNING, segmentBytes: 40_000 }]) {
      for (const [name, text] of files) {
        const file = write(dir, name, text);
        let packed = 0;
        const counting: SegmentParser = async (task) => { const seg = await helper.csvSegments(task); if (seg.packed && seg.rows % tuning.chunkRows === 0) packed++; return seg; };
        const one = await importWith({ file }, undefined, tuning);
        const both = await importWith({ file }, counting, tuning);
        assert.equal(both.result.rows, 6000);
        assert.ok(packed > 1, `${name}: segments of whole chunks (${packed})`);
        assert.deepEqual(both, one, `${name}, segments of about ${tuning.segmentBytes} bytes`);
      }
    }
  });

  it('stores a column of hashed keys exactly as one thread does: keys repeated within and across segments, and a late key that is not hex', async () => {
    const rnd = mulberry32(31);
    const hex = () => Array.from({ length: 64 }, () => '0123456789abcdef'[Math.floor(rnd() * 16)]).join('');
    const keys: string[] = [];
    const lines = ['phone_hmac_sha256,x,c'];
    for (let i = 0; i < 40_000; i++) {
      // A repeat of a recent key (same segment) or an old one (an earlier segment) now and then.
      const key = i > 100 && rnd() < 0.04 ? keys[rnd() < 0.5 ? i - 1 - Math.floor(rnd() * 50) : Math.floor(rnd() * i)]! : hex();
      keys.push(key);
      lines.push(`${key},${Math.floor(rnd() * 1000)},c${Math.floor(rnd() * 4)}`);
    }
    // Segments of ~6,000 rows: enough keys in each for its dictionary to stop looking them up.
    const tuning = { segmentBytes: 512 * 1024, chunkRows: 4096 };
    const file = write(dir, 'hashed.csv', lines.join('\n') + '\n');
    const one = await importWith({ file }, undefined, tuning);
    const both = await importWith({ file }, helper.csvSegments, tuning);
    assert.deepEqual(both, one);
    const dictionary = (one.columns[0] as { dictionary: string[] }).dictionary;
    assert.equal(dictionary.length, new Set(keys).size);
    const late = [...lines.slice(0, 35_000), `NOT-A-HEX-KEY,1,c1`, ...lines.slice(35_000)];
    const lateFile = write(dir, 'hashed-late.csv', late.join('\n') + '\n');
    const oneLate = await importWith({ file: lateFile }, undefined, tuning);
    assert.deepEqual(await importWith({ file: lateFile }, helper.csvSegments, tuning), oneLate);
    assert.ok((oneLate.columns[0] as { dictionary: string[] }).dictionary.includes('NOT-A-HEX-KEY'));
  });

  it('refuses numbers that look like phone numbers late in the file with the same count and first row', async () => {
    const lines = creditCsv(6000, 23).split('\n').filter((l) => l !== '');
    // From data row 4001 on, every 20th amount is a mobile number (more than 1% of the column).
    const file = write(dir, 'late-phones.csv', lines.map((l, i) => (i > 4000 && i % 20 === 0 ? l.replace(/^([^,]*),[^,]*,/, `$1,1380013${String(i).padStart(4, '0')},`) : l)).join('\n'));
    const one = await errorOf({ file });
    assert.equal(one.code, 'PII_REFUSED');
    assert.deepEqual(await errorOf({ file }, helper.csvSegments), one);
    assert.deepEqual(await errorOf({ file }, sameThread), one);
  });

  it('reads the file from start to end when a quoted field with a line break spans a cut, with the same result', async () => {
    const rnd = mulberry32(5);
    const lines = ['id,memo,x'];
    for (let i = 0; i < 3000; i++) lines.push(`k${i},"${rnd() < 0.2 ? 'line one\nline two, more' : 'plain'}",${Math.floor(rnd() * 9)}`);
    const file = write(dir, 'multiline.csv', lines.join('\n') + '\n');
    const one = await importWith({ file, types: { memo: 'categorical' } });
    const both = await importWith({ file, types: { memo: 'categorical' } }, helper.csvSegments);
    assert.deepEqual(both, one);
    assert.ok((one.columns[1] as { dictionary: string[] }).dictionary.includes('line one\nline two, more'));
  });

  it('parses a segment a slice at a time (as this thread does, answering the helper between slices) to exactly what one pass gives', async () => {
    const rnd = mulberry32(11);
    const lines = ['id,memo,x,c'];
    for (let i = 0; i < 800; i++) lines.push(`k${i},"${rnd() < 0.2 ? 'line one\r\nline two, "" more' : 'plain'}",${(rnd() * 100).toFixed(2)},c${Math.floor(rnd() * 5)}`);
    const text = lines.join('\r\n') + '\r\n';
    const file = write(dir, 'slices.csv', text);
    const header = ['id', 'memo', 'x', 'c'];
    const specs = [{ name: 'id', type: 'key', role: 'key' }, { name: 'memo', type: 'categorical', role: 'feature' }, { name: 'x', type: 'numeric', role: 'feature' }, { name: 'c', type: 'categorical', role: 'feature' }] as const;
    const task = { file, layout: detectCsvLayout(file), start: 0, end: Buffer.byteLength(text), header, specs: [...specs], firstLine: 1, rowOffset: 0, last: true };
    const whole = parseCsvSegment(task);
    assert.equal(whole.rows, 800);
    for (const slice of [1, 7, 64, 1000, 4096]) assert.deepEqual(await parseCsvSegmentYielding(task, slice), whole, `slices of ${slice} bytes`);
  });

  it('appends every segment in file order, whichever thread parsed it and whenever it came back, and throws an append that fails from a helper\'s reply', async () => {
    const text = creditCsv(4000, 29);
    const file = write(dir, 'order.csv', text);
    const layout = detectCsvLayout(file);
    const header = ['id', 'amount', 'rate', 'city', 'note', 'opened', 'bad'];
    const specs = header.map((name) => ({ name, type: name === 'amount' || name === 'rate' || name === 'bad' ? 'numeric' : 'categorical', role: 'feature' }) as const);
    const cuts = fixedCuts(segmentCuts(file, Buffer.byteLength(text), 8192)!);
    // The helper answers late and out of turn, so replies land while this thread is mid-parse.
    let calls = 0;
    const slowHelper: SegmentParser = async (task) => { const seg = await helper.csvSegments(task); await new Promise((r) => setTimeout(r, (calls++ * 7) % 20)); return seg; };
    const appended: { rows: number; first: string }[] = [];
    const firstId = (seg: CsvSegment) => { const d = seg.dictionaries[0]!.text!; return Buffer.from(d.bytes.subarray(d.starts[0]!, d.starts[0]! + d.lengths[0]!)).toString('utf8'); };
    const whole = await readCsvInSegments({ file, layout, header, specs }, cuts, slowHelper, controls, (seg) => { appended.push({ rows: seg.rows, first: firstId(seg) }); }, 0);
    assert.equal(whole, true);
    assert.ok(appended.length > 10, `${appended.length} segments`);
    const dataLines = text.split('\n').slice(1).filter((l) => l !== '');
    assert.equal(appended.reduce((n, a) => n + a.rows, 0), dataLines.length);
    let at = 0;
    for (const a of appended) { assert.equal(a.first, dataLines[at]!.split(',')[0], `segment starting at row ${at + 1}`); at += a.rows; }
    const failing = appended.length - 3;
    let seen = 0;
    await assert.rejects(readCsvInSegments({ file, layout, header, specs }, cuts, slowHelper, controls, () => { if (seen++ === failing) throw new Error('disk full'); }, 0), /disk full/);
    assert.equal(seen, failing + 1, 'nothing appended after the failure');
  });

  it('names the same file, line, row and column in an error found late in the file, and keeps nothing', async () => {
    const good = creditCsv(5000, 3).split('\n');
    const at = 4321;
    const badNumber = [...good.slice(0, at), good[at]!.replace(/^([^,]*),[^,]*,/, '$1,12x,'), ...good.slice(at + 1)].join('\n');
    const ragged = [...good.slice(0, at), `${good[at]},extra`, ...good.slice(at + 1)].join('\n');
    for (const [name, text] of [['bad-number.csv', badNumber], ['ragged.csv', ragged]] as const) {
      const file = write(dir, name, text);
      const one = await errorOf({ file });
      assert.ok(one.code === 'TYPE_MISMATCH' || one.code === 'RAGGED_ROW', one.code);
      assert.deepEqual(await errorOf({ file }, helper.csvSegments), one, name);
      assert.deepEqual(await errorOf({ file }, sameThread), one, name);
    }
  });

  it('reads a GBK file in segments to the same dataset', async () => {
    const fixture = fs.readFileSync(path.join(FIXTURES, 'lender_gbk.csv'));
    const header = fixture.subarray(0, fixture.indexOf(10) + 1);
    const body = fixture.subarray(header.length);
    const file = write(dir, 'gbk.csv', Buffer.concat([header, ...Array.from({ length: 400 }, () => body)]));
    const one = await importWith({ file, encoding: 'gbk' });
    const both = await importWith({ file, encoding: 'gbk' }, helper.csvSegments);
    assert.ok(one.result.rows > 1000);
    assert.deepEqual(both, one);
  });
});
