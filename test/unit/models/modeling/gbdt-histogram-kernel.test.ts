import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BINS, buildHistogram, rowMajorBins } from '../../../../models/gbdt/histogram';
import { HistogramKernel, kernelLayout } from '../../../../models/gbdt/histogram-kernel';
import { mulberry32 } from '../../../../models/stats/random';

describe('the WebAssembly SIMD histogram kernel (quantized gradients)', () => {
  const n = 5000, F = 7;
  const r = mulberry32(3);
  const columns = Array.from({ length: F }, (_, f) => Uint8Array.from({ length: n }, () => (r() < 0.05 ? 255 : Math.floor(r() * (f === 0 ? 3 : 255)))));
  const g = Float64Array.from({ length: n }, () => r() - 0.5), h = Float64Array.from({ length: n }, () => r() * 0.25);

  it('quantizes each gradient and hessian to the nearest step of its scale, and builds the exact sums of those integers', () => {
    const kernel = HistogramKernel.create(n, F, 3);
    assert.ok(kernel, 'WebAssembly SIMD and shared memory run on Node');
    rowMajorBins(columns, undefined, kernel.rowBins);
    kernel.rows.set(Uint32Array.from({ length: n }, (_, i) => (i * 7919) % n));
    kernel.quantize(g, h, kernel.rows);
    for (let i = 0; i < n; i++) {
      assert.ok(Math.abs(kernel.gq[i]! * kernel.sg - g[i]!) <= kernel.sg / 2 + 1e-15);
      assert.ok(Math.abs(kernel.hq[i]! * kernel.sh - h[i]!) <= kernel.sh / 2 + 1e-15);
    }
    // By hand: the JavaScript builder on the integers, scaled afterwards.
    const gi = Float64Array.from(kernel.gq), hi = Float64Array.from(kernel.hq);
    const expected = new Float64Array(F * BINS * 3), out = kernel.histogram()!;
    for (const [start, end] of [[0, n], [1234, 3000], [10, 11], [0, 0]] as const) {
      buildHistogram(kernel.rowBins, F, gi, hi, kernel.rows, start, end, expected);
      for (let k = 0; k < expected.length; k += 3) { expected[k] = expected[k]! * kernel.sg; expected[k + 1] = expected[k + 1]! * kernel.sh; }
      out.fill(7);
      assert.equal(kernel.build(kernel.rows, start, end, out), true);
      assert.deepEqual(Array.from(out), Array.from(expected), `rows ${start}..${end}`);
    }
  });

  it('gives the same histogram from blocks added by two threads in any order as from all rows at once', () => {
    const kernel = HistogramKernel.create(n, F, 2)!;
    rowMajorBins(columns, undefined, kernel.rowBins);
    kernel.rows.set(Uint32Array.from({ length: n }, (_, i) => i));
    kernel.quantize(g, h, kernel.rows);
    const whole = kernel.histogram()!, blocks = kernel.histogram()!;
    kernel.build(kernel.rows, 100, 4900, whole);
    const edges = Array.from({ length: 9 }, (_, k) => 100 + k * 600);
    kernel.zero(0); kernel.zero(1);
    for (const [k, t] of [[5, 1], [0, 0], [7, 1], [2, 0], [1, 1], [6, 0], [3, 0], [4, 1]] as const) kernel.accumulate(t, kernel.rows.byteOffset, edges[k]!, edges[k + 1]!);
    kernel.sumThreads(blocks);
    assert.deepEqual(Array.from(blocks), Array.from(whole));
  });

  it('declines arrays outside its memory (the caller builds them) and runs out of histograms plainly', () => {
    const kernel = HistogramKernel.create(10, 2, 1)!;
    assert.equal(kernel.build(new Uint32Array(3), 0, 3, kernel.histogram()!), false);
    assert.equal(kernel.histogram(), null);
    assert.equal(kernelLayout(10, 2, 1).bytes, kernelLayout(10, 2, 0).bytes + 2 * BINS * 24);
  });
});
