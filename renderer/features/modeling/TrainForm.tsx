import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/I18nContext';
import { sampleName } from '../../i18n/names';
import { phraseSaid } from '../../../i18n/phrase-said';
import type { Said } from '../../../types/said';
import type { ResultOf, TrainResult } from '../../../service/contract';
import type { DatasetDetail } from '../../../types/dataset';
import { MonotoneTable } from './MonotoneTable';
import type { ModelKind, ModelPurpose, TrainingPoint } from '../../../types/model';
import type { WireError } from '../../../types/errors';
import { LossChart } from '../../charts/EvaluationCharts';
import { useClient } from '../../client/context';
import { ProgressBar } from '../../components/ProgressBar';
import type { useJob } from '../../components/useJob';

interface LeakStop { columns: string[]; evidence: { column: string; said?: Said; detail: string }[] }

const purposeOf = (target: string): ModelPurpose => (/bad|default|overdue|dpd|delinq|creditab|违约|逾期/i.test(target) ? 'credit' : 'targeting');

/** The leakage guard's stop, read from its error's details (code and evidence, phrased here). */
function leakStopOf(error: WireError | null): LeakStop | null {
  if (!error || error.code !== 'LEAKAGE_SUSPECTED') return null;
  const evidence = Array.isArray(error.details.evidence) ? (error.details.evidence as { column: string; said?: Said; detail: string }[]) : [];
  const columns = Array.isArray(error.details.columns) ? (error.details.columns as string[]) : [...new Set(evidence.map((e) => e.column))];
  return { columns, evidence };
}

/** The tree settings as typed: numbers, and `COL=+1, COL2=-1` as monotone constraints (anything else is sent as is for the service to refuse). */
function gbdtSettings(s: { maxIter: string; learningRate: string; maxLeafNodes: string; minSamplesLeaf: string; monotone: string }) {
  const monotone = Object.fromEntries(s.monotone.split(/[,;\s]+/).filter(Boolean).map((p) => { const [c, v] = p.split('='); return [c!, v === '+1' || v === '1' ? 1 : v === '-1' ? -1 : NaN]; }));
  return { maxIter: Number(s.maxIter), learningRate: Number(s.learningRate), maxLeafNodes: Number(s.maxLeafNodes), minSamplesLeaf: Number(s.minSamplesLeaf), ...(Object.keys(monotone).length ? { monotone } : {}) };
}

/** Purpose, population, model kind and options of a new model; trains it with progress, a live loss curve and cancel. */
export function TrainForm({ workspace, dataset, target, job, features, refresh, onFeatures, onTrained }: { workspace: string; dataset: DatasetDetail; target: string; job: ReturnType<typeof useJob>; features: string; refresh: number; onFeatures: (f: string) => void; onTrained: (r: TrainResult) => void }) {
  const { t, tr } = useI18n();
  const client = useClient();
  const [purpose, setPurpose] = useState<ModelPurpose>(purposeOf(target));
  const [kind, setKind] = useState<ModelKind>('scorecard-lr');
  const [population, setPopulation] = useState('');
  const [event, setEvent] = useState('');
  const [hidden, setHidden] = useState('64,32');
  const [epochs, setEpochs] = useState('80');
  const [dropout, setDropout] = useState('0.1');
  const [classWeight, setClassWeight] = useState<'none' | 'balanced'>('none');
  const [onWoe, setOnWoe] = useState(false);
  const [l2, setL2] = useState('');
  const [l1, setL1] = useState('');
  const [trees, setTrees] = useState({ maxIter: '100', learningRate: '0.1', maxLeafNodes: '31', minSamplesLeaf: '20', monotone: '' });
  const [points, setPoints] = useState<TrainingPoint[]>([]);
  // The numeric inputs the trees may be constrained on: the named features, else every numeric feature.
  const named = features.split(/[,\s]+/).filter(Boolean);
  const monotoneColumns = dataset.columns.filter((c) => c.type === 'numeric' && c.name !== target && (named.length ? named.includes(c.name) : c.role === 'feature')).map((c) => c.name);
  const [selection, setSelection] = useState<ResultOf<'select.latest'>>(null);
  const [useSelection, setUseSelection] = useState(true);
  const [leak, setLeak] = useState<LeakStop | null>(null);
  const [allow, setAllow] = useState<string[]>([]);
  useEffect(() => { setPurpose(purposeOf(target)); setLeak(null); setAllow([]); }, [target]);
  // Trees start from the binning's trends: a variable whose event rate rises over its bins never lowers the risk as it rises (+1).
  const [trendsFrom, setTrendsFrom] = useState<string | null>(null);
  useEffect(() => {
    if (kind !== 'gbdt' || !target) return;
    let live = true;
    void (async () => {
      const mine = (await client.call('binning.list', { workspace, dataset: dataset.name })).filter((b) => b.target === target).find((b) => !b.stale);
      if (!mine) return;
      const set = await client.call('binning.get', { workspace, dataset: dataset.name, target, event: mine.event, sample: mine.sample });
      const text = set.variables.filter((v) => v.type === 'numeric' && (v.table.trend === 'ascending' || v.table.trend === 'descending')).map((v) => `${v.name}=${v.table.trend === 'ascending' ? '+1' : '-1'}`).join(', ');
      if (live && text) { setTrees((t) => (t.monotone ? t : { ...t, monotone: text })); setTrendsFrom(mine.sample); }
    })().catch(() => undefined);
    return () => { live = false; };
  }, [client, workspace, dataset.name, target, kind]);
  useEffect(() => {
    if (!target) return;
    void client.call('select.latest', { workspace, dataset: dataset.name, target, ...(population.trim() ? { population: population.trim() } : {}) }).then(setSelection, () => setSelection(null));
  }, [client, workspace, dataset.name, target, population, job.running, refresh]);
  useEffect(() => client.on('job.progress', (p) => {
    if (!p.id.startsWith('ui-train') || p.phase !== 'train' || !p.metrics || p.metrics.loss === undefined) return;
    const m = p.metrics;
    setPoints((ps) => (ps.some((x) => x.step === p.done) ? ps : [...ps, { step: p.done, loss: m.loss!, ...(m.valLoss !== undefined ? { valLoss: m.valLoss } : {}), ...(m.valAuc !== undefined ? { valAuc: m.valAuc } : {}) }]));
  }), [client]);

  const train = async (keep: string[] = []) => {
    setPoints([]);
    setLeak(null);
    const list = features.split(/[,\s]+/).filter(Boolean);
    const r = await job.run((jobId) => client.call('model.train', {
      workspace, dataset: dataset.name, target, model: kind, purpose, jobId, ...(event.trim() ? { event: event.trim() } : {}),
      ...(keep.length ? { allow: keep } : {}), ...(useSelection ? {} : { useSelection: false }),
      ...(population.trim() ? { population: population.trim() } : {}), ...(list.length ? { features: list } : {}),
      ...(kind === 'mlp' ? { mlp: { hiddenLayers: hidden.split(',').filter(Boolean).map(Number), epochs: Number(epochs), dropout: Number(dropout), classWeight }, ...(onWoe ? { woe: true } : {}) } : {}),
      ...(kind === 'gbdt' ? { gbdt: gbdtSettings(trees) } : {}),
      ...(kind !== 'mlp' && kind !== 'gbdt' && Number(l2) > 0 ? { l2: Number(l2) } : {}), ...(kind !== 'mlp' && kind !== 'gbdt' && Number(l1) > 0 ? { l1: Number(l1) } : {}),
    }));
    if (r) { setAllow([]); onTrained(r); return; }
    const stop = leakStopOf(job.lastError());
    if (stop) { setLeak(stop); job.setError(null); }
  };
  const defaultInputs = kind === 'scorecard-lr' || onWoe ? t('train.defaultWoe') : t('train.defaultRaw');

  return (
    <section className="card" aria-label={t('train.label')}>
      <h3>{t('train.title')}</h3>
      <div className="form-grid">
        <label className="field"><span>{t('train.purpose')}</span>
          <select aria-label={t('train.purpose')} value={purpose} onChange={(e) => setPurpose(e.target.value as ModelPurpose)}><option value="targeting">{t('train.purpose.targeting')}</option><option value="credit">{t('train.purpose.credit')}</option></select>
        </label>
        <label className="field"><span>{t('train.model')}</span>
          <select aria-label={t('train.modelKind')} value={kind} onChange={(e) => setKind(e.target.value as ModelKind)}><option value="scorecard-lr">{t('train.kind.scorecard')}</option><option value="logistic">{t('train.kind.logistic')}</option><option value="mlp">{t('train.kind.mlp')}</option><option value="gbdt">{t('train.kind.gbdt')}</option></select>
        </label>
        <label className="field"><span>{t('train.target')}</span><input aria-label={t('train.targetLabel')} value={target} readOnly /></label>
        <label className="field"><span>{t('train.population')}</span><input aria-label={t('train.population')} placeholder="drew_down=1" value={population} onChange={(e) => setPopulation(e.target.value)} /></label>
        <label className="field"><span>{t('train.event')}</span><input aria-label={t('train.eventLabel')} placeholder={t('train.eventPlaceholder')} value={event} onChange={(e) => setEvent(e.target.value)} /></label>
        <label className="field wide"><span>{t('train.features', { what: selection && useSelection ? t('train.fromSelection', { id: selection.selectionId }) : defaultInputs })}</span><input aria-label={t('train.featuresLabel')} placeholder={selection && useSelection ? selection.selected.join(', ') : 'a, b, c'} value={features} onChange={(e) => onFeatures(e.target.value)} /></label>
        {selection && (
          <label className="field inline wide" data-testid="train-selection">
            <input type="checkbox" aria-label={t('train.useSelection')} checked={useSelection} onChange={(e) => setUseSelection(e.target.checked)} />
            <span>{t('train.startFrom', { id: selection.selectionId, count: selection.selected.length, names: selection.selected.join(', ') })}</span>
          </label>
        )}
        <p className="muted small wide">{t('train.outcomesNote')}</p>
        {kind === 'mlp' && <>
          <label className="field"><span>{t('train.hidden')}</span><input aria-label={t('train.hiddenLabel')} value={hidden} onChange={(e) => setHidden(e.target.value)} /></label>
          <label className="field"><span>{t('train.epochs')}</span><input aria-label={t('train.epochs')} value={epochs} onChange={(e) => setEpochs(e.target.value)} /></label>
          <label className="field"><span>{t('train.dropout')}</span><input aria-label={t('train.dropout')} value={dropout} onChange={(e) => setDropout(e.target.value)} /></label>
          <label className="field"><span>{t('train.classWeights')}</span>
            <select aria-label={t('train.classWeights')} value={classWeight} onChange={(e) => setClassWeight(e.target.value as 'none' | 'balanced')}><option value="none">{t('train.cw.none')}</option><option value="balanced">{t('train.cw.balanced')}</option></select>
          </label>
          <label className="field inline wide"><input type="checkbox" aria-label={t('train.onWoeLabel')} checked={onWoe} onChange={(e) => setOnWoe(e.target.checked)} /><span>{t('train.onWoe')}</span></label>
        </>}
        {kind === 'gbdt' && <>
          <label className="field"><span>{t('train.trees')}</span><input aria-label={t('train.trees')} value={trees.maxIter} onChange={(e) => setTrees({ ...trees, maxIter: e.target.value })} /></label>
          <label className="field"><span>{t('train.learningRate')}</span><input aria-label={t('train.learningRate')} value={trees.learningRate} onChange={(e) => setTrees({ ...trees, learningRate: e.target.value })} /></label>
          <label className="field"><span>{t('train.maxLeaves')}</span><input aria-label={t('train.maxLeaves')} value={trees.maxLeafNodes} onChange={(e) => setTrees({ ...trees, maxLeafNodes: e.target.value })} /></label>
          <label className="field"><span>{t('train.minLeaf')}</span><input aria-label={t('train.minLeaf')} value={trees.minSamplesLeaf} onChange={(e) => setTrees({ ...trees, minSamplesLeaf: e.target.value })} /></label>
          <label className="field wide" title={t('train.monotoneTitle')}><span>{t('train.monotone')}</span><input aria-label={t('train.monotone')} placeholder={t('train.monotonePlaceholder')} value={trees.monotone} onChange={(e) => setTrees({ ...trees, monotone: e.target.value })} /></label>
          <MonotoneTable columns={monotoneColumns} text={trees.monotone} onChange={(monotone) => setTrees({ ...trees, monotone })} />
          {trendsFrom && <p className="muted small wide" data-testid="monotone-from-binning">{t('train.monotoneFromBinning', { sample: sampleName(trendsFrom, t) })}</p>}
        </>}
        {kind !== 'mlp' && kind !== 'gbdt' && <>
          <label className="field"><span>{t('train.l2')}</span><input aria-label={t('train.l2')} placeholder="0" value={l2} onChange={(e) => setL2(e.target.value)} /></label>
          <label className="field"><span>{t('train.l1')}</span><input aria-label={t('train.l1Label')} placeholder="0" value={l1} onChange={(e) => setL1(e.target.value)} /></label>
        </>}
      </div>
      <div className="row">
        <button className="primary small" disabled={job.running || !target} onClick={() => void train()}>{t('train.train')}</button>
        {job.running && <button className="small" onClick={job.cancel}>{t('train.cancel')}</button>}
      </div>
      {leak && (
        <div className="leakage-stop" role="alert" aria-label={t('train.leakLabel')}>
          <strong>{t('train.leakTitle')}</strong>
          <p className="small">{t('train.leakLead')} <code>{target}</code>{t('train.leakLead2')}</p>
          <ul className="small">{leak.columns.map((c) => (
            <li key={c}>
              <label className="inline"><input type="checkbox" aria-label={t('train.keep', { column: c })} checked={allow.includes(c)} onChange={(ev) => setAllow((a) => (ev.target.checked ? [...new Set([...a, c])] : a.filter((x) => x !== c)))} />
                <strong>{c}</strong></label>: {leak.evidence.filter((e) => e.column === c).map((e) => (e.said ? phraseSaid(e.said, tr) : e.detail)).join('; ')}
            </li>))}
          </ul>
          <div className="row">
            <button className="small" disabled={job.running || allow.length === 0} onClick={() => void train(allow)}>{t('train.trainKeeping', { columns: allow.length ? allow.join(', ') : '…' })}</button>
            <button className="small ghost" onClick={() => { onFeatures(features.split(/[,\s]+/).filter((f) => f && !leak.columns.includes(f)).join(', ')); setLeak(null); }}>{t('train.leaveOut')}</button>
          </div>
        </div>
      )}
      {job.running && job.progress && <ProgressBar progress={job.progress} />}
      {points.length > 0 && <LossChart points={points} />}
    </section>
  );
}
