import { ivOf } from './woe';
import type { Counts } from './variable-stats';

/** What every regular bin must satisfy, and the totals its IV term is measured against. */
export interface BinConstraints {
  maxBins: number;
  minCount: number;
  minEvents: number;
  minNonEvents: number;
  totalEvents: number;
  totalNonEvents: number;
}

/** A concrete trend for a solver (`auto` is resolved by trying both directions). */
export type Trend = 'ascending' | 'descending' | 'peak' | 'valley' | 'none';

/** Sums over runs of fine classes [a, b) in O(1). */
export class Segments {
  readonly m: number;
  private readonly e: Float64Array;
  private readonly n: Float64Array;

  constructor(counts: readonly Counts[], readonly c: BinConstraints) {
    this.m = counts.length;
    this.e = new Float64Array(this.m + 1);
    this.n = new Float64Array(this.m + 1);
    counts.forEach((x, i) => { this.e[i + 1] = this.e[i]! + x.events; this.n[i + 1] = this.n[i]! + x.nonEvents; });
  }

  events(a: number, b: number): number { return this.e[b]! - this.e[a]!; }
  nonEvents(a: number, b: number): number { return this.n[b]! - this.n[a]!; }
  count(a: number, b: number): number { return this.events(a, b) + this.nonEvents(a, b); }
  rate(a: number, b: number): number { const n = this.count(a, b); return n > 0 ? this.events(a, b) / n : 0; }
  iv(a: number, b: number): number { return ivOf(this.events(a, b), this.nonEvents(a, b), this.c.totalEvents, this.c.totalNonEvents); }
  feasible(a: number, b: number): boolean {
    return this.count(a, b) >= this.c.minCount && this.events(a, b) >= this.c.minEvents && this.nonEvents(a, b) >= this.c.minNonEvents;
  }

  /** The bins [starts[k], starts[k+1]) of a partition. */
  bounds(starts: readonly number[], end: number = this.m): [number, number][] {
    return starts.map((s, k) => [s, k + 1 < starts.length ? starts[k + 1]! : end]);
  }

  totalIv(starts: readonly number[]): number {
    return this.bounds(starts).reduce((t, [a, b]) => t + this.iv(a, b), 0);
  }
}

/**
 * Whether a step from a bin of rate r1 to one of rate r2 is allowed in `phase` (0 before the
 * turn of a peak/valley, 1 after); the phase after the step, or −1 when it is not allowed.
 * Monotonic trends are strict: two neighbouring bins never share an event rate.
 */
export function step(trend: Trend, phase: number, r1: number, r2: number): number {
  switch (trend) {
    case 'none': return 0;
    case 'ascending': return r2 > r1 ? 0 : -1;
    case 'descending': return r2 < r1 ? 0 : -1;
    case 'peak': return r2 > r1 ? (phase === 0 ? 0 : -1) : r2 < r1 ? 1 : -1;
    case 'valley': return r2 < r1 ? (phase === 0 ? 0 : -1) : r2 > r1 ? 1 : -1;
  }
}

/** True when the partition's event rates follow the trend. */
export function followsTrend(seg: Segments, starts: readonly number[], trend: Trend): boolean {
  const b = seg.bounds(starts);
  let phase = 0;
  for (let k = 1; k < b.length; k++) {
    phase = step(trend, phase, seg.rate(b[k - 1]![0], b[k - 1]![1]), seg.rate(b[k]![0], b[k]![1]));
    if (phase < 0) return false;
  }
  return true;
}
