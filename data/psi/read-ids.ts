import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { AppError } from '../../types/errors';
import type { JobControls } from '../../types/progress';
import { detectCsvLayout, sampleCsv, scan } from '../import/csv-source';
import { fieldText } from '../import/csv-tokenizer';
import { cancelled } from '../import/cancel';
import { raggedRow } from '../pseudonymize/hash-rows';
import { KEY_KINDS, NORMALIZERS, type KeyKind } from '../pseudonymize/normalize';

/** A party's ids as the protocol takes them: each distinct normalized id once, with the data row it first appears on. */
export interface PartyIds {
  ids: string[];
  /** Data row (from 1) of each id. */
  rows: Uint32Array;
  /** Data rows read, rows whose id could not be normalized, rows repeating an earlier id. */
  read: number;
  invalid: number;
  duplicates: number;
  sha256: string;
}

/** Checks a key kind named by a user. */
export function keyKindOf(kind: string): KeyKind {
  if (!(KEY_KINDS as readonly string[]).includes(kind)) throw new AppError('INVALID_ARGUMENT', `Unknown key kind '${kind}'.`, { option: 'keyKind', expected: KEY_KINDS.join(', '), got: kind });
  return kind as KeyKind;
}

/**
 * Reads one column of a CSV file and normalizes each id as `pseudonymize` does (both parties
 * must normalize alike to match). Ids that cannot be normalized are counted and left out; a
 * repeated id keeps its first row.
 */
export function readPartyIds(file: string, key: string, kind: KeyKind, controls: JobControls): PartyIds {
  if (!fs.existsSync(file)) throw new AppError('FILE_NOT_FOUND', `${file} does not exist.`, { file });
  const layout = detectCsvLayout(file);
  const { header } = sampleCsv(file, layout, 1);
  const col = header.indexOf(key);
  if (col < 0) throw new AppError('NOT_FOUND', `${file} has no column '${key}' (columns: ${header.join(', ')}).`, { file, column: key, expected: header.join(', '), got: key });
  const normalize = NORMALIZERS[kind];
  const seen = new Map<string, number>();
  const rows: number[] = [];
  const hash = createHash('sha256');
  let row = -1, invalid = 0, duplicates = 0;
  scan(file, layout, {
    record(buf, starts, ends, escaped, count, line) {
      row += 1;
      if (row === 0) return;
      if (count !== header.length) throw raggedRow(file, line, row, header.length, count);
      const n = normalize(fieldText(buf, starts[col]!, ends[col]!, escaped[col] === 1));
      if (!n.ok) { invalid += 1; return; }
      if (seen.has(n.value)) { duplicates += 1; return; }
      seen.set(n.value, rows.length);
      rows.push(row);
    },
  }, controls, () => false, (b) => hash.update(b));
  if (controls.signal.aborted) throw cancelled();
  return { ids: [...seen.keys()], rows: Uint32Array.from(rows), read: Math.max(0, row), invalid, duplicates, sha256: hash.digest('hex') };
}
