import { useEffect, useState } from 'react';
import type { ResultOf, TrainResult } from '../../../service/contract';
import type { DatasetDetail } from '../../../types/dataset';
import type { ModelKind, ModelPurpose, TrainingPoint } from '../../../types/model';
import type { WireError } from '../../../types/errors';
import { LossChart } from '../../charts/EvaluationCharts';
import { useClient } from '../../client/context';
import { ProgressBar } from '../../components/ProgressBar';
import type { useJob } from '../../components/useJob';

interface LeakStop { columns: string[]; evidence: { column: string; detail: string }[] }

const purposeOf = (target: string): ModelPurpose => (/bad|default|overdue|dpd|delinq|creditab|违约|逾期/i.test(target) ? 'credit' : 'targeting');

/** The leakage guard's stop, read from its error's details (code and evidence, phrased here). */
function leakStopOf(error: WireError | null): LeakStop | null {
  if (!error || error.code !== 'LEAKAGE_SUSPECTED') return null;
  const evidence = Array.isArray(error.details.evidence) ? (error.details.evidence as { column: string; detail: string }[]) : [];
  const columns = Array.isArray(error.details.columns) ? (error.details.columns as string[]) : [...new Set(evidence.map((e) => e.column))];
  return { columns, evidence };
}

/** Purpose, population, model kind and options of a new model; trains it with progress, a live loss curve and cancel. */
export function TrainForm({ workspace, dataset, target, job, features, refresh, onFeatures, onTrained }: { workspace: string; dataset: DatasetDetail; target: string; job: ReturnType<typeof useJob>; features: string; refresh: number; onFeatures: (f: string) => void; onTrained: (r: TrainResult) => void }) {
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
  const [points, setPoints] = useState<TrainingPoint[]>([]);
  const [selection, setSelection] = useState<ResultOf<'select.latest'>>(null);
  const [useSelection, setUseSelection] = useState(true);
  const [leak, setLeak] = useState<LeakStop | null>(null);
  const [allow, setAllow] = useState<string[]>([]);
  useEffect(() => { setPurpose(purposeOf(target)); setLeak(null); setAllow([]); }, [target]);
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
      ...(kind !== 'mlp' && Number(l2) > 0 ? { l2: Number(l2) } : {}), ...(kind !== 'mlp' && Number(l1) > 0 ? { l1: Number(l1) } : {}),
    }));
    if (r) { setAllow([]); onTrained(r); return; }
    const stop = leakStopOf(job.lastError());
    if (stop) { setLeak(stop); job.setError(null); }
  };
  const defaultInputs = kind === 'scorecard-lr' || onWoe ? 'binned variables chosen by cross-validation (IV ≥ 0.02 or all that vary)' : 'every feature';

  return (
    <section className="card" aria-label="Train a model">
      <h3>Train</h3>
      <div className="form-grid">
        <label className="field"><span>Purpose</span>
          <select aria-label="Purpose" value={purpose} onChange={(e) => setPurpose(e.target.value as ModelPurpose)}><option value="targeting">targeting (will respond)</option><option value="credit">credit (will go bad)</option></select>
        </label>
        <label className="field"><span>Model</span>
          <select aria-label="Model kind" value={kind} onChange={(e) => setKind(e.target.value as ModelKind)}><option value="scorecard-lr">scorecard LR (WOE)</option><option value="logistic">logistic (raw features)</option><option value="mlp">MLP challenger</option></select>
        </label>
        <label className="field"><span>Target</span><input aria-label="Model target" value={target} readOnly /></label>
        <label className="field"><span>Population</span><input aria-label="Population" placeholder="drew_down=1" value={population} onChange={(e) => setPopulation(e.target.value)} /></label>
        <label className="field"><span>Event value</span><input aria-label="Model event value" placeholder="auto (1, bad, yes …)" value={event} onChange={(e) => setEvent(e.target.value)} /></label>
        <label className="field wide"><span>Features (empty: {selection && useSelection ? `the stored selection #${selection.selectionId}` : defaultInputs})</span><input aria-label="Features" placeholder={selection && useSelection ? selection.selected.join(', ') : 'a, b, c'} value={features} onChange={(e) => onFeatures(e.target.value)} /></label>
        {selection && (
          <label className="field inline wide" data-testid="train-selection">
            <input type="checkbox" aria-label="Use the stored selection" checked={useSelection} onChange={(e) => setUseSelection(e.target.checked)} />
            <span>Start from selection #{selection.selectionId} ({selection.selected.length}: {selection.selected.join(', ')})</span>
          </label>
        )}
        <p className="muted small wide">Outcome columns (funnel stages, other targets) are never inputs unless you keep them; a leakage check runs before every training.</p>
        {kind === 'mlp' && <>
          <label className="field"><span>Hidden units</span><input aria-label="Hidden layers" value={hidden} onChange={(e) => setHidden(e.target.value)} /></label>
          <label className="field"><span>Epochs</span><input aria-label="Epochs" value={epochs} onChange={(e) => setEpochs(e.target.value)} /></label>
          <label className="field"><span>Dropout</span><input aria-label="Dropout" value={dropout} onChange={(e) => setDropout(e.target.value)} /></label>
          <label className="field"><span>Class weights</span>
            <select aria-label="Class weights" value={classWeight} onChange={(e) => setClassWeight(e.target.value as 'none' | 'balanced')}><option value="none">none</option><option value="balanced">balanced</option></select>
          </label>
          <label className="field inline wide"><input type="checkbox" aria-label="On WOE features" checked={onWoe} onChange={(e) => setOnWoe(e.target.checked)} /><span>on the WOE of the binning (else numbers piecewise-linear on training quantiles, with missing indicators, and one-hot categories)</span></label>
        </>}
        {kind !== 'mlp' && <>
          <label className="field"><span>L2 penalty</span><input aria-label="L2 penalty" placeholder="0" value={l2} onChange={(e) => setL2(e.target.value)} /></label>
          <label className="field"><span>L1 penalty (Adam)</span><input aria-label="L1 penalty" placeholder="0" value={l1} onChange={(e) => setL1(e.target.value)} /></label>
        </>}
      </div>
      <div className="row">
        <button className="primary small" disabled={job.running || !target} onClick={() => void train()}>Train</button>
        {job.running && <button className="small" onClick={job.cancel}>Cancel</button>}
      </div>
      {leak && (
        <div className="leakage-stop" role="alert" aria-label="Leakage suspected">
          <strong>Training stopped: target leakage suspected</strong>
          <p className="small">These inputs look recorded after the outcome of <code>{target}</code>. Leave them out, or keep them knowingly (recorded in the model and the audit log).</p>
          <ul className="small">{leak.columns.map((c) => (
            <li key={c}>
              <label className="inline"><input type="checkbox" aria-label={`Keep ${c}`} checked={allow.includes(c)} onChange={(ev) => setAllow((a) => (ev.target.checked ? [...new Set([...a, c])] : a.filter((x) => x !== c)))} />
                <strong>{c}</strong></label>: {leak.evidence.filter((e) => e.column === c).map((e) => e.detail).join('; ')}
            </li>))}
          </ul>
          <div className="row">
            <button className="small" disabled={job.running || allow.length === 0} onClick={() => void train(allow)}>Train keeping {allow.length ? allow.join(', ') : '…'}</button>
            <button className="small ghost" onClick={() => { onFeatures(features.split(/[,\s]+/).filter((f) => f && !leak.columns.includes(f)).join(', ')); setLeak(null); }}>Leave them out</button>
          </div>
        </div>
      )}
      {job.running && job.progress && <ProgressBar progress={job.progress} />}
      {points.length > 0 && <LossChart points={points} />}
    </section>
  );
}
