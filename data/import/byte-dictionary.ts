import { NA_TOKENS } from './parse-value';

const EMPTY = -2;
const MISSING = -1;
const decoder = new TextDecoder('utf-8');
/** First bytes an NA token can start with ('#', '-', '1', '<', 'N', 'n'); other values skip the check. */
const NA_FIRST = new Uint8Array(256);
for (const t of NA_TOKENS) if (t.length > 0) NA_FIRST[t.charCodeAt(0)] = 1;
NA_FIRST[0x20] = 1;
NA_FIRST[0x09] = 1;

/** A dictionary's values as UTF-8 bytes, for moving it between threads without a string per value. */
export interface DictionaryBytes {
  bytes: Uint8Array;
  starts: Int32Array;
  lengths: Int32Array;
}

/**
 * Dictionary coding straight from bytes: an open-addressing hash table keyed on the UTF-8 bytes
 * of a value, so a repeated category costs a hash and a byte compare, not a string. A string is
 * built once per distinct value. Values that read as missing (pandas' NA tokens) map to −1.
 */
export class ByteDictionary {
  /** Per slot: the code (≥ 0), MISSING for an NA token, EMPTY when free; and the key's hash, start in the arena and length. */
  private slotCode: Int32Array = new Int32Array(1024).fill(EMPTY);
  private slotHash: Int32Array = new Int32Array(1024);
  private slotStart: Int32Array = new Int32Array(1024);
  private slotLength: Int32Array = new Int32Array(1024);
  private arena: Uint8Array = new Uint8Array(4096);
  private arenaUsed = 0;
  private keys = 0;
  /** The distinct values in code order. */
  readonly values: string[] = [];

  /** The code of bytes [start, end) of `buf`, adding it when new. */
  code(buf: Uint8Array, start: number, end: number): number {
    let h = 0x811c9dc5 | 0;
    for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i]!, 0x01000193);
    const codes = this.slotCode;
    const hashes = this.slotHash;
    const mask = codes.length - 1;
    const len = end - start;
    let slot = h & mask;
    for (;;) {
      const c = codes[slot]!;
      if (c === EMPTY) return this.insert(slot, h, buf, start, end);
      if (hashes[slot] === h && this.slotLength[slot] === len) {
        const a = this.arena;
        let s = this.slotStart[slot]!;
        let i = start;
        while (i < end && a[s] === buf[i]) { s++; i++; }
        if (i === end) return c;
      }
      slot = (slot + 1) & mask;
    }
  }

  /** Every value's UTF-8 bytes in code order: value c is bytes[starts[c], starts[c] + lengths[c]). */
  exportBytes(): DictionaryBytes {
    const n = this.values.length;
    const starts = new Int32Array(n), lengths = new Int32Array(n);
    for (let s = 0; s < this.slotCode.length; s++) {
      const c = this.slotCode[s]!;
      if (c >= 0) { starts[c] = this.slotStart[s]!; lengths[c] = this.slotLength[s]!; }
    }
    return { bytes: this.arena.slice(0, this.arenaUsed), starts, lengths };
  }

  /** The code of a string value (for readers that hand over strings). */
  codeOfText(text: string): number {
    const bytes = Buffer.from(text, 'utf8');
    return this.code(bytes, 0, bytes.length);
  }

  private insert(slot: number, h: number, buf: Uint8Array, start: number, end: number): number {
    const len = end - start;
    const text = textOf(buf, start, end);
    const code = NA_FIRST[buf[start] ?? 0] === 1 && NA_TOKENS.has(text.trim()) ? MISSING : this.values.length;
    if (code !== MISSING) this.values.push(text);
    if (this.arenaUsed + len > this.arena.length) {
      const next = new Uint8Array(Math.max(this.arena.length * 2, this.arenaUsed + len));
      next.set(this.arena.subarray(0, this.arenaUsed));
      this.arena = next;
    }
    this.arena.set(buf.subarray(start, end), this.arenaUsed);
    this.slotCode[slot] = code;
    this.slotHash[slot] = h;
    this.slotStart[slot] = this.arenaUsed;
    this.slotLength[slot] = len;
    this.arenaUsed += len;
    if (++this.keys * 2 > this.slotCode.length) this.rehash();
    return code;
  }

  private rehash(): void {
    const oldCode = this.slotCode, oldHash = this.slotHash, oldStart = this.slotStart, oldLength = this.slotLength;
    const size = oldCode.length * 2;
    this.slotCode = new Int32Array(size).fill(EMPTY);
    this.slotHash = new Int32Array(size);
    this.slotStart = new Int32Array(size);
    this.slotLength = new Int32Array(size);
    const mask = size - 1;
    for (let s = 0; s < oldCode.length; s++) {
      if (oldCode[s] === EMPTY) continue;
      let slot = oldHash[s]! & mask;
      while (this.slotCode[slot] !== EMPTY) slot = (slot + 1) & mask;
      this.slotCode[slot] = oldCode[s]!;
      this.slotHash[slot] = oldHash[s]!;
      this.slotStart[slot] = oldStart[s]!;
      this.slotLength[slot] = oldLength[s]!;
    }
  }
}

/** The text of UTF-8 bytes; short ASCII values skip the decoder. */
function textOf(buf: Uint8Array, start: number, end: number): string {
  if (end - start <= 24) {
    let ascii = true;
    for (let i = start; i < end; i++) if (buf[i]! >= 0x80) { ascii = false; break; }
    if (ascii) {
      let s = '';
      for (let i = start; i < end; i++) s += String.fromCharCode(buf[i]!);
      return s;
    }
  }
  return decoder.decode(buf.subarray(start, end));
}
