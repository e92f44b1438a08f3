import { isMissingText } from './parse-value';

const EMPTY = -2;
const MISSING = -1;
const decoder = new TextDecoder('utf-8');

/**
 * Dictionary coding straight from bytes: an open-addressing hash table keyed on the UTF-8 bytes
 * of a value, so a repeated category costs a hash and a byte compare, not a string. A string is
 * built once per distinct value. Values that read as missing (pandas' NA tokens) map to −1.
 */
export class ByteDictionary {
  /** code + 2 per slot: 0 = empty, 1 = missing token, k + 2 = code k. Stored as code directly with EMPTY/MISSING sentinels. */
  private slots: Int32Array = new Int32Array(1024).fill(EMPTY);
  private slotKey: Int32Array = new Int32Array(1024);
  private keyHash: Int32Array = new Int32Array(256);
  private keyStart: Int32Array = new Int32Array(256);
  private keyLength: Int32Array = new Int32Array(256);
  private arena: Uint8Array = new Uint8Array(4096);
  private arenaUsed = 0;
  private keys = 0;
  /** The distinct values in code order. */
  readonly values: string[] = [];

  /** The code of bytes [start, end) of `buf`, adding it when new. */
  code(buf: Uint8Array, start: number, end: number): number {
    let h = 0x811c9dc5 | 0;
    for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i]!, 0x01000193);
    const mask = this.slots.length - 1;
    let slot = h & mask;
    const len = end - start;
    for (;;) {
      const c = this.slots[slot]!;
      if (c === EMPTY) break;
      const k = this.slotKey[slot]!;
      if (this.keyHash[k] === h && this.keyLength[k] === len && this.sameBytes(k, buf, start, len)) return c;
      slot = (slot + 1) & mask;
    }
    return this.insert(slot, h, buf, start, end);
  }

  /** The code of a string value (for readers that hand over strings). */
  codeOfText(text: string): number {
    const bytes = Buffer.from(text, 'utf8');
    return this.code(bytes, 0, bytes.length);
  }

  private sameBytes(k: number, buf: Uint8Array, start: number, len: number): boolean {
    const a = this.arena;
    const s = this.keyStart[k]!;
    for (let i = 0; i < len; i++) if (a[s + i] !== buf[start + i]) return false;
    return true;
  }

  private insert(slot: number, h: number, buf: Uint8Array, start: number, end: number): number {
    const len = end - start;
    const text = decoder.decode(buf.subarray(start, end));
    const code = isMissingText(text) ? MISSING : this.values.length;
    if (code !== MISSING) this.values.push(text);
    const k = this.keys++;
    if (k === this.keyHash.length) this.growKeys();
    if (this.arenaUsed + len > this.arena.length) {
      const next = new Uint8Array(Math.max(this.arena.length * 2, this.arenaUsed + len));
      next.set(this.arena.subarray(0, this.arenaUsed));
      this.arena = next;
    }
    this.arena.set(buf.subarray(start, end), this.arenaUsed);
    this.keyHash[k] = h;
    this.keyStart[k] = this.arenaUsed;
    this.keyLength[k] = len;
    this.arenaUsed += len;
    this.slots[slot] = code;
    this.slotKey[slot] = k;
    if (this.keys * 2 > this.slots.length) this.rehash();
    return code;
  }

  private growKeys(): void {
    const n = this.keyHash.length * 2;
    const grow = (a: Int32Array) => { const b = new Int32Array(n); b.set(a); return b; };
    this.keyHash = grow(this.keyHash);
    this.keyStart = grow(this.keyStart);
    this.keyLength = grow(this.keyLength);
  }

  private rehash(): void {
    const oldSlots = this.slots;
    const oldKeys = this.slotKey;
    const size = oldSlots.length * 2;
    this.slots = new Int32Array(size).fill(EMPTY);
    this.slotKey = new Int32Array(size);
    const mask = size - 1;
    for (let s = 0; s < oldSlots.length; s++) {
      if (oldSlots[s] === EMPTY) continue;
      const k = oldKeys[s]!;
      let slot = this.keyHash[k]! & mask;
      while (this.slots[slot] !== EMPTY) slot = (slot + 1) & mask;
      this.slots[slot] = oldSlots[s]!;
      this.slotKey[slot] = k;
    }
  }
}
