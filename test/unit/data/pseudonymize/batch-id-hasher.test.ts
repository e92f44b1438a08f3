import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { describe, it } from 'node:test';
import { BatchIdHasher, type HashAlgorithm } from '../../../../data/pseudonymize/wasm/id-hash';
import { mulberry32 } from '../../../../models/stats/random';

const reference = (algo: HashAlgorithm, key: Buffer, m: Uint8Array) =>
  algo === 'hmac-sha256' ? crypto.createHmac('sha256', key).update(m).digest('hex') : crypto.createHash(algo).update(m).digest('hex');

/** Hashes `messages` as one batch, digests written into the row buffer at spaced offsets. */
function batch(h: BatchIdHasher, messages: Uint8Array[]): string[] {
  let p = 0;
  const stride = h.hexLength + 3;
  messages.forEach((m, k) => { h.messages.set(m, p); p += m.length; h.ends[k] = p; h.outs[k] = k * stride + 1; });
  h.hashBatch(messages.length);
  return messages.map((_, k) => Buffer.from(h.rows.subarray(k * stride + 1, k * stride + 1 + h.hexLength)).toString('latin1'));
}

describe('BatchIdHasher (WebAssembly, four lanes at a time where messages fit one block)', () => {
  const rand = mulberry32(11);
  const bytes = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(rand() * 256));

  for (const algo of ['hmac-sha256', 'sha256', 'md5'] as const) {
    it(`${algo}: batches mixing every length 0–200 (one-block four-lane groups and longer ids side by side) equal node:crypto`, () => {
      const key = Buffer.from('joint-session-2026');
      const h = new BatchIdHasher(algo, key, false);
      const lengths = [...Array.from({ length: 201 }, (_, i) => i), ...Array.from({ length: 400 }, () => Math.floor(rand() * 56)), 55, 56, 55, 55, 55, 54, 64, 119, 120];
      const messages = lengths.map(bytes);
      const got = batch(h, messages);
      messages.forEach((m, k) => assert.equal(got[k], reference(algo, key, m), `length ${m.length}`));
    });
  }

  it('HMAC keys of 0 < length ≤ 64 and longer (hashed first, RFC 2104), upper-case hex', () => {
    for (const len of [1, 20, 63, 64, 65, 130]) {
      const key = Buffer.from(bytes(len));
      const h = new BatchIdHasher('hmac-sha256', key, true);
      const messages = [bytes(11), bytes(11), bytes(11), bytes(11), bytes(36)];
      assert.deepEqual(batch(h, messages), messages.map((m) => reference('hmac-sha256', key, m).toUpperCase()), `key of ${len} bytes`);
    }
  });

  it('one id at a time gives the same digest as in a batch', () => {
    const h = new BatchIdHasher('sha256', null, false);
    const m = new TextEncoder().encode('13800138000');
    assert.equal(h.hashOne(m, 0, m.length), reference('sha256', Buffer.alloc(0), m));
  });
});
