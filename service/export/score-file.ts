import fs from 'node:fs';
import path from 'node:path';
import { detectCsvLayout, scan } from '../../data/import/csv-source';
import { fieldText, type CsvRecordSink } from '../../data/import/csv-tokenizer';
import { checkHeader, emptyFile } from '../../data/import/header';
import { isMissingText, numberParse, parseNumberBytes, PARSE_INVALID } from '../../data/import/parse-value';
import { AppError } from '../../types/errors';
import type { JobControls } from '../../types/progress';
import { inputPositions, loadBundleScorer } from '../../data/bundle/read-bundle';
import { csvField } from '../../data/pseudonymize/csv-writer';
import { EncodedText, outputEncoding, type OutputEncoding } from '../../data/export/output-encoding';
import { batchScoringSink, type ColumnarScorer } from './score-batches';
import type { ScoreRangeResult, ScoreRangeRunner } from './score-range';
import { findSplitPoint } from '../../data/pseudonymize/split-point';
import { copyFileBytes } from '../../data/import/file-bytes';

export interface ScoreFileRequest {
  bundle: string;
  input: string;
  out: string;
  /** The column copied to the output to identify each row (default: the input's first column). */
  id?: string;
  /** The scored file's encoding: UTF-8 with BOM (default, for Excel), UTF-8, or GBK. */
  encoding?: OutputEncoding;
  /** Score row by row even when the bundle can score batches of columns (the reference the batches are checked against). */
  rowByRow?: boolean;
}

export interface ScoreFileResult {
  out: string;
  rows: number;
  seconds: number;
  /** Per numeric input, values that were not numbers (scored as missing). */
  invalidValues: Record<string, number>;
  bids: number | null;
  /** Threads that scored: 2 when a large file was cut in two. */
  threads: 1 | 2;
  /** The first rows as written: id, primary score, named reasons and the bid (null without a strategy). */
  preview: { id: string; score: number; reasons: string; bid: boolean | null }[];
}

const PREVIEW_ROWS = 8;
/** The part of a file this thread scores when the helper scores the rest. */
const MAIN_SHARE = 0.48;
/** Files from this size are scored on both threads. */
const SPLIT_MIN_BYTES = 8 * 1024 * 1024;

/**
 * Scores every row of a CSV with a bundle's scorer.mjs (verified first): writes the id column,
 * every card's score, the primary card's reason codes and, with a strategy, the bid decision and
 * coefficient. Numeric inputs read as the import reads them (pandas' NA tokens are missing; text
 * that is not a number is counted and scored as missing). The output appears only when complete.
 * A bundle of scorecards scores batches of typed columns; a large file with no quoted field is
 * cut in two and its second half scored on `helper` (another thread) into a part file appended
 * afterwards.
 */
export async function scoreFile(req: ScoreFileRequest, controls: JobControls, helper?: ScoreRangeRunner): Promise<ScoreFileResult> {
  const started = performance.now();
  const encoding = outputEncoding(req.encoding);
  const { manifest, scorer } = await loadBundleScorer(req.bundle);
  if (!fs.existsSync(req.input)) throw new AppError('FILE_NOT_FOUND', `${req.input} does not exist.`, { file: req.input });
  if (fs.existsSync(req.out)) throw new AppError('ALREADY_EXISTS', `${req.out} already exists; scoring never overwrites.`, { file: req.out, expected: 'a new file' });
  const layout = detectCsvLayout(req.input);
  const inputs = manifest.inputs;
  const cards = scorer.meta.cards.map((c) => c.key);
  // A partner's part of a split scorecard ships partial points and its top reason code per id: never a bin, which would describe its features.
  const partial = scorer.meta.cards.some((c) => c.column !== undefined && c.column !== `score_${c.key}`);
  const tmp = `${req.out}.partial-${process.pid}`;
  const fd = fs.openSync(tmp, 'w');
  let outBuf = '';
  const text = new EncodedText(encoding);
  const flush = (force: boolean) => { if (force || outBuf.length > 1 << 20) { fs.writeSync(fd, text.encode(outBuf)); outBuf = ''; } };
  let header: string[] | null = null;
  let positions: number[] = [];
  let idAt = 0;
  let rows = 0, bids = 0;
  const preview: ScoreFileResult['preview'] = [];
  const invalid = new Array<number>(inputs.length).fill(0);
  const record: Record<string, unknown> = {};
  // A bundle whose cards are all scorecards scores in batches of typed columns; others row by row.
  const columnar = 'scoreColumns' in scorer && !req.rowByRow ? (scorer as unknown as ColumnarScorer) : null;
  // A large file with no quoted field is cut at a line break: the helper scores the second half into a part file.
  const size = fs.statSync(req.input).size;
  // This thread also reads the header, finds the cut, and appends the part file: it takes the smaller part.
  const split = columnar && helper && size >= SPLIT_MIN_BYTES ? findSplitPoint(req.input, layout, MAIN_SHARE) : null;
  const partFile = `${req.out}.part2-${process.pid}`;
  const shared = new SharedArrayBuffer(16);
  const helperState = new Float64Array(shared);
  const second: { run: Promise<ScoreRangeResult> | null } = { run: null };
  const batched: { by: ReturnType<typeof batchScoringSink> | null } = { by: null };
  const sink: CsvRecordSink = {
    // Once the header is read, plain records go straight to the batch writer.
    plainRecords(buf, start, len, delimiter, line, at) {
      return batched.by ? batched.by.sink.plainRecords!(buf, start, len, delimiter, line, at) : 0;
    },
    plainRecord(buf, start, len, delimiter, line) {
      return batched.by ? batched.by.sink.plainRecord!(buf, start, len, delimiter, line) : -1;
    },
    record(buf, starts, ends, escaped, count, line) {
      if (!header) {
        const raw: string[] = [];
        for (let i = 0; i < count; i++) raw.push(fieldText(buf, starts[i]!, ends[i]!, escaped[i] === 1));
        header = checkHeader(raw, req.input);
        const h = header;
        positions = inputPositions(h, inputs, req.input);
        idAt = req.id ? h.indexOf(req.id) : 0;
        if (idAt < 0) throw new AppError('INVALID_ARGUMENT', `${req.input} has no id column '${req.id}'.`, { file: req.input, column: req.id, expected: h.join(', ') });
        outBuf += [csvField(h[idAt]!), ...scorer.meta.cards.map((c) => c.column ?? `score_${c.key}`), ...(partial ? ['top_reason_code'] : ['reason_codes', 'reasons']), ...(scorer.meta.strategy ? ['bid', 'bid_coefficient'] : [])].join(',') + '\n';
        if (columnar) {
          const shape = { file: req.input, inputs, positions, idAt, expectedFields: h.length, cards, primary: scorer.meta.primary, partial };
          batched.by = batchScoringSink({
            ...shape, rowOffset: 0, scorer: columnar, previewRows: PREVIEW_ROWS,
            write: (text) => { outBuf += text; flush(false); },
            ...(encoding === 'gbk' ? {} : { writeBytes: (bytes: Uint8Array) => { flush(true); fs.writeSync(fd, bytes); } }),
            onRow: (row) => { preview.push(row); },
          });
          if (split) {
            second.run = helper!({
              ...shape, bundle: req.bundle, layout, range: { start: split.at, end: size, firstLine: split.firstLine }, rowsBefore: split.rowsBefore,
              partFile, encoding: encoding === 'gbk' ? 'gbk' : 'utf8', firstOutputLine: split.rowsBefore + 2, shared,
            });
          }
        }
        return;
      }
      if (batched.by) { batched.by.sink.record(buf, starts, ends, escaped, count, line); return; }
      rows++;
      if (count !== header.length) {
        throw new AppError('RAGGED_ROW', `${req.input}, line ${line} (data row ${rows}): expected ${header.length} fields as in the header, found ${count}.`, { file: req.input, row: rows, line, expected: `${header.length} fields`, got: `${count} fields` });
      }
      for (let j = 0; j < inputs.length; j++) {
        const k = positions[j]!;
        if (inputs[j]!.type === 'numeric') {
          const v = parseNumberBytes(buf, starts[k]!, ends[k]!);
          if (numberParse.status === PARSE_INVALID) invalid[j]!++;
          record[inputs[j]!.name] = v;
        } else {
          const s = fieldText(buf, starts[k]!, ends[k]!, escaped[k] === 1);
          record[inputs[j]!.name] = isMissingText(s) ? null : s;
        }
      }
      const r = scorer.score(record);
      const idText = fieldText(buf, starts[idAt]!, ends[idAt]!, escaped[idAt] === 1);
      let line2 = csvField(idText);
      for (const key of cards) line2 += `,${r.scores[key]}`;
      const reasons = partial ? '' : r.reasons.map((x) => `${x.code} ${x.characteristic}: ${x.attribute}`).join('; ');
      line2 += partial ? `,${r.reasonCodes[0] ?? ''}` : `,${r.reasonCodes.join(' ')},${csvField(reasons)}`;
      if (preview.length < PREVIEW_ROWS) preview.push({ id: idText, score: r.score, reasons, bid: r.decision ? r.decision.bid : null });
      if (r.decision) { line2 += `,${r.decision.bid ? 1 : 0},${r.decision.coefficient}`; if (r.decision.bid) bids++; }
      outBuf += `${line2}\n`;
      flush(false);
    },
  };
  try {
    scan(req.input, layout, sink, split ? { ...controls, onProgress: (p) => controls.onProgress({ ...p, done: p.done + helperState[0]!, total: size }) } : controls, () => false, () => {}, split ? { start: 0, end: split.at, firstLine: 1 } : undefined);
    if (!header) throw emptyFile(req.input);
    const b = batched.by;
    if (b) { b.finish(); rows = b.rows(); bids = b.bids(); b.invalid.forEach((n, j) => { invalid[j] = n; }); }
    flush(true);
    if (second.run) {
      const r = await second.run;
      second.run = null;
      copyFileBytes(partFile, 0, (chunk) => fs.writeSync(fd, chunk));
      rows += r.rows;
      bids += r.bids;
      r.invalid.forEach((n, j) => { invalid[j]! += n; });
    }
    fs.closeSync(fd);
    fs.renameSync(tmp, req.out);
  } catch (e) {
    try { fs.closeSync(fd); } catch { /* already closed */ }
    fs.rmSync(tmp, { force: true });
    throw e;
  } finally {
    if (second.run) {
      // Stop the other thread and wait for it, so its part file is gone before we return.
      helperState[1] = 1;
      await second.run.catch(() => undefined);
    }
    fs.rmSync(partFile, { force: true });
  }
  return {
    out: path.resolve(req.out), rows, seconds: (performance.now() - started) / 1000,
    invalidValues: Object.fromEntries(inputs.flatMap((inp, j) => (inp.type === 'numeric' ? [[inp.name, invalid[j]!]] : []))),
    bids: scorer.meta.strategy ? bids : null,
    threads: split ? 2 : 1,
    preview,
  };
}
