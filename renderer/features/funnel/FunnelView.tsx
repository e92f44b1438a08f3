import { useState } from 'react';
import { useI18n } from '../../i18n/I18nContext';
import type { FunnelResult } from '../../../service/contract';
import type { DatasetDetail } from '../../../types/dataset';
import { usePlot } from '../../charts/use-plot';
import { useClient } from '../../client/context';
import { ErrorBanner, toWire } from '../../components/ErrorBanner';
import type { WireError } from '../../../types/errors';
import { percent } from '../../components/format';
import { stageFlags } from './stage-flags';

const pct = (x: number) => percent(x);
/** A stage's name: the first stage (every exposed row) in the user's language, the others as the data names them. */
const stageName = (stage: string, t: ReturnType<typeof useI18n>['t']) => (stage === 'exposed' ? t('funnel.exposed') : stage);

function FunnelChart({ r }: { r: FunnelResult }) {
  const { t } = useI18n();
  const el = usePlot(() => ({
    data: [{ type: 'funnel', y: r.overall.map((s) => stageName(s.stage, t)), x: r.overall.map((s) => s.count), textinfo: 'value+percent initial', marker: { color: '#2563eb' } }],
    layout: { height: 260, margin: { l: 130, r: 20, t: 10, b: 20 } },
  }), [r, t]);
  return <div ref={el} className="chart" data-testid="chart-funnel" />;
}

/** The funnel of a dataset's stage flags: counts, conversion and drop-off per stage, overall and per segment. */
export function FunnelView({ workspace, dataset }: { workspace: string; dataset: DatasetDetail }) {
  const { t } = useI18n();
  const client = useClient();
  const flags = stageFlags(dataset);
  const [stages, setStages] = useState(flags.join(', '));
  const [by, setBy] = useState(dataset.columns.find((c) => c.type === 'date' || /month/i.test(c.name))?.name ?? '');
  const [result, setResult] = useState<FunnelResult | null>(null);
  const [error, setError] = useState<WireError | null>(null);

  const run = async () => {
    try {
      setResult(await client.call('strategy.funnel', { workspace, dataset: dataset.name, stages: stages.split(/[,\s]+/).filter(Boolean), ...(by ? { by } : {}) }));
    } catch (e) {
      setError(toWire(e));
    }
  };
  return (
    <div className="funnel-view">
      <div className="toolbar wrap">
        <label className="field inline"><span>{t('funnel.stages')}</span><input aria-label={t('funnel.stagesLabel')} size={48} value={stages} onChange={(e) => setStages(e.target.value)} /></label>
        <label className="field inline"><span>{t('funnel.by')}</span>
          <select aria-label={t('funnel.segment')} value={by} onChange={(e) => setBy(e.target.value)}><option value="">{t('funnel.none')}</option>{dataset.columns.map((c) => <option key={c.name}>{c.name}</option>)}</select>
        </label>
        <button className="small primary" onClick={() => void run()}>{t('funnel.show')}</button>
      </div>
      <ErrorBanner error={error} onClose={() => setError(null)} />
      {result && (
        <div className="funnel-body">
          <FunnelChart r={result} />
          <table className="compact" aria-label={t('funnel.table')}>
            <thead><tr><th>{result.by ?? ''}</th>{result.overall.map((s) => <th key={s.stage}>{stageName(s.stage, t)}</th>)}</tr></thead>
            <tbody>
              {[{ segment: 'all', stages: result.overall }, ...result.segments].map((g) => (
                <tr key={g.segment}>
                  <th>{g.segment === 'all' ? t('funnel.all') : g.segment}</th>
                  {g.stages.map((s, k) => <td key={s.stage} title={k ? t('funnel.cellTitle', { conversion: pct(s.conversion), dropOff: pct(s.dropOff) }) : ''}>{s.count.toLocaleString()}{k > 0 && <span className="muted small"> · {pct(s.conversion)}</span>}</td>)}
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted small">{t('funnel.note')}</p>
        </div>
      )}
    </div>
  );
}
