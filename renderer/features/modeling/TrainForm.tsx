import { useEffect, useState } from 'react';
import type { TrainResult } from '../../../service/contract';
import type { DatasetDetail } from '../../../types/dataset';
import type { ModelKind, ModelPurpose, TrainingPoint } from '../../../types/model';
import { LossChart } from '../../charts/EvaluationCharts';
import { useClient } from '../../client/context';
import { ProgressBar } from '../../components/ProgressBar';
import type { useJob } from '../../components/useJob';

/** Purpose, population, model kind and options of a new model; trains it with progress, a live loss curve and cancel. */
export function TrainForm({ workspace, dataset, target, job, features, onFeatures, onTrained }: { workspace: string; dataset: DatasetDetail; target: string; job: ReturnType<typeof useJob>; features: string; onFeatures: (f: string) => void; onTrained: (r: TrainResult) => void }) {
  const client = useClient();
  const [purpose, setPurpose] = useState<ModelPurpose>(/bad|default|overdue|dpd/i.test(target) ? 'credit' : 'targeting');
  const [kind, setKind] = useState<ModelKind>('scorecard-lr');
  const [population, setPopulation] = useState('');
  const [hidden, setHidden] = useState('32,16');
  const [epochs, setEpochs] = useState('30');
  const [dropout, setDropout] = useState('0.1');
  const [classWeight, setClassWeight] = useState<'none' | 'balanced'>('none');
  const [onWoe, setOnWoe] = useState(false);
  const [l2, setL2] = useState('');
  const [l1, setL1] = useState('');
  const [points, setPoints] = useState<TrainingPoint[]>([]);
  useEffect(() => { setPurpose(/bad|default|overdue|dpd/i.test(target) ? 'credit' : 'targeting'); }, [target]);
  useEffect(() => client.on('job.progress', (p) => {
    if (!p.id.startsWith('ui-train') || p.phase !== 'train' || !p.metrics || p.metrics.loss === undefined) return;
    const m = p.metrics;
    setPoints((ps) => (ps.some((x) => x.step === p.done) ? ps : [...ps, { step: p.done, loss: m.loss!, ...(m.valLoss !== undefined ? { valLoss: m.valLoss } : {}), ...(m.valAuc !== undefined ? { valAuc: m.valAuc } : {}) }]));
  }), [client]);

  const train = async () => {
    setPoints([]);
    const list = features.split(/[,\s]+/).filter(Boolean);
    const r = await job.run((jobId) => client.call('model.train', {
      workspace, dataset: dataset.name, target, model: kind, purpose, jobId,
      ...(population.trim() ? { population: population.trim() } : {}), ...(list.length ? { features: list } : {}),
      ...(kind === 'mlp' ? { mlp: { hiddenLayers: hidden.split(',').filter(Boolean).map(Number), epochs: Number(epochs), dropout: Number(dropout), classWeight }, ...(onWoe ? { woe: true } : {}) } : {}),
      ...(kind !== 'mlp' && Number(l2) > 0 ? { l2: Number(l2) } : {}), ...(kind !== 'mlp' && Number(l1) > 0 ? { l1: Number(l1) } : {}),
    }));
    if (r) onTrained(r);
  };

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
        <label className="field wide"><span>Features (empty: {kind === 'scorecard-lr' ? 'binned variables with IV ≥ 0.02' : 'every feature'})</span><input aria-label="Features" placeholder="a, b, c" value={features} onChange={(e) => onFeatures(e.target.value)} /></label>
        {kind === 'mlp' && <>
          <label className="field"><span>Hidden units</span><input aria-label="Hidden layers" value={hidden} onChange={(e) => setHidden(e.target.value)} /></label>
          <label className="field"><span>Epochs</span><input aria-label="Epochs" value={epochs} onChange={(e) => setEpochs(e.target.value)} /></label>
          <label className="field"><span>Dropout</span><input aria-label="Dropout" value={dropout} onChange={(e) => setDropout(e.target.value)} /></label>
          <label className="field"><span>Class weights</span>
            <select aria-label="Class weights" value={classWeight} onChange={(e) => setClassWeight(e.target.value as 'none' | 'balanced')}><option value="none">none</option><option value="balanced">balanced</option></select>
          </label>
          <label className="field inline wide"><input type="checkbox" aria-label="On WOE features" checked={onWoe} onChange={(e) => setOnWoe(e.target.checked)} /><span>on the WOE of the binning (else standardized raw features + one-hot categories)</span></label>
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
      {job.running && job.progress && <ProgressBar progress={job.progress} />}
      {points.length > 0 && <LossChart points={points} />}
    </section>
  );
}
