import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/I18nContext';
import { binLabel } from '../../../i18n/bin-label';
import { sampleName } from '../../i18n/names';
import type { CutoffResult, ScorecardResult } from '../../../service/contract';
import type { ScoreOrientation } from '../../../types/scorecard';
import { usePlot } from '../../charts/use-plot';
import { useClient } from '../../client/context';
import { toWire } from '../../components/ErrorBanner';
import type { WireError } from '../../../types/errors';
import type { ModelPurpose } from '../../../types/model';
import { ExportDialog } from '../strategy/ExportDialog';

function DistributionChart({ d }: { d: ScorecardResult['distribution'] }) {
  const { t } = useI18n();
  const el = usePlot(() => ({
    data: [
      { type: 'bar', x: d.edges, y: d.nonEvents, name: t('sc.nonEvents'), marker: { color: '#10b981' } },
      { type: 'bar', x: d.edges, y: d.events, name: t('sc.events'), marker: { color: '#ef4444' } },
    ],
    layout: { barmode: 'stack', height: 240, margin: { l: 50, r: 10, t: 28, b: 40 }, legend: { orientation: 'h', y: 1.02, yanchor: 'bottom' }, xaxis: { title: { text: t('sc.scoreTrain') } }, yaxis: { title: { text: t('sc.rowsAxis') } } },
  }), [d, t]);
  return <div ref={el} className="chart" data-testid="chart-score-distribution" />;
}

function CutoffChart({ r }: { r: CutoffResult }) {
  const { t } = useI18n();
  const el = usePlot(() => ({
    data: [
      { x: r.table.map((c) => c.cutoff), y: r.table.map((c) => c.passRate), name: t('sc.passRate'), mode: 'lines', line: { color: '#2563eb', width: 2 } },
      { x: r.table.map((c) => c.cutoff), y: r.table.map((c) => c.passedEventRate), name: t('sc.passEventRate'), yaxis: 'y2', mode: 'lines', line: { color: '#ef4444', width: 2 } },
    ],
    layout: {
      height: 240, margin: { l: 50, r: 50, t: 28, b: 40 }, legend: { orientation: 'h', y: 1.02, yanchor: 'bottom' }, xaxis: { title: { text: t('sc.cutoffAxis', { sample: sampleName(r.sample, t) }) } },
      yaxis: { title: { text: t('sc.passRate') }, tickformat: '.0%', range: [0, 1] }, yaxis2: { overlaying: 'y', side: 'right', tickformat: '.1%', rangemode: 'tozero', title: { text: t('sc.eventRate') }, showgrid: false },
    },
  }), [r]);
  return <div ref={el} className="chart" data-testid="chart-cutoffs" />;
}

/** Builds the scorecard of a model — points per attribute for a scorecard-LR model, the scaled log-odds of any other — with PDO scaling, orientation, rounding; the score range and distribution. */
export function ScorecardPanel({ workspace, model, onError }: { workspace: string; model: { id: number; name: string; purpose: ModelPurpose }; onError: (e: WireError) => void }) {
  const { t } = useI18n();
  const client = useClient();
  const [pdo, setPdo] = useState('20');
  const [baseScore, setBaseScore] = useState('600');
  const [baseOdds, setBaseOdds] = useState('50');
  // A credit score rises as risk falls; a targeting score rises with the odds of responding.
  const [orientation, setOrientation] = useState<ScoreOrientation>(model.purpose === 'targeting' ? 'higher-is-riskier' : 'higher-is-better');
  const [round, setRound] = useState(true);
  const [result, setResult] = useState<Pick<ScorecardResult, 'scorecardId' | 'scorecard'> & Partial<Pick<ScorecardResult, 'samples' | 'distribution'>> | null>(null);
  const [cutoffs, setCutoffs] = useState<CutoffResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [cutoff, setCutoff] = useState('');
  const [cutoffStrategy, setCutoffStrategy] = useState<{ id: number; name: string; passRate: number | null } | null>(null);

  // The model's newest card comes back as it was built, with its settings.
  useEffect(() => {
    let live = true;
    void (async () => {
      const cards = (await client.call('scorecard.list', { workspace })).filter((c) => c.modelId === model.id);
      if (!cards[0] || !live) return;
      const card = await client.call('scorecard.get', { workspace, scorecard: cards[0].id });
      if (!live) return;
      setResult({ scorecardId: card.id, scorecard: card });
      setPdo(String(card.scaling.pdo)); setBaseScore(String(card.scaling.baseScore)); setBaseOdds(String(card.scaling.baseOdds));
      setOrientation(card.scaling.orientation); setRound(card.scaling.round);
      setCutoffs(await client.call('strategy.cutoffs', { workspace, scorecard: card.id }));
    })().catch((e: unknown) => onError(toWire(e)));
    return () => { live = false; };
  }, [client, workspace, model.id, onError]);

  const build = async () => {
    setBusy(true);
    try {
      const r = await client.call('scorecard.build', { workspace, model: model.id, scaling: { pdo: Number(pdo), baseScore: Number(baseScore), baseOdds: Number(baseOdds), orientation, round } });
      setResult(r);
      setCutoffs(await client.call('strategy.cutoffs', { workspace, scorecard: r.scorecardId }));
    } catch (e) {
      onError(toWire(e));
    } finally {
      setBusy(false);
    }
  };
  const makeCutoffStrategy = async () => {
    if (!result) return;
    try {
      const r = await client.call('strategy.cutoff', { workspace, scorecard: result.scorecardId, cutoff: Number(cutoff) });
      const passing = r.strategy.cells.flat().filter((x) => x.decision.action === 'bid').reduce((n, x) => n + x.rows, 0);
      setCutoffStrategy({ id: r.strategyId, name: r.strategy.name, passRate: r.strategy.totals.rows ? passing / r.strategy.totals.rows : null });
    } catch (e) {
      onError(toWire(e));
    }
  };
  const c = result?.scorecard;
  return (
    <section className="scorecard-panel" aria-label={t('sc.label')}>
      <h3>{t('sc.label')}</h3>
      <div className="row wrap">
        <label className="field inline"><span>PDO</span><input aria-label="PDO" size={4} value={pdo} onChange={(e) => setPdo(e.target.value)} /></label>
        <label className="field inline"><span>{t('sc.baseScore')}</span><input aria-label={t('sc.baseScore')} size={5} value={baseScore} onChange={(e) => setBaseScore(e.target.value)} /></label>
        <label className="field inline"><span>{t('sc.atOdds')}</span><input aria-label={t('sc.baseOdds')} size={4} value={baseOdds} onChange={(e) => setBaseOdds(e.target.value)} /><span>:1</span></label>
        <select aria-label={t('sc.orientation')} value={orientation} onChange={(e) => setOrientation(e.target.value as ScoreOrientation)}><option value="higher-is-better">{t('sc.higherBetter')}</option><option value="higher-is-riskier">{t('sc.higherRiskier')}</option></select>
        <label className="field inline"><input type="checkbox" aria-label={t('sc.roundLabel')} checked={round} onChange={(e) => setRound(e.target.checked)} /><span>{t('sc.round')}</span></label>
        <button className="small primary" disabled={busy} onClick={() => void build()}>{result ? t('sc.rebuild') : t('sc.build')}</button>
        {result && <button className="small" onClick={() => setExporting(true)}>{t('sc.export')}</button>}
      </div>
      {exporting && <ExportDialog workspace={workspace} model={{ id: model.id, name: model.name }} strategy={cutoffStrategy} onClose={() => setExporting(false)} />}
      {c && result && <>
        <p className="muted small">{c.scaled
          ? <span data-testid="scaled-formula">{t('sc.scaledSummary', { id: result.scorecardId, offset: c.offset.toFixed(2), sign: c.scaling.orientation === 'higher-is-better' ? '−' : '+', factor: c.factor.toFixed(3) })}</span>
          : <>{t('sc.summary', { id: result.scorecardId })} <strong>{c.basePoints}</strong></>} {t('sc.scores')} <strong data-testid="score-range">{c.scoreRange.min.toFixed(0)}–{c.scoreRange.max.toFixed(0)}</strong>{result.samples ? ` · ${result.samples.map((s) => t('sc.aucSample', { sample: sampleName(s.sample, t), auc: s.auc.toFixed(4) })).join(' · ')}` : ''}</p>
        {result.distribution && <DistributionChart d={result.distribution} />}
        {cutoffs && <CutoffChart r={cutoffs} />}
        {cutoffs && (
          <div className="cutoff-table">
            <table className="compact" aria-label={t('sc.cutoffTable')}>
              <caption>{t('sc.cutoffCaption', { sample: sampleName(cutoffs.sample, t), rule: cutoffs.pass === 'above' ? t('sc.passAbove') : t('sc.passBelow') })}</caption>
              <thead><tr><th>{t('sc.cutoff')}</th><th>{t('sc.pass')}</th><th title={t('sc.passPctTitle')}>{t('sc.passPct')}</th><th title={t('sc.eventPctTitle')}>{t('sc.eventPct')}</th><th title={t('sc.keptOutTitle')}>{t('sc.keptOut')}</th></tr></thead>
              <tbody>{cutoffs.table.map((r) => <tr key={r.cutoff} className={String(r.cutoff) === cutoff ? 'chosen' : ''} onClick={() => setCutoff(String(r.cutoff))} title={t('sc.useCutoff')}><td>{r.cutoff}</td><td>{r.passed.toLocaleString()}</td><td>{(r.passRate * 100).toFixed(1)}%</td><td>{r.passedEventRate === null ? '–' : `${(r.passedEventRate * 100).toFixed(2)}%`}</td><td>{(r.eventsAvoided * 100).toFixed(1)}%</td></tr>)}</tbody>
            </table>
          </div>
        )}
        {cutoffs && (
          <div className="row wrap">
            <label className="field inline" title={t('sc.cutoffTitle')}><span>{t('sc.cutoffLabel')}</span><input aria-label={t('sc.cutoffLabel')} size={6} value={cutoff} placeholder={t('sc.score')} onChange={(e) => setCutoff(e.target.value)} /></label>
            <button className="small" disabled={!cutoff.trim() || !Number.isFinite(Number(cutoff))} onClick={() => void makeCutoffStrategy()} title={model.purpose === 'credit' ? t('sc.makeCreditTitle') : t('sc.makeTargetTitle')}>{t('sc.makeStrategy')}</button>
            {cutoffStrategy && <span className="small" data-testid="cutoff-strategy">{t('sc.strategyMade', { id: cutoffStrategy.id, name: cutoffStrategy.name })}{cutoffStrategy.passRate !== null ? t('sc.strategyPasses', { rate: cutoffStrategy.passRate, sample: sampleName(cutoffs.sample, t) }) : ''}{t('sc.strategyExport')}</span>}
          </div>
        )}
        {c.scaled && <p className="muted small">{t('sc.scaledNote')}</p>}
        {!c.scaled && <table className="compact points" aria-label={t('sc.points')}>
          <thead><tr><th>{t('sc.characteristic')}</th><th>{t('sc.attribute')}</th><th>WOE</th><th>{t('sc.pointsHead')}</th><th>{t('sc.rows')}</th></tr></thead>
          <tbody>{c.characteristics.flatMap((ch) => ch.attributes.map((a, k) => (
            <tr key={`${ch.name}-${k}`} className={k === 0 ? 'group-start' : ''}>
              <td>{k === 0 ? <>{ch.name} <span className="muted small">{t('sc.range', { code: ch.reasonCode, min: ch.minPoints.toFixed(0), max: ch.maxPoints.toFixed(0) })}</span></> : ''}</td>
              <td title={binLabel(a, t)}>{binLabel(a, t)}</td><td>{a.woe.toFixed(3)}</td><td>{c.scaling.round ? a.points : a.points.toFixed(2)}</td><td>{a.count.toLocaleString()}</td>
            </tr>)))}
          </tbody>
        </table>}
      </>}
    </section>
  );
}
