import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withRoom } from '../../../../data/compute/with-room';

describe('room for more bytes', () => {
  it('keeps an array with room, and otherwise copies the bytes in use into one at least twice as long', () => {
    const a = Uint8Array.from([1, 2, 3, 4]);
    assert.equal(withRoom(a, 2, 2), a);
    const b = withRoom(a, 3, 2);
    assert.notEqual(b, a);
    assert.equal(b.length, 8);
    assert.deepEqual(Array.from(b.subarray(0, 3)), [1, 2, 3]);
    assert.equal(withRoom(a, 4, 100).length, 104, 'a large piece gets room for itself');
  });

  it('copies each byte a constant number of times when bytes come one at a time', () => {
    let bytes = new Uint8Array(1);
    let copies = 0;
    for (let used = 0; used < 100_000; used++) {
      if (used + 1 > bytes.length) { copies += used; bytes = withRoom(bytes, used, 1); }
      bytes[used] = used & 0xff;
    }
    assert.ok(copies < 2 * 100_000, `${copies} bytes copied`);
    assert.equal(bytes[99_999], 99_999 & 0xff);
  });
});
