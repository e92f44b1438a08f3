import { AppError } from '../../types/errors';

/**
 * How Jointscore writes a CSV meant for people: UTF-8 with a byte-order mark (the default — Excel
 * on a Chinese Windows then opens it as UTF-8 instead of the system's GBK), plain UTF-8, or GBK.
 */
export const OUTPUT_ENCODINGS = ['utf8-bom', 'utf8', 'gbk'] as const;
export type OutputEncoding = (typeof OUTPUT_ENCODINGS)[number];
export const DEFAULT_OUTPUT_ENCODING: OutputEncoding = 'utf8-bom';

export const UTF8_BOM = Uint8Array.of(0xef, 0xbb, 0xbf);

export function isOutputEncoding(v: unknown): v is OutputEncoding {
  return typeof v === 'string' && (OUTPUT_ENCODINGS as readonly string[]).includes(v);
}

/** The encoding asked for (default UTF-8 with BOM), or INVALID_ARGUMENT naming the option. */
export function outputEncoding(v: unknown): OutputEncoding {
  if (v === undefined) return DEFAULT_OUTPUT_ENCODING;
  if (isOutputEncoding(v)) return v;
  throw new AppError('INVALID_ARGUMENT', `A file is written as UTF-8 with BOM, UTF-8 or GBK; got '${String(v)}'.`, { option: 'encoding', expected: OUTPUT_ENCODINGS.join(' | '), got: String(v) });
}

let gbkTable: Map<number, number> | null = null;

/** Code point → GBK double byte, built once from the platform's own GBK decoder (every lead and trail byte). */
function gbkCodes(): Map<number, number> {
  if (gbkTable) return gbkTable;
  const decoder = new TextDecoder('gbk');
  const table = new Map<number, number>();
  const pair = new Uint8Array(2);
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      pair[0] = lead; pair[1] = trail;
      const ch = decoder.decode(pair);
      const cp = ch.codePointAt(0)!;
      if (ch.length === 1 && cp !== 0xfffd && !table.has(cp)) table.set(cp, (lead << 8) | trail);
    }
  }
  gbkTable = table;
  return table;
}

/**
 * Text as GBK bytes; a character GBK cannot hold is refused naming it and its line (never written
 * as a question mark).
 */
export function encodeGbk(text: string, firstLine = 1): Uint8Array {
  const table = gbkCodes();
  const out = new Uint8Array(text.length * 2);
  let n = 0, line = firstLine;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp === 10) line++;
    if (cp < 0x80) { out[n++] = cp; continue; }
    const code = table.get(cp);
    if (code === undefined) {
      throw new AppError('INVALID_ENCODING', `'${ch}' (U+${cp.toString(16).toUpperCase().padStart(4, '0')}) on line ${line} cannot be written in GBK; write UTF-8 (with BOM) instead.`, {
        line, option: 'encoding', expected: 'characters GBK can hold', got: `U+${cp.toString(16).toUpperCase()}`,
      });
    }
    out[n++] = code >> 8; out[n++] = code & 0xff;
  }
  return out.subarray(0, n);
}

const utf8 = new TextEncoder();

/** Writes text chunks in one encoding, the BOM before the first; counts lines for GBK's errors. */
export class EncodedText {
  private started = false;

  /** `line`: the output line the first text starts on (a part of a file written by another thread). */
  constructor(private readonly encoding: OutputEncoding, private line = 1) {}

  encode(text: string): Uint8Array {
    const body = this.encoding === 'gbk' ? encodeGbk(text, this.line) : utf8.encode(text);
    if (this.encoding === 'gbk') for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.line++;
    if (this.started || this.encoding !== 'utf8-bom') { this.started = true; return body; }
    this.started = true;
    const out = new Uint8Array(UTF8_BOM.length + body.length);
    out.set(UTF8_BOM, 0);
    out.set(body, UTF8_BOM.length);
    return out;
  }
}
