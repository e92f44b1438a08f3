import { useEffect, useState } from 'react';
import type { CutoffResult, ScorecardResult } from '../../../service/contract';
import type { ScoreOrientation } from '../../../types/scorecard';
import { usePlot } from '../../charts/use-plot';
import { useClient } from '../../client/context';
import { toWire } from '../../components/ErrorBanner';
import type { WireError } from '../../../types/errors';
import type { ModelPurpose } from '../../../types/model';
import { ExportDialog } from '../strategy/ExportDialog';

function DistributionChart({ d }: { d: ScorecardResult['distribution'] }) {
  const el = usePlot(() => ({
    data: [
      { type: 'bar', x: d.edges, y: d.nonEvents, name: 'non-events', marker: { color: '#10b981' } },
      { type: 'bar', x: d.edges, y: d.events, name: 'events', marker: { color: '#ef4444' } },
    ],
    layout: { barmode: 'stack', height: 220, margin: { l: 50, r: 10, t: 10, b: 36 }, legend: { orientation: 'h', y: -0.3 }, xaxis: { title: { text: 'score (train sample)' } }, yaxis: { title: { text: 'rows' } } },
  }), [d]);
  return <div ref={el} className="chart" data-testid="chart-score-distribution" />;
}

function CutoffChart({ r }: { r: CutoffResult }) {
  const el = usePlot(() => ({
    data: [
      { x: r.table.map((c) => c.cutoff), y: r.table.map((c) => c.passRate), name: 'pass rate', mode: 'lines', line: { color: '#2563eb', width: 2 } },
      { x: r.table.map((c) => c.cutoff), y: r.table.map((c) => c.passedEventRate), name: 'event rate of those who pass', yaxis: 'y2', mode: 'lines', line: { color: '#ef4444', width: 2 } },
    ],
    layout: {
      height: 220, margin: { l: 50, r: 50, t: 10, b: 36 }, legend: { orientation: 'h', y: -0.3 }, xaxis: { title: { text: `cut-off (${r.sample} sample)` } },
      yaxis: { title: { text: 'pass rate' }, tickformat: '.0%', range: [0, 1] }, yaxis2: { overlaying: 'y', side: 'right', tickformat: '.1%', rangemode: 'tozero', title: { text: 'event rate' }, showgrid: false },
    },
  }), [r]);
  return <div ref={el} className="chart" data-testid="chart-cutoffs" />;
}

/** Builds the scorecard of a scorecard-LR model: PDO scaling, orientation, rounding; the points table, score range and distribution. */
export function ScorecardPanel({ workspace, model, onError }: { workspace: string; model: { id: number; name: string; purpose: ModelPurpose }; onError: (e: WireError) => void }) {
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
    <section className="scorecard-panel" aria-label="Scorecard">
      <h3>Scorecard</h3>
      <div className="row wrap">
        <label className="field inline"><span>PDO</span><input aria-label="PDO" size={4} value={pdo} onChange={(e) => setPdo(e.target.value)} /></label>
        <label className="field inline"><span>Base score</span><input aria-label="Base score" size={5} value={baseScore} onChange={(e) => setBaseScore(e.target.value)} /></label>
        <label className="field inline"><span>at odds</span><input aria-label="Base odds" size={4} value={baseOdds} onChange={(e) => setBaseOdds(e.target.value)} /><span>:1</span></label>
        <select aria-label="Orientation" value={orientation} onChange={(e) => setOrientation(e.target.value as ScoreOrientation)}><option value="higher-is-better">higher = fewer events (credit: less risk)</option><option value="higher-is-riskier">higher = more events (targeting: more response)</option></select>
        <label className="field inline"><input type="checkbox" aria-label="Round points" checked={round} onChange={(e) => setRound(e.target.checked)} /><span>round</span></label>
        <button className="small primary" disabled={busy} onClick={() => void build()}>{result ? 'Rebuild scorecard' : 'Build scorecard'}</button>
        {result && <button className="small" onClick={() => setExporting(true)}>Export bundle…</button>}
      </div>
      {exporting && <ExportDialog workspace={workspace} model={{ id: model.id, name: model.name }} strategy={cutoffStrategy} onClose={() => setExporting(false)} />}
      {c && result && <>
        <p className="muted small">Scorecard {result.scorecardId}: base points <strong>{c.basePoints}</strong> · scores <strong data-testid="score-range">{c.scoreRange.min.toFixed(0)}–{c.scoreRange.max.toFixed(0)}</strong>{result.samples ? ` · ${result.samples.map((s) => `AUC ${s.sample} ${s.auc.toFixed(4)}`).join(' · ')}` : ''}</p>
        {result.distribution && <DistributionChart d={result.distribution} />}
        {cutoffs && <CutoffChart r={cutoffs} />}
        {cutoffs && (
          <div className="cutoff-table">
            <table className="compact" aria-label="Cut-off table">
              <caption>Cut-offs on the {cutoffs.sample} sample ({cutoffs.pass === 'above' ? 'pass: score ≥ cut-off' : 'pass: score < cut-off'})</caption>
              <thead><tr><th>cut-off</th><th>pass</th><th title="share of rows that pass">pass %</th><th title="event rate of those who pass">event %</th><th title="share of events kept out">kept out</th></tr></thead>
              <tbody>{cutoffs.table.map((r) => <tr key={r.cutoff} className={String(r.cutoff) === cutoff ? 'chosen' : ''} onClick={() => setCutoff(String(r.cutoff))} title="Use this cut-off"><td>{r.cutoff}</td><td>{r.passed.toLocaleString()}</td><td>{(r.passRate * 100).toFixed(1)}%</td><td>{r.passedEventRate === null ? '–' : `${(r.passedEventRate * 100).toFixed(2)}%`}</td><td>{(r.eventsAvoided * 100).toFixed(1)}%</td></tr>)}</tbody>
            </table>
          </div>
        )}
        {cutoffs && (
          <div className="row wrap">
            <label className="field inline" title="Pick a row of the table or type a score"><span>Cut-off</span><input aria-label="Cut-off" size={6} value={cutoff} placeholder="score" onChange={(e) => setCutoff(e.target.value)} /></label>
            <button className="small" disabled={!cutoff.trim() || !Number.isFinite(Number(cutoff))} onClick={() => void makeCutoffStrategy()} title={model.purpose === 'credit' ? 'Approve (bid) on scores that pass, no bid below: a strategy from this card alone' : 'Bid on the users most likely to respond: a strategy from this card alone'}>Make cut-off strategy</button>
            {cutoffStrategy && <span className="small" data-testid="cutoff-strategy">Strategy {cutoffStrategy.id} '{cutoffStrategy.name}'{cutoffStrategy.passRate !== null ? ` passes ${(cutoffStrategy.passRate * 100).toFixed(1)}% of the ${cutoffs.sample} sample` : ''}; export it with the bundle.</span>}
          </div>
        )}
        <table className="compact" aria-label="Scorecard points">
          <thead><tr><th>characteristic</th><th>attribute</th><th>WOE</th><th>points</th><th>rows</th></tr></thead>
          <tbody>{c.characteristics.flatMap((ch) => ch.attributes.map((a, k) => (
            <tr key={`${ch.name}-${k}`} className={k === 0 ? 'group-start' : ''}>
              <td>{k === 0 ? <>{ch.name} <span className="muted small">{ch.reasonCode} · {ch.minPoints.toFixed(0)} to {ch.maxPoints.toFixed(0)}</span></> : ''}</td>
              <td title={a.label}>{a.label}</td><td>{a.woe.toFixed(3)}</td><td>{c.scaling.round ? a.points : a.points.toFixed(2)}</td><td>{a.count.toLocaleString()}</td>
            </tr>)))}
          </tbody>
        </table>
      </>}
    </section>
  );
}
