import type { BinSpec } from '../../types/binning';
import { numericBinCounts, type CategoricalStats, type Counts, type NumericStats, type VariableStats } from './variable-stats';

/**
 * Fine classes: the ordered groups that coarse classing merges. Numbers: quantile classes whose
 * cut points are observed values (so ties never straddle a cut). Categories: one class each,
 * rare ones pooled, ordered by event rate.
 */
export interface FineClasses {
  counts: Counts[];
  /** Numeric: cut k separates class k from class k + 1. */
  cuts?: number[];
  /** Categorical: the categories of each class. */
  groups?: string[][];
}

export function fineClasses(s: VariableStats, maxPrebins: number, rareCategoryShare: number): FineClasses {
  return s.kind === 'numeric' ? numericFine(s, maxPrebins) : categoricalFine(s, maxPrebins, rareCategoryShare);
}

function numericFine(s: NumericStats, maxPrebins: number): FineClasses {
  if (s.eventWeights && s.nonEventWeights) return weightedNumericFine(s, maxPrebins);
  const e = s.eventValues, v = s.nonEventValues;
  const n = e.length + v.length;
  const cuts: number[] = [];
  if (n > 0) {
    // Walk the two sorted arrays as one, stopping at each quantile rank.
    // The value at each quantile rank q·n/P (ranks only grow, so one pass serves them all).
    let i = 0, j = 0, rank = 0, x = NaN, first = NaN;
    for (let q = 0; q < maxPrebins; q++) {
      const target = Math.floor((q * n) / maxPrebins);
      while (rank <= target) { x = j >= v.length || (i < e.length && e[i]! <= v[j]!) ? e[i++]! : v[j++]!; rank++; }
      if (q === 0) first = x;
      else if (x > first && (cuts.length === 0 || x > cuts[cuts.length - 1]!)) cuts.push(x);
    }
  }
  return { counts: numericBinCounts(s, cuts), cuts };
}

/** As `numericFine`, at quantiles of the weight: the value where the running weight passes q·W/P. */
function weightedNumericFine(s: NumericStats, maxPrebins: number): FineClasses {
  const e = s.eventValues, v = s.nonEventValues, ew = s.eventWeights!.weight, vw = s.nonEventWeights!.weight;
  const total = s.eventWeights!.cumWeight[e.length]! + s.nonEventWeights!.cumWeight[v.length]!;
  const cuts: number[] = [];
  if (e.length + v.length > 0 && total > 0) {
    let i = 0, j = 0, before = 0, x = NaN, first = NaN;
    for (let q = 0; q < maxPrebins; q++) {
      const target = (q * total) / maxPrebins;
      while (before <= target && (i < e.length || j < v.length)) {
        if (j >= v.length || (i < e.length && e[i]! <= v[j]!)) { x = e[i]!; before += ew[i++]!; } else { x = v[j]!; before += vw[j++]!; }
      }
      if (q === 0) first = x;
      else if (x > first && (cuts.length === 0 || x > cuts[cuts.length - 1]!)) cuts.push(x);
    }
  }
  return { counts: numericBinCounts(s, cuts), cuts };
}

function categoricalFine(s: CategoricalStats, maxPrebins: number, rareShare: number): FineClasses {
  const total = s.categories.reduce((t, c) => t + c.events + c.nonEvents, 0) + s.missing.events + s.missing.nonEvents;
  const bySize = [...s.categories].sort((a, b) => (b.events + b.nonEvents) - (a.events + a.nonEvents) || (a.value < b.value ? -1 : 1));
  const kept: (Counts & { values: string[] })[] = [];
  const other = { events: 0, nonEvents: 0, values: [] as string[] };
  for (const c of bySize) {
    const size = c.events + c.nonEvents;
    if (size < rareShare * total || kept.length >= maxPrebins - 1) { other.events += c.events; other.nonEvents += c.nonEvents; other.values.push(c.value); } else kept.push({ events: c.events, nonEvents: c.nonEvents, values: [c.value] });
  }
  if (other.values.length === 1) kept.push(other);
  else if (other.values.length > 1) { other.values.sort(); kept.push(other); }
  const rate = (c: Counts) => c.events / Math.max(1, c.events + c.nonEvents);
  kept.sort((a, b) => rate(a) - rate(b) || (a.values[0]! < b.values[0]! ? -1 : 1));
  return { counts: kept.map(({ events, nonEvents }) => ({ events, nonEvents })), groups: kept.map((k) => k.values) };
}

/**
 * A coarse partition of fine classes, as the indices where each bin starts (the first is 0),
 * turned into a bin spec.
 */
export function specOf(fine: FineClasses, starts: readonly number[]): BinSpec {
  if (fine.groups) {
    const groups = starts.map((s, k) => fine.groups!.slice(s, k + 1 < starts.length ? starts[k + 1] : fine.groups!.length).flat());
    return { kind: 'categorical', groups };
  }
  return { kind: 'numeric', cuts: starts.slice(1).map((s) => fine.cuts![s - 1]!) };
}
