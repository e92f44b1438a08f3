import { useCallback, useEffect, useState } from 'react';
import type { Evaluation, ModelSummary, StoredModel } from '../../../service/contract';
import type { DatasetDetail } from '../../../types/dataset';
import { EvaluationCharts } from '../../charts/EvaluationCharts';
import { useClient } from '../../client/context';
import { ErrorBanner, toWire } from '../../components/ErrorBanner';
import { ProgressBar } from '../../components/ProgressBar';
import { useJob } from '../../components/useJob';
import { MetricsTable, ModelReport } from './ModelReport';
import { SampleDesign } from './SampleDesign';
import { SelectionCard } from './SelectionCard';
import { TrainForm } from './TrainForm';
import { useI18n } from '../../i18n/I18nContext';

/** Samples, training, the dataset's models, one model's report, or several compared on one sample. */
export function ModelsView({ workspace, dataset, target, onDatasetChanged }: { workspace: string; dataset: DatasetDetail; target: string; onDatasetChanged: () => void }) {
  const { t } = useI18n();
  const client = useClient();
  const train = useJob('ui-train');
  const evaluate = useJob('ui-evaluate');
  const selection = useJob('ui-select');
  const [features, setFeatures] = useState('');
  const [selections, setSelections] = useState(0);
  const [models, setModels] = useState<ModelSummary[]>([]);
  const [selected, setSelected] = useState<number | null>(null);
  const [model, setModel] = useState<(StoredModel & { id: number }) | null>(null);
  const [evaluation, setEvaluation] = useState<Evaluation | null>(null);
  const [compare, setCompare] = useState<number[]>([]);
  const [comparison, setComparison] = useState<Evaluation[] | null>(null);
  const [compareSample, setCompareSample] = useState<'train' | 'test' | 'oot' | 'all'>('test');
  const [backend, setBackend] = useState<string | null>(null);
  const { setError } = train;

  const load = useCallback(() => client.call('model.list', { workspace, dataset: dataset.name }).then(setModels, (e: unknown) => setError(toWire(e))), [client, workspace, dataset.name, setError]);
  useEffect(() => { void load(); setSelected(null); setModel(null); setEvaluation(null); setCompare([]); setComparison(null); }, [load]);
  useEffect(() => { void client.call('model.backend', {}).then((b) => setBackend(b.backend), () => setBackend(null)); }, [client]);
  useEffect(() => {
    if (selected === null) return;
    setEvaluation(null);
    void client.call('model.get', { workspace, model: selected }).then(setModel, (e: unknown) => setError(toWire(e)));
    void evaluate.run((jobId) => client.call('model.evaluate', { workspace, model: selected, jobId })).then((e) => { if (e) setEvaluation(e); });
  }, [client, workspace, selected]);

  const remove = async (id: number) => {
    if (!window.confirm(`Delete model ${id}? This cannot be undone.`)) return;
    try {
      await client.call('model.delete', { workspace, model: id });
      await load();
      setSelected(null); setModel(null); setEvaluation(null); setCompare((c) => c.filter((x) => x !== id));
    } catch (e) {
      setError(toWire(e));
    }
  };

  const runComparison = async () => {
    const evals: Evaluation[] = [];
    for (const id of compare) {
      const e = await evaluate.run((jobId) => client.call('model.evaluate', { workspace, model: id, jobId }));
      if (e) evals.push(e);
    }
    setComparison(evals);
    setSelected(null);
    setModel(null);
  };
  const compared = comparison?.map((e) => ({ e, s: e.samples.find((s) => s.sample === compareSample) })).filter((x) => x.s) ?? [];

  return (
    <div className="models-view split">
      <aside className="models-side">
        <div className="muted small backend">{t('models.backend')} <strong data-testid="tf-backend">{backend ?? '…'}</strong></div>
        <SampleDesign workspace={workspace} dataset={dataset} target={target} onChanged={onDatasetChanged} onError={setError} />
        <SelectionCard workspace={workspace} dataset={dataset.name} target={target} job={selection} onUse={(f) => setFeatures(f.join(', '))} onSelected={() => setSelections((n) => n + 1)} />
        <TrainForm workspace={workspace} dataset={dataset} target={target} job={train} features={features} refresh={selections} onFeatures={setFeatures} onTrained={(r) => { void load().then(() => setSelected(r.modelId)); }} />
        <section className="card" aria-label={t('models.title')}>
          <h3>{t('models.title')}</h3>
          {models.length === 0 ? <p className="muted small">{t('models.none', { dataset: dataset.name })}</p> : (
            <div className="table-scroll"><table className="compact selectable">
              <thead><tr><th /><th>{t('models.id')}</th><th>{t('models.model')}</th><th>{t('models.purpose')}</th><th>{t('models.aucTest')}</th><th>{t('models.aucOot')}</th></tr></thead>
              <tbody>{models.map((m) => (
                <tr key={m.id} className={m.id === selected ? 'active' : ''} onClick={() => { setComparison(null); setSelected(m.id); }}>
                  <td><input type="checkbox" aria-label={t('models.compareLabel', { id: m.id })} checked={compare.includes(m.id)} onClick={(e) => e.stopPropagation()} onChange={(e) => setCompare((c) => (e.target.checked ? [...c, m.id] : c.filter((x) => x !== m.id)))} /></td>
                  <td>{m.id}</td><td title={m.name}>{m.kind}{m.population ? ` | ${m.population}` : ''}</td><td>{t(`purpose.${m.purpose}`)}</td><td>{m.metrics.test?.auc.toFixed(4) ?? '—'}</td><td>{m.metrics.oot?.auc.toFixed(4) ?? '—'}</td>
                </tr>))}
              </tbody>
            </table></div>
          )}
          {models.length > 1 && <button className="small" disabled={compare.length < 2 || evaluate.running} onClick={() => void runComparison()}>{t('models.compare', { count: compare.length || '' })}</button>}
        </section>
      </aside>
      <section className="models-main">
        <ErrorBanner error={train.error ?? evaluate.error ?? selection.error} onClose={() => { train.setError(null); evaluate.setError(null); selection.setError(null); }} />
        {train.running && <ProgressBar progress={train.progress} onCancel={train.cancel} />}
        {evaluate.running && evaluate.progress && <ProgressBar progress={evaluate.progress} />}
        {selection.running && <ProgressBar progress={selection.progress} onCancel={selection.cancel} />}
        {comparison ? (
          <div className="comparison" aria-label={t('models.comparison')}>
            <div className="toolbar">
              <strong>{t('models.onSample', { count: comparison.length })}</strong>
              <select aria-label={t('models.comparisonSample')} value={compareSample} onChange={(e) => setCompareSample(e.target.value as typeof compareSample)}>{(['train', 'test', 'oot', 'all'] as const).map((s) => <option key={s} value={s}>{t(`sample.${s}`)}</option>)}</select>
            </div>
            {compared.length ? <>
              <MetricsTable columns={compared.map(({ e, s }) => ({ label: `${e.modelId} ${e.kind}`, metrics: s!.metrics, psi: s!.psi }))} />
              <EvaluationCharts series={compared.map(({ e, s }) => ({ label: `${e.modelId} ${e.kind}`, curves: s!.curves }))} />
            </> : <p className="muted">{t('models.noSample', { sample: t(`sample.${compareSample}`) })}</p>}
          </div>
        ) : model ? <ModelReport workspace={workspace} model={model} evaluation={evaluation} onError={setError} onDelete={() => void remove(model.id)} onRenamed={() => { void load(); void client.call('model.get', { workspace, model: model.id }).then(setModel); }} onInferred={(id) => { void load().then(() => setSelected(id)); }} /> : <div className="empty-state muted">{t('models.empty')}</div>}
      </section>
    </div>
  );
}
