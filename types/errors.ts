/**
 * The one error type of Jointscore. Every failure that reaches a person carries a stable
 * `code`, a sentence for a person (`message`) and details that locate it (file, row, column,
 * what was expected). It crosses process boundaries as a plain value (see `toWire`).
 */
export type ErrorCode =
  | 'FILE_NOT_FOUND'
  | 'EMPTY_FILE'
  | 'HEADER_ONLY'
  | 'RAGGED_ROW'
  | 'UNTERMINATED_QUOTE'
  | 'ROW_TOO_LONG'
  | 'DUPLICATE_COLUMN'
  | 'DUPLICATE_KEY'
  | 'INVALID_ENCODING'
  | 'TYPE_MISMATCH'
  | 'PII_REFUSED'
  | 'PRIVACY_THRESHOLD'
  | 'HASH_MISMATCH'
  | 'NO_MATCH'
  | 'UNSUPPORTED_FORMAT'
  | 'NOT_A_WORKSPACE'
  | 'WORKSPACE_TOO_NEW'
  | 'WORKSPACE_EXISTS'
  | 'DATASET_EXISTS'
  | 'ALREADY_EXISTS'
  | 'NOT_FOUND'
  | 'INVALID_ARGUMENT'
  | 'CANCELLED'
  | 'UNAUTHORIZED'
  | 'LEAKAGE_SUSPECTED'
  | 'STALE'
  | 'SIGNATURE_REFUSED'
  | 'INTERNAL';

/** Where an error happened and what was expected there. Rows are 1-based data rows (the header is not counted); `line` is the 1-based physical line. */
export interface ErrorDetails {
  file?: string;
  row?: number;
  line?: number;
  column?: string;
  expected?: string;
  got?: string;
  [key: string]: unknown;
}

/** The wire shape of an error: what crosses IPC, HTTP and worker boundaries. */
export interface WireError {
  code: ErrorCode;
  message: string;
  details: ErrorDetails;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails;

  constructor(code: ErrorCode, message: string, details: ErrorDetails = {}) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
    Object.setPrototypeOf(this, AppError.prototype);
  }

  toWire(): WireError {
    return { code: this.code, message: this.message, details: this.details };
  }

  static fromWire(wire: WireError): AppError {
    return new AppError(wire.code, wire.message, wire.details);
  }
}

/** Turns anything thrown into a WireError, so no exception shape is lost crossing a boundary. */
export function toWireError(err: unknown): WireError {
  if (err instanceof AppError) return err.toWire();
  if (isWireError(err)) return err;
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'INTERNAL', message, details: {} };
}

export function isWireError(value: unknown): value is WireError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as WireError).code === 'string' &&
    typeof (value as WireError).message === 'string'
  );
}

/** A result that crosses a boundary as a value: errors never rely on exceptions surviving IPC. */
export type WireResult<T> = { ok: true; value: T } | { ok: false; error: WireError };
