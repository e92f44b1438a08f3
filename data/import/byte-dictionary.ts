import { NA_TOKENS } from './parse-value';
import { isPackableWidth } from '../store/dictionary-codec';

const EMPTY = -2;
/** Values merged a batch at a time: their first slots are read together first (see `touchSlots`). */
const MERGE_BATCH = 256;
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
  /** Each value's `hashBytes`, when known. */
  hashes?: Int32Array;
  /** When every value is lower-case hex of one length a dictionary packs (hashed keys): the values as packed bytes in code order. */
  packed?: Uint8Array;
}

/**
 * Dictionary coding straight from bytes: an open-addressing hash table keyed on the UTF-8 bytes
 * of a value, so a repeated category costs a hash and a byte compare, not a string. A string is
 * built once per distinct value, when first asked for. Values that read as missing (pandas' NA
 * tokens) map to −1.
 */
export class ByteDictionary {
  /**
   * Four Int32 per slot, side by side so a probe touches one cache line: the code (≥ 0), MISSING
   * for an NA token, EMPTY when free; the key's hash; its start in the arena; its length.
   */
  private slots: Int32Array = emptySlots(1024);
  private capacity = 1024;
  private arena: Uint8Array = new Uint8Array(4096);
  private arenaUsed = 0;
  private keys = 0;
  /** Length shared by every key so far (−1: no key yet, 0: not so; an NA token breaks it too). */
  private uniformLength = -1;
  /** Non-zero once a byte that is not a lower-case hex digit reached the arena (checked as values are copied in). */
  private notHex = 0;
  /** Per code: its bytes' start in the arena and length. */
  private codeStart = new Int32Array(256);
  private codeLength = new Int32Array(256);
  private count = 0;
  /** The strings of the first codes, built when asked for (a key column's million strings are often never needed). */
  private readonly strings: string[] = [];
  /** Packed bytes (`packedHexKeys`) of the first `packedCount` codes, from merged dictionaries that brought theirs: decoded on the threads that parsed them. */
  private packed = { arena: new Uint8Array(0), width: 0, count: 0 };
  /** Look-ups so far, against `expectedLookups`: how a column of keys is told from one of categories. */
  private lookups = 0;

  /** `expectedLookups`: how many values this dictionary will be asked for at most (a segment's rows), when known — a column of keys is then sized once. */
  constructor(private readonly expectedLookups = 0) {}

  /** The distinct values in code order (their strings built on first use). */
  get values(): string[] {
    for (let c = this.strings.length; c < this.count; c++) this.strings.push(textOf(this.arena, this.codeStart[c]!, this.codeStart[c]! + this.codeLength[c]!));
    return this.strings;
  }

  /** The length every value shares when each is lower-case hex (hashed keys), else 0. */
  get hexKeyLength(): number {
    if (this.uniformLength <= 0 || this.uniformLength % 2 !== 0) return 0;
    return this.notHex === 0 ? this.uniformLength : 0;
  }

  /** How many distinct values. */
  get size(): number {
    return this.count;
  }

  /** The code of bytes [start, end) of `buf`, adding it when new. */
  code(buf: Uint8Array, start: number, end: number): number {
    return this.codeWithHash(buf, start, end, hashBytes(buf, start, end));
  }

  /** `code` for bytes whose `hashBytes` is known. */
  codeWithHash(buf: Uint8Array, start: number, end: number, h: number): number {
    const slots = this.slots;
    const mask = this.capacity - 1;
    const len = end - start;
    this.lookups++;
    let slot = h & mask;
    for (;;) {
      const at = slot << 2;
      const c = slots[at]!;
      if (c === EMPTY) return this.insert(slot, h, buf, start, end);
      if (slots[at + 1] === h && slots[at + 3] === len) {
        const a = this.arena;
        let s = slots[at + 2]!;
        let i = start;
        while (i < end && a[s] === buf[i]) { s++; i++; }
        if (i === end) return c;
      }
      slot = (slot + 1) & mask;
    }
  }

  /**
   * Every value's UTF-8 bytes in code order (value c is bytes[starts[c], starts[c] + lengths[c])),
   * with their hashes: views of this dictionary's own arrays, not copies — it is done with once
   * exported (a segment's are transferred to another thread).
   */
  exportBytes(): DictionaryBytes {
    const hashes = new Int32Array(this.count);
    for (let at = 0; at < this.slots.length; at += 4) { const c = this.slots[at]!; if (c >= 0) hashes[c] = this.slots[at + 1]!; }
    const packed = this.packedHexKeys()?.bytes;
    return {
      bytes: this.arena.subarray(0, this.arenaUsed), starts: this.codeStart.subarray(0, this.count), lengths: this.codeLength.subarray(0, this.count), hashes,
      // A buffer of its own (a small Buffer is a view of a shared pool, which must not be transferred).
      ...(packed ? { packed: packed.byteLength === packed.buffer.byteLength ? packed : new Uint8Array(packed) } : {}),
    };
  }

  /**
   * Adds the values of another dictionary (a segment's, from `exportBytes`) in its code order,
   * returning the map from its codes to this one's: its hashes are not computed again.
   */
  merge(d: DictionaryBytes): Int32Array {
    const before = this.count;
    const map = new Int32Array(d.starts.length);
    const hashes = d.hashes ?? Int32Array.from(d.starts, (s, c) => hashBytes(d.bytes, s, s + d.lengths[c]!));
    for (let from = 0; from < map.length; from += MERGE_BATCH) {
      const to = Math.min(map.length, from + MERGE_BATCH);
      this.touchSlots(hashes, from, to);
      for (let c = from; c < to; c++) {
        const s = d.starts[c]!;
        map[c] = this.codeWithHash(d.bytes, s, s + d.lengths[c]!, hashes[c]!);
      }
    }
    this.mergePacked(d, map, before);
    return map;
  }

  /**
   * Copies the packed bytes of the values a merge added (codes from `before` on) while every code
   * before them has its own: in runs of consecutive codes, one copy for a segment of new keys.
   */
  private mergePacked(d: DictionaryBytes, map: Int32Array, before: number): void {
    const p = this.packed, n = map.length;
    if (!d.packed || n === 0 || p.count !== before) return;
    const width = d.packed.length / n;
    if (before > 0 && width !== p.width) return;
    if (p.arena.length < this.count * width) {
      const next = new Uint8Array(Math.max(p.arena.length * 2, this.count * width));
      next.set(p.arena.subarray(0, p.count * p.width));
      p.arena = next;
    }
    for (let c = 0; c < n;) {
      if (map[c]! < before) { c++; continue; }
      let end = c + 1;
      while (end < n && map[end] === map[end - 1]! + 1) end++;
      p.arena.set(d.packed.subarray(c * width, end * width), map[c]! * width);
      c = end;
    }
    p.width = width;
    p.count = this.count;
  }

  /**
   * Reads the first slot each of these hashes probes, all at once: the loads are independent, so
   * their cache misses overlap, and the look-ups that follow find the slots in cache (a million
   * keys' table is far larger than any cache). What they add up to is kept only so that no
   * compiler drops the reads.
   */
  private touchSlots(hashes: Int32Array, from: number, to: number): void {
    for (let c = from; c < to; c++) this.touchSlot(hashes[c]!);
  }

  /** Reads the first slot a value of hash h probes (see `touchSlots`): a batch of look-ups reads them all first. */
  touchSlot(h: number): void {
    this.touched += this.slots[(h & (this.capacity - 1)) << 2]!;
  }

  /** What the touched slots add up to: kept only so that no compiler drops the reads. */
  touched = 0;

  /**
   * When every value is lower-case hex of one length a dictionary packs (hashed keys: 16 to 128
   * digits), the values as packed bytes in code order — straight from the key bytes, no string
   * per key; else null.
   */
  packedHexKeys(): { width: number; bytes: Buffer } | null {
    const length = this.hexKeyLength;
    if (length === 0 || !isPackableWidth(length / 2)) return null;
    const p = this.packed;
    if (p.count === this.count && p.width === length / 2) return { width: p.width, bytes: Buffer.from(p.arena.buffer, p.arena.byteOffset, p.count * p.width) };
    const text = Buffer.from(this.arena.buffer, this.arena.byteOffset, this.arenaUsed).toString('latin1');
    return { width: length / 2, bytes: Buffer.from(text, 'hex') };
  }

  /** The code of a string value (for readers that hand over strings). */
  codeOfText(text: string): number {
    const bytes = Buffer.from(text, 'utf8');
    return this.code(bytes, 0, bytes.length);
  }

  private insert(slot: number, h: number, buf: Uint8Array, start: number, end: number): number {
    const len = end - start;
    const code = mayBeMissingToken(buf, start, end) && NA_TOKENS.has(textOf(buf, start, end).trim()) ? MISSING : this.count;
    if (code !== MISSING) {
      if (code === this.codeStart.length) this.growCodes();
      this.codeStart[code] = this.arenaUsed;
      this.codeLength[code] = len;
      this.count++;
    }
    if (this.uniformLength !== 0) this.uniformLength = code !== MISSING && (this.uniformLength < 0 || this.uniformLength === len) ? len : 0;
    if (this.arenaUsed + len > this.arena.length) {
      const next = new Uint8Array(Math.max(this.arena.length * 2, this.arenaUsed + len));
      next.set(this.arena.subarray(0, this.arenaUsed));
      this.arena = next;
    }
    // A short value is copied a byte at a time; a long one (a 64-digit hashed key) four bytes at a
    // time through views kept per array (a view object per value costs more than its bytes).
    if (len > 24) this.copyWords(buf, start, end);
    else {
      let notHex = 0;
      for (let i = start, j = this.arenaUsed, arena = this.arena; i < end; i++, j++) { const b = buf[i]!; arena[j] = b; notHex |= NOT_HEX[b]!; }
      this.notHex |= notHex;
    }
    const at = slot << 2;
    this.slots[at] = code;
    this.slots[at + 1] = h;
    this.slots[at + 2] = this.arenaUsed;
    this.slots[at + 3] = len;
    this.arenaUsed += len;
    if (++this.keys * 2 > this.capacity) this.grow();
    return code;
  }

  /**
   * Doubles the table — or, when nearly every value so far was new (a column of keys) and more
   * look-ups are expected, sizes the table, arena and codes once for the values still to come at
   * that rate: a segment's hundred thousand keys no longer rehash eight times.
   */
  private grow(): void {
    const left = this.expectedLookups - this.lookups;
    if (left > 0 && this.keys >= 4096 && this.keys * 10 >= this.lookups * 9) this.reserve(Math.ceil((left * this.keys) / this.lookups));
    else this.rehash();
  }

  /** Views of the last array copied from and of the arena, for copying four bytes at a time. */
  private fromView: { of: Uint8Array; view: DataView } = { of: new Uint8Array(0), view: new DataView(new ArrayBuffer(0)) };
  private arenaView: { of: Uint8Array; view: DataView } = { of: new Uint8Array(0), view: new DataView(new ArrayBuffer(0)) };

  /** Copies bytes [start, end) of buf to the end of the arena (which has room), four at a time, noting any byte that is not lower-case hex. */
  private copyWords(buf: Uint8Array, start: number, end: number): void {
    if (this.fromView.of !== buf) this.fromView = { of: buf, view: new DataView(buf.buffer, buf.byteOffset, buf.byteLength) };
    if (this.arenaView.of !== this.arena) this.arenaView = { of: this.arena, view: new DataView(this.arena.buffer, this.arena.byteOffset, this.arena.byteLength) };
    const from = this.fromView.view, to = this.arenaView.view, arena = this.arena;
    let i = start, j = this.arenaUsed, notHex = 0;
    for (; i + 4 <= end; i += 4, j += 4) { const w = from.getInt32(i, true); to.setInt32(j, w, true); notHex |= notHexWord(w); }
    for (; i < end; i++, j++) { const b = buf[i]!; arena[j] = b; notHex |= NOT_HEX[b]!; }
    this.notHex |= notHex;
  }

  private growCodes(): void {
    const starts = new Int32Array(this.codeStart.length * 2), lengths = new Int32Array(this.codeStart.length * 2);
    starts.set(this.codeStart); lengths.set(this.codeLength);
    this.codeStart = starts; this.codeLength = lengths;
  }

  /** Makes room for `more` new values at once (one rehash instead of a doubling after another). */
  reserve(more: number): void {
    let capacity = this.capacity;
    while ((this.keys + more) * 2 > capacity) capacity *= 2;
    if (capacity > this.capacity) this.rehash(capacity);
    // The arena and the code arrays too, at the values' mean length so far.
    const bytes = this.arenaUsed + Math.ceil(more * (this.count > 0 ? this.arenaUsed / this.count : 16));
    if (bytes > this.arena.length) { const next = new Uint8Array(bytes); next.set(this.arena.subarray(0, this.arenaUsed)); this.arena = next; }
    while (this.codeStart.length < this.count + more) this.growCodes();
  }

  private rehash(capacity = this.capacity * 2): void {
    const old = this.slots, oldCapacity = this.capacity;
    this.capacity = capacity;
    const slots = (this.slots = emptySlots(this.capacity));
    const mask = this.capacity - 1;
    for (let from = 0; from < oldCapacity; from += MERGE_BATCH) {
      const to = Math.min(oldCapacity, from + MERGE_BATCH);
      // The new slots of a batch are read first, all at once (see `touchSlots`).
      for (let s = from; s < to; s++) if (old[s << 2] !== EMPTY) this.touchSlot(old[(s << 2) + 1]!);
      for (let s = from; s < to; s++) {
        const at = s << 2;
        if (old[at] === EMPTY) continue;
        let slot = old[at + 1]! & mask;
        while (slots[slot << 2] !== EMPTY) slot = (slot + 1) & mask;
        const to4 = slot << 2;
        slots[to4] = old[at]!; slots[to4 + 1] = old[at + 1]!; slots[to4 + 2] = old[at + 2]!; slots[to4 + 3] = old[at + 3]!;
      }
    }
  }
}

function emptySlots(capacity: number): Int32Array {
  const slots = new Int32Array(capacity * 4);
  for (let i = 0; i < slots.length; i += 4) slots[i] = EMPTY;
  return slots;
}

/**
 * MurmurHash3 (x86, 32-bit) of bytes [start, end): four bytes a step, then the tail and the
 * final mix — a quarter of the multiplications of a byte-at-a-time hash on a 64-digit key, with
 * every input bit reaching the low bits the table indexes by.
 */
export function hashBytes(buf: Uint8Array, start: number, end: number): number {
  let h = 0x9747b28c | 0;
  let i = start;
  for (; i + 4 <= end; i += 4) {
    let k = buf[i]! | (buf[i + 1]! << 8) | (buf[i + 2]! << 16) | (buf[i + 3]! << 24);
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, 0x1b873593);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  if (i < end) {
    let k = 0;
    for (let j = end - 1; j >= i; j--) k = (k << 8) | buf[j]!;
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, 0x1b873593);
  }
  h ^= end - start;
  h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** Longest NA token ('#N/A N/A'); longer values can be one only with blanks around them. */
const LONGEST_NA = 8;

/** Whether bytes could spell an NA token: short enough (or blank-edged) and starting as one does. */
function mayBeMissingToken(buf: Uint8Array, start: number, end: number): boolean {
  if (NA_FIRST[buf[start] ?? 0] !== 1) return false;
  const last = buf[end - 1];
  return end - start <= LONGEST_NA || last === 0x20 || last === 0x09 || buf[start] === 0x20 || buf[start] === 0x09;
}

/** 1 for every byte that is not a lower-case hex digit. */
const NOT_HEX = new Uint8Array(256).fill(1);
for (const c of '0123456789abcdef') NOT_HEX[c.charCodeAt(0)] = 0;

const ALL_HIGH = 0x80808080 | 0;

/**
 * Non-zero unless all four bytes of a word are lower-case hex digits, without a branch: for bytes
 * below 0x80, adding 0x80 − c to each sets its high bit exactly when it is ≥ c (no carry reaches
 * the next byte), so '0'…'9' is ≥ 0x30 and not ≥ 0x3a, 'a'…'f' ≥ 0x61 and not ≥ 0x67.
 */
export function notHexWord(w: number): number {
  const digit = (w + 0x50505050) & ~(w + 0x46464646);
  const letter = (w + 0x1f1f1f1f) & ~(w + 0x19191919);
  return (w & ALL_HIGH) | (((digit | letter) & ALL_HIGH) ^ ALL_HIGH);
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
