import type { Light, MonitorThresholds } from '../../types/monitor';

export type { Light, MonitorThresholds };

/** The industry's rule of thumb for stability (0.10 / 0.25) and an AUC three points under development as worth a look, six as a problem. */
export const DEFAULT_THRESHOLDS: MonitorThresholds = { psiWarn: 0.1, psiAlert: 0.25, csiWarn: 0.1, csiAlert: 0.25, aucDropWarn: 0.03, aucDropAlert: 0.06 };

export function lightOf(value: number | null, warn: number, alert: number): Light {
  if (value === null || !Number.isFinite(value)) return 'ok';
  return value >= alert ? 'alert' : value >= warn ? 'warn' : 'ok';
}

/** The worse of two lights. */
export function worse(a: Light, b: Light): Light {
  return a === 'alert' || b === 'alert' ? 'alert' : a === 'warn' || b === 'warn' ? 'warn' : 'ok';
}

/** Thresholds checked: each finite and ≥ 0, each warn below its alert. Returns the offending key, or null. */
export function badThreshold(t: MonitorThresholds): { key: keyof MonitorThresholds; reason: string } | null {
  for (const k of Object.keys(DEFAULT_THRESHOLDS) as Exclude<keyof MonitorThresholds, 'funnelBands'>[]) {
    const v = t[k];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) return { key: k, reason: 'a number ≥ 0' };
  }
  for (const [w, a] of [['psiWarn', 'psiAlert'], ['csiWarn', 'csiAlert'], ['aucDropWarn', 'aucDropAlert']] as const) {
    if (t[w] > t[a]) return { key: w, reason: `at most ${a} (${t[a]})` };
  }
  for (const [stage, band] of Object.entries(t.funnelBands ?? {})) {
    if (!Array.isArray(band) || band.length !== 2 || !band.every((x) => typeof x === 'number' && x >= 0 && x <= 1) || band[0] > band[1]) return { key: 'funnelBands', reason: `for ${stage}, a band LOWER:UPPER of conversions from 0 to 1, lower first` };
  }
  return null;
}
