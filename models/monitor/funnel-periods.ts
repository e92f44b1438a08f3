import type { Light } from '../../types/monitor';

/** One stage's conversion in one period (and segment), against its band. */
export interface FunnelCell {
  stage: string;
  /** Rows that reached this stage, and those that reached the one before it. */
  count: number;
  from: number;
  conversion: number | null;
  dropOff: number | null;
  /** The band the conversion should stay in: set by the user, or control limits around the segment's rate over all periods (±2 and ±3 standard errors for this period's rows). */
  band: { lower: number; upper: number; warnLower: number; warnUpper: number; source: 'set' | 'control' } | null;
  light: Light;
}

export interface FunnelPeriod {
  period: string;
  segment: string;
  cells: FunnelCell[];
}

export interface FunnelAlert {
  period: string;
  segment: string;
  stage: string;
  conversion: number;
  lower: number;
  upper: number;
  light: Exclude<Light, 'ok'>;
}

export interface FunnelMonitor {
  /** The stages after exposure, in order (the first converts from every row). */
  stages: string[];
  segment: string | null;
  /** Per segment ('all' first) and stage: the conversion over every period, the centre of its control limits. */
  pooled: { segment: string; conversion: (number | null)[] }[];
  periods: FunnelPeriod[];
  alerts: FunnelAlert[];
}

/**
 * The lending funnel by period (and segment): per stage the rows that reached it, the conversion
 * from the stage before and the drop-off; each conversion checked against its band — the user's
 * (`bands[stage] = [lower, upper]`, outside: red) or control limits around the segment's pooled
 * rate, p ± 2·se amber and p ± 3·se red, se = √(p(1−p)/n) for the n rows of the period that
 * reached the stage before (a p-chart).
 */
export function funnelPeriods(stages: readonly string[], reached: readonly Uint8Array[], period: Int32Array, periods: readonly string[], bands: Readonly<Record<string, readonly [number, number]>>, segment?: { name: string; codes: Int32Array; labels: readonly string[] }): FunnelMonitor {
  const groups = [{ label: 'all', code: -2 }, ...(segment ? segment.labels.map((label, code) => ({ label, code })) : [])];
  const k = stages.length + 1, g = groups.length;
  // One pass: counts[(p·g + group)·k + s] = rows of the period and group reaching stage s (0: exposed, every row); periods.length: all periods.
  const counts = new Float64Array((periods.length + 1) * g * k);
  const add = (q: number, gi: number, depth: number) => { const at = (q * g + gi) * k; for (let s = 0; s < depth; s++) counts[at + s]!++; };
  for (let i = 0; i < period.length; i++) {
    const p = period[i]!;
    if (p < 0) continue;
    let depth = 1;
    while (depth < k && reached[depth - 1]![i] === 1) depth++;
    // The row counts in its period and over all periods, for all rows and for its segment.
    add(p, 0, depth); add(periods.length, 0, depth);
    const seg = segment ? segment.codes[i]! : -1;
    if (seg >= 0) { add(p, seg + 1, depth); add(periods.length, seg + 1, depth); }
  }
  const countsOf = (q: number, gi: number) => counts.subarray((q * g + gi) * k, (q * g + gi + 1) * k);
  const conversions = (c: Float64Array) => stages.map((_, s) => (c[s]! > 0 ? c[s + 1]! / c[s]! : null));
  const pooled = groups.map((grp, gi) => ({ segment: grp.label, conversion: conversions(countsOf(periods.length, gi)) }));
  const out: FunnelPeriod[] = [];
  const alerts: FunnelAlert[] = [];
  periods.forEach((label, p) => groups.forEach((grp, gi) => {
    const c = countsOf(p, gi);
    const cells = stages.map((stage, s): FunnelCell => {
      const from = c[s]!, count = c[s + 1]!;
      const conversion = from > 0 ? count / from : null;
      const set = bands[stage];
      const centre = pooled[gi]!.conversion[s] ?? null;
      let band: FunnelCell['band'] = null;
      if (set) band = { lower: set[0], upper: set[1], warnLower: set[0], warnUpper: set[1], source: 'set' };
      else if (centre !== null && from > 0) {
        const se = Math.sqrt((centre * (1 - centre)) / from);
        band = { lower: Math.max(0, centre - 3 * se), upper: Math.min(1, centre + 3 * se), warnLower: Math.max(0, centre - 2 * se), warnUpper: Math.min(1, centre + 2 * se), source: 'control' };
      }
      const light: Light = conversion === null || band === null ? 'ok' : conversion < band.lower || conversion > band.upper ? 'alert' : conversion < band.warnLower || conversion > band.warnUpper ? 'warn' : 'ok';
      if (light !== 'ok') alerts.push({ period: label, segment: grp.label, stage, conversion: conversion!, lower: light === 'alert' ? band!.lower : band!.warnLower, upper: light === 'alert' ? band!.upper : band!.warnUpper, light });
      return { stage, count, from, conversion, dropOff: conversion === null ? null : 1 - conversion, band, light };
    });
    out.push({ period: label, segment: grp.label, cells });
  }));
  return { stages: [...stages], segment: segment?.name ?? null, pooled, periods: out, alerts };
}
