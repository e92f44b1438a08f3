import { createHash } from 'node:crypto';
import { outputEncoding, type OutputEncoding } from '../export/output-encoding';
import fs from 'node:fs';
import { AppError } from '../../types/errors';
import type { JobControls } from '../../types/progress';
import { cancelled } from '../import/cancel';
import { detectCsvLayout, sampleCsv, scan, type CsvLayout } from '../import/csv-source';
import type { EncodingOption } from '../import/encoding';
import { emptyFile, headerOnly } from '../import/header';
import type { DelimiterOption } from '../import/sniff';
import { AtomicCsvWriter, writeAllOrNothing } from './csv-writer';
import { mergeTally, type PiiTally } from './pii-tally';
import { PII_ROW_SHARE } from '../import/pii-scan';
import { PII_LABELS, type NotPiiDeclaration } from '../import/pii-labels';
import type { PiiKind } from '../import/pii-guard';
import { HashRows, type Reject, type RowPlan } from './hash-rows';
import { requireSecret, type HashAlgorithm } from './hash-id';
import type { KeyKind } from './normalize';
import type { RangeResult, RangeRunner } from './pseudonymize-range';
import { findSplitPoint, type SplitPoint } from './split-point';
import { copyFileBytes } from '../import/file-bytes';

export interface PseudonymizeRequest {
  input: string;
  output: string;
  /** The column holding the raw id. */
  key: string;
  keyKind: KeyKind;
  hash: HashAlgorithm;
  /** The session secret (HMAC); null for plain hashes. */
  secret: Uint8Array | null;
  upper?: boolean;
  /** Other columns to leave out of the output (e.g. names, addresses). */
  drop?: string[];
  encoding?: EncodingOption;
  delimiter?: DelimiterOption;
  /** Where rejected rows are listed; default `<output>.rejects.csv`. */
  rejects?: string;
  /** The rejects file is for people: UTF-8 with BOM by default (Excel), or UTF-8, GBK. The pseudonymized output stays plain UTF-8 for the other party's tools. */
  rejectsEncoding?: OutputEncoding;
  /** Copied columns declared not personal data although they look like it, each with the reason. */
  notPii?: NotPiiDeclaration[];
}

export interface PseudonymizeResult {
  input: string;
  output: string;
  rejects: string;
  /** The hashed key's column name in the output: `<key>_<hash>`. */
  keyColumn: string;
  rows: number;
  written: number;
  rejected: number;
  dropped: string[];
  hash: HashAlgorithm;
  keyKind: KeyKind;
  inputSha256: string;
  outputSha256: string;
  seconds: number;
  idsPerSecond: number;
  /** Threads that hashed (2 when a large quote-free file was cut in two). */
  threads: number;
}

/** Files at least this large are split between two threads when they can be. */
const SPLIT_MIN_BYTES = 8 * 1024 * 1024;

function rowPlan(req: PseudonymizeRequest, layout: CsvLayout): { plan: RowPlan; header: string[]; keyColumn: string } {
  const header = sampleCsv(req.input, layout, 0).header;
  const keyIndex = header.indexOf(req.key);
  if (keyIndex < 0) {
    throw new AppError('NOT_FOUND', `${req.input} has no column '${req.key}' (columns: ${header.slice(0, 30).join(', ')}).`, { file: req.input, column: req.key, option: 'key', expected: 'the name of the id column' });
  }
  for (const d of req.drop ?? []) {
    if (!header.includes(d)) throw new AppError('NOT_FOUND', `${req.input} has no column '${d}' to leave out.`, { file: req.input, column: d, option: 'drop' });
  }
  const dropped = new Set(req.drop ?? []);
  const keep = header.map((_, i) => i).filter((i) => i !== keyIndex && !dropped.has(header[i]!));
  const plan: RowPlan = {
    file: req.input, columns: header.length, keyName: req.key, keyIndex, keep, keyKind: req.keyKind, hash: req.hash,
    secret: req.secret, upper: req.upper === true, commaDelimited: layout.delimiter === ',',
  };
  return { plan, header, keyColumn: `${req.key}_${req.hash.replace('-', '_')}` };
}

/**
 * Refuses (writing nothing) when a column copied as is holds raw personal data in more than 1 %
 * of its values: the file is about to go to the other party. Declared columns pass.
 */
function refuseCopiedPii(req: PseudonymizeRequest, names: string[], t: PiiTally): void {
  const declared = new Set((req.notPii ?? []).map((d) => d.column));
  for (let j = 0; j < names.length; j++) {
    if (declared.has(names[j]!)) continue;
    const kinds = Object.entries(t.counts[j]!) as [PiiKind, number][];
    const count = kinds.reduce((n, [, v]) => n + v, 0);
    if (t.present[j] === 0 || count / t.present[j]! <= PII_ROW_SHARE) continue;
    const share = count / t.present[j]!;
    throw new AppError('PII_REFUSED', `${req.input}, column '${names[j]}': ${count.toLocaleString('en')} of ${t.present[j]!.toLocaleString('en')} values (${(share * 100).toFixed(1)}%) look like ${kinds.map(([k]) => PII_LABELS[k]).join(' or ')}, the first in data row ${t.firstRow[j]}. The output goes to the other party: leave the column out, or declare it not personal data with a reason.`, {
      file: req.input, column: names[j], row: t.firstRow[j], expected: `at most ${PII_ROW_SHARE * 100}% values that look like personal data`, got: `${count} values (${(share * 100).toFixed(1)}%)`, option: 'drop | notPii',
    });
  }
}

/**
 * Streams a CSV file into a copy whose id column is replaced by its hash (after normalizing it
 * for its kind), without the dropped columns; rows whose id fails validation go to a rejects file
 * (line, row and reason; never the raw id). Both files are written atomically. A large file
 * with no quoted field is cut at a line break and its second half hashed by `helper` (another
 * thread) into a part file appended afterwards, so both cores work.
 */
export async function pseudonymizeFile(req: PseudonymizeRequest, controls: JobControls, helper?: RangeRunner): Promise<PseudonymizeResult> {
  const started = performance.now();
  if (!fs.existsSync(req.input)) throw new AppError('FILE_NOT_FOUND', `${req.input} does not exist.`, { file: req.input });
  const size = fs.statSync(req.input).size;
  if (size === 0) throw emptyFile(req.input);
  if (req.hash === 'hmac-sha256') requireSecret(req.secret);
  const layout = detectCsvLayout(req.input, req.encoding, req.delimiter);
  const { plan, header, keyColumn } = rowPlan(req, layout);
  const split: SplitPoint | null = helper && size >= SPLIT_MIN_BYTES ? findSplitPoint(req.input, layout) : null;
  const rejectsPath = req.rejects ?? `${req.output}.rejects.csv`;
  const partFile = `${req.output}.part2-${process.pid}`;
  const shared = new SharedArrayBuffer(16);
  const helperState = new Float64Array(shared);
  let second: Promise<RangeResult> | null = null;
  const out = new AtomicCsvWriter(req.output);
  const rej = new AtomicCsvWriter(rejectsPath, { spreadsheetSafe: true, encoding: outputEncoding(req.rejectsEncoding) });
  const inputHash = createHash('sha256');
  try {
    const counts = await writeAllOrNothing([out, rej], async () => {
      out.row([keyColumn, ...plan.keep.map((i) => header[i]!)]);
      rej.row(['line', 'row', 'column', 'reason']);
      if (split) second = helper!({ plan, layout, range: { start: split.at, end: size, firstLine: split.firstLine }, rowsBefore: split.rowsBefore, partFile, shared });
      const rows = new HashRows(plan, (chunk) => out.write(chunk));
      let headerSeen = false;
      let read = 0;
      scan(req.input, layout, {
        record(buf, starts, ends, escaped, count, line) {
          if (headerSeen) rows.record(buf, starts, ends, escaped, count, line);
          else headerSeen = true;
        },
      }, null, () => false, (bytes) => {
        inputHash.update(bytes);
        read += bytes.length;
        if (controls.signal.aborted) throw cancelled();
        const done = read + helperState[0]!;
        controls.onProgress({ phase: 'hash', done, total: size, message: `${(done / 1048576).toFixed(0)} of ${(size / 1048576).toFixed(0)} MB` });
      }, split ? { start: 0, end: split.at, firstLine: 1 } : undefined);
      rows.flush();
      const rejects: Reject[] = rows.rejects;
      let total = rows.rows, written = rows.written;
      if (second) {
        const r: RangeResult = await second;
        second = null;
        copyFileBytes(partFile, 0, (chunk) => out.write(chunk));
        copyFileBytes(req.input, split!.at, (chunk) => inputHash.update(chunk));
        for (const x of r.rejects) rejects.push(x);
        mergeTally(rows.pii, r.pii);
        total += r.rows;
        written += r.written;
      }
      refuseCopiedPii(req, plan.keep.map((i) => header[i]!), rows.pii);
      for (const x of rejects) rej.row([String(x.line), String(x.row), req.key, x.reason]);
      if (total === 0) throw headerOnly(req.input);
      if (written === 0) {
        throw new AppError('INVALID_ARGUMENT', `${req.input}: none of the ${total} ids in column '${req.key}' is a valid ${req.keyKind} id; check the id column and its kind.`, { option: 'key | keyKind',
          file: req.input, column: req.key, expected: `${req.keyKind} ids`,
        });
      }
      return { rows: total, written, rejected: rejects.length };
    });
    const seconds = (performance.now() - started) / 1000;
    return {
      input: req.input, output: req.output, rejects: rejectsPath, keyColumn, ...counts, dropped: req.drop ?? [], hash: req.hash, keyKind: req.keyKind,
      inputSha256: inputHash.digest('hex'), outputSha256: out.sha256, seconds, idsPerSecond: counts.rows / seconds, threads: split ? 2 : 1,
    };
  } finally {
    if (second) {
      // Stop the other thread and wait for it, so its part file is gone before we return.
      helperState[1] = 1;
      await (second as Promise<RangeResult>).catch(() => undefined);
    }
    fs.rmSync(partFile, { force: true });
  }
}
