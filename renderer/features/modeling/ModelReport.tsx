import { useState } from 'react';
import type { Evaluation, StoredModel } from '../../../service/contract';
import { useClient } from '../../client/context';
import { toWire } from '../../components/ErrorBanner';
import type { SampleMetrics } from '../../../types/model';
import { EvaluationCharts } from '../../charts/EvaluationCharts';
import type { WireError } from '../../../types/errors';
import { ScorecardPanel } from './ScorecardPanel';
import { WhySettings } from './WhySettings';
import { ExplainRows } from './ExplainRows';
import { DependencePanel } from './DependencePanel';
import { ShapSummaryChart } from './ShapSummaryChart';
import { useI18n } from '../../i18n/I18nContext';
import { phraseSaid } from '../../../i18n/phrase-said';
import { percent } from '../../components/format';
import { InferenceReportView, RejectInferencePanel } from './RejectInferencePanel';

const f = (x: number | null | undefined, d = 4) => (x === null || x === undefined || Number.isNaN(x) ? '—' : x.toFixed(d));
const pct = (x: number) => percent(x, 2);
const pFmt = (p: number | null) => (p === null || Number.isNaN(p) ? '—' : p < 1e-4 ? p.toExponential(1) : p.toFixed(4));
const g = (x: number | null, d: number) => (x === null || Number.isNaN(x) ? '—' : x.toPrecision(d));

/** Headline metrics side by side: one column per sample (or per model). */
export function MetricsTable({ columns }: { columns: { label: string; metrics: SampleMetrics; psi?: number | null }[] }) {
  const { t, tr } = useI18n();
  const rows: [string, (m: SampleMetrics) => string][] = [
    [t('metrics.rows'), (m) => tr.num(m.rows)], [t('metrics.events'), (m) => tr.num(m.events)], ['AUC', (m) => f(m.auc)], [t('metrics.aucCi'), (m) => `${f(m.aucLower, 3)}–${f(m.aucUpper, 3)}`],
    ['KS', (m) => f(m.ks)], [t('metrics.gini'), (m) => f(m.gini)], [t('metrics.logLoss'), (m) => f(m.logLoss)], [t('metrics.brier'), (m) => f(m.brier)],
  ];
  // Weighted models: the samples' total weight beside the rows (every figure above is weighted then).
  if (columns.some((c) => c.metrics.weight !== undefined)) rows.splice(2, 0, [t('metrics.weight'), (m) => (m.weight === undefined ? '—' : tr.num(Math.round(m.weight * 100) / 100))]);
  const label = (l: string) => (l === 'train' || l === 'test' || l === 'oot' || l === 'all' ? t(`sample.${l}`) : l);
  return (
    <table className="compact metrics" aria-label={t('metrics.label')}>
      <thead><tr><th /> {columns.map((c) => <th key={c.label}>{label(c.label)}</th>)}</tr></thead>
      <tbody>
        {rows.map(([name, get]) => <tr key={name}><th>{name}</th>{columns.map((c) => <td key={c.label}>{get(c.metrics)}</td>)}</tr>)}
        {columns.some((c) => c.psi !== undefined && c.psi !== null) && <tr><th>{t('metrics.psi')}</th>{columns.map((c) => <td key={c.label}>{f(c.psi ?? null)}</td>)}</tr>}
      </tbody>
    </table>
  );
}

/** A credit model a reject inference can start from: a Newton logistic or scorecard fitted on a population with outcomes, not itself inferred. */
const canInfer = (m: StoredModel) => !m.rejectInference && (m.kind === 'scorecard-lr' || m.kind === 'logistic') && m.logistic?.solver === 'newton' && m.population !== null;

/** One model: what it is, its coefficients (with parties and p-values) or network, warnings, per-sample metrics, curves and deciles. */
export function ModelReport({ workspace, model, evaluation, onError, onDelete, onRenamed, onInferred }: { workspace: string; model: StoredModel & { id: number }; evaluation: Evaluation | null; onError: (e: WireError) => void; onDelete: () => void; onRenamed: () => void; onInferred: (modelId: number) => void }) {
  const client = useClient();
  const { t, tr } = useI18n();
  const [naming, setNaming] = useState<string | null>(null);
  const rename = async () => {
    if (naming === null || naming.trim() === model.name) { setNaming(null); return; }
    try { await client.call('model.rename', { workspace, model: model.id, name: naming.trim() }); setNaming(null); onRenamed(); } catch (e) { onError(toWire(e)); }
  };
  const test = evaluation?.samples.find((s) => s.sample === 'test') ?? evaluation?.samples[0];
  return (
    <div className="model-report">
      <header>
        <div className="row">{naming === null
          ? <><h3>{model.name}</h3><button className="small ghost" onClick={() => setNaming(model.name)} title={t('report.renameTitle')}>{t('report.rename')}</button></>
          : <><input aria-label={t('report.nameLabel')} autoFocus value={naming} onChange={(e) => setNaming(e.target.value)} onKeyDown={(e) => { if (e.key === 'Enter') void rename(); if (e.key === 'Escape') setNaming(null); }} /><button className="small primary" onClick={() => void rename()}>{t('report.saveName')}</button><button className="small ghost" onClick={() => setNaming(null)}>{t('report.cancel')}</button></>}
          <div className="spacer" /><button className="small ghost danger" tabIndex={-1} onClick={onDelete}>{t('report.delete')}</button></div>
        <div className="muted small">
          {t('report.meta', { id: model.id, kind: model.kind })} <span className={`purpose ${model.purpose}`}>{t(`purpose.${model.purpose}`)}</span> {t('report.target', { target: model.target, event: model.event })}
          {model.population ? t('report.population', { population: model.population }) : ''}{t('report.featuresBackend', { count: model.features.length })} <strong data-testid="model-backend">{model.backend}</strong> {t('report.seconds', { seconds: model.seconds })}
          {model.weight ? <> <span data-testid="model-weight">{t('report.weighted', { column: model.weight })}</span></> : null}
        </div>
      </header>
      {model.warnings.length > 0 && <ul className="warnings">{(model.notes?.map((n) => phraseSaid(n, tr)) ?? model.warnings).map((w) => <li key={w}>{w}</li>)}</ul>}
      <WhySettings model={model} />
      {model.rejectInference && <section className="card" aria-label={t('ri.title')}><h4>{t('ri.reportTitle')}</h4><InferenceReportView report={model.rejectInference} /></section>}
      {evaluation
        ? <MetricsTable columns={evaluation.samples.map((s) => ({ label: s.sample, metrics: s.metrics, psi: s.psi }))} />
        : <MetricsTable columns={Object.entries(model.metrics).map(([k, m]) => ({ label: k, metrics: m! }))} />}
      {evaluation && <EvaluationCharts series={evaluation.samples.map((s) => ({ label: s.sample, curves: s.curves }))} />}
      {model.logistic && (
        <table className="compact" aria-label={t('report.coefficients')}>
          <thead><tr><th>{t('report.term')}</th><th>{t('report.party')}</th><th>{t('report.coefficient')}</th><th>{t('report.stdError')}</th><th>z</th><th>{t('report.pValue')}</th></tr></thead>
          <tbody>{model.logistic.coefficients.map((c) => (
            <tr key={c.name} className={model.kind === 'scorecard-lr' && c.feature && c.coefficient > 0 ? 'wrong-sign' : ''}>
              <td>{c.name}</td><td>{c.party ? <span className={`party p-${c.party}`}>{c.party}</span> : ''}</td><td>{g(c.coefficient, 6)}</td><td>{g(c.standardError, 4)}</td><td>{f(c.z, 2)}</td><td>{pFmt(c.pValue)}</td>
            </tr>))}
          </tbody>
        </table>
      )}
      {model.logistic && <p className="muted small">{t('report.fit', { ll: model.logistic.logLikelihood.toFixed(2), aic: model.logistic.aic.toFixed(1), bic: model.logistic.bic.toFixed(1) })} {model.logistic.solver === 'adam' ? t('report.adam', { epochs: model.logistic.iterations.tfjs }) : t('report.newton', { tfjs: model.logistic.iterations.tfjs, f64: model.logistic.iterations.float64 })}{model.logistic.l2 ? ` · L2 ${model.logistic.l2}` : ''}{model.logistic.l1 ? ` · L1 ${model.logistic.l1}` : ''}</p>}
      {model.mlp && <p className="muted small">{t('report.mlp', { layers: model.mlp.config.hiddenLayers.join('×') || t('report.noHidden'), dropout: model.mlp.config.dropout, best: model.mlp.bestEpoch, epochs: model.history.length, seed: model.mlp.config.seed })}</p>}
      {model.gbdt && <p className="muted small" data-testid="gbdt-summary">{t('report.gbdt', { trees: model.gbdt.model.trees.length, leaves: model.gbdt.config.maxLeafNodes, rate: model.gbdt.config.learningRate, minLeaf: model.gbdt.config.minSamplesLeaf, seed: model.gbdt.config.seed })}{model.gbdt.model.monotone.some((m) => m !== 0) ? ` ${t('report.gbdtMonotone', { list: model.gbdt.model.features.flatMap((f, k) => (model.gbdt!.model.monotone[k] ? [`${f.name} ${model.gbdt!.model.monotone[k]! > 0 ? '↑' : '↓'}`] : [])).join(', ') })}` : ''}</p>}
      {model.gbdt && (
        <table className="compact" aria-label={t('report.importance')}>
          <thead><tr><th>{t('report.feature')}</th><th>{t('report.gainShare')}</th><th>{t('report.splits')}</th><th title={t('report.meanShapTitle')}>{t('report.meanShap')}</th></tr></thead>
          <tbody>{model.gbdt.importance.map((r) => <tr key={r.feature}><td>{r.feature}</td><td>{percent(r.share)}</td><td>{r.splits}</td><td>{r.meanAbsShap === undefined ? '—' : r.meanAbsShap.toFixed(4)}</td></tr>)}</tbody>
        </table>
      )}
      {model.gbdt && <ShapSummaryChart importance={model.gbdt.importance} />}
      <ExplainRows key={`explain-${model.id}`} workspace={workspace} model={model} onError={onError} />
      <DependencePanel key={`dep-${model.id}`} workspace={workspace} model={model} onError={onError} />
      {canInfer(model) && <RejectInferencePanel key={`ri-${model.id}`} workspace={workspace} model={model} onError={onError} onInferred={(r) => onInferred(r.modelId)} />}
      <ScorecardPanel key={`card-${model.id}`} workspace={workspace} model={{ id: model.id, name: model.name, purpose: model.purpose }} onError={onError} />
      {test && (
        <table className="compact" aria-label={t('report.deciles')}>
          <caption>{t('report.decilesCaption', { sample: t(`sample.${test.sample}`) })}</caption>
          <thead><tr><th>{t('report.band')}</th><th>{t('report.scoreRange')}</th><th>{t('metrics.rows')}</th><th>{t('metrics.events')}</th><th>{t('report.eventRate')}</th><th>{t('report.cumEvents')}</th><th>{t('report.lift')}</th></tr></thead>
          <tbody>{test.bands.map((b) => <tr key={b.band}><td>{b.band}</td><td>{f(b.minScore, 3)}–{f(b.maxScore, 3)}</td><td>{b.rows.toLocaleString()}</td><td>{b.events}</td><td>{pct(b.eventRate)}</td><td>{pct(b.cumulativeEvents)}</td><td>{b.lift.toFixed(2)}</td></tr>)}</tbody>
        </table>
      )}
    </div>
  );
}
