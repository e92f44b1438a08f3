import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BINS, buildHistogram, rowMajorBins } from '../../../../models/gbdt/histogram';
import { HistogramKernel, kernelLayout } from '../../../../models/gbdt/histogram-kernel';
import { mulberry32 } from '../../../../models/stats/random';

describe('the WebAssembly SIMD histogram kernel', () => {
  const n = 5000, F = 7;
  const r = mulberry32(3);
  const columns = Array.from({ length: F }, (_, f) => Uint8Array.from({ length: n }, () => (r() < 0.05 ? 255 : Math.floor(r() * (f === 0 ? 3 : 255)))));

  it('gives bit for bit the JavaScript builder’s sums, over all rows and over a scattered node', () => {
    const kernel = HistogramKernel.create(n, F, 3);
    assert.ok(kernel, 'WebAssembly SIMD and shared memory run on Node');
    rowMajorBins(columns, undefined, kernel.rowBins);
    for (let i = 0; i < n; i++) { kernel.g[i] = r() - 0.5; kernel.h[i] = r() * 0.25; }
    const order = Uint32Array.from({ length: n }, (_, i) => (i * 7919) % n);
    kernel.rows.set(order);
    const js = new Float64Array(F * BINS * 3);
    const wasm = kernel.histogram()!;
    for (const [start, end] of [[0, n], [1234, 3000], [10, 11], [0, 0]] as const) {
      buildHistogram(kernel.rowBins, F, kernel.g, kernel.h, kernel.rows, start, end, js);
      wasm.fill(7);
      assert.equal(kernel.build(kernel.rows, start, end, wasm), true);
      assert.deepEqual(Array.from(wasm), Array.from(js), `rows ${start}..${end}`);
    }
    const other = kernel.histogram()!;
    kernel.build(kernel.rows, 0, 100, other);
    const before = Float64Array.from(other);
    kernel.add(other, wasm);
    for (let k = 0; k < before.length; k++) assert.equal(other[k], before[k]! + wasm[k]!, `slot ${k}`);
  });

  it('declines arrays outside its memory (the caller builds them) and runs out of histograms plainly', () => {
    const kernel = HistogramKernel.create(10, 2, 1)!;
    assert.equal(kernel.build(new Uint32Array(3), 0, 3, kernel.histogram()!), false);
    assert.equal(kernel.histogram(), null);
    assert.equal(kernelLayout(10, 2, 1).bytes, kernelLayout(10, 2, 0).bytes + 2 * BINS * 24);
  });
});
