import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LINE_FEED_BLOCK, LineFeedScanner } from '../../../../data/import/line-feeds';
import { mulberry32 } from '../../../../models/stats/random';

describe('finding line feeds in a block', () => {
  it('counts them and finds the k-th exactly as a byte-by-byte scan, in WebAssembly and without', () => {
    const rnd = mulberry32(15);
    const scanners = [new LineFeedScanner(true), new LineFeedScanner(false)];
    for (let trial = 0; trial < 300; trial++) {
      const n = trial < 40 ? trial : Math.floor(rnd() * (trial % 10 === 0 ? LINE_FEED_BLOCK : 5000));
      const density = [0, 0.001, 0.02, 0.3, 1][trial % 5]!;
      const bytes = Uint8Array.from({ length: n }, () => (rnd() < density ? 10 : [0, 9, 11, 13, 0x8a, 0x30, 0xff][Math.floor(rnd() * 7)]!));
      const feeds: number[] = [];
      bytes.forEach((b, i) => { if (b === 10) feeds.push(i); });
      for (const s of scanners) {
        s.block.fill(10, n, Math.min(LINE_FEED_BLOCK, n + 64));
        s.block.set(bytes);
        assert.equal(s.count(n), feeds.length, `count, ${n} bytes`);
        for (const k of [1, 2, 3, 16, 17, feeds.length - 1, feeds.length, feeds.length + 1, Math.ceil(feeds.length / 2)].filter((k) => k >= 1)) {
          assert.equal(s.nth(n, k), k <= feeds.length ? feeds[k - 1] : -1, `line feed ${k} of ${feeds.length}, ${n} bytes`);
        }
      }
    }
  });
});
