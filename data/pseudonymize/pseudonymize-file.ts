import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { AppError } from '../../types/errors';
import type { JobControls } from '../../types/progress';
import { fieldText, type CsvRecordSink } from '../import/csv-tokenizer';
import { detectCsvLayout, scan } from '../import/csv-source';
import type { EncodingOption } from '../import/encoding';
import { checkHeader, emptyFile, headerOnly } from '../import/header';
import type { DelimiterOption } from '../import/sniff';
import { AtomicCsvWriter, csvField, writeAllOrNothing } from './csv-writer';
import { createIdHasher, type HashAlgorithm } from './hash-id';
import { NORMALIZERS, type KeyKind } from './normalize';

const QUOTE = 0x22;

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
}

/**
 * Streams a CSV file into a copy whose id column is replaced by its hash (after normalizing it
 * for its kind), without the dropped columns; rows whose id fails validation go to a rejects file
 * (line, row and reason; never the raw id). Both files are written atomically.
 */
export function pseudonymizeFile(req: PseudonymizeRequest, controls: JobControls): PseudonymizeResult {
  const started = performance.now();
  if (!fs.existsSync(req.input)) throw new AppError('FILE_NOT_FOUND', `${req.input} does not exist.`, { file: req.input });
  const layout = detectCsvLayout(req.input, req.encoding, req.delimiter);
  const hasher = createIdHasher(req.hash, req.secret, req.upper === true);
  const normalize = NORMALIZERS[req.keyKind];
  const rejectsPath = req.rejects ?? `${req.output}.rejects.csv`;
  const out = new AtomicCsvWriter(req.output);
  const rej = new AtomicCsvWriter(rejectsPath);
  const hash = createHash('sha256');
  let header: string[] | null = null;
  let keyIndex = -1;
  let keep: number[] = [];
  let rows = 0, written = 0, rejected = 0;
  const keyColumn = `${req.key}_${req.hash.replace('-', '_')}`;
  const commaDelimited = layout.delimiter === ',';
  const sink: CsvRecordSink = {
    record(buf, starts, ends, escaped, count, line) {
      if (!header) {
        header = checkHeader(Array.from({ length: count }, (_, i) => fieldText(buf, starts[i]!, ends[i]!, escaped[i] === 1)), req.input);
        keyIndex = header.indexOf(req.key);
        if (keyIndex < 0) {
          throw new AppError('NOT_FOUND', `${req.input} has no column '${req.key}' (columns: ${header.slice(0, 30).join(', ')}).`, { file: req.input, column: req.key, expected: 'the id column named by --key' });
        }
        for (const d of req.drop ?? []) {
          if (!header.includes(d)) throw new AppError('NOT_FOUND', `--drop ${d}: ${req.input} has no column '${d}'.`, { file: req.input, column: d });
        }
        const dropped = new Set(req.drop ?? []);
        keep = header.map((_, i) => i).filter((i) => i !== keyIndex && !dropped.has(header![i]!));
        out.row([keyColumn, ...keep.map((i) => header![i]!)]);
        rej.row(['line', 'row', 'column', 'reason']);
        return;
      }
      rows++;
      if (count !== header.length) {
        throw new AppError('RAGGED_ROW', `${req.input}, line ${line} (data row ${rows}): expected ${header.length} fields as in the header, found ${count}.`, {
          file: req.input, line, row: rows, expected: `${header.length} fields`, got: `${count} fields`,
        });
      }
      const n = normalize(fieldText(buf, starts[keyIndex]!, ends[keyIndex]!, escaped[keyIndex] === 1));
      if (!n.ok) {
        rejected++;
        rej.row([String(line), String(rows), req.key, n.value]);
        return;
      }
      out.ascii(hasher(n.value));
      for (const i of keep) {
        out.ascii(',');
        if (commaDelimited) {
          // Copy the field's bytes as they were, quotes included: no decoding, no re-quoting.
          const quoted = starts[i]! > 0 && buf[starts[i]! - 1] === QUOTE;
          out.bytes(buf, quoted ? starts[i]! - 1 : starts[i]!, quoted ? ends[i]! + 1 : ends[i]!);
        } else {
          const text = csvField(fieldText(buf, starts[i]!, ends[i]!, escaped[i] === 1));
          const b = Buffer.from(text, 'utf8');
          out.bytes(b, 0, b.length);
        }
      }
      out.endRow();
      written++;
    },
  };
  writeAllOrNothing([out, rej], () => {
    if (fs.statSync(req.input).size === 0) throw emptyFile(req.input);
    scan(req.input, layout, sink, controls, () => false, (bytes) => hash.update(bytes));
    if (rows === 0) throw headerOnly(req.input);
    if (written === 0) {
      throw new AppError('INVALID_ARGUMENT', `${req.input}: none of the ${rows} ids in column '${req.key}' is a valid ${req.keyKind} id; check --key and --key-kind.`, {
        file: req.input, column: req.key, expected: `${req.keyKind} ids`,
      });
    }
  });
  const seconds = (performance.now() - started) / 1000;
  return {
    input: req.input, output: req.output, rejects: rejectsPath, keyColumn, rows, written, rejected,
    dropped: req.drop ?? [], hash: req.hash, keyKind: req.keyKind, inputSha256: hash.digest('hex'), outputSha256: out.sha256, seconds, idsPerSecond: rows / seconds,
  };
}
