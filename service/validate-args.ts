import { AppError } from '../types/errors';

/**
 * The checks every handler applies to what arrives from a process boundary (IPC, HTTP, the CLI):
 * one wording, and the option named in the details so each shell can phrase it.
 */
export function str(value: unknown, option: string): string {
  if (typeof value !== 'string' || value.length === 0) throw new AppError('INVALID_ARGUMENT', `'${option}' must be a non-empty string.`, { option, expected: 'a string', got: String(value) });
  return value;
}

/** One of a fixed set of values; `undefined` stays undefined (the default applies). */
export function oneOf<T extends string>(value: unknown, allowed: readonly T[], option: string, what: string): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new AppError('INVALID_ARGUMENT', `${what} must be ${allowed.slice(0, -1).join(', ')}${allowed.length > 1 ? ' or ' : ''}${allowed[allowed.length - 1]}; got '${String(value)}'.`, { option, expected: allowed.join(' | '), got: String(value) });
}

/** An artifact id (model, scorecard, strategy): a positive whole number, given as a number or its digits. */
export function id(value: unknown, option: string): number {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n <= 0) throw new AppError('INVALID_ARGUMENT', `'${option}' must be an id (a positive whole number); got '${String(value)}'.`, { option, expected: 'an id such as 3', got: String(value) });
  return n;
}

/** A number (ports, cut-offs): given as a number or its text. */
export function num(value: unknown, option: string): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) throw new AppError('INVALID_ARGUMENT', `'${option}' must be a number; got '${String(value)}'.`, { option, expected: 'a number', got: String(value) });
  return n;
}
