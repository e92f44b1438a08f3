import type { ColumnData } from '../../types/columns';

import type { PeriodKind } from '../../types/monitor';

export { PERIOD_KINDS, type PeriodKind } from '../../types/monitor';

const DATE_TEXT = /^\s*(\d{4})(?:([-/.])(\d{1,2})(?:\2(\d{1,2}))?|(\d{2})(\d{2})?)(?:[ T].*)?\s*$/;

/** A calendar day (UTC) from text: 2025-03, 2025-03-17, 2025/3/17, 2025.03.17, 202503, 20250317, with any time after the date. Null when it is none of these. */
export function dayOfText(s: string): { y: number; m: number; d: number } | null {
  const x = DATE_TEXT.exec(s);
  if (!x) return null;
  const y = Number(x[1]), m = Number(x[3] ?? x[5]), d = Number(x[4] ?? x[6] ?? 1);
  if (m < 1 || m > 12 || d < 1 || d > 31) return null;
  return { y, m, d };
}

/** The period a day falls in: 2025-03, 2025-Q1, or the ISO week 2025-W11. */
export function periodOfDay(kind: PeriodKind, y: number, m: number, d: number): string {
  if (kind === 'month') return `${y}-${String(m).padStart(2, '0')}`;
  if (kind === 'quarter') return `${y}-Q${Math.floor((m - 1) / 3) + 1}`;
  // ISO 8601 week: the week (Monday first) holding the year's first Thursday is week 1.
  const t = Date.UTC(y, m - 1, d);
  const dow = (new Date(t).getUTCDay() + 6) % 7;
  const thursday = new Date(t + (3 - dow) * 86400000);
  const wy = thursday.getUTCFullYear();
  const week = 1 + Math.floor((thursday.getTime() - Date.UTC(wy, 0, 1)) / (7 * 86400000));
  return `${wy}-W${String(week).padStart(2, '0')}`;
}

/** Each row's period as an index into `labels` (sorted; −1: no readable date) and the first unreadable value met, for the error or warning that names it. */
export interface PeriodColumn {
  codes: Int32Array;
  labels: string[];
  unreadable: number;
  firstUnreadable: { row: number; value: string } | null;
}

/**
 * Periods of a time column: a date column (epoch milliseconds) by its UTC day; text or numbers
 * (202503, 20250317) read as `dayOfText` reads them. Missing values and text that is no date
 * get −1 and are counted.
 */
export function periodColumn(col: ColumnData, kind: PeriodKind, isDate: boolean): PeriodColumn {
  const n = col.kind === 'f64' ? col.values.length : col.codes.length;
  const labelOf = new Map<string, number>();
  const raw = new Int32Array(n);
  let unreadable = 0, firstUnreadable: PeriodColumn['firstUnreadable'] = null;
  const slot = (label: string | null) => {
    if (label === null) return -1;
    let k = labelOf.get(label);
    if (k === undefined) { k = labelOf.size; labelOf.set(label, k); }
    return k;
  };
  const ofText = (s: string) => { const day = dayOfText(s); return day ? periodOfDay(kind, day.y, day.m, day.d) : null; };
  const note = (i: number, value: string) => { unreadable++; if (!firstUnreadable) firstUnreadable = { row: i + 1, value }; };
  if (col.kind === 'i32') {
    const byCode = Int32Array.from(col.dictionary, (s) => slot(ofText(s)));
    for (let i = 0; i < n; i++) {
      const c = col.codes[i]!;
      raw[i] = c < 0 ? -1 : byCode[c]!;
      if (c >= 0 && raw[i] === -1) note(i, col.dictionary[c]!);
    }
  } else {
    const memo = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const v = col.values[i]!;
      if (v !== v) { raw[i] = -1; continue; }
      let k = memo.get(v);
      if (k === undefined) {
        if (isDate) { const t = new Date(v); k = slot(periodOfDay(kind, t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate())); }
        else k = slot(ofText(String(v)));
        memo.set(v, k);
      }
      raw[i] = k;
      if (k === -1) note(i, String(v));
    }
  }
  // Labels in time order (their text sorts so), codes renumbered to match.
  const labels = [...labelOf.keys()].sort();
  const renumber = Int32Array.from(labelOf.values(), () => 0);
  for (const [label, k] of labelOf) renumber[k] = labels.indexOf(label);
  const codes = raw.map((k) => (k < 0 ? -1 : renumber[k]!));
  return { codes, labels, unreadable, firstUnreadable };
}
