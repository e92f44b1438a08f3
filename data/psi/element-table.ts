import { POINT_BYTES } from './psi-group';

/**
 * A set of group elements (n × 32 bytes, kept as they are) with each element's position, by open
 * addressing on its first four bytes (blinded elements are uniformly random, so these spread
 * well): 4 bytes a slot beside the elements themselves, where a Map of strings takes ~100.
 */
export class ElementTable {
  private readonly slots: Int32Array;
  private readonly mask: number;
  private readonly view: DataView;

  constructor(private readonly elements: Uint8Array, n: number) {
    let size = 1;
    while (size < n * 2) size *= 2;
    this.slots = new Int32Array(size).fill(-1);
    this.mask = size - 1;
    this.view = new DataView(elements.buffer, elements.byteOffset, elements.byteLength);
    for (let i = 0; i < n; i++) {
      let h = this.view.getUint32(i * POINT_BYTES, true) & this.mask;
      while (this.slots[h] !== -1) h = (h + 1) & this.mask;
      this.slots[h] = i;
    }
  }

  /** The position of the element at `at` in `buf`, or −1. */
  find(buf: Uint8Array, at: number): number {
    const v = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    const key = v.getUint32(at, true);
    for (let h = key & this.mask; ; h = (h + 1) & this.mask) {
      const i = this.slots[h]!;
      if (i < 0) return -1;
      if (this.view.getUint32(i * POINT_BYTES, true) === key && this.same(i, buf, at)) return i;
    }
  }

  private same(i: number, buf: Uint8Array, at: number): boolean {
    const o = i * POINT_BYTES;
    for (let k = 0; k < POINT_BYTES; k++) if (this.elements[o + k] !== buf[at + k]) return false;
    return true;
  }
}
