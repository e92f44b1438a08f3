import fs from 'node:fs';
import type { PiiTally } from './pii-tally';
import { cancelled } from '../import/cancel';
import { scan, type CsvLayout, type ScanRange } from '../import/csv-source';
import { HashRows, type Reject, type RowPlan } from './hash-rows';

/** A second thread's share of a pseudonymization: the rows of one byte range, into a part file. */
export interface RangeTask {
  plan: RowPlan;
  layout: CsvLayout;
  range: ScanRange;
  /** Data rows before the range (for row numbers in rejects and errors). */
  rowsBefore: number;
  partFile: string;
  /** Float64Array(2) over it: [bytes read so far, 1 when the caller wants it stopped]. */
  shared: SharedArrayBuffer;
}

export interface RangeResult {
  rows: number;
  written: number;
  rejects: Reject[];
  pii: PiiTally;
}

/** Hands a range task to another thread. */
export type RangeRunner = (task: RangeTask) => Promise<RangeResult>;

/** Runs a range task: rows hashed into the part file, which is removed again if anything fails. */
export function pseudonymizeRange(task: RangeTask): RangeResult {
  const shared = new Float64Array(task.shared);
  const fd = fs.openSync(task.partFile, 'w');
  try {
    const sink = new HashRows(task.plan, (rows) => fs.writeSync(fd, rows), task.rowsBefore);
    scan(task.plan.file, task.layout, sink, null, () => false, (bytes) => {
      if (shared[1] === 1) throw cancelled();
      shared[0]! += bytes.length;
    }, task.range);
    sink.flush();
    fs.closeSync(fd);
    return { rows: sink.rows, written: sink.written, rejects: sink.rejects, pii: sink.pii };
  } catch (err) {
    try { fs.closeSync(fd); } catch { /* closed */ }
    fs.rmSync(task.partFile, { force: true });
    throw err;
  }
}
