import { isUtf8 } from 'node:buffer';
import { AppError } from '../../types/errors';

/** Text encodings Jointscore reads. `gbk` is decoded as GB18030, its superset. */
export type Encoding = 'utf8' | 'gbk' | 'utf16le' | 'utf16be';
export type EncodingOption = 'auto' | Encoding;
export const ENCODING_OPTIONS: readonly EncodingOption[] = ['auto', 'utf8', 'gbk', 'utf16le', 'utf16be'];

export function parseEncodingOption(v: string): EncodingOption {
  const norm = v.toLowerCase().replace(/[-_]/g, '');
  if (norm === 'utf8' || norm === 'utf8bom') return 'utf8';
  if (norm === 'gbk' || norm === 'gb18030' || norm === 'gb2312' || norm === 'cp936') return 'gbk';
  if (norm === 'utf16le' || norm === 'utf16') return 'utf16le';
  if (norm === 'utf16be') return 'utf16be';
  if (norm === 'auto') return 'auto';
  throw new AppError('INVALID_ARGUMENT', `Unknown encoding '${v}'.`, { expected: ENCODING_OPTIONS.join(' | '), got: v });
}

export interface DetectedEncoding {
  encoding: Encoding;
  /** Bytes of byte-order mark to skip at the start of the file. */
  bom: number;
}

const WHATWG_LABEL: Record<Encoding, string> = { utf8: 'utf-8', gbk: 'gb18030', utf16le: 'utf-16le', utf16be: 'utf-16be' };

/** Length of the byte-order mark of `encoding` at the start of `head`, if any. */
export function bomLength(head: Uint8Array, encoding: Encoding): number {
  if (encoding === 'utf8' && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 3;
  if (encoding === 'utf16le' && head[0] === 0xff && head[1] === 0xfe) return 2;
  if (encoding === 'utf16be' && head[0] === 0xfe && head[1] === 0xff) return 2;
  return 0;
}

/**
 * UTF-16 without a byte-order mark: text that is mostly ASCII has a zero in every other byte
 * (the high byte: first in big-endian, second in little-endian).
 */
function utf16WithoutBom(head: Uint8Array): Encoding | null {
  const n = Math.min(head.length, 4096) & ~1;
  if (n < 8) return null;
  let evenZeros = 0, oddZeros = 0;
  for (let i = 0; i < n; i += 2) { if (head[i] === 0) evenZeros++; if (head[i + 1] === 0) oddZeros++; }
  const pairs = n / 2;
  if (oddZeros > pairs * 0.3 && evenZeros < pairs * 0.05) return 'utf16le';
  if (evenZeros > pairs * 0.3 && oddZeros < pairs * 0.05) return 'utf16be';
  return null;
}

/** Counts well-formed UTF-8 multi-byte sequences and bytes that break UTF-8. */
function utf8Sequences(b: Uint8Array): { valid: number; invalid: number } {
  let valid = 0, invalid = 0;
  for (let i = 0; i < b.length;) {
    const c = b[i]!;
    if (c < 0x80) { i++; continue; }
    const len = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
    let ok = len > 0 && i + len <= b.length;
    for (let k = 1; ok && k < len; k++) ok = (b[i + k]! & 0xc0) === 0x80;
    if (ok) { valid++; i += len; } else { invalid++; i++; }
  }
  return { valid, invalid };
}

/**
 * Detects the encoding from the first bytes of a file: a byte-order mark wins; else UTF-16 by its
 * zero bytes; else UTF-8 when valid — or mostly valid, so a stray line is refused by number rather
 * than the whole file read as GBK —; else GB18030/GBK (what Chinese lenders' Excel exports use);
 * else an error.
 */
export function detectEncoding(head: Uint8Array, file: string, truncated: boolean): DetectedEncoding {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf8', bom: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf16le', bom: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf16be', bom: 2 };
  const bomless = utf16WithoutBom(head);
  if (bomless) return { encoding: bomless, bom: 0 };
  const cut = truncated ? head.subarray(0, Math.max(0, head.lastIndexOf(0x0a) + 1)) : head;
  if (isUtf8(cut)) return { encoding: 'utf8', bom: 0 };
  // Mostly UTF-8 with a few bad bytes (a GBK line pasted in, one broken character) stays UTF-8:
  // read as GBK the whole file would turn to mojibake; as UTF-8 the bad line is refused by number.
  const { valid, invalid } = utf8Sequences(cut);
  if (valid >= 8 && invalid * 4 <= valid) return { encoding: 'utf8', bom: 0 };
  try {
    new TextDecoder('gb18030', { fatal: true }).decode(cut);
    return { encoding: 'gbk', bom: 0 };
  } catch {
    throw new AppError('INVALID_ENCODING', `${file}: the text is neither UTF-8 nor GBK/GB18030. Re-export it as UTF-8 or name its encoding.`, {
      file, expected: 'UTF-8, UTF-8 with BOM, GBK/GB18030 or UTF-16 text',
    });
  }
}

/**
 * Turns a stream of bytes in `encoding` into UTF-8 bytes for the tokenizer. UTF-8 passes through
 * untouched (the tokenizer validates it); other encodings are decoded strictly, and invalid bytes
 * are reported with the line they sit on.
 */
export class Utf8Transcoder {
  private readonly decoder: TextDecoder | null;
  private linesBefore = 0;
  private bomToSkip: number;

  /** `firstLine`: the number of the line the bytes start on (a part of a file read on its own). */
  constructor(readonly encoding: Encoding, private readonly file: string, bom: number, firstLine = 1) {
    this.decoder = encoding === 'utf8' ? null : new TextDecoder(WHATWG_LABEL[encoding], { fatal: true, ignoreBOM: true });
    this.bomToSkip = bom;
    this.linesBefore = firstLine - 1;
  }

  push(chunk: Uint8Array, final: boolean): Uint8Array {
    if (this.bomToSkip > 0) {
      const skip = Math.min(this.bomToSkip, chunk.length);
      chunk = chunk.subarray(skip);
      this.bomToSkip -= skip;
    }
    if (!this.decoder) return chunk;
    let text: string;
    try {
      text = this.decoder.decode(chunk, { stream: !final });
    } catch {
      throw this.locateInvalid(chunk);
    }
    this.linesBefore += countLines(text);
    return Buffer.from(text, 'utf8');
  }

  private locateInvalid(chunk: Uint8Array): AppError {
    const loose = new TextDecoder(WHATWG_LABEL[this.encoding]).decode(chunk);
    const at = loose.indexOf('\uFFFD');
    const before = at >= 0 ? loose.slice(0, at) : loose;
    const line = this.linesBefore + countLines(before) + 1;
    return new AppError('INVALID_ENCODING', `${this.file}, line ${line}: bytes that are not valid ${this.encoding.toUpperCase()}. Check the file's encoding.`, {
      file: this.file, line, expected: `valid ${this.encoding} text`,
    });
  }
}

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
