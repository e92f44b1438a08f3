import { useState } from 'react';
import { useI18n } from '../i18n/I18nContext';
import { moveBetweenTabs } from '../components/tab-keys';
import type { Curves } from '../../models/metrics/curves';
import { usePlot } from './use-plot';

export type CurveKind = 'roc' | 'ks' | 'gain' | 'lift' | 'calibration';
const COLORS = ['#2563eb', '#f59e0b', '#10b981', '#ef4444', '#8b5cf6', '#0ea5e9'];
const AXIS = { gridcolor: '#e2e8f0', zeroline: false };

/** One chart of evaluation curves, one line per series (a sample of one model, or one model on a sample). */
export function EvaluationChart({ series, kind }: { series: { label: string; curves: Curves }[]; kind: CurveKind }) {
  const { t } = useI18n();
  const label = (l: string) => (l === 'train' || l === 'test' || l === 'oot' || l === 'all' ? t(`sample.${l}`) : l);
  const el = usePlot(() => {
    const data: unknown[] = [];
    series.forEach((s, k) => {
      const color = COLORS[k % COLORS.length];
      const c = s.curves;
      if (kind === 'roc') data.push({ x: c.roc.fpr, y: c.roc.tpr, name: label(s.label), mode: 'lines', line: { color, width: 2 } });
      if (kind === 'gain') data.push({ x: c.cumulative.share, y: c.cumulative.events, name: label(s.label), mode: 'lines', line: { color, width: 2 } });
      if (kind === 'lift') data.push({ x: c.lift.share, y: c.lift.lift, name: label(s.label), mode: 'lines', line: { color, width: 2 } });
      if (kind === 'calibration') data.push({ x: c.calibration.predicted, y: c.calibration.observed, name: label(s.label), mode: 'lines+markers', line: { color, width: 2 } });
      if (kind === 'ks') {
        data.push({ x: c.cumulative.share, y: c.cumulative.events, name: t('curve.events', { label: label(s.label) }), mode: 'lines', line: { color, width: 2 } });
        data.push({ x: c.cumulative.share, y: c.cumulative.nonEvents, name: t('curve.nonEvents', { label: label(s.label) }), mode: 'lines', line: { color, width: 2, dash: 'dot' } });
      }
    });
    if (kind === 'roc' || kind === 'gain' || kind === 'calibration') data.push({ x: [0, 1], y: [0, 1], mode: 'lines', line: { color: '#94a3b8', dash: 'dash', width: 1 }, showlegend: false, hoverinfo: 'skip' });
    const titles: Record<CurveKind, [string, string]> = {
      roc: [t('curve.fpr'), t('curve.tpr')], ks: [t('curve.shareRows'), t('curve.cumShare')], gain: [t('curve.shareRows'), t('curve.eventsCaptured')],
      lift: [t('curve.shareRows'), t('curve.cumLift')], calibration: [t('curve.predicted'), t('curve.observed')],
    };
    return {
      data,
      layout: { height: 300, margin: { l: 50, r: 10, t: 10, b: 40 }, legend: { orientation: 'h', y: -0.25 }, xaxis: { ...AXIS, title: { text: titles[kind][0] } }, yaxis: { ...AXIS, title: { text: titles[kind][1] } } },
    };
  }, [series, kind, t]);
  return <div ref={el} className="chart" data-testid={`chart-${kind}`} />;
}

/** The curve charts with a picker. */
export function EvaluationCharts({ series }: { series: { label: string; curves: Curves }[] }) {
  const { t } = useI18n();
  const [kind, setKind] = useState<CurveKind>('roc');
  return (
    <div className="evaluation-charts">
      <div className="tabs" role="tablist" aria-label={t('curve.tabs')} onKeyDown={moveBetweenTabs}>
        {(['roc', 'ks', 'gain', 'lift', 'calibration'] as const).map((k) => <button key={k} role="tab" aria-selected={kind === k} tabIndex={kind === k ? 0 : -1} className={`small${kind === k ? ' active' : ''}`} onClick={() => setKind(k)}>{k === 'roc' ? 'ROC' : k === 'ks' ? 'KS' : t(`curve.${k}`)}</button>)}
      </div>
      <EvaluationChart series={series} kind={kind} />
    </div>
  );
}

/** The loss curve of a training run as it happens (and the validation loss / AUC of an MLP). */
export function LossChart({ points }: { points: { step: number; loss: number; valLoss?: number; valAuc?: number }[] }) {
  const { t } = useI18n();
  const el = usePlot(() => ({
    data: [
      { x: points.map((p) => p.step), y: points.map((p) => p.loss), name: t('loss.train'), mode: 'lines+markers', line: { color: COLORS[0], width: 2 } },
      ...(points.some((p) => p.valLoss !== undefined) ? [{ x: points.map((p) => p.step), y: points.map((p) => p.valLoss ?? null), name: t('loss.val'), mode: 'lines+markers', line: { color: COLORS[1], width: 2 } }] : []),
      ...(points.some((p) => p.valAuc !== undefined) ? [{ x: points.map((p) => p.step), y: points.map((p) => p.valAuc ?? null), name: t('loss.valAuc'), yaxis: 'y2', mode: 'lines', line: { color: COLORS[2], width: 2, dash: 'dot' } }] : []),
    ],
    layout: {
      height: 200, margin: { l: 50, r: 50, t: 10, b: 36 }, legend: { orientation: 'h', y: -0.35 }, xaxis: { ...AXIS, title: { text: t('loss.x') }, dtick: points.length < 12 ? 1 : Math.ceil(points.length / 50) * 5 },
      yaxis: { ...AXIS, title: { text: t('loss.y') } }, yaxis2: { overlaying: 'y', side: 'right', range: [0.5, 1], title: { text: 'AUC' }, showgrid: false },
    },
  }), [points, t]);
  return <div ref={el} className="chart" data-testid="loss-chart" />;
}
