import { usePlot } from './use-plot';
import type { JoinResult } from '../../service/contract';
import { useI18n } from '../i18n/I18nContext';

/** Two overlapping circles, areas in proportion to each side's rows, the overlap labelled with the matched count. */
export function VennChart({ report, leftName, rightName }: { report: JoinResult; leftName: string; rightName: string }) {
  const { t, tr } = useI18n();
  const el = usePlot(() => {
    const rl = Math.sqrt(report.leftRows), rr = Math.sqrt(report.rightRows);
    const scale = 1 / Math.max(rl, rr);
    const a = rl * scale, b = rr * scale;
    const overlap = Math.min(report.matchRateLeft, report.matchRateRight);
    const d = Math.max(Math.abs(a - b), (a + b) * (1 - overlap * 0.9));
    const shape = (x: number, r: number, color: string) => ({ type: 'circle', xref: 'x', yref: 'y', x0: x - r, x1: x + r, y0: -r, y1: r, fillcolor: color, opacity: 0.35, line: { color, width: 2 } });
    const fmt = (n: number) => tr.num(n);
    return {
      data: [{ type: 'scatter', mode: 'text', x: [-d / 2 - a * 0.45, d / 2 + b * 0.45, (a - b) / 4], y: [0, 0, 0], text: [`${leftName}<br>${fmt(report.leftRows)}`, `${rightName}<br>${fmt(report.rightRows)}`, `<b>${fmt(report.matched)}</b><br>${t('match.matched')}`], hoverinfo: 'skip' }],
      layout: {
        height: 220, margin: { l: 10, r: 10, t: 10, b: 10 }, showlegend: false,
        xaxis: { visible: false, range: [-d / 2 - a - 0.1, d / 2 + b + 0.1] }, yaxis: { visible: false, range: [-1.1, 1.1], scaleanchor: 'x' },
        shapes: [shape(-d / 2, a, '#f59e0b'), shape(d / 2, b, '#6366f1')],
      },
    };
  }, [report, leftName, rightName, t, tr]);
  return <div ref={el} className="chart" data-testid="venn-chart" />;
}

/** Match rate of the lender's rows per month. */
export function MonthlyMatchChart({ report }: { report: JoinResult }) {
  const { t } = useI18n();
  const months = report.byMonth?.months ?? [];
  const el = usePlot(() => ({
    data: [
      { type: 'bar', name: t('match.rows'), x: months.map((m) => m.month), y: months.map((m) => m.rows), marker: { color: '#cbd5e1' } },
      { type: 'scatter', mode: 'lines+markers', name: t('match.rate'), x: months.map((m) => m.month), y: months.map((m) => m.rate), yaxis: 'y2', line: { color: '#2563eb', width: 2 } },
    ],
    layout: {
      height: 240, margin: { l: 48, r: 48, t: 28, b: 40 }, legend: { orientation: 'h', y: 1.15 },
      title: { text: t('match.byTime', { column: report.byMonth?.timeColumn ?? t('match.month') }), font: { size: 12 } },
      xaxis: { type: 'category' }, yaxis: { title: { text: t('match.rows') } },
      yaxis2: { overlaying: 'y', side: 'right', tickformat: '.0%', range: [0, 1] },
    },
  }), [report, t]);
  return <div ref={el} className="chart" data-testid="monthly-match-chart" />;
}
