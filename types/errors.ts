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
  | 'WORKSPACE_BUSY'
  | 'PERMISSION_DENIED'
  /** A path the app was not given (not picked in a dialog, not in a folder it may use). */
  | 'PATH_NOT_ALLOWED'
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

/** Node's and SQLite's own error codes, as ours: what a person can act on. */
const SYSTEM_CODES: Record<string, ErrorCode> = {
  ENOENT: 'FILE_NOT_FOUND', EACCES: 'PERMISSION_DENIED', EPERM: 'PERMISSION_DENIED', EROFS: 'PERMISSION_DENIED', EISDIR: 'INVALID_ARGUMENT', ENOTDIR: 'INVALID_ARGUMENT',
  EEXIST: 'ALREADY_EXISTS', SQLITE_BUSY: 'WORKSPACE_BUSY', SQLITE_LOCKED: 'WORKSPACE_BUSY', SQLITE_CONSTRAINT_UNIQUE: 'ALREADY_EXISTS', SQLITE_CONSTRAINT_PRIMARYKEY: 'ALREADY_EXISTS',
};

/** A raw Node or SQLite error, wrapped: its code mapped, its message kept (never an empty error), the file it names in the details. */
function wrapSystemError(err: Error & { code?: unknown; path?: unknown; syscall?: unknown }): WireError {
  const raw = typeof err.code === 'string' ? err.code : '';
  const code = SYSTEM_CODES[raw] ?? 'INTERNAL';
  const file = typeof err.path === 'string' ? err.path : undefined;
  const message = code === 'WORKSPACE_BUSY'
    ? 'The workspace is busy: another process or a long job is writing to it. Try again when it has finished.'
    : err.message || raw || err.name;
  return { code, message, details: { ...(file ? { file } : {}), ...(raw ? { got: raw } : {}) } };
}

/** Turns anything thrown into a WireError, so no exception shape is lost crossing a boundary. */
export function toWireError(err: unknown): WireError {
  if (err instanceof AppError) return err.toWire();
  if (err instanceof Error) return wrapSystemError(err);
  if (isWireError(err)) return err;
  return { code: 'INTERNAL', message: String(err), details: {} };
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
