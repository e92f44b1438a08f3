import type { FineClasses } from './prebin';
import type { Segments } from './segments';

/**
 * Equal-frequency bins: the fine-class boundaries closest to each multiple of 1/maxBins of the
 * rows. Cut points stay on fine-class boundaries so every method draws from the same candidates.
 */
export function quantilePartition(seg: Segments): number[] {
  const total = seg.count(0, seg.m);
  const starts = new Set<number>([0]);
  for (let j = 1; j < seg.c.maxBins; j++) {
    const want = (j * total) / seg.c.maxBins;
    let best = -1, gap = Infinity;
    for (let s = 1; s < seg.m; s++) { const g = Math.abs(seg.count(0, s) - want); if (g < gap) { gap = g; best = s; } }
    if (best > 0) starts.add(best);
  }
  return [...starts].sort((a, b) => a - b);
}

/**
 * Equal-width bins: the fine-class boundaries closest to min + j·(max − min)/maxBins. Categorical
 * variables have no width; they fall back to equal frequency.
 */
export function uniformPartition(seg: Segments, fine: FineClasses, range: { min: number; max: number } | null): number[] {
  if (!fine.cuts || !range || fine.cuts.length === 0) return quantilePartition(seg);
  const starts = new Set<number>([0]);
  for (let j = 1; j < seg.c.maxBins; j++) {
    const want = range.min + (j * (range.max - range.min)) / seg.c.maxBins;
    let best = -1, gap = Infinity;
    fine.cuts.forEach((c, k) => { const g = Math.abs(c - want); if (g < gap) { gap = g; best = k + 1; } });
    if (best > 0) starts.add(best);
  }
  return [...starts].sort((a, b) => a - b);
}
