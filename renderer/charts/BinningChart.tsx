import { usePlot } from './use-plot';
import type { VariableBinning } from '../../types/binning';
import { useI18n } from '../i18n/I18nContext';
import { binLabel } from '../../i18n/bin-label';

/** A tick label short enough for its share of the axis (about 84 characters across), so labels never need rotating. */
const shortLabel = (label: string, bins: number) => { const max = Math.max(5, Math.min(18, Math.floor(84 / Math.max(1, bins)))); return label.length > max ? `${label.slice(0, max - 1)}…` : label; };

/** Bars of each bin's share of rows, with the event rate (or WOE) as a line on a second axis. */
export function BinningChart({ variable, line }: { variable: VariableBinning; line: 'eventRate' | 'woe' }) {
  const { t } = useI18n();
  const weighted = variable.table.totals.weight !== undefined;
  const el = usePlot(() => {
    const bins = variable.table.bins.filter((b) => b.count > 0 || b.kind === 'bin');
    const x = bins.map((b) => binLabel(b, t));
    const data = [
      // A weighted binning's share is of the weight, not of the rows.
      { type: 'bar', name: weighted ? t('chart.shareOfWeight') : t('chart.shareOfRows'), x, y: bins.map((b) => b.share), marker: { color: bins.map((b) => (b.kind === 'bin' ? '#93c5fd' : '#cbd5e1')) }, hovertemplate: `%{x}: %{y:.1%} ${weighted ? t('chart.ofWeight') : t('chart.ofRows')}<extra></extra>` },
      {
        type: 'scatter', mode: 'lines+markers', name: line === 'woe' ? 'WOE' : t('chart.eventRate'), x, y: bins.map((b) => (line === 'woe' ? b.woe : b.eventRate)), yaxis: 'y2',
        line: { color: '#dc2626', width: 2 }, hovertemplate: line === 'woe' ? '%{x}: WOE %{y:.3f}<extra></extra>' : '%{x}: %{y:.2%}<extra></extra>',
      },
    ];
    const layout = {
      height: 280, margin: { l: 52, r: 56, t: 30, b: 80 },
      title: { text: `${variable.name} — IV ${variable.table.iv.toFixed(4)}, KS ${variable.table.ks.toFixed(4)}`, font: { size: 12 } },
      // Long category groups get short tick labels (the whole label is in the hover), so the axis never spills over the table below.
      xaxis: { type: 'category', automargin: true, tickvals: x, ticktext: x.map((l) => shortLabel(l, x.length)), tickangle: 0 }, yaxis: { title: { text: t('chart.share') }, tickformat: '.0%' },
      yaxis2: { title: { text: line === 'woe' ? 'WOE' : t('chart.eventRate') }, overlaying: 'y', side: 'right', tickformat: line === 'woe' ? '.2f' : '.0%', zeroline: line === 'woe' },
      legend: { orientation: 'h', y: 1.16 }, bargap: 0.15,
    };
    return { data, layout };
  }, [variable, line, t]);
  return <div ref={el} className="chart" data-testid="chart-binning" />;
}
