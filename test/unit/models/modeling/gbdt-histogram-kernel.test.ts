import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BINS, buildHistogram, rowMajorBins } from '../../../../models/gbdt/histogram';
import { HistogramKernel, kernelLayout } from '../../../../models/gbdt/histogram-kernel';
import { gradients as gradientsOf, type BoostArrays } from '../../../../models/gbdt/boost-passes';
import { mulberry32 } from '../../../../models/stats/random';

describe('the WebAssembly SIMD histogram kernel (quantized gradients)', () => {
  const n = 5000, F = 7;
  const r = mulberry32(3);
  const columns = Array.from({ length: F }, (_, f) => Uint8Array.from({ length: n }, () => (r() < 0.05 ? 255 : Math.floor(r() * (f === 0 ? 3 : 255)))));
  const raw = Float64Array.from({ length: n }, () => r() * 6 - 3), y = Uint8Array.from({ length: n }, () => (r() < 0.3 ? 1 : 0));
  const w = Float64Array.from({ length: n }, () => 0.5 + r());
  /** Each row's log-loss gradient and hessian at `raw`, and their integers at the kernel's scales (bounded by the largest weight). */
  const gradients = (kernel: HistogramKernel) => {
    kernel.setScales(1.5, 1.5 / 4, n);
    const a: BoostArrays = { raw: Float64Array.from(raw), y, w, g: new Float64Array(n), h: new Float64Array(n), gh: kernel.gh, rows: kernel.rows, units: new Int32Array(0), values: new Float64Array(0), leafOf: new Uint16Array(0), leafValues: new Float64Array(0), columns: [], feature: new Int32Array(1), table: new Uint8Array(256), scratch: new Uint32Array(0), scales: Float64Array.of(1 / kernel.sg, 1 / kernel.sh) };
    gradientsOf(a, 0, n, false);
    return a;
  };

  it('computes each row\'s log-loss gradient and hessian and their nearest whole numbers at the scale, and builds the exact sums of those integers', () => {
    const kernel = HistogramKernel.create(n, F, 3);
    assert.ok(kernel, 'WebAssembly SIMD and shared memory run on Node');
    rowMajorBins(columns, undefined, kernel.rowBins);
    kernel.rows.set(Uint32Array.from({ length: n }, (_, i) => (i * 7919) % n));
    const { g, h } = gradients(kernel);
    for (let i = 0; i < n; i++) {
      const p = 1 / (1 + Math.exp(-raw[i]!));
      assert.ok(Math.abs(g[i]! - w[i]! * (p - y[i]!)) < 1e-15 && Math.abs(h[i]! - w[i]! * p * (1 - p)) < 1e-15);
      assert.ok(Math.abs(kernel.gh[2 * i]! * kernel.sg - g[i]!) <= kernel.sg / 2 + 1e-15);
      assert.ok(Math.abs(kernel.gh[2 * i + 1]! * kernel.sh - h[i]!) <= kernel.sh / 2 + 1e-15);
    }
    // By hand: the JavaScript builder on the integers, scaled afterwards.
    const gi = Float64Array.from({ length: n }, (_, i) => kernel.gh[2 * i]!), hi = Float64Array.from({ length: n }, (_, i) => kernel.gh[2 * i + 1]!);
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
    gradients(kernel);
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
