import { useI18n } from '../../i18n/I18nContext';
import { usePlot } from '../../charts/use-plot';
import type { MonitorResult } from '../../../service/contract';
import type { MonitorThresholds } from '../../../types/monitor';

const bandName = (b: { lower: number | null; upper: number | null }) => (b.lower === null ? `< ${b.upper}` : b.upper === null ? `≥ ${b.lower}` : `[${b.lower}, ${b.upper})`);

/** PSI of the score and CSI of each characteristic over the periods, with the amber and red thresholds dashed. */
export function StabilityChart({ r, card, thresholds }: { r: MonitorResult; card: number; thresholds: MonitorThresholds }) {
  const { t } = useI18n();
  const x = r.periods.map((p) => p.period);
  const names = r.cards[card]!.characteristics;
  const el = usePlot(() => ({
    data: [
      { type: 'scatter', mode: 'lines+markers', name: 'PSI', x, y: r.periods.map((p) => p.cards[card]!.psi), line: { width: 3, color: '#1f2328' } },
      ...names.map((n) => ({ type: 'scatter', mode: 'lines+markers', name: `CSI ${n}`, x, y: r.periods.map((p) => p.cards[card]!.characteristics.find((c) => c.name === n)?.csi ?? null) })),
    ],
    layout: {
      height: 280, margin: { l: 50, r: 10, t: 30, b: 40 }, title: { text: t('monitor.chartStability'), font: { size: 13 } }, xaxis: { type: 'category' }, yaxis: { title: { text: t('monitor.index') }, rangemode: 'tozero' }, legend: { orientation: 'h', y: -0.2 },
      shapes: [[thresholds.psiWarn, '#bf8700'], [thresholds.psiAlert, '#cf222e']].map(([y, color]) => ({ type: 'line', xref: 'paper', x0: 0, x1: 1, y0: y, y1: y, line: { color, dash: 'dash', width: 1 } })),
    },
  }), [r, card, thresholds, t]);
  return <div ref={el} className="chart" data-testid="chart-monitor-stability" />;
}

/** Share of rows per score band by period (stacked), the baseline first. */
export function DistributionChart({ r, card }: { r: MonitorResult; card: number }) {
  const { t } = useI18n();
  const bands = r.periods[0]?.cards[card]!.bands ?? [];
  const x = [t('monitor.baseline'), ...r.periods.map((p) => p.period)];
  const el = usePlot(() => ({
    data: bands.map((b, j) => ({ type: 'bar', name: bandName(b), x, y: [b.expectedShare, ...r.periods.map((p) => p.cards[card]!.bands[j]!.share)] })),
    layout: { barmode: 'stack', height: 280, margin: { l: 50, r: 10, t: 30, b: 40 }, title: { text: t('monitor.chartDistribution'), font: { size: 13 } }, xaxis: { type: 'category' }, yaxis: { tickformat: '.0%', range: [0, 1] }, legend: { orientation: 'h', y: -0.2, font: { size: 10 } } },
  }), [r, card, t]);
  return <div ref={el} className="chart" data-testid="chart-monitor-distribution" />;
}

/** The vintage view: the observed event rate per score band, period by period (rows whose outcome is known). */
export function VintageChart({ r, card }: { r: MonitorResult; card: number }) {
  const { t } = useI18n();
  const bands = r.periods[0]?.cards[card]!.bands ?? [];
  const x = r.periods.map((p) => p.period);
  const el = usePlot(() => ({
    data: bands.map((b, j) => ({ type: 'scatter', mode: 'lines+markers', name: bandName(b), x, y: r.periods.map((p) => p.cards[card]!.bands[j]!.observedRate) })),
    layout: { height: 280, margin: { l: 50, r: 10, t: 30, b: 40 }, title: { text: t('monitor.chartVintage'), font: { size: 13 } }, xaxis: { type: 'category' }, yaxis: { tickformat: '.0%', rangemode: 'tozero' }, legend: { orientation: 'h', y: -0.2, font: { size: 10 } } },
  }), [r, card, t]);
  return <div ref={el} className="chart" data-testid="chart-monitor-vintage" />;
}

/** Conversion from the stage before, per stage, by period (all rows). */
export function FunnelChart({ f }: { f: NonNullable<MonitorResult['funnel']> }) {
  const { t } = useI18n();
  const all = f.periods.filter((p) => p.segment === 'all');
  const x = all.map((p) => p.period);
  const el = usePlot(() => ({
    data: f.stages.map((s, k) => ({ type: 'scatter', mode: 'lines+markers', name: s, x, y: all.map((p) => p.cells[k]!.conversion) })),
    layout: { height: 280, margin: { l: 50, r: 10, t: 30, b: 40 }, title: { text: t('monitor.chartFunnel'), font: { size: 13 } }, xaxis: { type: 'category' }, yaxis: { tickformat: '.0%', range: [0, 1] }, legend: { orientation: 'h', y: -0.2, font: { size: 10 } } },
  }), [f, t]);
  return <div ref={el} className="chart" data-testid="chart-monitor-funnel" />;
}
