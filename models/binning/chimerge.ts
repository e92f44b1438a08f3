import type { Segments } from './segments';

/** χ² of the 2×2 table of two neighbouring bins (events / non-events), 0 when it is degenerate. */
export function chiSquare(e1: number, n1: number, e2: number, n2: number): number {
  const total = e1 + n1 + e2 + n2;
  const rows = [e1 + n1, e2 + n2], cols = [e1 + e2, n1 + n2];
  if (rows[0] === 0 || rows[1] === 0 || cols[0] === 0 || cols[1] === 0) return 0;
  const obs = [[e1, n1], [e2, n2]];
  let chi = 0;
  for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) { const ex = (rows[i]! * cols[j]!) / total; chi += (obs[i]![j]! - ex) ** 2 / ex; }
  return chi;
}

/**
 * ChiMerge (Kerber 1992) on the fine classes: merge the neighbouring pair with the smallest χ²
 * while there are more than `maxBins` bins or some pair is below `threshold`.
 */
export function chiMergePartition(seg: Segments, threshold: number): number[] {
  let starts = Array.from({ length: seg.m }, (_, i) => i);
  while (starts.length > 1) {
    const b = seg.bounds(starts);
    let k = -1, low = Infinity;
    for (let i = 0; i + 1 < b.length; i++) {
      const [a1, b1] = b[i]!, [a2, b2] = b[i + 1]!;
      const chi = chiSquare(seg.events(a1, b1), seg.nonEvents(a1, b1), seg.events(a2, b2), seg.nonEvents(a2, b2));
      if (chi < low) { low = chi; k = i; }
    }
    if (starts.length <= seg.c.maxBins && low >= threshold) break;
    starts = starts.filter((_, i) => i !== k + 1);
  }
  return starts;
}
