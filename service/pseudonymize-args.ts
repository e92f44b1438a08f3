import fs from 'node:fs';
import path from 'node:path';
import { HASH_ALGORITHMS } from '../data/pseudonymize/hash-id';
import { KEY_KINDS } from '../data/pseudonymize/normalize';
import type { PseudonymizeRequest } from '../data/pseudonymize/pseudonymize-file';
import { AppError } from '../types/errors';
import { readSecretFile } from '../data/pseudonymize/secret-file';
import { requireReasons } from '../data/import/pii-labels';
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
  if (hash === 'hmac-sha256' && a.secretFile === undefined) {
    throw new AppError('INVALID_ARGUMENT', 'HMAC-SHA256 (the default) needs the session secret file, or choose a plain hash (sha256, md5).', { option: 'secretFile', expected: 'the session secret file, or hash sha256 | md5' });
  }
  const secret = a.secretFile !== undefined ? readSecretFile(a.secretFile) : null;
  requireReasons(a.notPii);
  // An output is written only where nothing is, unless replacing it was chosen.
  if (!a.overwrite && fs.existsSync(a.output)) throw new AppError('ALREADY_EXISTS', `${a.output} already exists; choose another output file, or choose to replace it.`, { file: a.output, option: 'overwrite', expected: 'a new file' });
  return {
    input: a.input, output: a.output, key: a.key, keyKind: a.keyKind, hash, secret,
    ...(a.notPii?.length ? { notPii: a.notPii } : {}),
    ...(a.upper ? { upper: true } : {}), ...(a.drop ? { drop: a.drop } : {}), ...(a.encoding ? { encoding: a.encoding } : {}), ...(a.delimiter ? { delimiter: a.delimiter } : {}),
  };
}
