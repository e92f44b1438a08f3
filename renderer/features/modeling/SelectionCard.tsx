import { useState } from 'react';
import type { SelectResult } from '../../../service/contract';
import { useClient } from '../../client/context';
import type { useJob } from '../../components/useJob';

type Direction = 'both' | 'forward' | 'backward' | 'none';
type Criterion = 'aic' | 'bic' | 'p';

/** Feature selection on the binning's WOE variables: thresholds, stepwise, what each step dropped and why; the result feeds the train form. */
export function SelectionCard({ workspace, dataset, target, job, onUse, onSelected }: { workspace: string; dataset: string; target: string; job: ReturnType<typeof useJob>; onUse: (features: string[]) => void; onSelected: () => void }) {
  const client = useClient();
  const [minIv, setMinIv] = useState('0.02');
  const [maxCorr, setMaxCorr] = useState('0.7');
  const [maxVif, setMaxVif] = useState('10');
  const [direction, setDirection] = useState<Direction>('both');
  const [criterion, setCriterion] = useState<Criterion>('aic');
  const [population, setPopulation] = useState('');
  const [include, setInclude] = useState('');
  const [exclude, setExclude] = useState('');
  const names = (t: string) => t.split(/[,\s]+/).filter(Boolean);
  const [result, setResult] = useState<SelectResult | null>(null);

  const select = async () => {
    const r = await job.run((jobId) => client.call('select.run', {
      workspace, dataset, target, jobId, minIv: Number(minIv), maxCorrelation: Number(maxCorr), maxVif: Number(maxVif), stepwise: direction, criterion,
      ...(population.trim() ? { population: population.trim() } : {}),
      ...(names(include).length ? { include: names(include) } : {}), ...(names(exclude).length ? { exclude: names(exclude) } : {}),
    }));
    if (r) { setResult(r); onSelected(); }
  };

  return (
    <section className="card" aria-label="Feature selection">
      <h3>Select features</h3>
      <div className="form-grid">
        <label className="field"><span>Min IV</span><input aria-label="Min IV" value={minIv} onChange={(e) => setMinIv(e.target.value)} /></label>
        <label className="field"><span>Max |correlation|</span><input aria-label="Max correlation" value={maxCorr} onChange={(e) => setMaxCorr(e.target.value)} /></label>
        <label className="field"><span>Max VIF</span><input aria-label="Max VIF" value={maxVif} onChange={(e) => setMaxVif(e.target.value)} /></label>
        <label className="field"><span>Population</span><input aria-label="Selection population" placeholder="drew_down=1" value={population} onChange={(e) => setPopulation(e.target.value)} /></label>
        <label className="field"><span>Stepwise</span>
          <select aria-label="Stepwise" value={direction} onChange={(e) => setDirection(e.target.value as Direction)}>{['both', 'forward', 'backward', 'none'].map((d) => <option key={d}>{d}</option>)}</select>
        </label>
        <label className="field"><span>Always keep</span><input aria-label="Always keep" placeholder="a, b" value={include} onChange={(e) => setInclude(e.target.value)} /></label>
        <label className="field"><span>Always drop</span><input aria-label="Always drop" placeholder="c, d" value={exclude} onChange={(e) => setExclude(e.target.value)} /></label>
        <label className="field"><span>Criterion</span>
          <select aria-label="Criterion" value={criterion} onChange={(e) => setCriterion(e.target.value as Criterion)}><option value="aic">AIC</option><option value="bic">BIC</option><option value="p">p-value</option></select>
        </label>
      </div>
      <div className="row">
        <button className="small" disabled={job.running} onClick={() => void select()}>Select</button>
        {result && <button className="small" onClick={() => onUse(result.selected)}>Copy {result.selected.length} into Features</button>}
      </div>
      {result && (
        <div className="selection-steps">
          <p className="small">Selected: <strong data-testid="selected-features">{result.selected.join(', ')}</strong> — stored; training starts from it.</p>
          <table className="compact" aria-label="Selection steps">
            <thead><tr><th>step</th><th>variable</th><th>action</th><th>why</th></tr></thead>
            <tbody>{result.steps.map((s, k) => <tr key={k}><td>{s.step}</td><td>{s.variable}</td><td>{s.action}</td><td className="reason">{s.reason}</td></tr>)}</tbody>
          </table>
        </div>
      )}
    </section>
  );
}
