import { AppError } from '../../types/errors';
import { BatchIdHasher, MAX_ID_BYTES, type HashAlgorithm } from './wasm/id-hash';

export type { HashAlgorithm } from './wasm/id-hash';
export const HASH_ALGORITHMS: readonly HashAlgorithm[] = ['hmac-sha256', 'sha256', 'md5'];

/** A prepared hasher of normalized ids: hex digest, lower case unless `upper`. */
export type IdHasher = (normalized: string) => string;

/** HMAC needs the shared session secret: both parties must hash with the same one. */
export function requireSecret(secret: Uint8Array | null): asserts secret is Uint8Array {
  if (!secret || secret.length === 0) {
    throw new AppError('INVALID_ARGUMENT', 'HMAC-SHA256 needs the session secret file: both parties must use the same one.', { option: 'secretFile', expected: 'a non-empty secret file' });
  }
}

const encoder = new TextEncoder();

/**
 * One id at a time (e.g. hashing a column at import). HMAC-SHA256 with the session secret is the
 * default (a party without the secret cannot reverse or join the ids); plain SHA-256 and MD5
 * exist because ad platforms exchange device ids so. Same WebAssembly code as the batch path.
 */
export function createIdHasher(algorithm: HashAlgorithm, secret: Uint8Array | null, upper = false): IdHasher {
  if (algorithm === 'hmac-sha256') requireSecret(secret);
  const hasher = new BatchIdHasher(algorithm, secret, upper);
  return (s) => {
    const bytes = encoder.encode(s);
    if (bytes.length > MAX_ID_BYTES) throw new AppError('INVALID_ARGUMENT', `An id of ${bytes.length} bytes is too long to hash.`, { expected: `at most ${MAX_ID_BYTES} bytes` });
    return hasher.hashOne(bytes, 0, bytes.length);
  };
}
