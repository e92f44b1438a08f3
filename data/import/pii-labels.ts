import type { PiiKind } from './pii-guard';

/** How a message names each kind of personal data. */
export const PII_LABELS: Record<PiiKind, string> = { phone: 'mobile numbers', idcard: 'ID-card numbers', bankcard: 'bank card numbers', email: 'e-mail addresses' };
