import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { AppError } from '../../types/errors';
import { PSI_GROUP, PSI_HASH } from './psi-group';

/**
 * The files two parties exchange, self-describing: a magic line, a JSON header line (format
 * version, step, group, how ids were hashed and normalized, the session, counts, the sha256 of the
 * file it answers), the body (fixed-size records), and the sha256 of everything before it.
 */
export const PSI_MAGIC = 'JOINTSCORE-PSI 1\n';
const TRAILER = 32;

export type PsiStep = 'request' | 'response' | 'reveal';

export interface PsiHeader {
  step: PsiStep;
  group: string;
  hash: string;
  /** The id normalization both parties must share, e.g. `jointscore-v1:phone`. */
  normalization: string;
  /** A random session id party A draws at the start; every later file and state carries it. */
  session: string;
  /** request: A's elements; response: A's elements re-blinded, then B's own (`partner`); reveal: matches. */
  counts: { request: number; partner?: number; matches?: number };
  /** response: the sha256 of the request it answers; reveal: of the response. */
  answers?: string;
  created: string;
}

/** Bytes per body record of each step: elements (32), or a partner position and a join token (4 + 16). */
export const RECORD_BYTES: Record<PsiStep, number> = { request: 32, response: 32, reveal: 20 };

/** How many body records a header announces. */
export function recordCount(h: PsiHeader): number {
  if (h.step === 'request') return h.counts.request;
  if (h.step === 'response') return h.counts.request + (h.counts.partner ?? 0);
  return h.counts.matches ?? 0;
}

/** Writes a PSI file atomically (a temporary file renamed into place); returns its sha256. */
export function writePsiFile(file: string, header: PsiHeader, body: Uint8Array): string {
  if (body.length !== recordCount(header) * RECORD_BYTES[header.step]) throw new AppError('INTERNAL', `PSI body of ${body.length} bytes does not match its header.`, { file });
  const head = Buffer.from(`${PSI_MAGIC}${JSON.stringify(header)}\n`, 'utf8');
  const hash = createHash('sha256').update(head).update(body).digest();
  const tmp = `${file}.partial-${process.pid}`;
  try {
    const fd = fs.openSync(tmp, 'w');
    try {
      fs.writeSync(fd, head);
      fs.writeSync(fd, body);
      fs.writeSync(fd, hash);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  return hash.toString('hex');
}

const refused = (file: string, why: string, expected: string, got: string, code: 'INVALID_ARGUMENT' | 'HASH_MISMATCH' = 'INVALID_ARGUMENT') =>
  new AppError(code, `${file} is not a usable PSI file: ${why}.`, { file, expected, got });

/** A PSI file opened for reading its body in order, checked as it goes. */
export interface PsiReader {
  header: PsiHeader;
  /** The next `count` records. */
  read(count: number): Uint8Array;
  /** Checks the content against its checksum (refusing a changed file) and closes it; returns its sha256. */
  close(): string;
}

const HEAD_LIMIT = 64 * 1024;

/**
 * Opens a PSI file and checks what can be checked before its body is read: its magic, header,
 * size (truncation), step, group and hashing. The body's checksum is checked by `close()`, after
 * the body has streamed through — so a finishing party needs no more than its own table in memory.
 */
export function openPsiFile(file: string, step: PsiStep): PsiReader {
  if (!fs.existsSync(file)) throw new AppError('FILE_NOT_FOUND', `${file} does not exist.`, { file });
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const head = Buffer.alloc(Math.min(HEAD_LIMIT, size));
    fs.readSync(fd, head, 0, head.length, 0);
    const magic = Buffer.from(PSI_MAGIC, 'utf8');
    if (head.length < magic.length || !head.subarray(0, magic.length).equals(magic)) throw refused(file, 'it does not start as a Jointscore PSI file', PSI_MAGIC.trim(), head.subarray(0, 16).toString('latin1').trim());
    const eol = head.indexOf(0x0a, magic.length);
    if (eol < 0) throw refused(file, 'its header is cut short', 'a header line', 'end of file');
    let header: PsiHeader;
    try {
      header = JSON.parse(head.subarray(magic.length, eol).toString('utf8')) as PsiHeader;
    } catch {
      throw refused(file, 'its header is not readable', 'a JSON header', 'unreadable text');
    }
    if (header.step !== step) throw refused(file, `it is a ${String(header.step)} file, where the ${step} file is needed`, step, String(header.step));
    if (header.group !== PSI_GROUP || header.hash !== PSI_HASH) throw refused(file, `it was made in another group or hashing (${String(header.group)}, ${String(header.hash)})`, `${PSI_GROUP}, ${PSI_HASH}`, `${String(header.group)}, ${String(header.hash)}`);
    const bytesPer = RECORD_BYTES[step];
    const expected = eol + 1 + recordCount(header) * bytesPer + TRAILER;
    if (size !== expected) throw refused(file, size < expected ? 'it is truncated' : 'it has bytes after its end', `${expected} bytes`, `${size} bytes`);
    const hash = createHash('sha256').update(head.subarray(0, eol + 1));
    let at = eol + 1;
    return {
      header,
      read(count) {
        const out = Buffer.alloc(count * bytesPer);
        for (let got = 0; got < out.length;) got += fs.readSync(fd, out, got, out.length - got, at + got);
        at += out.length;
        hash.update(out);
        return out;
      },
      close() {
        try {
          const trailer = Buffer.alloc(TRAILER);
          fs.readSync(fd, trailer, 0, TRAILER, expected - TRAILER);
          const sha = hash.digest();
          if (at !== expected - TRAILER || !sha.equals(trailer)) throw refused(file, 'its content does not match its checksum (changed after it was written)', sha.toString('hex'), trailer.toString('hex'), 'HASH_MISMATCH');
          return sha.toString('hex');
        } finally {
          fs.closeSync(fd);
        }
      },
    };
  } catch (err) {
    fs.closeSync(fd);
    throw err;
  }
}

/** Reads and checks a whole PSI file (see openPsiFile): its header, body and sha256. */
export function readPsiFile(file: string, step: PsiStep): { header: PsiHeader; body: Uint8Array; sha256: string } {
  const reader = openPsiFile(file, step);
  let body: Uint8Array;
  try {
    body = reader.read(recordCount(reader.header));
  } catch (err) {
    try { reader.close(); } catch { /* the read error is the one to tell */ }
    throw err;
  }
  return { header: reader.header, body, sha256: reader.close() };
}
