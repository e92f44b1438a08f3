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

/** Index of the blank line ending the head in `buf` (searching from `from`), or -1. */
export function headEnd(buf: Buffer, from = 0): number {
  return buf.indexOf(CRLFCRLF, from);
}

const REQUEST_LINE = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+) (\S+) HTTP\/(\d)\.(\d)$/;
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Whether the bytes so far can still become a request line (checked once a first line is complete). */
export function plausibleRequestLine(buf: Buffer): boolean {
  const eol = buf.indexOf('\r\n');
  if (eol < 0) return true;
  return REQUEST_LINE.test(buf.toString('latin1', 0, eol));
}

/** Parses `buf[0, end)` (the head without its final CRLFCRLF). */
export function parseHead(buf: Buffer, end: number): RequestHead {
  const lines = buf.toString('latin1', 0, end).split('\r\n');
  const m = REQUEST_LINE.exec(lines[0]!);
  if (!m) throw new HeadError(400, 'The request line is not "METHOD target HTTP/1.x".');
  if (m[3] !== '1') throw new HeadError(505, `HTTP/${m[3]}.${m[4]} is not served: HTTP/1.0 and HTTP/1.1 are.`);
  const minor = m[4] === '0' ? 0 : 1;
  let contentLength = -1, contentType: string | undefined, close = minor === 0, keepAlive10 = false, expectContinue = false, transferEncoding = false;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const colon = line.indexOf(':');
    if (colon <= 0 || line.charCodeAt(0) === 32 || line.charCodeAt(0) === 9) throw new HeadError(400, `Header line ${i} is not "Name: value".`);
    const name = line.slice(0, colon).toLowerCase();
    if (!TOKEN.test(name)) throw new HeadError(400, `Header line ${i} has an invalid field name.`);
    const value = line.slice(colon + 1).trim();
    switch (name) {
      case 'content-length': {
        if (!/^\d{1,15}$/.test(value)) throw new HeadError(400, `Content-Length '${value}' is not a byte count.`);
        const n = Number(value);
        if (contentLength >= 0 && contentLength !== n) throw new HeadError(400, 'Two different Content-Length fields.');
        contentLength = n;
        break;
      }
      case 'transfer-encoding': transferEncoding = true; break;
      case 'content-type': contentType = value; break;
      case 'connection':
        for (const t of value.toLowerCase().split(',')) {
          const token = t.trim();
          if (token === 'close') close = true;
          else if (token === 'keep-alive' && minor === 0) { close = false; keepAlive10 = true; }
        }
        break;
      case 'expect': expectContinue = value.toLowerCase() === '100-continue'; break;
      default: break;
    }
  }
  if (transferEncoding) throw new HeadError(411, 'Transfer-Encoding bodies are not read: send the body with a Content-Length.');
  if (close) keepAlive10 = false;
  return { method: m[1]!, target: m[2]!, minor, contentLength: Math.max(0, contentLength), contentType, close, keepAlive10, expectContinue };
}
