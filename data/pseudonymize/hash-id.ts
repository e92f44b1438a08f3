import { AppError } from '../../types/errors';
import { hexBigEndian, hexLittleEndian } from './hex';
import { md5Words } from './md5';
import { HmacSha256, sha256Words } from './sha256';

export type HashAlgorithm = 'hmac-sha256' | 'sha256' | 'md5';
export const HASH_ALGORITHMS: readonly HashAlgorithm[] = ['hmac-sha256', 'sha256', 'md5'];

/** A prepared hasher of normalized ids: hex digest, lower case unless `upper`. */
export type IdHasher = (normalized: string) => string;

const encoder = new TextEncoder();
const scratch = new Uint8Array(4096);

/**
 * HMAC-SHA256 with the session secret is the default (a party without the secret cannot reverse
 * or join the ids); plain SHA-256 and MD5 exist because ad platforms exchange device ids so.
 */
export function createIdHasher(algorithm: HashAlgorithm, secret: Uint8Array | null, upper = false): IdHasher {
  const bytesOf = (s: string): number => {
    if (s.length * 3 > scratch.length) throw new AppError('INVALID_ARGUMENT', `An id of ${s.length} characters is too long to hash.`, { expected: 'at most 1,000 characters' });
    return encoder.encodeInto(s, scratch).written;
  };
  if (algorithm === 'hmac-sha256') {
    if (!secret || secret.length === 0) {
      throw new AppError('INVALID_ARGUMENT', 'HMAC-SHA256 needs the session secret (--secret-file): both parties must use the same one.', { expected: 'a non-empty secret file' });
    }
    const h = new HmacSha256(secret);
    return (s) => hexBigEndian(h.words(scratch, 0, bytesOf(s)), upper);
  }
  if (algorithm === 'sha256') return (s) => hexBigEndian(sha256Words(scratch, 0, bytesOf(s)), upper);
  return (s) => hexLittleEndian(md5Words(scratch, 0, bytesOf(s)), upper);
}
