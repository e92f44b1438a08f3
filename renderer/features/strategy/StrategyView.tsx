import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/I18nContext';
import { sampleName } from '../../i18n/names';
import type { ResultOf } from '../../../service/contract';
import { axisLabels, strategyAxes, type CellDecision, type ScoreAxis, type Strategy } from '../../../types/strategy';
import type { WireError } from '../../../types/errors';
import { useClient } from '../../client/context';
import { ErrorBanner, toWire } from '../../components/ErrorBanner';
import { percent } from '../../components/format';
import { ExportDialog } from './ExportDialog';

type Cards = ResultOf<'scorecard.list'>;
type Tiers = ResultOf<'strategy.tiers'>;
type Stored = ResultOf<'strategy.list'>;
const pct = (x: number | null) => (x === null ? '–' : percent(x));

/** One cell: its figures and the decision the RTA service applies there. */
function Cell({ cell, decision, onChange }: { cell: Strategy['cells'][number][number]; decision: CellDecision; onChange: (d: CellDecision) => void }) {
  const tone = decision.action === 'no-bid' ? 'cell-nobid' : decision.coefficient > 1 ? 'cell-boost' : decision.coefficient < 1 ? 'cell-damp' : 'cell-bid';
  const { t } = useI18n();
  const label = t('st.decision', { t: cell.t, c: cell.c });
  return (
    <td className={`strategy-cell ${tone}`}>
      <div className="small">{t('st.cellStats', { rows: cell.rows, resp: pct(cell.responseRate), bad: pct(cell.badRate) })}</div>
      <div className="small">{t('st.ev')} {cell.expectedValue === null ? '–' : cell.expectedValue.toFixed(1)}</div>
      <select aria-label={label} value={decision.action} onChange={(e) => onChange(e.target.value === 'bid' ? { action: 'bid', coefficient: 1 } : { action: 'no-bid', coefficient: 0 })}>
        <option value="no-bid">{t('st.noBid')}</option><option value="bid">{t('st.bid')}</option>
      </select>
      {decision.action === 'bid' && <input aria-label={t('st.coefficient', { t: cell.t, c: cell.c })} type="number" min={0.1} max={3} step={0.1} value={decision.coefficient} onChange={(e) => onChange({ action: 'bid', coefficient: Number(e.target.value) })} />}
    </td>
  );
}

/** The bid strategy: targeting score bands × credit score bands, per-cell decisions, intent tiers, and the export bundle. */
export function StrategyView({ workspace, dataset }: { workspace: string; dataset: string }) {
  const { t, tr } = useI18n();
  /** An axis's band labels; a strategy without that axis has one band of every row. */
  const axisNames = (a: ScoreAxis | null) => (a ? axisLabels(a) : [t('sample.all')]);
  const client = useClient();
  const [cards, setCards] = useState<Cards>([]);
  const [targeting, setTargeting] = useState<number | null>(null);
  const [credit, setCredit] = useState<number | null>(null);
  const [bands, setBands] = useState(5);
  const [revenue, setRevenue] = useState('800');
  const [loss, setLoss] = useState('4000');
  const [cost, setCost] = useState('2');
  const [shares, setShares] = useState('20, 30');
  const [cutoff, setCutoff] = useState('');
  const [strategy, setStrategy] = useState<(Strategy & { id: number }) | null>(null);
  const [decisions, setDecisions] = useState<CellDecision[][]>([]);
  const [tiers, setTiers] = useState<Tiers | null>(null);
  const [saved, setSaved] = useState(true);
  const [exporting, setExporting] = useState(false);
  const [error, setError] = useState<WireError | null>(null);
  const [stored, setStored] = useState<Stored>([]);
  const [naming, setNaming] = useState<string | null>(null);
  const attempt = async (f: () => Promise<void>) => { try { setError(null); await f(); } catch (e) { setError(toWire(e)); } };

  const loadStored = async () => {
    const all = (await client.call('strategy.list', { workspace })).filter((s) => s.dataset === dataset);
    setStored(all);
    return all;
  };
  useEffect(() => {
    void attempt(async () => {
      const list = (await client.call('scorecard.list', { workspace })).filter((c) => c.dataset === dataset);
      setCards(list);
      setTargeting(list.find((c) => c.purpose === 'targeting')?.id ?? null);
      setCredit(list.find((c) => c.purpose === 'credit')?.id ?? null);
      // The newest strategy of the dataset comes back as it was left.
      const all = await loadStored();
      if (all[0]) show(await client.call('strategy.get', { workspace, strategy: all[0].id }));
    });
  }, [workspace, dataset]);

  const show = (s: Strategy & { id: number }) => { setStrategy(s); setDecisions(s.cells.map((row) => row.map((c) => c.decision))); setSaved(true); };
  const value = () => ({ revenuePerGood: Number(revenue), lossPerBad: Number(loss), costPerBid: Number(cost) });
  const oneCard = (targeting === null) !== (credit === null) ? (targeting ?? credit) : null;
  const build = () => attempt(async () => {
    const r = oneCard !== null
      ? await client.call('strategy.cutoff', { workspace, scorecard: oneCard, cutoff: Number(cutoff), value: value() })
      : await client.call('strategy.matrix', { workspace, targeting: targeting!, credit: credit!, bands, value: value() });
    show({ ...r.strategy, id: r.strategyId });
    await loadStored();
    const [high, mid] = shares.split(/[,\s]+/).filter(Boolean).map((x) => Number(x) / 100);
    setTiers(targeting === null ? null : await client.call('strategy.tiers', { workspace, scorecard: targeting, ...(high !== undefined && mid !== undefined ? { shares: [high, mid] as [number, number] } : {}) }));
  });
  const reopen = (id: number) => attempt(async () => { show(await client.call('strategy.get', { workspace, strategy: id })); setTiers(null); });
  const rename = () => attempt(async () => {
    if (!strategy || naming === null) return;
    const r = await client.call('strategy.rename', { workspace, strategy: strategy.id, name: naming.trim() });
    setNaming(null); show(r); await loadStored();
  });
  const remove = () => attempt(async () => {
    if (!strategy || !window.confirm(t('st.deleteConfirm', { id: strategy.id, name: strategy.name }))) return;
    await client.call('strategy.delete', { workspace, strategy: strategy.id });
    const left = await loadStored();
    if (left[0]) show(await client.call('strategy.get', { workspace, strategy: left[0].id })); else { setStrategy(null); setDecisions([]); }
  });
  const save = () => attempt(async () => {
    const cells = decisions.flatMap((row, t) => row.map((d, c) => ({ t, c, action: d.action, coefficient: d.coefficient })));
    show(await client.call('strategy.decide', { workspace, strategy: strategy!.id, cells }));
  });
  const label = (c: Cards[number]) => t('st.cardLabel', { id: c.id, name: c.modelName, model: c.modelId });
  // The bundle's primary card: the credit card when there is one.
  const primary = strategy ? strategyAxes(strategy).at(-1)! : null;
  const exportModel = primary ? { id: primary.modelId, name: primary.modelName } : null;
  const canBuild = oneCard !== null ? cutoff.trim() !== '' && Number.isFinite(Number(cutoff)) : targeting !== null && credit !== null;
  return (
    <div className="strategy-view">
      <div className="toolbar wrap">
        <label className="field inline"><span>{t('st.targeting')}</span>
          <select aria-label={t('st.targeting')} value={targeting ?? ''} onChange={(e) => setTargeting(e.target.value ? Number(e.target.value) : null)}><option value="">{t('st.noTargeting')}</option>{cards.filter((c) => c.purpose === 'targeting').map((c) => <option key={c.id} value={c.id}>{label(c)}</option>)}</select>
        </label>
        <label className="field inline"><span>{t('st.credit')}</span>
          <select aria-label={t('st.credit')} value={credit ?? ''} onChange={(e) => setCredit(e.target.value ? Number(e.target.value) : null)}><option value="">{t('st.noCredit')}</option>{cards.filter((c) => c.purpose === 'credit').map((c) => <option key={c.id} value={c.id}>{label(c)}</option>)}</select>
        </label>
        {oneCard !== null
          ? <label className="field inline" title={t('st.cutoffTitle')}><span>{t('st.cutoff')}</span><input aria-label={t('st.cutoff')} size={6} value={cutoff} placeholder={t('st.cutoffPlaceholder')} onChange={(e) => setCutoff(e.target.value)} /></label>
          : <label className="field inline"><span>{t('st.bands')}</span><input aria-label={t('st.bands')} type="number" min={1} max={20} value={bands} onChange={(e) => setBands(Number(e.target.value))} /></label>}
        <label className="field inline" title={t('st.revenueTitle')}><span>{t('st.revenue')}</span><input aria-label={t('st.revenue')} size={6} value={revenue} onChange={(e) => setRevenue(e.target.value)} /></label>
        <label className="field inline" title={t('st.lossTitle')}><span>{t('st.loss')}</span><input aria-label={t('st.loss')} size={6} value={loss} onChange={(e) => setLoss(e.target.value)} /></label>
        <label className="field inline" title={t('st.costTitle')}><span>{t('st.cost')}</span><input aria-label={t('st.cost')} size={4} value={cost} onChange={(e) => setCost(e.target.value)} /></label>
        <label className="field inline" title={t('st.sharesTitle')}><span>{t('st.shares')}</span><input aria-label={t('st.sharesLabel')} size={7} value={shares} onChange={(e) => setShares(e.target.value)} /></label>
        <button className="small primary" disabled={!canBuild} onClick={() => void build()}>{oneCard !== null ? t('st.buildCutoff') : t('st.buildMatrix')}</button>
        {strategy && <button className="small" onClick={() => setExporting(true)}>{t('st.export')}</button>}
      </div>
      {cards.length === 0 && <p className="muted">{t('st.noCards')}</p>}
      <ErrorBanner error={error} onClose={() => setError(null)} />
      {stored.length > 0 && (
        <div className="row wrap stored-strategies">
          <label className="field inline"><span>{t('st.strategy')}</span>
            <select aria-label={t('st.stored')} value={strategy?.id ?? ''} onChange={(e) => void reopen(Number(e.target.value))}>
              {stored.map((s) => <option key={s.id} value={s.id}>{t('st.storedOption', { id: s.id, name: s.name, kind: s.kind === 'cutoff' ? t('st.kind.cutoff') : t('st.kind.matrix'), at: tr.dateTime(s.createdAt) })}</option>)}
            </select>
          </label>
          {strategy && naming === null && <button className="small ghost" onClick={() => setNaming(strategy.name)}>{t('st.rename')}</button>}
          {strategy && naming !== null && <><input aria-label={t('st.nameLabel')} autoFocus value={naming} onChange={(e) => setNaming(e.target.value)} onKeyDown={(e) => { if (e.key === 'Enter') void rename(); if (e.key === 'Escape') setNaming(null); }} /><button className="small primary" onClick={() => void rename()}>{t('st.saveName')}</button><button className="small ghost" onClick={() => setNaming(null)}>{t('st.cancel')}</button></>}
          {strategy && <button className="small ghost danger" tabIndex={-1} onClick={() => void remove()}>{t('st.delete')}</button>}
        </div>
      )}
      {strategy && (
        <>
          <p className="muted small">{t('st.summary', { id: strategy.id, cutoff: strategy.cutoff ? t('st.summaryCutoff', { score: strategy.cutoff.score, op: strategy.cutoff.pass === 'above' ? '≥' : '<' }) : '', sample: sampleName(strategy.sample, t), rows: strategy.totals.rows, resp: pct(strategy.totals.responseRate), bad: pct(strategy.totals.badRate) })} {t('st.evFormula', { revenue: strategy.value.revenuePerGood, loss: strategy.value.lossPerBad, cost: strategy.value.costPerBid })}</p>
          <div className="matrix-scroll"><table className="compact strategy-matrix" aria-label={t('st.matrix')}>
            <thead><tr><th>{t('st.corner')}</th>{axisNames(strategy.credit).map((l) => <th key={l}>{l}</th>)}</tr></thead>
            <tbody>
              {strategy.cells.map((row, t) => (
                <tr key={t}>
                  <th>{axisNames(strategy.targeting)[t]}</th>
                  {row.map((cell, c) => <Cell key={c} cell={cell} decision={decisions[t]![c]!} onChange={(d) => { setDecisions(decisions.map((r, i) => (i === t ? r.map((x, j) => (j === c ? d : x)) : r))); setSaved(false); }} />)}
                </tr>
              ))}
            </tbody>
          </table></div>
          <button className="small primary" disabled={saved} onClick={() => void save()}>{saved ? t('st.saved') : t('st.save')}</button>
        </>
      )}
      {tiers && (
        <table className="compact" aria-label={t('st.tiers')}>
          <caption>{t('st.tiersCaption', { id: tiers.scorecard })}</caption>
          <thead><tr><th>{t('st.tier')}</th><th>{t('st.scores')}</th><th>{t('st.rows')}</th><th>{t('st.share')}</th><th>{t('st.responseRate')}</th><th>{t('st.ofResponders')}</th></tr></thead>
          <tbody>{tiers.tiers.map((x) => <tr key={x.tier}><td>{x.tier}</td><td>{x.minScore ?? '–'}–{x.maxScore ?? '–'}</td><td>{x.rows.toLocaleString()}</td><td>{pct(x.share)}</td><td>{pct(x.responseRate)}</td><td>{pct(x.capture)}</td></tr>)}</tbody>
        </table>
      )}
      {exporting && exportModel && <ExportDialog workspace={workspace} model={exportModel} strategy={strategy ? { id: strategy.id, name: strategy.name } : null} onClose={() => setExporting(false)} />}
    </div>
  );
}
