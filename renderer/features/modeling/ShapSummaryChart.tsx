import type { GbdtImportance } from '../../../types/gbdt';
import { usePlot } from '../../charts/use-plot';
import { useI18n } from '../../i18n/I18nContext';

/** A SHAP summary: each input's mean |TreeSHAP contribution| to the log-odds, largest on top. */
export function ShapSummaryChart({ importance }: { importance: readonly GbdtImportance[] }) {
  const { t } = useI18n();
  const rows = importance.filter((r) => r.meanAbsShap !== undefined).sort((a, b) => a.meanAbsShap! - b.meanAbsShap!);
  const el = usePlot(() => ({
    data: [{ type: 'bar', orientation: 'h', x: rows.map((r) => r.meanAbsShap), y: rows.map((r) => r.feature), marker: { color: '#2563eb' }, name: t('report.meanShap') }],
    layout: { height: Math.max(180, 22 * rows.length + 70), margin: { l: 140, r: 10, t: 28, b: 44 }, title: { text: t('report.shapTitle'), font: { size: 13 } }, xaxis: { title: { text: t('report.shapAxis') }, rangemode: 'tozero' }, yaxis: { automargin: true } },
  }), [rows, t]);
  if (rows.length === 0) return null;
  return <div ref={el} className="chart" data-testid="chart-shap" />;
}
