import { useEffect, useState } from 'react';
import type { InferenceReport, InferResult, StoredModel } from '../../../service/contract';
import type { DatasetDetail } from '../../../types/dataset';
import type { WireError } from '../../../types/errors';
import { INFERENCE_METHODS, type InferenceMethod } from '../../../types/inference';
import { usePlot } from '../../charts/use-plot';
import { useClient } from '../../client/context';
import { ErrorBanner, toWire } from '../../components/ErrorBanner';
import { percent } from '../../components/format';
import { ProgressBar } from '../../components/ProgressBar';
import { useJob } from '../../components/useJob';
import { useI18n } from '../../i18n/I18nContext';

const pct = (x: number | null) => (x === null ? '—' : percent(x, 1));

/** Bad rate by band of the inferred score: the known rows' observed rate, and each model's prediction for the rows without an outcome. */
function BandsChart({ report }: { report: InferenceReport }) {
  const { t } = useI18n();
  const x = report.bands.map((_, k) => String(k + 1));
  const el = usePlot(() => ({
    data: [
      { type: 'bar', x, y: report.bands.map((b) => b.knownBadRate), name: t('ri.observedKnown'), marker: { color: '#94a3b8' } },
      { x, y: report.bands.map((b) => b.kgbRate), name: t('ri.kgbUnlabelled'), mode: 'lines+markers', line: { color: '#2563eb', width: 2 } },
      { x, y: report.bands.map((b) => b.inferredRate), name: t('ri.inferredUnlabelled'), mode: 'lines+markers', line: { color: '#ef4444', width: 2 } },
    ],
    layout: { height: 240, margin: { l: 50, r: 10, t: 28, b: 40 }, legend: { orientation: 'h', y: 1.02, yanchor: 'bottom' }, xaxis: { title: { text: t('ri.bandAxis') } }, yaxis: { title: { text: t('ri.badRate') }, tickformat: '.0%', rangemode: 'tozero' } },
  }), [report, t]);
  return <div ref={el} className="chart" data-testid="chart-reject-inference" />;
}

/** What a reject inference did and how the inferred model differs from the known-good-bad one. */
export function InferenceReportView({ report }: { report: InferenceReport }) {
  const { t, tr } = useI18n();
  const c = report.calibration;
  return (
    <div className="inference-report" aria-label={t('ri.report')}>
      <p className="small">{t('ri.summary', { method: t(`infer.method.${report.method}`), factor: report.factor.toFixed(3), kgb: report.kgbName, known: tr.num(report.trainKnown), unlabelled: tr.num(report.trainUnlabelled), rate: pct(report.inferredBadRate) })}</p>
      {c && <p className="small" data-testid="ri-calibration">{t('ri.calibrated', { rows: tr.num(c.train.rows), column: c.column, observed: pct(c.train.observed), kgb: pct(c.train.kgb), factor: c.train.factor.toFixed(3), lower: c.train.lower.toFixed(3), upper: c.train.upper.toFixed(3) })}
        {c.check && <> {t('ri.check', { rows: tr.num(c.check.rows), observed: pct(c.check.observed), kgb: pct(c.check.kgb), inferred: pct(c.check.inferred) })}</>}</p>}
      {report.cutoff !== null && <p className="small">{t('ri.cutoff', { cutoff: report.cutoff.toFixed(4) })}</p>}
      {report.iterations > 1 && <p className="small">{t(report.converged ? 'ri.converged' : 'ri.notConverged', { iterations: report.iterations })}</p>}
      <table className="compact" aria-label={t('ri.shift')}>
        <thead><tr><th /><th>{t('ri.rows')}</th><th>{t('ri.observed')}</th><th>{t('ri.kgb')}</th><th>{t('ri.inferred')}</th></tr></thead>
        <tbody>
          <tr><th>{t('ri.knownRows')}</th><td>{tr.num(report.known.rows)}</td><td>{pct(report.known.observed)}</td><td>{pct(report.known.kgb)}</td><td>{pct(report.known.inferred)}</td></tr>
          <tr><th>{t('ri.unlabelledRows')}</th><td>{tr.num(report.unlabelled.rows)}</td><td>—</td><td>{pct(report.unlabelled.kgb)}</td><td>{pct(report.unlabelled.inferred)}</td></tr>
        </tbody>
      </table>
      <p className="muted small">{t('ri.psi', { psi: report.psi.toFixed(4) })}</p>
      <BandsChart report={report} />
      <div className="table-scroll"><table className="compact wrap-head" aria-label={t('ri.bands')}>
        <thead><tr><th>#</th><th>{t('ri.scoreRange')}</th><th>{t('ri.knownRows')}</th><th>{t('ri.observed')}</th><th>{t('ri.unlabelledRows')}</th><th>{t('ri.kgb')}</th><th>{t('ri.inferred')}</th></tr></thead>
        <tbody>{report.bands.map((b, k) => <tr key={k}><td>{k + 1}</td><td>{b.lower.toFixed(3)}–{b.upper.toFixed(3)}</td><td>{tr.num(b.known)}</td><td>{pct(b.knownBadRate)}</td><td>{tr.num(b.unlabelled)}</td><td>{pct(b.kgbRate)}</td><td>{pct(b.inferredRate)}</td></tr>)}</tbody>
      </table></div>
    </div>
  );
}

/** A guess at the through-the-door population: those who applied, when the dataset records it. */
function defaultPopulation(d: DatasetDetail | null): string {
  const applied = d?.columns.find((c) => /^(is_)?appl(y|ied|ication)$/i.test(c.name));
  return applied ? `${applied.name}=1` : '';
}

/** A column of outcomes observed elsewhere (a bureau's report), when the dataset has one. */
function defaultCalibration(d: DatasetDetail | null): string {
  return d?.columns.find((c) => c.role === 'outcome' && /(bureau|external|elsewhere)/i.test(c.name))?.name ?? '';
}

/**
 * Reject inference from a credit model trained on the rows with an outcome: the through-the-door
 * population, the method, the event-rate factor or the column to measure it on; the inferred model
 * appears in the list, its report here.
 */
export function RejectInferencePanel({ workspace, model, onInferred, onError }: { workspace: string; model: StoredModel & { id: number }; onInferred: (r: InferResult) => void; onError: (e: WireError) => void }) {
  const { t } = useI18n();
  const client = useClient();
  const job = useJob('ui-infer');
  const [dataset, setDataset] = useState<DatasetDetail | null>(null);
  const [population, setPopulation] = useState('');
  const [method, setMethod] = useState<InferenceMethod>('fuzzy');
  const [calibrate, setCalibrate] = useState('');
  const [factor, setFactor] = useState('1');
  const [result, setResult] = useState<InferResult | null>(null);
  useEffect(() => {
    void client.call('datasets.get', { workspace, dataset: model.dataset }).then((d) => { setDataset(d); setPopulation(defaultPopulation(d)); setCalibrate(defaultCalibration(d)); }, (e: unknown) => onError(toWire(e)));
  }, [client, workspace, model.dataset]);
  const outcomes = dataset?.columns.filter((c) => c.role === 'outcome' && c.name !== model.target) ?? [];
  const run = async () => {
    const r = await job.run((jobId) => client.call('model.infer', {
      workspace, model: model.id, jobId, method, ...(population.trim() ? { population: population.trim() } : {}),
      ...(calibrate ? { calibrate } : { factor: Number(factor) }),
    }));
    if (r) { setResult(r); onInferred(r); }
  };
  return (
    <section className="card reject-inference" aria-label={t('ri.title')}>
      <h4>{t('ri.title')}</h4>
      <p className="muted small">{t('ri.intro')}</p>
      {/* The form appears once the data's columns are known, so the guesses never overwrite what the user typed. */}
      {dataset && <><div className="form-grid">
        <label>{t('ri.population')}<input aria-label={t('ri.population')} value={population} placeholder="applied=1" onChange={(e) => setPopulation(e.target.value)} /></label>
        <label>{t('ri.method')}<select aria-label={t('ri.method')} value={method} onChange={(e) => setMethod(e.target.value as InferenceMethod)}>{INFERENCE_METHODS.map((m) => <option key={m} value={m}>{t(`infer.method.${m}`)}</option>)}</select></label>
        <label>{t('ri.calibrate')}<select aria-label={t('ri.calibrate')} value={calibrate} onChange={(e) => setCalibrate(e.target.value)}>
          <option value="">{t('ri.noCalibration')}</option>
          {outcomes.map((c) => <option key={c.name} value={c.name}>{c.name}</option>)}
        </select></label>
        {!calibrate && <label>{t('ri.factor')}<input aria-label={t('ri.factor')} type="number" step="0.05" min="0.1" max="10" value={factor} onChange={(e) => setFactor(e.target.value)} /></label>}
      </div>
      <button className="primary small" disabled={job.running} onClick={() => void run()}>{t('ri.run')}</button></>}
      {job.running && <ProgressBar progress={job.progress} onCancel={job.cancel} />}
      <ErrorBanner error={job.error} onClose={() => job.setError(null)} />
      {result && <p className="small" data-testid="ri-done">{t('ri.done', { id: result.modelId, name: result.name })}</p>}
    </section>
  );
}
