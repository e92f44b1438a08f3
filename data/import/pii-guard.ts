import { isMissingText } from './parse-value';
import { normalizeEmail, normalizeIdCard, normalizePhone } from '../pseudonymize/normalize';

/** Kinds of raw personal data the import refuses to store. */
export type PiiKind = 'phone' | 'idcard' | 'bankcard' | 'email';

export interface PiiFinding {
  column: string;
  kind: PiiKind;
  /** Share of the sampled non-missing values that look like this kind. */
  share: number;
  /** The first data row (from 1) of the sample holding one. */
  firstRow: number;
}

/** Luhn check of a digit string (bank card numbers). */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) { d *= 2; if (d > 9) d -= 9; }
    sum += d;
  }
  return sum % 10 === 0;
}

/** YYMMDD or YYYYMMDD that is a calendar date (for ID numbers stored as numbers). */
function plausibleDate(y: number, m: number, d: number): boolean {
  return m >= 1 && m <= 12 && d >= 1 && d <= 31 && y >= 1900 && y <= 2100;
}

/**
 * What kind of personal data a number is, if any: an 11-digit mainland mobile (13x–19x), a
 * 15-digit first-generation ID (region, YYMMDD, sequence), an 18-digit ID read as a number (its
 * check digit lost to rounding: the birth date must be plausible), or a 16-digit bank card (Luhn).
 */
export function piiKindOfNumber(v: number): PiiKind | null {
  if (!Number.isInteger(v) || v < 1e10) return null;
  if (v >= 1.3e10 && v < 2e10) return 'phone';
  if (v >= 1e14 && v < 1e15) {
    const s = String(v);
    return plausibleDate(1900 + Number(s.slice(6, 8)), Number(s.slice(8, 10)), Number(s.slice(10, 12))) ? 'idcard' : null;
  }
  if (v >= 1e17 && v < 1e18) {
    const s = String(v);
    return plausibleDate(Number(s.slice(6, 10)), Number(s.slice(10, 12)), Number(s.slice(12, 14))) ? 'idcard' : null;
  }
  if (v >= 1e15 && v < 9e15) return luhnValid(String(v)) ? 'bankcard' : null;
  return null;
}

const DETECTORS: [PiiKind, (v: string) => boolean][] = [
  ['idcard', (v) => normalizeIdCard(v).ok || (/^\d{15}$/.test(v) && piiKindOfNumber(Number(v)) === 'idcard')],
  ['phone', (v) => /^[+\d\s\-().]{11,20}$/.test(v) && normalizePhone(v).ok],
  ['bankcard', (v) => { const d = v.replace(/[\s-]/g, ''); return /^\d{16,19}$/.test(d) && !/^(\d)\1+$/.test(d) && luhnValid(d); }],
  ['email', (v) => normalizeEmail(v).ok],
];

/** A Latin letter no phone, ID (its check character X aside) or card number holds. */
const LETTER = /[A-WYZa-wyz]/;

/** The kind of personal data a text value is, if any. */
export function piiKindOfText(v: string): PiiKind | null {
  // Without '@' only digits, separators and X can make personal data: hashed keys and category
  // names (most of what a scan sees) stop at their first letter.
  // Nor can fewer than 11 characters (the shortest, a mobile number) without '@': ids, codes, amounts.
  if (v.indexOf('@') < 0 && (v.length < 11 || LETTER.test(v))) return null;
  for (const [kind, test] of DETECTORS) if (test(v)) return kind;
  return null;
}

/** In the preview, a column is flagged when more than this share of its sampled values match one kind (the import then checks every row). */
export const PII_THRESHOLD = 0.01;

/**
 * Looks for raw personal data in the first rows of each column: mainland mobile numbers,
 * resident ID numbers (check digit), bank card numbers (Luhn) and e-mail addresses. Hashed keys
 * (32/64 hex) never match any of these. The preview's early warning; the import scans every row
 * (pii-scan.ts).
 */
export function detectPii(header: readonly string[], rows: readonly (string | null)[][]): PiiFinding[] {
  const findings: PiiFinding[] = [];
  header.forEach((column, c) => {
    const values = rows.map((r, i) => ({ v: r[c], row: i + 1 })).filter((x): x is { v: string; row: number } => x.v !== null && x.v !== undefined && !isMissingText(x.v)).map((x) => ({ v: x.v.trim(), row: x.row }));
    if (values.length === 0) return;
    for (const [kind, test] of DETECTORS) {
      const hits = values.filter((x) => test(x.v));
      const share = hits.length / values.length;
      if (share > PII_THRESHOLD) { findings.push({ column, kind, share, firstRow: hits[0]!.row }); break; }
    }
  });
  return findings;
}
