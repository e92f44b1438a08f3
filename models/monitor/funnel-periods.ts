import { funnel } from '../strategy/funnel';
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
  const names = ['exposed', ...stages];
  const all = new Uint8Array(period.length).fill(1);
  const flags = [all, ...reached];
  const groups = [{ label: 'all', code: -2 }, ...(segment ? segment.labels.map((label, code) => ({ label, code })) : [])];
  const rowsOf = (p: number, code: number) => {
    const out: number[] = [];
    for (let i = 0; i < period.length; i++) if ((p < 0 ? period[i]! >= 0 : period[i] === p) && (code === -2 || segment!.codes[i] === code)) out.push(i);
    return out;
  };
  const stagesOf = (rows: number[]) => funnel(names, flags.map((f) => Uint8Array.from(rows, (i) => f[i]!))).overall;
  const conversions = (st: ReturnType<typeof stagesOf>) => st.slice(1).map((s, k) => (st[k]!.count > 0 ? s.count / st[k]!.count : null));
  const pooled = groups.map((g) => ({ segment: g.label, conversion: conversions(stagesOf(rowsOf(-1, g.code))) }));
  const out: FunnelPeriod[] = [];
  const alerts: FunnelAlert[] = [];
  periods.forEach((label, p) => groups.forEach((g, gi) => {
    const st = stagesOf(rowsOf(p, g.code));
    const cells = st.slice(1).map((s, k): FunnelCell => {
      const from = st[k]!.count;
      const conversion = from > 0 ? s.count / from : null;
      const set = bands[s.stage];
      const centre = pooled[gi]!.conversion[k] ?? null;
      let band: FunnelCell['band'] = null;
      if (set) band = { lower: set[0], upper: set[1], warnLower: set[0], warnUpper: set[1], source: 'set' };
      else if (centre !== null && from > 0) {
        const se = Math.sqrt((centre * (1 - centre)) / from);
        band = { lower: Math.max(0, centre - 3 * se), upper: Math.min(1, centre + 3 * se), warnLower: Math.max(0, centre - 2 * se), warnUpper: Math.min(1, centre + 2 * se), source: 'control' };
      }
      const light: Light = conversion === null || band === null ? 'ok' : conversion < band.lower || conversion > band.upper ? 'alert' : conversion < band.warnLower || conversion > band.warnUpper ? 'warn' : 'ok';
      if (light !== 'ok') alerts.push({ period: label, segment: g.label, stage: s.stage, conversion: conversion!, lower: light === 'alert' ? band!.lower : band!.warnLower, upper: light === 'alert' ? band!.upper : band!.warnUpper, light });
      return { stage: s.stage, count: s.count, from, conversion, dropOff: conversion === null ? null : 1 - conversion, band, light };
    });
    out.push({ period: label, segment: g.label, cells });
  }));
  return { stages: [...stages], segment: segment?.name ?? null, pooled, periods: out, alerts };
}
