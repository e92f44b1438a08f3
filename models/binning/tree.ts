import type { Segments } from './segments';

function impurity(e: number, n: number, criterion: 'gini' | 'entropy'): number {
  const t = e + n;
  if (t === 0) return 0;
  const p = e / t, q = n / t;
  if (criterion === 'gini') return 1 - p * p - q * q;
  return -(p > 0 ? p * Math.log2(p) : 0) - (q > 0 ? q * Math.log2(q) : 0);
}

/**
 * A decision tree on one variable (as CART with `max_leaf_nodes`): the leaf whose best split at
 * a fine-class boundary lowers the weighted impurity most is split, until `maxBins` leaves or no
 * split leaves both children within the size constraints.
 */
export function treePartition(seg: Segments, criterion: 'gini' | 'entropy'): number[] {
  const starts = new Set<number>([0]);
  const leaves: [number, number][] = [[0, seg.m]];
  const weighted = (a: number, b: number) => seg.count(a, b) * impurity(seg.events(a, b), seg.nonEvents(a, b), criterion);
  while (leaves.length < seg.c.maxBins) {
    let gain = 1e-12, pick = -1, at = -1;
    leaves.forEach(([a, b], li) => {
      const parent = weighted(a, b);
      for (let s = a + 1; s < b; s++) {
        if (!seg.feasible(a, s) || !seg.feasible(s, b)) continue;
        const g = parent - weighted(a, s) - weighted(s, b);
        if (g > gain) { gain = g; pick = li; at = s; }
      }
    });
    if (pick < 0) break;
    const [a, b] = leaves[pick]!;
    leaves.splice(pick, 1, [a, at], [at, b]);
    starts.add(at);
  }
  return [...starts].sort((x, y) => x - y);
}
