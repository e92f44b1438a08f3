import fs from 'node:fs';
import path from 'node:path';
import { HASH_ALGORITHMS } from '../data/pseudonymize/hash-id';
import { KEY_KINDS } from '../data/pseudonymize/normalize';
import type { PseudonymizeRequest } from '../data/pseudonymize/pseudonymize-file';
import { AppError } from '../types/errors';
import type { PseudonymizeArgs } from './contract';

/** Validates pseudonymize arguments and reads the secret file (trailing line breaks ignored). */
export function pseudonymizeRequest(a: PseudonymizeArgs): PseudonymizeRequest {
  for (const [name, v] of [['input', a.input], ['output', a.output], ['key', a.key]] as const) {
    if (typeof v !== 'string' || v.length === 0) throw new AppError('INVALID_ARGUMENT', `'${name}' is required.`, { expected: 'a non-empty string' });
  }
  if (!KEY_KINDS.includes(a.keyKind)) throw new AppError('INVALID_ARGUMENT', `Unknown key kind '${a.keyKind}'.`, { expected: KEY_KINDS.join(' | '), got: String(a.keyKind) });
  const hash = a.hash ?? 'hmac-sha256';
  if (!HASH_ALGORITHMS.includes(hash)) throw new AppError('INVALID_ARGUMENT', `Unknown hash '${hash}'.`, { expected: HASH_ALGORITHMS.join(' | '), got: hash });
  if (path.resolve(a.input) === path.resolve(a.output)) throw new AppError('INVALID_ARGUMENT', 'The output must be a different file from the input.', { file: a.output });
  let secret: Uint8Array | null = null;
  if (a.secretFile !== undefined) {
    if (!fs.existsSync(a.secretFile)) throw new AppError('FILE_NOT_FOUND', `Secret file ${a.secretFile} does not exist.`, { file: a.secretFile, expected: 'the session secret shared by both parties' });
    const text = fs.readFileSync(a.secretFile, 'utf8').replace(/[\r\n]+$/, '');
    if (text.length === 0) throw new AppError('INVALID_ARGUMENT', `Secret file ${a.secretFile} is empty.`, { file: a.secretFile, expected: 'a non-empty secret' });
    secret = Buffer.from(text, 'utf8');
  }
  if (hash === 'hmac-sha256' && !secret) {
    throw new AppError('INVALID_ARGUMENT', 'HMAC-SHA256 (the default) needs the session secret: pass --secret-file, or choose --hash sha256|md5.', { expected: '--secret-file F' });
  }
  return {
    input: a.input, output: a.output, key: a.key, keyKind: a.keyKind, hash, secret,
    ...(a.upper ? { upper: true } : {}), ...(a.drop ? { drop: a.drop } : {}), ...(a.encoding ? { encoding: a.encoding } : {}), ...(a.delimiter ? { delimiter: a.delimiter } : {}),
  };
}
