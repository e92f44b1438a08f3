import { isMissingText } from './parse-value';
import { normalizeEmail, normalizeIdCard, normalizePhone } from '../pseudonymize/normalize';

/** Kinds of raw personal data the import refuses to store. */
export type PiiKind = 'phone' | 'idcard' | 'bankcard' | 'email';

export interface PiiFinding {
  column: string;
  kind: PiiKind;
  /** Share of the sampled non-missing values that look like this kind. */
  share: number;
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

const DETECTORS: [PiiKind, (v: string) => boolean][] = [
  ['idcard', (v) => normalizeIdCard(v).ok],
  ['phone', (v) => /^[+\d\s\-().]{11,20}$/.test(v) && normalizePhone(v).ok],
  ['bankcard', (v) => { const d = v.replace(/[\s-]/g, ''); return /^\d{16,19}$/.test(d) && !/^(\d)\1+$/.test(d) && luhnValid(d); }],
  ['email', (v) => normalizeEmail(v).ok],
];

/** A column is flagged when at least this share of its sampled values match one kind. */
export const PII_THRESHOLD = 0.5;

/**
 * Looks for raw personal data in the first rows of each column: mainland mobile numbers,
 * resident ID numbers (check digit), bank card numbers (Luhn) and e-mail addresses. Hashed keys
 * (32/64 hex) never match any of these.
 */
export function detectPii(header: readonly string[], rows: readonly (string | null)[][]): PiiFinding[] {
  const findings: PiiFinding[] = [];
  header.forEach((column, c) => {
    const values = rows.map((r) => r[c]).filter((v): v is string => v !== null && v !== undefined && !isMissingText(v)).map((v) => v.trim());
    if (values.length === 0) return;
    for (const [kind, test] of DETECTORS) {
      const share = values.filter(test).length / values.length;
      if (share >= PII_THRESHOLD) { findings.push({ column, kind, share }); break; }
    }
  });
  return findings;
}
