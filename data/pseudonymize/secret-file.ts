import fs from 'node:fs';
import { AppError } from '../../types/errors';

/** The shortest session secret accepted: 16 bytes (128 bits) — `jointscore secret generate` writes 32. */
export const MIN_SECRET_BYTES = 16;

/**
 * Reads a session secret file (trailing line breaks ignored). Refuses a missing or empty file, a
 * secret shorter than 16 bytes (guessable), and — where the OS has permissions — a file that
 * other users can read: whoever holds the secret can test guessed phone numbers against the hashes.
 */
export function readSecretFile(file: string | undefined): Uint8Array {
  if (!file) throw new AppError('INVALID_ARGUMENT', 'Hashing ids with HMAC-SHA256 needs the session secret file.', { option: 'secretFile', expected: 'the session secret file shared by both parties' });
  if (!fs.existsSync(file)) throw new AppError('FILE_NOT_FOUND', `Secret file ${file} does not exist.`, { file, option: 'secretFile', expected: 'the session secret shared by both parties' });
  if (process.platform !== 'win32') {
    const mode = fs.statSync(file).mode & 0o777;
    if ((mode & 0o077) !== 0) throw new AppError('INVALID_ARGUMENT', `Secret file ${file} can be read by other users of this machine (mode ${mode.toString(8)}); make it readable by you only (chmod 600).`, { file, option: 'secretFile', expected: 'mode 600', got: mode.toString(8) });
  }
  const secret = Buffer.from(fs.readFileSync(file, 'utf8').replace(/[\r\n]+$/, ''), 'utf8');
  if (secret.length === 0) throw new AppError('INVALID_ARGUMENT', `Secret file ${file} is empty.`, { file, option: 'secretFile', expected: 'a non-empty secret' });
  if (secret.length < MIN_SECRET_BYTES) throw new AppError('INVALID_ARGUMENT', `The secret in ${file} is ${secret.length} bytes; a session secret needs at least ${MIN_SECRET_BYTES} (a short one can be guessed). Make one with "New secret" or \`jointscore secret generate\`.`, { file, option: 'secretFile', expected: `at least ${MIN_SECRET_BYTES} bytes`, got: `${secret.length} bytes` });
  return secret;
}
