import fs from 'node:fs';
import { AppError } from '../../types/errors';
import type { PsiScalar } from './psi-group';

/**
 * What a party keeps between its steps, in a file only its owner can read (mode 600): the secret
 * scalar, the session, which input it hashed (path and sha256, its key column and kind), and for
 * each element it sent, in the order sent, the input's data row it came from. Never sent, never
 * logged.
 */
export interface PsiState {
  role: 'A' | 'B';
  session: string;
  scalar: PsiScalar;
  input: string;
  inputSha256: string;
  key: string;
  keyKind: string;
  /** Data row (from 1) of each element in the order the party sent them. */
  rows: Uint32Array;
  /** B: the sha256 of the response it wrote (a reveal must answer it). */
  sent?: string;
}

const FORMAT = 'jointscore-psi-state';

/** Writes the state readable by its owner only, atomically. */
export function writePsiState(file: string, s: PsiState): void {
  const text = JSON.stringify({
    format: FORMAT, version: 1, role: s.role, session: s.session, input: s.input, inputSha256: s.inputSha256, key: s.key, keyKind: s.keyKind, sent: s.sent,
    scalar: { d: Buffer.from(s.scalar.d).toString('base64'), x: Buffer.from(s.scalar.x).toString('base64') },
    rows: Buffer.from(s.rows.buffer, s.rows.byteOffset, s.rows.byteLength).toString('base64'),
  });
  const tmp = `${file}.partial-${process.pid}`;
  try {
    fs.writeFileSync(tmp, text, { mode: 0o600 });
    fs.chmodSync(tmp, 0o600);
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}

/** Reads a state file, refusing one others can read, one of the other role, or one that is not a PSI state. */
export function readPsiState(file: string, role: 'A' | 'B'): PsiState {
  if (!fs.existsSync(file)) throw new AppError('FILE_NOT_FOUND', `${file} does not exist.`, { file });
  if (process.platform !== 'win32') {
    const mode = fs.statSync(file).mode & 0o777;
    if ((mode & 0o077) !== 0) throw new AppError('INVALID_ARGUMENT', `${file} holds a PSI secret and can be read by other users of this machine (mode ${mode.toString(8)}); make it readable by you only (chmod 600).`, { file, expected: 'mode 600', got: mode.toString(8) });
  }
  let j: Record<string, unknown>;
  try {
    j = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    throw new AppError('INVALID_ARGUMENT', `${file} is not a PSI state file.`, { file, expected: 'the .key file the earlier step wrote', got: 'unreadable text' });
  }
  if (j.format !== FORMAT || j.version !== 1) throw new AppError('INVALID_ARGUMENT', `${file} is not a PSI state file.`, { file, expected: FORMAT, got: String(j.format) });
  if (j.role !== role) throw new AppError('INVALID_ARGUMENT', `${file} is party ${String(j.role)}'s state; this step needs party ${role}'s.`, { file, expected: `party ${role}`, got: `party ${String(j.role)}` });
  const scalar = j.scalar as { d: string; x: string };
  const rows = Buffer.from(String(j.rows), 'base64');
  return {
    role, session: String(j.session), input: String(j.input), inputSha256: String(j.inputSha256), key: String(j.key), keyKind: String(j.keyKind),
    ...(typeof j.sent === 'string' ? { sent: j.sent } : {}),
    scalar: { d: Buffer.from(scalar.d, 'base64'), x: Buffer.from(scalar.x, 'base64') },
    rows: new Uint32Array(rows.buffer.slice(rows.byteOffset, rows.byteOffset + rows.byteLength)),
  };
}
