import type { ErrorCode, WireError } from '../types/errors';
import type { MessageKey, Translator } from './translate';

/** Each error code's sentence (the core's own, in English, says more: the English shell shows that). */
const ERROR_KEYS: Record<ErrorCode, MessageKey> = {
  FILE_NOT_FOUND: 'error.FILE_NOT_FOUND', EMPTY_FILE: 'error.EMPTY_FILE', HEADER_ONLY: 'error.HEADER_ONLY', RAGGED_ROW: 'error.RAGGED_ROW',
  UNTERMINATED_QUOTE: 'error.UNTERMINATED_QUOTE', ROW_TOO_LONG: 'error.ROW_TOO_LONG', DUPLICATE_COLUMN: 'error.DUPLICATE_COLUMN', DUPLICATE_KEY: 'error.DUPLICATE_KEY',
  INVALID_ENCODING: 'error.INVALID_ENCODING', TYPE_MISMATCH: 'error.TYPE_MISMATCH', PII_REFUSED: 'error.PII_REFUSED', PRIVACY_THRESHOLD: 'error.PRIVACY_THRESHOLD',
  HASH_MISMATCH: 'error.HASH_MISMATCH', NO_MATCH: 'error.NO_MATCH', UNSUPPORTED_FORMAT: 'error.UNSUPPORTED_FORMAT', NOT_A_WORKSPACE: 'error.NOT_A_WORKSPACE',
  WORKSPACE_TOO_NEW: 'error.WORKSPACE_TOO_NEW', WORKSPACE_EXISTS: 'error.WORKSPACE_EXISTS', DATASET_EXISTS: 'error.DATASET_EXISTS', ALREADY_EXISTS: 'error.ALREADY_EXISTS',
  NOT_FOUND: 'error.NOT_FOUND', INVALID_ARGUMENT: 'error.INVALID_ARGUMENT', CANCELLED: 'error.CANCELLED', UNAUTHORIZED: 'error.UNAUTHORIZED',
  LEAKAGE_SUSPECTED: 'error.LEAKAGE_SUSPECTED', STALE: 'error.STALE', SIGNATURE_REFUSED: 'error.SIGNATURE_REFUSED', WORKSPACE_BUSY: 'error.WORKSPACE_BUSY',
  PERMISSION_DENIED: 'error.PERMISSION_DENIED', PATH_NOT_ALLOWED: 'error.PATH_NOT_ALLOWED', INTERNAL: 'error.INTERNAL',
};

/** What the error is, in the shell's language: the core's English sentence for English, else the code's sentence. */
export function phraseError(e: WireError, tr: Translator): string {
  const own = e.message.trim();
  if (tr.locale === 'en' && own) return own;
  return tr.t(ERROR_KEYS[e.code] ?? 'error.INTERNAL');
}

/** Where and what: file, line or row, column, option, expected and got, each labelled in the shell's language. */
export function phraseErrorDetails(e: WireError, tr: Translator): string[] {
  const d = e.details ?? {};
  const parts: string[] = [];
  if (d.file) parts.push(tr.t('error.detail.file', { file: String(d.file) }));
  if (d.line !== undefined) parts.push(tr.t('error.detail.line', { line: Number(d.line) }));
  else if (d.row !== undefined) parts.push(tr.t('error.detail.row', { row: Number(d.row) }));
  if (d.column) parts.push(tr.t('error.detail.column', { column: String(d.column) }));
  if (typeof d.option === 'string' && d.option) parts.push(tr.t('error.detail.option', { option: d.option }));
  if (d.expected) parts.push(tr.t('error.detail.expected', { expected: String(d.expected) }));
  if (d.got) parts.push(tr.t('error.detail.got', { got: String(d.got) }));
  return parts;
}
