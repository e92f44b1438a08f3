import { useEffect, useState } from 'react';
import type { BinningAction } from '../../../service/contract';
import type { MonotonicTrend, VariableBinning } from '../../../types/binning';
import { BinningChart } from '../../charts/BinningChart';
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
  const t = variable.table;
  return (
    <div className="bin-editor">
      <div className="row wrap">
        <strong>{variable.name}</strong>
        <span className="muted small">{variable.type} · <span className={`party p-${variable.party ?? ''}`}>{variable.party}</span> · trend <span data-testid="trend">{t.trend}</span>{variable.edited ? ' · edited' : ' · automatic'}</span>
        <div className="spacer" />
        <button className="small" disabled={busy || variable.cursor === 0} onClick={() => onAction({ op: 'undo' })} title="Undo (Ctrl+Z)">↶ Undo</button>
        <button className="small" disabled={busy || variable.cursor >= variable.history.length - 1} onClick={() => onAction({ op: 'redo' })} title="Redo (Ctrl+Shift+Z)">↷ Redo</button>
        <button className="small" disabled={busy || !variable.edited} onClick={() => onAction({ op: 'reset' })}>Automatic</button>
        <select aria-label="Variable trend" value="" disabled={busy || variable.type !== 'numeric'} title="Re-bin this variable with another trend of the event rate" onChange={(e) => { if (e.target.value) onAction({ op: 'refit', monotonic: e.target.value as MonotonicTrend }); }}>
          <option value="">re-bin as…</option>
          {(['ascending', 'descending', 'peak', 'valley', 'none'] as MonotonicTrend[]).map((m) => <option key={m} value={m}>{m}</option>)}
        </select>
        <select aria-label="Line" value={line} onChange={(e) => setLine(e.target.value as 'eventRate' | 'woe')}>
          <option value="eventRate">event rate</option><option value="woe">WOE</option>
        </select>
      </div>
      <BinningChart variable={variable} line={line} />
      {spec.kind === 'numeric' && (
        <div className="row wrap">
          <label className="field inline grow"><span>Cut points</span>
            <input aria-label="Cut points" value={cuts} onChange={(e) => setCuts(e.target.value)} onKeyDown={(e) => { if (e.key === 'Enter') applyCuts(); }} placeholder="e.g. 12, 24, 36" />
          </label>
          <button className="small" disabled={busy} onClick={applyCuts}>Apply cuts</button>
          <label className="field inline"><span>Split at</span>
            <input aria-label="Split at" size={8} value={split} onChange={(e) => setSplit(e.target.value)} onKeyDown={(e) => { if (e.key === 'Enter' && Number.isFinite(Number(split)) && split.trim()) onAction({ op: 'split', value: Number(split) }); }} />
          </label>
        </div>
      )}
      <table className="table bins" aria-label="Binning table">
        <thead><tr><th>#</th><th>Bin</th><th className="num">Count</th><th className="num">Share</th><th className="num">Events</th><th className="num">Non-events</th><th className="num">Event rate</th><th className="num">WOE</th><th className="num">IV</th><th /></tr></thead>
        <tbody>
          {t.bins.map((b, i) => (
            <tr key={`${b.kind}-${b.label}`} className={b.kind !== 'bin' ? 'special-row' : ''}>
              <td>{b.kind === 'bin' ? i : ''}</td>
              <td className="bin-label">
                {b.kind === 'bin' && spec.kind === 'categorical' ? (
                  <span className="chips">{(b.categories ?? []).map((c) => (
                    <span className="chip" key={c}>{c}
                      <select aria-label={`Move ${c}`} value="" disabled={busy} onChange={(e) => onAction({ op: 'move', category: c, toGroup: e.target.value === 'new' ? 'new' : Number(e.target.value) })}>
                        <option value="">↦</option>
                        {regular.map((_, g) => (g === i ? null : <option key={g} value={g}>to group {g}</option>))}
                        <option value="new">to a new group</option>
                      </select>
                    </span>
                  ))}</span>
                ) : b.label}
              </td>
              <td className="num">{b.count.toLocaleString()}</td>
              <td className="num">{pct(b.share)}</td>
              <td className="num">{b.events.toLocaleString()}</td>
              <td className="num">{b.nonEvents.toLocaleString()}</td>
              <td className="num">{pct(b.eventRate, 2)}</td>
              <td className="num">{b.woe.toFixed(4)}</td>
              <td className="num">{b.iv.toFixed(4)}</td>
              <td>{b.kind === 'bin' && i + 1 < regular.length && <button className="ghost small" disabled={busy} title="Merge with the next bin" aria-label={`Merge bin ${i} with the next`} onClick={() => onAction({ op: 'merge', bin: i })}>⤓ merge</button>}</td>
            </tr>
          ))}
          <tr className="totals"><td /><td>Total</td><td className="num">{t.totals.count.toLocaleString()}</td><td className="num">100%</td><td className="num">{t.totals.events.toLocaleString()}</td><td className="num">{t.totals.nonEvents.toLocaleString()}</td><td className="num">{pct(t.totals.eventRate, 2)}</td><td /><td className="num" data-testid="iv-total">{t.iv.toFixed(4)}</td><td /></tr>
        </tbody>
      </table>
      <p className="muted small">Bins are left-closed: [a, b) holds a ≤ x &lt; b. Missing and special values keep bins of their own.{lastMs !== null ? ` Last edit: ${lastMs.toFixed(0)} ms.` : ''}</p>
    </div>
  );
}
