/**
 * The head of an HTTP/1.x request (request line and header fields), parsed from bytes: what the
 * RTA transport needs and nothing more. Pure; RFC 9112 §3–§6 for the parts it reads.
 */

/** A request the transport refuses before the application sees it. */
export class HeadError extends Error {
  constructor(readonly status: 400 | 411 | 431 | 505, message: string) {
    super(message);
  }
}

export interface RequestHead {
  method: string;
  /** The request target as sent (origin form: path and query). */
  target: string;
  /** 0 for HTTP/1.0, 1 for HTTP/1.1. */
  minor: 0 | 1;
  /** Declared body length; 0 when none is declared. */
  contentLength: number;
  contentType: string | undefined;
  /** The connection ends after this exchange (HTTP/1.0 without keep-alive, or `Connection: close`). */
  close: boolean;
  /** HTTP/1.0 asked for keep-alive: the answer must say so. */
  keepAlive10: boolean;
  /** `Expect: 100-continue`: the client waits for an interim 100 before sending the body. */
  expectContinue: boolean;
}

const CRLFCRLF = Buffer.from('\r\n\r\n');
const CRLF = Buffer.from('\r\n');

/** Index of the blank line ending the head in `buf` (searching from `from`), or -1. */
export function headEnd(buf: Buffer, from = 0): number {
  return buf.indexOf(CRLFCRLF, from);
}

const REQUEST_LINE = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+) (\S+) HTTP\/(\d)\.(\d)$/;

/** Whether the bytes so far can still become a request line (checked once a first line is complete). */
export function plausibleRequestLine(buf: Buffer): boolean {
  const eol = buf.indexOf('\r\n');
  if (eol < 0) return true;
  return REQUEST_LINE.test(buf.toString('latin1', 0, eol));
}

/** tchar (RFC 9110 §5.6.2) by byte. */
const TCHAR = new Uint8Array(256);
for (const c of "!#$%&'*+-.^_`|~") TCHAR[c.charCodeAt(0)] = 1;
for (let c = 0x30; c <= 0x39; c++) TCHAR[c] = 1;
for (let c = 0x41; c <= 0x5a; c++) { TCHAR[c] = 1; TCHAR[c + 32] = 1; }

/** The fields read, by their length and lower-case bytes (the others are skipped without making strings). */
const enum Field { Other, ContentLength, ContentType, Connection, TransferEncoding, Expect }
const FIELDS: [Field, Buffer][] = ([[Field.ContentLength, 'content-length'], [Field.ContentType, 'content-type'], [Field.Connection, 'connection'], [Field.TransferEncoding, 'transfer-encoding'], [Field.Expect, 'expect']] as const)
  .map(([f, name]) => [f, Buffer.from(name, 'latin1')]);

function fieldOf(buf: Buffer, start: number, end: number): Field {
  const n = end - start;
  for (const [f, name] of FIELDS) {
    if (name.length !== n) continue;
    let k = 0;
    while (k < n && (buf[start + k]! | 0x20) === name[k]) k++;
    if (k === n) return f;
  }
  return Field.Other;
}

const isOws = (c: number) => c === 0x20 || c === 0x09;

/**
 * Parses `buf[0, end)` (the head without its final CRLFCRLF), reading bytes in place: only the
 * method, the target and the values of the fields it uses become strings.
 */
export function parseHead(buf: Buffer, end: number): RequestHead {
  let eol = buf.indexOf(CRLF, 0);
  if (eol < 0 || eol > end) eol = end;
  // Request line: method SP target SP HTTP/d.d
  let i = 0;
  while (i < eol && TCHAR[buf[i]!]) i++;
  const sp1 = i;
  if (sp1 === 0 || buf[sp1] !== 0x20) throw new HeadError(400, 'The request line is not "METHOD target HTTP/1.x".');
  i = sp1 + 1;
  while (i < eol && buf[i]! > 0x20 && buf[i]! < 0x7f) i++;
  const sp2 = i;
  if (sp2 === sp1 + 1 || buf[sp2] !== 0x20 || eol - sp2 !== 9 || buf.toString('latin1', sp2 + 1, sp2 + 6) !== 'HTTP/' || buf[sp2 + 7] !== 0x2e || !isDigit(buf[sp2 + 6]!) || !isDigit(buf[sp2 + 8]!)) {
    throw new HeadError(400, 'The request line is not "METHOD target HTTP/1.x".');
  }
  const major = buf[sp2 + 6]! - 0x30, minorDigit = buf[sp2 + 8]! - 0x30;
  if (major !== 1) throw new HeadError(505, `HTTP/${major}.${minorDigit} is not served: HTTP/1.0 and HTTP/1.1 are.`);
  const minor = minorDigit === 0 ? 0 : 1;
  let contentLength = -1, contentType: string | undefined, close = minor === 0, keepAlive10 = false, expectContinue = false, transferEncoding = false;
  let line = 0;
  for (let at = eol + 2; at < end; at = eol + 2) {
    line++;
    eol = buf.indexOf(CRLF, at);
    if (eol < 0 || eol > end) eol = end;
    let c = at;
    while (c < eol && TCHAR[buf[c]!]) c++;
    if (c === at || c === eol || buf[c] !== 0x3a) throw new HeadError(400, `Header line ${line} is not "Name: value".`);
    const field = fieldOf(buf, at, c);
    if (field === Field.Other) continue;
    let v0 = c + 1, v1 = eol;
    while (v0 < v1 && isOws(buf[v0]!)) v0++;
    while (v1 > v0 && isOws(buf[v1 - 1]!)) v1--;
    switch (field) {
      case Field.ContentLength: {
        let n = 0;
        for (let k = v0; k < v1; k++) {
          const d = buf[k]! - 0x30;
          if (d < 0 || d > 9 || k - v0 >= 15) throw new HeadError(400, `Content-Length '${buf.toString('latin1', v0, v1)}' is not a byte count.`);
          n = n * 10 + d;
        }
        if (v0 === v1) throw new HeadError(400, "Content-Length '' is not a byte count.");
        if (contentLength >= 0 && contentLength !== n) throw new HeadError(400, 'Two different Content-Length fields.');
        contentLength = n;
        break;
      }
      case Field.TransferEncoding: transferEncoding = true; break;
      case Field.ContentType: contentType = buf.toString('latin1', v0, v1); break;
      case Field.Connection:
        for (const t of buf.toString('latin1', v0, v1).toLowerCase().split(',')) {
          const token = t.trim();
          if (token === 'close') close = true;
          else if (token === 'keep-alive' && minor === 0) { close = false; keepAlive10 = true; }
        }
        break;
      case Field.Expect: expectContinue = buf.toString('latin1', v0, v1).toLowerCase() === '100-continue'; break;
    }
  }
  if (transferEncoding) throw new HeadError(411, 'Transfer-Encoding bodies are not read: send the body with a Content-Length.');
  if (close) keepAlive10 = false;
  return { method: buf.toString('latin1', 0, sp1), target: buf.toString('latin1', sp1 + 1, sp2), minor, contentLength: Math.max(0, contentLength), contentType, close, keepAlive10, expectContinue };
}

function isDigit(c: number): boolean { return c >= 0x30 && c <= 0x39; }
