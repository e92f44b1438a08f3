import { useEffect, useState } from 'react';
import type { Dependence, StoredModel } from '../../../service/contract';
import { usePlot } from '../../charts/use-plot';
import { useClient } from '../../client/context';
import { toWire } from '../../components/ErrorBanner';
import type { WireError } from '../../../types/errors';
import { useI18n } from '../../i18n/I18nContext';

function DependenceChart({ d }: { d: Dependence }) {
  const { t } = useI18n();
  const el = usePlot(() => ({
    data: [
      d.kind === 'numeric'
        ? { type: 'scatter', mode: 'lines+markers', x: d.grid, y: d.logOdds, name: d.feature, line: { color: '#2563eb', width: 2 } }
        : { type: 'bar', x: d.grid, y: d.logOdds, name: d.feature, marker: { color: '#2563eb' } },
      { type: 'scatter', mode: 'lines', x: [d.grid[0], d.grid.at(-1)], y: [d.missing, d.missing], name: t('dep.missing'), line: { color: '#9ca3af', dash: 'dot' } },
    ],
    layout: { height: 260, margin: { l: 60, r: 10, t: 28, b: 50 }, legend: { orientation: 'h', y: 1.02, yanchor: 'bottom' }, xaxis: { title: { text: d.feature }, type: d.kind === 'numeric' ? 'linear' : 'category' }, yaxis: { title: { text: t('dep.axis') } } },
  }), [d, t]);
  return <div ref={el} className="chart" data-testid="chart-dependence" />;
}

/** Partial dependence: how the model's log-odds move with one chosen input, the others as the training rows have them. */
export function DependencePanel({ workspace, model, onError }: { workspace: string; model: StoredModel & { id: number }; onError: (e: WireError) => void }) {
  const client = useClient();
  const { t } = useI18n();
  const [feature, setFeature] = useState(model.features[0]?.name ?? '');
  const [result, setResult] = useState<Dependence | null>(null);
  useEffect(() => {
    if (!feature) return;
    let live = true;
    client.call('model.dependence', { workspace, model: model.id, feature }).then((d) => { if (live) setResult(d); }, (e: unknown) => onError(toWire(e)));
    return () => { live = false; };
  }, [client, workspace, model.id, feature, onError]);
  const mono = result && result.monotone !== 0 ? t(result.monotone > 0 ? 'dep.monoUp' : 'dep.monoDown') : null;
  return (
    <section className="card dependence" aria-label={t('dep.title')}>
      <h4>{t('dep.title')}</h4>
      <div className="row wrap">
        <label className="field inline"><span>{t('dep.feature')}</span>
          <select aria-label={t('dep.feature')} value={feature} onChange={(e) => setFeature(e.target.value)}>{model.features.map((f) => <option key={f.name} value={f.name}>{f.name}</option>)}</select>
        </label>
        {result && <span className="muted small" data-testid="dependence-summary">{t('dep.summary', { rows: result.rows })}{mono ? ` ${mono}` : ''}</span>}
      </div>
      {result && result.feature === feature && <DependenceChart d={result} />}
    </section>
  );
}
