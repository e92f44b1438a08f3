import { Segments, step, type Trend } from './segments';

/**
 * The partition of the fine classes into at most `maxBins` runs that maximizes IV, subject to
 * every bin's size constraints and the trend of the event rate — solved exactly by dynamic
 * programming over (bins used, phase, last bin [a, b)): O(maxBins · m³) for m fine classes.
 * Returns the start index of each bin, or null when no partition satisfies the constraints.
 */
export function optimalPartition(seg: Segments, trend: Trend): number[] | null {
  const m = seg.m, K = Math.min(seg.c.maxBins, m);
  if (m === 0) return null;
  if (trend === 'none') return freePartition(seg, K);
  const P = trend === 'peak' || trend === 'valley' ? 2 : 1;
  const W = m + 1;
  const at = (k: number, p: number, a: number, b: number) => ((k * P + p) * W + a) * W + b;
  const best = new Float64Array((K + 1) * P * W * W).fill(-Infinity);
  const from = new Int32Array(best.length).fill(-1);
  const feasible = new Uint8Array(W * W), iv = new Float64Array(W * W), rate = new Float64Array(W * W);
  for (let a = 0; a < m; a++) {
    for (let b = a + 1; b <= m; b++) {
      feasible[a * W + b] = seg.feasible(a, b) ? 1 : 0;
      iv[a * W + b] = seg.iv(a, b);
      rate[a * W + b] = seg.rate(a, b);
    }
  }
  for (let b = 1; b <= m; b++) if (feasible[b]) best[at(1, 0, 0, b)] = iv[b]!;
  for (let k = 2; k <= K; k++) {
    for (let p0 = 0; p0 < P; p0++) {
      for (let a0 = 0; a0 < m; a0++) {
        for (let a = a0 + 1; a < m; a++) {
          const prev = best[at(k - 1, p0, a0, a)]!;
          if (prev === -Infinity) continue;
          const r1 = rate[a0 * W + a]!;
          for (let b = a + 1; b <= m; b++) {
            if (!feasible[a * W + b]) continue;
            const p = step(trend, p0, r1, rate[a * W + b]!);
            if (p < 0) continue;
            const v = prev + iv[a * W + b]!;
            const i = at(k, p, a, b);
            if (v > best[i]!) { best[i] = v; from[i] = at(k - 1, p0, a0, a); }
          }
        }
      }
    }
  }
  let top = -Infinity, end = -1;
  for (let k = 1; k <= K; k++) {
    for (let p = 0; p < P; p++) {
      for (let a = 0; a < m; a++) {
        const i = at(k, p, a, m);
        // Fewer bins win a tie: the extra bin must add information.
        if (best[i]! > top + 1e-12) { top = best[i]!; end = i; }
      }
    }
  }
  if (end < 0) return null;
  const starts: number[] = [];
  for (let i = end; i >= 0; i = from[i]!) starts.push(Math.floor(i / W) % W);
  return starts.reverse();
}

/**
 * Without a trend the previous bin does not constrain the next, so the programme needs only
 * (bins used, end): O(maxBins · m²). Fewer bins win a tie, as above.
 */
function freePartition(seg: Segments, K: number): number[] | null {
  const m = seg.m, W = m + 1;
  const best = new Float64Array((K + 1) * W).fill(-Infinity);
  const from = new Int32Array((K + 1) * W).fill(-1);
  best[0] = 0;
  for (let k = 1; k <= K; k++) {
    for (let b = 1; b <= m; b++) {
      for (let a = 0; a < b; a++) {
        const prev = best[(k - 1) * W + a]!;
        if (prev === -Infinity || !seg.feasible(a, b)) continue;
        const v = prev + seg.iv(a, b);
        if (v > best[k * W + b]!) { best[k * W + b] = v; from[k * W + b] = a; }
      }
    }
  }
  let top = -Infinity, bins = -1;
  for (let k = 1; k <= K; k++) if (best[k * W + m]! > top + 1e-12) { top = best[k * W + m]!; bins = k; }
  if (bins < 0) return null;
  const starts: number[] = [];
  for (let k = bins, b = m; k > 0; k--) { const a = from[k * W + b]!; starts.push(a); b = a; }
  return starts.reverse();
}
