import { NA_TOKENS } from './parse-value';
import { isPackableWidth } from '../store/dictionary-codec';
import { bytesOfHexDigits, copyBytes, decodeHex, hexDigitsOf, NOT_HEX, notHexWord, WordViews } from './hex-bytes';

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

/** A dictionary's values as UTF-8 bytes (or packed hex keys), for moving it between threads without a string per value. */
export interface DictionaryBytes {
  /** How many values: codes 0 … count − 1. */
  count: number;
  /** The values' UTF-8 bytes, value c being bytes[starts[c], starts[c] + lengths[c]) — absent when `packed` holds every value. */
  text?: { bytes: Uint8Array; starts: Int32Array; lengths: Int32Array };
  /** Each value's `hashBytes` (of its UTF-8 bytes), when known. */
  hashes?: Int32Array;
  /** When every value is lower-case hex of one length a dictionary packs (hashed keys): the values as packed bytes in code order. */
  packed?: Uint8Array;
}

/** The UTF-8 bytes of a dictionary's values, written out from its packed hex keys when it brought no text. */
function textOfBytes(d: DictionaryBytes): NonNullable<DictionaryBytes['text']> {
  if (d.text) return d.text;
  const width = d.packed!.length / d.count;
  const bytes = hexDigitsOf(d.packed!);
  return { bytes, starts: Int32Array.from({ length: d.count }, (_, c) => c * width * 2), lengths: new Int32Array(d.count).fill(width * 2) };
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
  private slots: Int32Array = emptySlots(1024, 2);
  private capacity = 1024;
  /** Int32 per slot as a shift: 2 (the four above), or 1 in packed mode (code and hash: a key's bytes are at code × packedWidth). */
  private slotShift = 2;
  private arena: Uint8Array = new Uint8Array(4096);
  private arenaUsed = 0;
  private keys = 0;
  /** Length shared by every key so far (−1: no key yet, 0: not so; an NA token breaks it too). */
  private uniformLength = -1;
  /** Non-zero once a byte that is not a lower-case hex digit reached the arena (checked as values are copied in). */
  private notHex = 0;
  /** Per code: its bytes' start in the arena, their length and their hash. */
  private codeStart = new Int32Array(256);
  private codeLength = new Int32Array(256);
  private codeHash = new Int32Array(256);
  private count = 0;
  /** The strings of the first codes, built when asked for (a key column's million strings are often never needed). */
  private readonly strings: string[] = [];
  /**
   * Non-zero while the dictionary holds only hex keys, packed — merged from dictionaries that
   * brought `packed`, or appended packed by a segment's (`packSoFar`): the arena then holds each
   * code's packed bytes at code × packedWidth, half the bytes of its digits, and no text at all
   * until a value that is not such a key arrives.
   */
  private packedWidth = 0;
  /**
   * Set once a dictionary allowed to repeat codes (`codesMayRepeat`) sees nearly every value new:
   * from then on each value is appended under a new code without a look-up (the merge that takes
   * the dictionary finds its repeats), so a segment of keys is copied, not hashed into a table.
   */
  private appendOnly = false;
  /** Look-ups so far, against `expectedLookups`: how a column of keys is told from one of categories. */
  private lookups = 0;

  /**
   * `expectedLookups`: how many values this dictionary will be asked for at most (a segment's
   * rows), when known — a column of keys is then sized once. `codesMayRepeat`: a value may get
   * more than one code (a segment's dictionary, whose repeats the merge into the column's finds).
   */
  constructor(private readonly expectedLookups = 0, private readonly codesMayRepeat = false) {}

  /** The distinct values in code order (their strings built on first use). */
  get values(): string[] {
    if (this.packedWidth > 0) this.unpack();
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
    if (this.appendOnly) { this.lookups++; return this.packedWidth > 0 ? this.appendPacked(h, buf, start, end) : this.store(h, buf, start, end); }
    if (this.packedWidth > 0) this.unpack();
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
   * Every value's UTF-8 bytes in code order, with their hashes — or only the packed keys, when a
   * segment's keys were packed as they came: views of this dictionary's own arrays, not copies;
   * it is done with once exported (a segment's are transferred to another thread).
   */
  exportBytes(): DictionaryBytes {
    const count = this.count, hashes = this.codeHash.subarray(0, count);
    if (this.packedWidth > 0 && this.appendOnly) return { count, hashes, packed: this.arena.subarray(0, count * this.packedWidth) };
    if (this.packedWidth > 0) this.unpack();
    const packed = this.packedHexKeys()?.bytes;
    return {
      count, hashes,
      text: { bytes: this.arena.subarray(0, this.arenaUsed), starts: this.codeStart.subarray(0, count), lengths: this.codeLength.subarray(0, count) },
      // A buffer of its own (a small Buffer is a view of a shared pool, which must not be transferred).
      ...(packed ? { packed: packed.byteLength === packed.buffer.byteLength ? packed : new Uint8Array(packed) } : {}),
    };
  }

  /**
   * Adds the values of another dictionary (a segment's, from `exportBytes`) in its code order,
   * returning the map from its codes to this one's: its hashes are not computed again. Hex keys
   * it brought packed are compared and kept packed while every value so far was one.
   * `reserveFor`: values to make room for first (a column of keys: those still to come).
   */
  merge(d: DictionaryBytes, reserveFor = 0): Int32Array {
    const n = d.count;
    const width = d.packed && n > 0 ? d.packed.length / n : 0;
    if (width > 0 && this.keys === 0 && this.packedWidth === 0) this.startPacked(width);
    if (this.packedWidth > 0 && width !== this.packedWidth) this.unpack();
    if (reserveFor > 0) this.reserve(reserveFor);
    const map = new Int32Array(n);
    const packed = this.packedWidth > 0 ? d.packed! : null;
    const text = packed ? null : textOfBytes(d);
    const hashes = d.hashes ?? Int32Array.from({ length: n }, (_, c) => { const t = text ?? textOfBytes(d), s = t.starts[c]!; return hashBytes(t.bytes, s, s + t.lengths[c]!); });
    for (let from = 0; from < n; from += MERGE_BATCH) {
      const to = Math.min(n, from + MERGE_BATCH);
      this.touchSlots(hashes, from, to);
      if (packed) for (let c = from; c < to; c++) map[c] = this.packedCode(packed, c * width, hashes[c]!);
      else for (let c = from; c < to; c++) { const s = text!.starts[c]!; map[c] = this.codeWithHash(text!.bytes, s, s + text!.lengths[c]!, hashes[c]!); }
    }
    return map;
  }

  /** Enters packed mode (see `packedWidth`): the dictionary holds nothing yet. */
  private startPacked(width: number): void {
    this.packedWidth = width;
    this.uniformLength = width * 2;
    this.notHex = 0;
    this.arenaUsed = 0;
    this.slotShift = 1;
    this.slots = emptySlots(this.capacity, 1);
  }

  /** The code of a hex key given packed (bytes [at, at + packedWidth) of `src`) whose digits hash to h. */
  private packedCode(src: Uint8Array, at: number, h: number): number {
    const slots = this.slots, mask = this.capacity - 1, width = this.packedWidth;
    this.lookups++;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const s2 = slot << 1;
      const c = slots[s2]!;
      if (c === EMPTY) return this.insertPacked(s2, h, src, at);
      if (slots[s2 + 1] === h) {
        const a = this.arena;
        let i = 0;
        for (let s = c * width; i < width && a[s + i] === src[at + i]; i++);
        if (i === width) return c;
      }
    }
  }

  private insertPacked(s2: number, h: number, src: Uint8Array, at: number): number {
    const width = this.packedWidth, code = this.count++, to = this.arenaUsed;
    if (to + width > this.arena.length) this.growArena(Math.max(this.arena.length * 2, to + width));
    copyBytes(src, at, this.arena, to, width, this.views);
    this.arenaUsed = to + width;
    this.slots[s2] = code;
    this.slots[s2 + 1] = h;
    if (overFull(++this.keys, this.capacity)) this.rehash();
    return code;
  }

  /** Leaves packed mode: the keys' digits written out as text, as if they had been merged as text. */
  private unpack(): void {
    const width = this.packedWidth, len = width * 2, count = this.count;
    this.packedWidth = 0;
    const digits = hexDigitsOf(this.arena, 0, count * width);
    this.arena = new Uint8Array(Math.max(4096, digits.length));
    this.arena.set(digits);
    this.arenaUsed = digits.length;
    while (this.codeStart.length < count) this.growCodes();
    for (let c = 0; c < count; c++) { this.codeStart[c] = c * len; this.codeLength[c] = len; }
    // The slots as text mode has them, each in its place: code, hash, start, length.
    const old = this.slots, shift = this.slotShift;
    const slots = (this.slots = shift === 2 ? old : emptySlots(this.capacity, 2));
    this.slotShift = 2;
    for (let s = 0; s < this.capacity; s++) {
      const c = old[s << shift]!;
      if (c < 0) continue;
      const h = old[(s << shift) + 1]!;
      slots[s << 2] = c; slots[(s << 2) + 1] = h; slots[(s << 2) + 2] = c * len; slots[(s << 2) + 3] = len;
      this.codeHash[c] = h;
    }
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
    this.touched += this.slots[(h & (this.capacity - 1)) << this.slotShift]!;
  }

  /** What the touched slots add up to: kept only so that no compiler drops the reads. */
  touched = 0;

  /**
   * When every value is lower-case hex of one length a dictionary packs (hashed keys: 16 to 128
   * digits), the values as packed bytes in code order — straight from the key bytes, no string
   * per key; else null.
   */
  packedHexKeys(): { width: number; bytes: Buffer } | null {
    if (this.packedWidth > 0) return { width: this.packedWidth, bytes: Buffer.from(this.arena.buffer, this.arena.byteOffset, this.count * this.packedWidth) };
    const length = this.hexKeyLength;
    if (length === 0 || !isPackableWidth(length / 2)) return null;
    return { width: length / 2, bytes: bytesOfHexDigits(this.arena, 0, this.arenaUsed) };
  }

  /** The code of a string value (for readers that hand over strings). */
  codeOfText(text: string): number {
    const bytes = Buffer.from(text, 'utf8');
    return this.code(bytes, 0, bytes.length);
  }

  private insert(slot: number, h: number, buf: Uint8Array, start: number, end: number): number {
    const from = this.arenaUsed;
    const code = this.store(h, buf, start, end);
    const at = slot << 2;
    this.slots[at] = code;
    this.slots[at + 1] = h;
    this.slots[at + 2] = from;
    this.slots[at + 3] = end - start;
    if (overFull(++this.keys, this.capacity)) this.grow();
    return code;
  }

  /**
   * Copies bytes [start, end) of buf to the end of the arena, under the next code — or MISSING
   * for an NA token (whose bytes are kept too, for the slot that remembers it).
   */
  private store(h: number, buf: Uint8Array, start: number, end: number): number {
    const len = end - start;
    const code = mayBeMissingToken(buf, start, end) && NA_TOKENS.has(textOf(buf, start, end).trim()) ? MISSING : this.count;
    if (code !== MISSING) {
      if (code === this.codeStart.length) this.growCodes();
      this.codeStart[code] = this.arenaUsed;
      this.codeLength[code] = len;
      this.codeHash[code] = h;
      this.count++;
    }
    if (this.uniformLength !== 0) this.uniformLength = code !== MISSING && (this.uniformLength < 0 || this.uniformLength === len) ? len : 0;
    if (this.arenaUsed + len > this.arena.length) this.growArena(Math.max(this.arena.length * 2, this.arenaUsed + len));
    // A short value is copied a byte at a time; a long one (a 64-digit hashed key) four bytes at a
    // time through views kept per array (a view object per value costs more than its bytes).
    if (len > 24) this.copyWords(buf, start, end);
    else {
      let notHex = 0;
      for (let i = start, j = this.arenaUsed, arena = this.arena; i < end; i++, j++) { const b = buf[i]!; arena[j] = b; notHex |= NOT_HEX[b]!; }
      this.notHex |= notHex;
    }
    this.arenaUsed += len;
    return code;
  }

  /**
   * Doubles the table — or, when nearly every value so far was new (a column of keys) and more
   * look-ups are expected, sizes the table, arena and codes once for the values still to come at
   * that rate: a segment's hundred thousand keys no longer rehash eight times. A dictionary whose
   * codes may repeat stops looking values up instead (see `appendOnly`).
   */
  private grow(): void {
    const left = this.expectedLookups - this.lookups;
    if (!(left > 0 && this.keys >= 4096 && this.keys * 10 >= this.lookups * 9)) { this.rehash(); return; }
    const more = Math.ceil((left * this.keys) / this.lookups);
    if (!this.codesMayRepeat) { this.reserve(more); return; }
    this.appendOnly = true;
    this.slots = emptySlots(1, 2);
    this.capacity = 1;
    const length = this.hexKeyLength;
    if (length > 0 && isPackableWidth(length / 2)) this.packSoFar(length / 2, more);
    else this.reserveValues(more);
  }

  /**
   * Turns an append-only dictionary of hex keys (every value so far one, no NA token) to packed:
   * later keys are decoded as they are copied in, half the bytes and no decoding at export.
   */
  private packSoFar(width: number, more: number): void {
    const packed = bytesOfHexDigits(this.arena, 0, this.arenaUsed);
    this.arena = new Uint8Array(Math.max(4096, (this.count + more) * width));
    this.arena.set(packed);
    this.arenaUsed = packed.length;
    this.packedWidth = width;
    while (this.codeHash.length < this.count + more) this.growCodes();
  }

  /** The width of the packed keys this dictionary appends (a segment's column of keys), else 0: see `appendPackedKeys`. */
  get packingWidth(): number {
    return this.appendOnly ? this.packedWidth : 0;
  }

  /**
   * Appends n keys already packed (bytes [at, at + n × packingWidth) of `bytes`) under the next
   * codes, their hashes every fourth Int32 of `hashes` from `hashAt`; returns the first code.
   */
  appendPackedKeys(bytes: Uint8Array, at: number, n: number, hashes: Int32Array, hashAt: number): number {
    const width = this.packedWidth, first = this.count, to = first * width;
    if (to + n * width > this.arena.length) this.growArena(Math.max(this.arena.length * 2, to + n * width));
    this.arena.set(bytes.subarray(at, at + n * width), to);
    while (this.codeHash.length < first + n) this.growCodes();
    for (let i = 0; i < n; i++) this.codeHash[first + i] = hashes[hashAt + 4 * i]!;
    this.count = first + n;
    this.arenaUsed = to + n * width;
    this.lookups += n;
    return first;
  }

  /** Appends a key to a packed append-only dictionary — or, when it is not a hex key of the same length, goes back to text first. */
  private appendPacked(h: number, buf: Uint8Array, start: number, end: number): number {
    const width = this.packedWidth, code = this.count, to = code * width;
    if (end - start === width * 2) {
      if (to + width > this.arena.length) this.growArena(Math.max(this.arena.length * 2, to + width));
      if (decodeHex(buf, start, end, this.arena, to, this.views) === 0) {
        if (code === this.codeHash.length) this.growCodes();
        this.codeHash[code] = h;
        this.count = code + 1;
        this.arenaUsed = to + width;
        return code;
      }
    }
    this.unpack();
    return this.store(h, buf, start, end);
  }

  /** Views of the arrays last copied between, for copying four bytes at a time. */
  private readonly views = new WordViews();

  /** Copies bytes [start, end) of buf to the end of the arena (which has room), four at a time, noting any byte that is not lower-case hex. */
  private copyWords(buf: Uint8Array, start: number, end: number): void {
    const from = this.views.of(buf, 0), to = this.views.of(this.arena, 1), arena = this.arena;
    let i = start, j = this.arenaUsed, notHex = 0;
    for (; i + 4 <= end; i += 4, j += 4) { const w = from.getInt32(i, true); to.setInt32(j, w, true); notHex |= notHexWord(w); }
    for (; i < end; i++, j++) { const b = buf[i]!; arena[j] = b; notHex |= NOT_HEX[b]!; }
    this.notHex |= notHex;
  }

  private growCodes(): void {
    const n = this.codeStart.length * 2;
    const starts = new Int32Array(n), lengths = new Int32Array(n), hashes = new Int32Array(n);
    starts.set(this.codeStart); lengths.set(this.codeLength); hashes.set(this.codeHash);
    this.codeStart = starts; this.codeLength = lengths; this.codeHash = hashes;
  }

  /** An arena of at least `bytes`, growing by a quarter at least (estimates of a column of keys rise a little segment after segment). */
  private growArena(bytes: number): void {
    const next = new Uint8Array(Math.max(bytes, Math.ceil(this.arena.length * 1.25)));
    next.set(this.arena.subarray(0, this.arenaUsed));
    this.arena = next;
  }

  /** Makes room for `more` new values at once (one rehash instead of a doubling after another). */
  reserve(more: number): void {
    let capacity = this.capacity;
    while (overFull(this.keys + more, capacity)) capacity *= 2;
    if (capacity > this.capacity) this.rehash(capacity);
    this.reserveValues(more);
  }

  /** Room in the arena and the code arrays for `more` values, at the values' mean length so far. */
  private reserveValues(more: number): void {
    if (this.packedWidth > 0) {
      const bytes = this.arenaUsed + more * this.packedWidth;
      if (bytes > this.arena.length) this.growArena(bytes);
      return;
    }
    const bytes = this.arenaUsed + Math.ceil(more * (this.count > 0 ? this.arenaUsed / this.count : 16));
    if (bytes > this.arena.length) this.growArena(bytes);
    while (this.codeStart.length < this.count + more) this.growCodes();
  }

  private rehash(capacity = this.capacity * 2): void {
    const old = this.slots, oldCapacity = this.capacity, shift = this.slotShift, width = 1 << shift;
    this.capacity = capacity;
    const slots = (this.slots = emptySlots(this.capacity, shift));
    const mask = this.capacity - 1;
    for (let from = 0; from < oldCapacity; from += MERGE_BATCH) {
      const to = Math.min(oldCapacity, from + MERGE_BATCH);
      // The new slots of a batch are read first, all at once (see `touchSlots`).
      for (let s = from; s < to; s++) if (old[s << shift] !== EMPTY) this.touchSlot(old[(s << shift) + 1]!);
      for (let s = from; s < to; s++) {
        const at = s << shift;
        if (old[at] === EMPTY) continue;
        let slot = old[at + 1]! & mask;
        while (slots[slot << shift] !== EMPTY) slot = (slot + 1) & mask;
        for (let k = 0, into = slot << shift; k < width; k++) slots[into + k] = old[at + k]!;
      }
    }
  }
}

/**
 * Whether a table of `capacity` slots is too full for `keys`: past 60%. Linear probing then still
 * looks at three or four slots for a new key, most in one cache line, and a million keys' table
 * is half the memory it would be kept under 50% (the probes of a column of keys miss the cache
 * anyway; fresh memory costs a page fault per 4 KB).
 */
function overFull(keys: number, capacity: number): boolean {
  return keys * 5 > capacity * 3;
}

/** A table of `capacity` free slots of 1 << shift Int32 each. */
function emptySlots(capacity: number, shift: number): Int32Array {
  const slots = new Int32Array(capacity << shift);
  for (let i = 0; i < slots.length; i += 1 << shift) slots[i] = EMPTY;
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
