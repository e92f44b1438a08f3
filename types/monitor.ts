/** Where a monitored figure turns amber (warn) and red (alert). Stability indices rise with drift; an AUC drop is the reference AUC minus the period's. */
export interface MonitorThresholds {
  psiWarn: number;
  psiAlert: number;
  csiWarn: number;
  csiAlert: number;
  aucDropWarn: number;
  aucDropAlert: number;
  /** Per funnel stage, the band its conversion should stay in (outside: red); a stage without one is held to control limits. */
  funnelBands?: Record<string, [number, number]>;
}

export type Light = 'ok' | 'warn' | 'alert';

export type PeriodKind = 'month' | 'week' | 'quarter';
export const PERIOD_KINDS: readonly PeriodKind[] = ['month', 'week', 'quarter'];
