import type { BinSpec, BinningOptions, BinningTable, MonotonicTrend } from '../../types/binning';
import { binningTable } from './binning-table';
import { chiMergePartition } from './chimerge';
import { enforceConstraints } from './enforce';
import { quantilePartition, uniformPartition } from './equal-bins';
import { optimalPartition } from './optimal';
import { fineClasses, specOf, type FineClasses } from './prebin';
import { Segments, type Trend } from './segments';
import { treePartition } from './tree';
import { numericRange, type Counts, type VariableStats } from './variable-stats';

export interface FittedBinning {
  spec: BinSpec;
  table: BinningTable;
  /** The trend the bins were constrained to (`auto` resolved). */
  trend: Trend;
  fineClasses: number;
}

/** The coarse partition of the fine classes (the start of each bin) by the options' method under a trend. */
export function partition(seg: Segments, fine: FineClasses, s: VariableStats, o: BinningOptions, trend: Trend): number[] {
  if (seg.m === 0) return [];
  if (o.method === 'optimal') return optimalPartition(seg, trend) ?? [0];
  const raw = o.method === 'chimerge' ? chiMergePartition(seg, o.chiThreshold)
    : o.method === 'tree' ? treePartition(seg, o.treeCriterion)
      : o.method === 'quantile' ? quantilePartition(seg)
        : uniformPartition(seg, fine, s.kind === 'numeric' ? numericRange(s) : null);
  return enforceConstraints(seg, raw, trend);
}

/**
 * Bins one variable: fine classes, then coarse classes by the chosen method under the size and
 * trend constraints. Categorical fine classes are ordered by event rate, so they are grouped
 * under an ascending trend whatever `monotonic` says (any contiguous grouping of them is).
 */
export function fitBinning(s: VariableStats, o: BinningOptions): FittedBinning {
  const fine = fineClasses(s, o.maxPrebins, o.rareCategoryShare);
  const seg = segmentsOf(fine.counts, s.totalEvents, s.totalNonEvents, o);
  const trends: Trend[] = s.kind === 'categorical' ? ['none'] : candidates(o.monotonic);
  let best: { starts: number[]; trend: Trend; iv: number } | null = null;
  for (const trend of trends) {
    const starts = partition(seg, fine, s, o, trend);
    const iv = seg.totalIv(starts);
    if (!best || iv > best.iv + 1e-12) best = { starts, trend, iv };
  }
  const spec = specOf(fine, best!.starts.length ? best!.starts : [0]);
  return { spec, table: binningTable(s, spec), trend: s.kind === 'categorical' ? 'ascending' : best!.trend, fineClasses: fine.counts.length };
}

/** Fine-class counts under the options' size constraints, measured against the totals given. */
export function segmentsOf(counts: readonly Counts[], totalEvents: number, totalNonEvents: number, o: BinningOptions): Segments {
  return new Segments(counts, {
    maxBins: o.maxBins,
    minCount: Math.ceil(o.minBinShare * (totalEvents + totalNonEvents)),
    minEvents: o.minBinEvents,
    minNonEvents: o.minBinNonEvents,
    totalEvents,
    totalNonEvents,
  });
}

function candidates(m: MonotonicTrend): Trend[] {
  return m === 'auto' ? ['ascending', 'descending'] : [m];
}
