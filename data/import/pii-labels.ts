import { AppError } from '../../types/errors';
import type { PiiKind } from './pii-guard';

/** How a message names each kind of personal data. */
export const PII_LABELS: Record<PiiKind, string> = { phone: 'mobile numbers', idcard: 'ID-card numbers', bankcard: 'bank card numbers', email: 'e-mail addresses' };

/** A column declared not personal data although it looks like it, and why (recorded in the audit log). */
export interface NotPiiDeclaration {
  column: string;
  reason: string;
}

/** Refuses a declaration without a reason: the audit log must say why a column passed. */
export function requireReasons(declared: readonly NotPiiDeclaration[] | undefined): void {
  for (const d of declared ?? []) {
    if (typeof d.reason !== 'string' || d.reason.trim().length < 3) {
      throw new AppError('INVALID_ARGUMENT', `Declaring '${d.column}' not personal data needs a reason (it goes into the audit log).`, { column: d.column, option: 'notPii', expected: 'a reason', got: String(d.reason ?? '') });
    }
  }
}
