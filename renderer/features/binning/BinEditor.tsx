import { useEffect, useState } from 'react';
import type { BinningAction } from '../../../service/contract';
import type { MonotonicTrend, VariableBinning } from '../../../types/binning';
import { BinningChart } from '../../charts/BinningChart';
import { useI18n } from '../../i18n/I18nContext';
import { binLabel } from '../../../i18n/bin-label';

const TREND_NAMES = ['ascending', 'descending', 'peak', 'valley', 'flat', 'none'] as const;
const isTrend = (v: string): v is (typeof TREND_NAMES)[number] => (TREND_NAMES as readonly string[]).includes(v);
import { percent } from '../../components/format';

const pct = (x: number, d = 1) => percent(x, d);

/**
 * One variable's bins: chart, the binning table, and the edits — merge neighbours, split at a
 * value, type the cut points, move a category to another group; undo, redo, back to automatic.
 */
export function BinEditor({ variable, busy, lastMs, onAction }: { variable: VariableBinning; busy: boolean; lastMs: number | null; onAction: (a: BinningAction) => void }) {
  const [line, setLine] = useState<'eventRate' | 'woe'>('eventRate');
  const spec = variable.history[variable.cursor]!;
  const [cuts, setCuts] = useState('');
  const [split, setSplit] = useState('');
  useEffect(() => { setCuts(spec.kind === 'numeric' ? spec.cuts.join(', ') : ''); setSplit(''); }, [spec]);
  const regular = variable.table.bins.filter((b) => b.kind === 'bin');
  const applyCuts = () => {
    const values = cuts.split(/[,\s]+/).filter(Boolean).map(Number);
    if (values.some((v) => !Number.isFinite(v))) return;
    onAction({ op: 'cuts', cuts: values });
  };
  const { t: tx } = useI18n();
  const t = variable.table;
  return (
    <div className="bin-editor">
      <div className="row wrap">
        <strong>{variable.name}</strong>
        <span className="muted small">{tx(`type.${variable.type}`)} · <span className={`party p-${variable.party ?? ''}`}>{variable.party === 'lender' || variable.party === 'partner' || variable.party === 'joint' ? tx(`party.${variable.party}`) : variable.party}</span> · {tx('edit.trend')} <span data-testid="trend" data-trend={t.trend}>{isTrend(t.trend) ? tx(`edit.trend.${t.trend}`) : t.trend}</span>{variable.edited ? tx('edit.edited') : tx('edit.automatic')}</span>
        <div className="spacer" />
        <button className="small" disabled={busy || variable.cursor === 0} onClick={() => onAction({ op: 'undo' })} title={tx('edit.undoTitle')}>{tx('edit.undo')}</button>
        <button className="small" disabled={busy || variable.cursor >= variable.history.length - 1} onClick={() => onAction({ op: 'redo' })} title={tx('edit.redoTitle')}>{tx('edit.redo')}</button>
        <button className="small" disabled={busy || !variable.edited} onClick={() => onAction({ op: 'reset' })}>{tx('edit.reset')}</button>
        <select aria-label={tx('edit.trendLabel')} value="" disabled={busy || variable.type !== 'numeric'} title={tx('edit.trendTitle')} onChange={(e) => { if (e.target.value) onAction({ op: 'refit', monotonic: e.target.value as MonotonicTrend }); }}>
          <option value="">{tx('edit.rebinAs')}</option>
          {(['ascending', 'descending', 'peak', 'valley', 'none'] as const).map((m) => <option key={m} value={m}>{tx(`edit.trend.${m}`)}</option>)}
        </select>
        <select aria-label={tx('edit.line')} value={line} onChange={(e) => setLine(e.target.value as 'eventRate' | 'woe')}>
          <option value="eventRate">{tx('edit.eventRate')}</option><option value="woe">WOE</option>
        </select>
      </div>
      <BinningChart variable={variable} line={line} />
      {spec.kind === 'numeric' && (
        <div className="row wrap">
          <label className="field inline grow"><span>{tx('edit.cuts')}</span>
            <input aria-label={tx('edit.cuts')} value={cuts} onChange={(e) => setCuts(e.target.value)} onKeyDown={(e) => { if (e.key === 'Enter') applyCuts(); }} placeholder={tx('edit.cutsPlaceholder')} />
          </label>
          <button className="small" disabled={busy} onClick={applyCuts}>{tx('edit.applyCuts')}</button>
          <label className="field inline"><span>{tx('edit.splitAt')}</span>
            <input aria-label={tx('edit.splitAt')} size={8} value={split} onChange={(e) => setSplit(e.target.value)} onKeyDown={(e) => { if (e.key === 'Enter' && Number.isFinite(Number(split)) && split.trim()) onAction({ op: 'split', value: Number(split) }); }} />
          </label>
        </div>
      )}
      <table className="table bins" aria-label={tx('edit.table')}>
        <thead><tr><th>#</th><th>{tx('edit.bin')}</th><th className="num">{tx('edit.count')}</th><th className="num">{tx('edit.share')}</th><th className="num">{tx('edit.events')}</th><th className="num">{tx('edit.nonEvents')}</th><th className="num">{tx('edit.eventRateHead')}</th><th className="num">WOE</th><th className="num">IV</th><th /></tr></thead>
        <tbody>
          {t.bins.map((b, i) => (
            <tr key={`${b.kind}-${b.label}`} className={b.kind !== 'bin' ? 'special-row' : ''}>
              <td>{b.kind === 'bin' ? i : ''}</td>
              <td className="bin-label">
                {b.kind === 'bin' && spec.kind === 'categorical' ? (
                  <span className="chips">{(b.categories ?? []).map((c) => (
                    <span className="chip" key={c}>{c}
                      <select aria-label={tx('edit.move', { category: c })} value="" disabled={busy} onChange={(e) => onAction({ op: 'move', category: c, toGroup: e.target.value === 'new' ? 'new' : Number(e.target.value) })}>
                        <option value="">↦</option>
                        {regular.map((_, g) => (g === i ? null : <option key={g} value={g}>{tx('edit.toGroup', { group: g })}</option>))}
                        <option value="new">{tx('edit.toNewGroup')}</option>
                      </select>
                    </span>
                  ))}</span>
                ) : binLabel(b, tx)}
              </td>
              <td className="num">{b.count.toLocaleString()}</td>
              <td className="num">{pct(b.share)}</td>
              <td className="num">{b.events.toLocaleString()}</td>
              <td className="num">{b.nonEvents.toLocaleString()}</td>
              <td className="num">{pct(b.eventRate, 2)}</td>
              <td className="num">{b.woe.toFixed(4)}</td>
              <td className="num">{b.iv.toFixed(4)}</td>
              <td>{b.kind === 'bin' && i + 1 < regular.length && <button className="ghost small" disabled={busy} title={tx('edit.mergeTitle')} aria-label={tx('edit.mergeLabel', { bin: i })} onClick={() => onAction({ op: 'merge', bin: i })}>{tx('edit.merge')}</button>}</td>
            </tr>
          ))}
          <tr className="totals"><td /><td>{tx('edit.total')}</td><td className="num">{t.totals.count.toLocaleString()}</td><td className="num">100%</td><td className="num">{t.totals.events.toLocaleString()}</td><td className="num">{t.totals.nonEvents.toLocaleString()}</td><td className="num">{pct(t.totals.eventRate, 2)}</td><td /><td className="num" data-testid="iv-total">{t.iv.toFixed(4)}</td><td /></tr>
        </tbody>
      </table>
      <p className="muted small">{tx('edit.note')}{lastMs !== null ? tx('edit.lastEdit', { ms: Math.round(lastMs) }) : ''}</p>
    </div>
  );
}
