import fs from 'node:fs';
import { cancelled } from '../../data/import/cancel';
import { scan, type CsvLayout, type ScanRange } from '../../data/import/csv-source';
import { EncodedText, type OutputEncoding } from '../../data/export/output-encoding';
import { loadBundleScorer } from '../../data/bundle/read-bundle';
import type { BundleInput } from '../../types/bundle';
import { batchScoringSink, type ColumnarScorer } from './score-batches';

/** A second thread's share of a scoring run: the rows of one byte range, scored into a part file. */
export interface ScoreRangeTask {
  bundle: string;
  file: string;
  layout: CsvLayout;
  range: ScanRange;
  /** Data rows before the range (row numbers in errors). */
  rowsBefore: number;
  inputs: BundleInput[];
  positions: number[];
  idAt: number;
  expectedFields: number;
  cards: string[];
  primary: string;
  partial: boolean;
  partFile: string;
  /** The part's encoding (no BOM: it is appended) and the output line it starts on (GBK's errors name it). */
  encoding: OutputEncoding;
  firstOutputLine: number;
  /** Float64Array(2) over it: [bytes read so far, 1 when the caller wants it stopped]. */
  shared: SharedArrayBuffer;
}

export interface ScoreRangeResult {
  rows: number;
  invalid: number[];
  bids: number;
}

/** Hands a range of a scoring run to another thread. */
export type ScoreRangeRunner = (task: ScoreRangeTask) => Promise<ScoreRangeResult>;

/** Scores a range into its part file (removed again if anything fails), in batches of columns. */
export async function scoreRange(task: ScoreRangeTask): Promise<ScoreRangeResult> {
  const { scorer } = await loadBundleScorer(task.bundle);
  const shared = new Float64Array(task.shared);
  const fd = fs.openSync(task.partFile, 'w');
  const text = new EncodedText(task.encoding, task.firstOutputLine);
  let out = '';
  try {
    const batches = batchScoringSink({
      ...task, rowOffset: task.rowsBefore, scorer: scorer as unknown as ColumnarScorer, previewRows: 0,
      write: (t) => { out += t; if (out.length > 1 << 20) { fs.writeSync(fd, text.encode(out)); out = ''; } },
      ...(task.encoding === 'gbk' ? {} : { writeBytes: (bytes: Uint8Array) => { fs.writeSync(fd, bytes); } }),
      onRow: () => {},
    });
    scan(task.file, task.layout, batches.sink, null, () => false, (bytes) => {
      if (shared[1] === 1) throw cancelled();
      shared[0]! += bytes.length;
    }, task.range);
    batches.finish();
    if (out) fs.writeSync(fd, text.encode(out));
    fs.closeSync(fd);
    return { rows: batches.rows(), invalid: batches.invalid, bids: batches.bids() };
  } catch (err) {
    try { fs.closeSync(fd); } catch { /* closed */ }
    fs.rmSync(task.partFile, { force: true });
    throw err;
  }
}
