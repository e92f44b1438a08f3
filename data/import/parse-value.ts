/**
 * Parsing of field values straight from bytes. Missing values follow pandas' default NA tokens,
 * so a file reads the same here as in `pandas.read_csv`.
 */
export const NA_TOKENS: ReadonlySet<string> = new Set([
  '', '#N/A', '#N/A N/A', '#NA', '-1.#IND', '-1.#QNAN', '-NaN', '-nan', '1.#IND', '1.#QNAN',
  '<NA>', 'N/A', 'NA', 'NULL', 'NaN', 'None', 'n/a', 'nan', 'null',
]);

export function isMissingText(s: string): boolean {
  return NA_TOKENS.has(s.trim());
}

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/** Result codes of the number parsers, beside the value. */
export const PARSE_OK = 0;
export const PARSE_MISSING = 1;
export const PARSE_INVALID = 2;

/** Set by every number parse: `status` is PARSE_OK, PARSE_MISSING or PARSE_INVALID for the last call. */
export const numberParse = { status: PARSE_OK };

/**
 * Parses a decimal number from bytes [s, e). Plain decimals with at most 15 significant digits
 * take an exact fast path (an integer divided or multiplied by an exact power of ten is
 * correctly rounded); anything else goes through `Number()`. Sets `numberParse.status`.
 */
export function parseNumberBytes(buf: Uint8Array, s: number, e: number): number {
  while (s < e && (buf[s] === 0x20 || buf[s] === 0x09)) s++;
  while (e > s && (buf[e - 1] === 0x20 || buf[e - 1] === 0x09)) e--;
  if (s === e) { numberParse.status = PARSE_MISSING; return NaN; }
  let i = s;
  let neg = false;
  const c0 = buf[i]!;
  if (c0 === 0x2d) { neg = true; i++; } else if (c0 === 0x2b) i++;
  let mant = 0;
  let digits = 0;
  let frac = 0;
  let sawDigit = false;
  while (i < e) {
    const d = buf[i]! - 0x30;
    if (d < 0 || d > 9) break;
    sawDigit = true;
    if (digits > 0 || d > 0) digits++;
    mant = mant * 10 + d;
    i++;
  }
  if (i < e && buf[i] === 0x2e) {
    i++;
    while (i < e) {
      const d = buf[i]! - 0x30;
      if (d < 0 || d > 9) break;
      sawDigit = true;
      if (digits > 0 || d > 0) digits++;
      mant = mant * 10 + d;
      frac++;
      i++;
    }
  }
  let exp = 0;
  if (sawDigit && i < e && (buf[i] === 0x65 || buf[i] === 0x45)) {
    i++;
    let eneg = false;
    if (i < e && (buf[i] === 0x2d || buf[i] === 0x2b)) { eneg = buf[i] === 0x2d; i++; }
    let ed = 0;
    const estart = i;
    while (i < e) {
      const d = buf[i]! - 0x30;
      if (d < 0 || d > 9) break;
      ed = ed * 10 + d;
      i++;
    }
    if (i === estart) return slowNumber(buf, s, e);
    exp = eneg ? -ed : ed;
  }
  if (i !== e || !sawDigit) return slowNumber(buf, s, e);
  if (digits > 15) return slowNumber(buf, s, e);
  const p = exp - frac;
  let v: number;
  if (p === 0) v = mant;
  else if (p < 0 && p >= -22) v = mant / POW10[-p]!;
  else if (p > 0 && p <= 22 && digits + p <= 15) v = mant * POW10[p]!;
  else return slowNumber(buf, s, e);
  numberParse.status = PARSE_OK;
  return neg ? -v : v;
}

/** Set by `parsePlainDecimal`: where the digits stopped, and whether they made a plain decimal. */
export const plainDecimal = { end: 0, ok: false };

/**
 * Reads `[-]digits[.digits]` from `s` (at most 15 digits) as `parseNumberBytes` would, stopping at
 * the first other byte (or `len`); `plainDecimal.end` is where it stopped. `plainDecimal.ok` is
 * false when there was no digit or more than 15: the caller then finds the field's end and asks
 * `parseNumberBytes`, which knows every other form (spaces, '+', exponents, NA tokens, 'inf').
 */
export function parsePlainDecimal(buf: Uint8Array, s: number, len: number): number {
  let i = s;
  const neg = i < len && buf[i] === 0x2d;
  if (neg) i++;
  let mant = 0;
  let digits = 0;
  while (i < len) {
    const d = buf[i]! - 0x30;
    if (d < 0 || d > 9) break;
    mant = mant * 10 + d;
    digits++;
    i++;
  }
  let frac = 0;
  if (i < len && buf[i] === 0x2e) {
    i++;
    while (i < len) {
      const d = buf[i]! - 0x30;
      if (d < 0 || d > 9) break;
      mant = mant * 10 + d;
      frac++;
      i++;
    }
  }
  plainDecimal.end = i;
  plainDecimal.ok = digits + frac > 0 && digits + frac <= 15;
  const v = frac === 0 ? mant : mant / POW10[frac]!;
  return neg ? -v : v;
}

function slowNumber(buf: Uint8Array, s: number, e: number): number {
  const text = Buffer.from(buf.buffer, buf.byteOffset + s, e - s).toString('utf8');
  return parseNumberText(text);
}

/** Parses a number from text (trimmed); sets `numberParse.status`. Accepts `inf`/`-inf` as pandas does. */
export function parseNumberText(text: string): number {
  const t = text.trim();
  if (NA_TOKENS.has(t)) { numberParse.status = PARSE_MISSING; return NaN; }
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) {
    // 1e400 is not infinity: a number beyond double range is refused, not stored as ±Infinity.
    const v = Number(t);
    numberParse.status = Number.isFinite(v) ? PARSE_OK : PARSE_INVALID;
    return Number.isFinite(v) ? v : NaN;
  }
  const lower = t.toLowerCase();
  if (lower === 'inf' || lower === '+inf' || lower === 'infinity') { numberParse.status = PARSE_OK; return Infinity; }
  if (lower === '-inf' || lower === '-infinity') { numberParse.status = PARSE_OK; return -Infinity; }
  numberParse.status = PARSE_INVALID;
  return NaN;
}

const DATE_RE = /^(\d{4})([-/.])(\d{1,2})(?:\2(\d{1,2}))?(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const COMPACT_DATE_RE = /^(\d{4})(\d{2})(\d{2})$/;

/**
 * Parses a date or date-time to epoch milliseconds (UTC; a time without zone is taken as UTC,
 * so the same file gives the same values on every machine). Accepts YYYY-MM-DD, YYYY/MM/DD,
 * YYYY.MM.DD, YYYY-MM (first of the month), YYYYMMDD, with an optional time. NaN when not a date.
 */
export function parseDate(text: string): number {
  const t = text.trim();
  let m = DATE_RE.exec(t);
  let y: number, mo: number, d: number;
  let h = 0, mi = 0, sec = 0, ms = 0;
  let zone: string | undefined;
  if (m) {
    y = +m[1]!; mo = +m[3]!; d = m[4] ? +m[4] : 1;
    if (m[5]) { h = +m[5]; mi = +m[6]!; sec = m[7] ? +m[7] : 0; ms = m[8] ? Math.round(+`0.${m[8]}` * 1000) : 0; }
    zone = m[9];
  } else {
    m = COMPACT_DATE_RE.exec(t);
    if (!m) return NaN;
    y = +m[1]!; mo = +m[2]!; d = +m[3]!;
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60) return NaN;
  let v = Date.UTC(y, mo - 1, d, h, mi, sec, ms);
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (check.getUTCDate() !== d) return NaN; // e.g. 2024-02-30
  if (zone && zone !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    v -= sign * (+digits.slice(0, 2) * 60 + +digits.slice(2)) * 60000;
  }
  return v;
}

/** Formats epoch milliseconds as ISO: a date alone when there is no time of day. */
export function formatDate(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.replace('.000Z', 'Z');
}
