import { usePlot } from './use-plot';
import type { ColumnProfile } from '../../types/dataset';
import { useI18n } from '../i18n/I18nContext';
import { binLabel } from '../../i18n/bin-label';

type T = ReturnType<typeof useI18n>['t'];

/**
 * The distribution of one column (histogram or top categories); with a target, the count per
 * quantile group or category as bars and the event rate as a line on a second axis.
 */
export function ProfileChart({ profile, kind }: { profile: ColumnProfile; kind: 'distribution' | 'target' }) {
  const { t } = useI18n();
  const el = usePlot(() => {
    const { data, layout } = kind === 'target' ? targetChart(profile, t) : distributionChart(profile, t);
    return { data, layout: { ...layout, margin: { l: 48, r: 48, t: 28, b: 64 }, height: 260, showlegend: kind === 'target', legend: { orientation: 'h', y: 1.15 } } };
  }, [profile, kind, t]);
  return <div ref={el} className="chart" data-testid={`chart-${kind}`} />;
}

function distributionChart(p: ColumnProfile, t: T) {
  if (p.histogram && p.histogram.counts.length > 0) {
    const { edges, counts } = p.histogram;
    const isDate = p.type === 'date';
    const x = counts.map((_, i) => (edges[i]! + edges[i + 1]!) / 2);
    return {
      data: [{ type: 'bar', x: isDate ? x.map((v) => new Date(v).toISOString()) : x, y: counts, width: counts.map((_, i) => (edges[i + 1]! - edges[i]!) * 0.98), marker: { color: '#3b82f6' }, hovertemplate: '%{x}: %{y}<extra></extra>' }],
      layout: { title: { text: t('profile.distribution', { column: p.name }), font: { size: 12 } }, xaxis: { type: isDate ? 'date' : 'linear' }, yaxis: { title: { text: t('profile.axisRows') } }, bargap: 0 },
    };
  }
  const cats = p.topCategories ?? [];
  return {
    data: [{ type: 'bar', x: cats.map((c) => c.value), y: cats.map((c) => c.count), marker: { color: '#3b82f6' }, hovertemplate: '%{x}: %{y}<extra></extra>' }],
    layout: { title: { text: t('profile.topCategories', { column: p.name }), font: { size: 12 } }, xaxis: { type: 'category', automargin: true }, yaxis: { title: { text: t('profile.axisRows') } } },
  };
}

function targetChart(p: ColumnProfile, tr: T) {
  const t = p.targetProfile!;
  const labels = t.bins.map((b) => binLabel(b, tr));
  const rows = tr('profile.legendRows');
  return {
    data: [
      { type: 'bar', name: rows, x: labels, y: t.bins.map((b) => b.count), marker: { color: '#93c5fd' }, hovertemplate: `%{x}: %{y} ${rows}<extra></extra>` },
      { type: 'scatter', mode: 'lines+markers', name: tr('profile.legendRate', { event: t.event }), x: labels, y: t.bins.map((b) => b.eventRate), yaxis: 'y2', line: { color: '#dc2626', width: 2 }, hovertemplate: '%{x}: %{y:.1%}<extra></extra>' },
    ],
    layout: {
      title: { text: tr('profile.eventRateBy', { column: p.name, target: t.target, event: t.event, iv: t.iv }), font: { size: 12 } },
      xaxis: { type: 'category', automargin: true },
      yaxis: { title: { text: tr('profile.axisRows') } },
      yaxis2: { title: { text: tr('profile.axisEventRate') }, overlaying: 'y', side: 'right', tickformat: '.0%', rangemode: 'tozero' },
    },
  };
}
