import { useState } from 'react';
import { phraseSaid } from '../../../i18n/phrase-said';
import { useI18n } from '../../i18n/I18nContext';
import type { SelectResult } from '../../../service/contract';
import { useClient } from '../../client/context';
import type { useJob } from '../../components/useJob';

type Direction = 'both' | 'forward' | 'backward' | 'none';
type Criterion = 'aic' | 'bic' | 'p';

/** Feature selection on the binning's WOE variables: thresholds, stepwise, what each step dropped and why; the result feeds the train form. */
export function SelectionCard({ workspace, dataset, target, job, onUse, onSelected }: { workspace: string; dataset: string; target: string; job: ReturnType<typeof useJob>; onUse: (features: string[]) => void; onSelected: () => void }) {
  const { t, tr } = useI18n();
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
    <section className="card" aria-label={t('sel.label')}>
      <h3>{t('sel.title')}</h3>
      <div className="form-grid">
        <label className="field"><span>{t('sel.minIv')}</span><input aria-label={t('sel.minIv')} value={minIv} onChange={(e) => setMinIv(e.target.value)} /></label>
        <label className="field"><span>{t('sel.maxCorr')}</span><input aria-label={t('sel.maxCorrLabel')} value={maxCorr} onChange={(e) => setMaxCorr(e.target.value)} /></label>
        <label className="field"><span>{t('sel.maxVif')}</span><input aria-label={t('sel.maxVif')} value={maxVif} onChange={(e) => setMaxVif(e.target.value)} /></label>
        <label className="field"><span>{t('sel.population')}</span><input aria-label={t('sel.populationLabel')} placeholder="drew_down=1" value={population} onChange={(e) => setPopulation(e.target.value)} /></label>
        <label className="field"><span>{t('sel.stepwise')}</span>
          <select aria-label={t('sel.stepwise')} value={direction} onChange={(e) => setDirection(e.target.value as Direction)}>{(['both', 'forward', 'backward', 'none'] as const).map((d) => <option key={d} value={d}>{t(`sel.dir.${d}`)}</option>)}</select>
        </label>
        <label className="field"><span>{t('sel.keep')}</span><input aria-label={t('sel.keep')} placeholder="a, b" value={include} onChange={(e) => setInclude(e.target.value)} /></label>
        <label className="field"><span>{t('sel.drop')}</span><input aria-label={t('sel.drop')} placeholder="c, d" value={exclude} onChange={(e) => setExclude(e.target.value)} /></label>
        <label className="field"><span>{t('sel.criterion')}</span>
          <select aria-label={t('sel.criterion')} value={criterion} onChange={(e) => setCriterion(e.target.value as Criterion)}><option value="aic">AIC</option><option value="bic">BIC</option><option value="p">{t('sel.pValue')}</option></select>
        </label>
      </div>
      <div className="row">
        <button className="small" disabled={job.running} onClick={() => void select()}>{t('sel.select')}</button>
        {result && <button className="small" onClick={() => onUse(result.selected)}>{t('sel.copy', { count: result.selected.length })}</button>}
      </div>
      {result && (
        <div className="selection-steps">
          <p className="small">{t('sel.selected')} <strong data-testid="selected-features">{result.selected.join(', ')}</strong> {t('sel.stored')}</p>
          <table className="compact" aria-label={t('sel.steps')}>
            <thead><tr><th>{t('sel.step')}</th><th>{t('sel.variable')}</th><th>{t('sel.action')}</th><th>{t('sel.why')}</th></tr></thead>
            <tbody>{result.steps.map((s, k) => <tr key={k}><td>{t(`sel.stepName.${s.step}`)}</td><td>{s.variable}</td><td>{t(`sel.actionName.${s.action}`)}</td><td className="reason">{s.said ? phraseSaid(s.said, tr) : s.reason}</td></tr>)}</tbody>
          </table>
        </div>
      )}
    </section>
  );
}
