import { Segments, followsTrend, type Trend } from './segments';

/**
 * Makes a heuristic partition (ChiMerge, tree, equal bins) satisfy the same constraints as the
 * optimal one, by merging neighbours: first bins that are too small (into the neighbour with the
 * closer event rate), then pairs that break the trend (the merge losing least IV), then down to
 * `maxBins` (least IV lost). Merging never breaks a satisfied constraint, so the result is one of
 * the partitions the optimal solver searches.
 */
export function enforceConstraints(seg: Segments, input: readonly number[], trend: Trend): number[] {
  let starts = [...input];
  const bins = () => seg.bounds(starts);
  const mergeAt = (k: number) => { starts = starts.filter((_, i) => i !== k + 1); };
  for (;;) {
    const b = bins();
    const small = b.map(([x, y], k) => ({ k, n: seg.count(x, y), ok: seg.feasible(x, y) })).filter((s) => !s.ok).sort((p, q) => p.n - q.n)[0];
    if (!small || b.length === 1) break;
    const k = small.k, r = seg.rate(b[k]![0], b[k]![1]);
    const left = k > 0 ? Math.abs(seg.rate(b[k - 1]![0], b[k - 1]![1]) - r) : Infinity;
    const right = k + 1 < b.length ? Math.abs(seg.rate(b[k + 1]![0], b[k + 1]![1]) - r) : Infinity;
    mergeAt(left <= right ? k - 1 : k);
  }
  if (trend === 'peak' || trend === 'valley') starts = unimodal(seg, starts, trend);
  else if (trend !== 'none') starts = monotone(seg, starts, trend);
  while (starts.length > seg.c.maxBins) mergeAt(cheapestMerge(seg, starts, () => true));
  return starts;
}

/** The index k whose merge with k + 1 loses the least IV among the pairs `allowed`. */
function cheapestMerge(seg: Segments, starts: number[], allowed: (k: number, b: [number, number][]) => boolean, end = seg.m): number {
  const b = seg.bounds(starts, end);
  let best = -1, loss = Infinity;
  for (let k = 0; k + 1 < b.length; k++) {
    if (!allowed(k, b)) continue;
    const l = seg.iv(b[k]![0], b[k]![1]) + seg.iv(b[k + 1]![0], b[k + 1]![1]) - seg.iv(b[k]![0], b[k + 1]![1]);
    if (l < loss) { loss = l; best = k; }
  }
  return best;
}

/** Merges the bins of `input` (the last ending at `end`) until their event rate follows the trend. */
function monotone(seg: Segments, input: number[], trend: 'ascending' | 'descending', end = seg.m): number[] {
  let starts = [...input];
  const breaks = (k: number, b: [number, number][]) => {
    const r1 = seg.rate(b[k]![0], b[k]![1]), r2 = seg.rate(b[k + 1]![0], b[k + 1]![1]);
    return trend === 'ascending' ? r2 <= r1 : r2 >= r1;
  };
  for (;;) {
    const k = cheapestMerge(seg, starts, breaks, end);
    if (k < 0) return starts;
    starts = starts.filter((_, i) => i !== k + 1);
  }
}

/** The best unimodal partition reachable by merging: each bin tried as the turn. */
function unimodal(seg: Segments, starts: number[], trend: 'peak' | 'valley'): number[] {
  const [up, down] = trend === 'peak' ? ['ascending', 'descending'] as const : ['descending', 'ascending'] as const;
  let best: number[] = [0], top = -Infinity;
  for (let t = 0; t < starts.length; t++) {
    const left = monotone(seg, starts.slice(0, t + 1), up, t + 1 < starts.length ? starts[t + 1]! : seg.m);
    const right = monotone(seg, starts.slice(t + 1), down);
    let cand = [...left, ...right];
    if (!followsTrend(seg, cand, trend)) cand = [...left, ...right.slice(1)];
    if (!followsTrend(seg, cand, trend)) continue;
    const iv = seg.totalIv(cand);
    if (iv > top) { top = iv; best = cand; }
  }
  return best;
}
