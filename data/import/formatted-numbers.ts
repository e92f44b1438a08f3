import { isMissingText } from './parse-value';

/** Ways numbers get written as text in spreadsheets and exports: thousands separators, %, currency, accounting negatives, full-width digits. */
const FORMATTED: [NumberFormatCode, string, RegExp][] = [
  ['thousands', 'thousands separators (1,000)', /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/],
  ['percent', 'percentages (50%)', /^[+-]?\d+(\.\d+)?\s?[%％]$/],
  ['currency', 'currency signs (¥1000.00)', /^[¥￥$€£]\s?[+-]?[\d,]+(\.\d+)?$|^[+-]?[\d,]+(\.\d+)?\s?(元|RMB|CNY)$/],
  ['accounting', 'accounting negatives ((5))', /^\(\d[\d,]*(\.\d+)?\)$/],
  ['fullwidth', 'full-width digits (１２３)', /^[＋－]?[０-９]+([．.][０-９]+)?$/],
];

/** A text column whose sampled values are (mostly) numbers written as text: which way, and an example. */
export type NumberFormatCode = 'thousands' | 'percent' | 'currency' | 'accounting' | 'fullwidth';

export interface FormattedNumbers {
  column: string;
  /** The way, as a code (each shell names it: i18n `said.format.*`); `how` in English. */
  format: NumberFormatCode;
  how: string;
  example: string;
  share: number;
}

/**
 * Finds text columns that hold numbers in a format the number parser does not read, so the
 * preview can say so instead of importing them as categories without a word.
 */
export function findFormattedNumbers(header: readonly string[], rows: readonly (string | null)[][], textColumns: ReadonlySet<string>): FormattedNumbers[] {
  const out: FormattedNumbers[] = [];
  header.forEach((column, c) => {
    if (!textColumns.has(column)) return;
    const values = rows.map((r) => r[c]).filter((v): v is string => typeof v === 'string' && !isMissingText(v)).map((v) => v.trim());
    if (values.length === 0) return;
    for (const [format, how, re] of FORMATTED) {
      const hits = values.filter((v) => re.test(v));
      if (hits.length / values.length >= 0.8) { out.push({ column, format, how, example: hits[0]!, share: hits.length / values.length }); return; }
    }
  });
  return out;
}
