import { piiKindOfText, type PiiKind } from '../import/pii-guard';
import { fieldText } from '../import/csv-tokenizer';

const AT = 64, PLUS = 43, PAREN = 40;

/** Per copied column: values seen, values that look like personal data (by kind) and the first row of one. Plain data, so a thread can hand it back. */
export interface PiiTally {
  present: number[];
  counts: Partial<Record<PiiKind, number>>[];
  firstRow: number[];
}

export function emptyTally(columns: number): PiiTally {
  return { present: new Array<number>(columns).fill(0), counts: Array.from({ length: columns }, () => ({})), firstRow: new Array<number>(columns).fill(0) };
}

/**
 * Tallies one copied field. Only fields that could be personal data are decoded and tested: at
 * least 11 characters starting with a digit, `+` or `(` (phones, ID and card numbers), or
 * holding an `@` (e-mail addresses) — so ordinary values cost a length check.
 */
export function tallyField(t: PiiTally, col: number, buf: Uint8Array, s: number, e: number, escaped: boolean, row: number): void {
  const len = e - s;
  if (len === 0) return;
  t.present[col]!++;
  if (len < 6 || len > 254) return;
  const b0 = buf[s]!;
  const numberLike = len >= 11 && ((b0 >= 48 && b0 <= 57) || b0 === PLUS || b0 === PAREN);
  if (!numberLike && buf.subarray(s, e).indexOf(AT) < 0) return;
  const kind = piiKindOfText(fieldText(buf, s, e, escaped).trim());
  if (!kind) return;
  const c = t.counts[col]!;
  c[kind] = (c[kind] ?? 0) + 1;
  if (t.firstRow[col] === 0 || row < t.firstRow[col]!) t.firstRow[col] = row;
}

/** Adds another part's tally (the second half of a file, from another thread). */
export function mergeTally(into: PiiTally, other: PiiTally): void {
  other.present.forEach((n, i) => {
    into.present[i]! += n;
    for (const [k, v] of Object.entries(other.counts[i]!) as [PiiKind, number][]) into.counts[i]![k] = (into.counts[i]![k] ?? 0) + v;
    if (other.firstRow[i]! > 0 && (into.firstRow[i] === 0 || other.firstRow[i]! < into.firstRow[i]!)) into.firstRow[i] = other.firstRow[i]!;
  });
}
