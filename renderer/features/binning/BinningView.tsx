import { useCallback, useEffect, useState } from 'react';
import type { BinningAction, BinningSet } from '../../../service/contract';
import type { BinningMethod, MonotonicTrend } from '../../../types/binning';
import type { DatasetDetail } from '../../../types/dataset';
import { useClient } from '../../client/context';
import { ErrorBanner, toWire } from '../../components/ErrorBanner';
import { ProgressBar } from '../../components/ProgressBar';
import { useJob } from '../../components/useJob';
import { BinEditor } from './BinEditor';
import { IvRanking } from './IvRanking';

const METHODS: BinningMethod[] = ['optimal', 'chimerge', 'tree', 'quantile', 'uniform'];
const TRENDS: MonotonicTrend[] = ['auto', 'ascending', 'descending', 'peak', 'valley', 'none'];

/** Binning of a dataset against its target: run it, rank the variables by IV, edit one variable's bins. */
export function BinningView({ workspace, dataset, target, onDatasetCreated }: { workspace: string; dataset: DatasetDetail; target: string; onDatasetCreated?: (name: string) => void }) {
  const client = useClient();
  const [set, setSet] = useState<BinningSet | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [method, setMethod] = useState<BinningMethod>('optimal');
  const [monotonic, setMonotonic] = useState<MonotonicTrend>('auto');
  const [maxBins, setMaxBins] = useState('8');
  const [minShare, setMinShare] = useState('');
  const [special, setSpecial] = useState('');
  const [editing, setEditing] = useState(false);
  const [lastMs, setLastMs] = useState<number | null>(null);
  const [woeName, setWoeName] = useState(`${dataset.name}_woe`);
  const [notice, setNotice] = useState<string | null>(null);
  const { progress, running, error, setError, run, cancel } = useJob('ui-bin');

  useEffect(() => {
    setSet(null);
    setSelected(null);
    client.call('binning.list', { workspace, dataset: dataset.name }).then((list) => {
      const mine = list.find((b) => b.target === target);
      if (mine) return client.call('binning.get', { workspace, dataset: dataset.name, target, event: mine.event, sample: mine.sample }).then((s) => { setSet(s); setSelected(topVariable(s)); });
      return undefined;
    }).catch((e: unknown) => setError(toWire(e)));
  }, [client, workspace, dataset.name, target, setError]);

  const binAll = async () => {
    const specials = special.split(/[,\s]+/).filter(Boolean).map(Number);
    if (specials.some((v) => !Number.isFinite(v))) { setError({ code: 'INVALID_ARGUMENT', message: `Special values must be numbers separated by commas; got '${special}'.`, details: {} }); return; }
    const s = await run((jobId) => client.call('binning.run', {
      workspace, dataset: dataset.name, target, jobId,
      // An empty share and the 'auto' trend are chosen per variable by cross-validation on the fitting sample.
      options: { method, monotonic, maxBins: Number(maxBins), ...(minShare.trim() ? { minBinShare: Number(minShare) / 100 } : {}), special: specials },
    }));
    if (s) { setSet(s); setSelected((cur) => (cur && s.variables.some((v) => v.name === cur) ? cur : topVariable(s))); }
  };

  const writeWoe = async () => {
    if (!set) return;
    const w = await run((jobId) => client.call('binning.woe', { workspace, dataset: set.dataset, target: set.target, event: set.event, sample: set.sample, name: woeName.trim(), jobId }));
    if (w) { setNotice(`Wrote '${w.dataset}': ${w.rows.toLocaleString()} rows with ${w.columns.filter((c) => c.endsWith('_woe')).length} WOE variables.`); onDatasetCreated?.(w.dataset); }
  };

  const act = useCallback(async (action: BinningAction) => {
    if (!set || !selected || editing) return;
    setEditing(true);
    try {
      const r = await client.call('binning.edit', { workspace, dataset: set.dataset, target: set.target, event: set.event, sample: set.sample, variable: selected, action });
      setLastMs(r.milliseconds);
      setSet((s) => (s ? { ...s, variables: s.variables.map((v) => (v.name === r.variable.name ? r.variable : v)) } : s));
    } catch (e) {
      setError(toWire(e));
    } finally {
      setEditing(false);
    }
  }, [client, workspace, set, selected, editing, setError]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.key.toLowerCase() !== 'z' || (e.target instanceof HTMLInputElement)) return;
      e.preventDefault();
      void act({ op: e.shiftKey ? 'redo' : 'undo' });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [act]);

  // Read and sort the chosen variable now, so its first edit answers at once.
  const setKey = set ? `${set.dataset}|${set.target}|${set.event}|${set.sample}` : null;
  useEffect(() => {
    if (!set || !selected) return;
    void client.call('binning.prepare', { workspace, dataset: set.dataset, target: set.target, event: set.event, sample: set.sample, variable: selected }).catch(() => undefined);
  }, [client, workspace, setKey, selected]);

  const variable = set?.variables.find((v) => v.name === selected) ?? null;
  return (
    <div className="binning-view">
      <div className="toolbar wrap">
        <label className="field inline"><span>Method</span>
          <select aria-label="Method" value={method} onChange={(e) => setMethod(e.target.value as BinningMethod)}>{METHODS.map((m) => <option key={m}>{m}</option>)}</select>
        </label>
        <label className="field inline"><span>Trend</span>
          <select aria-label="Trend" title="auto: chosen per variable by 5-fold cross-validation on the train sample" value={monotonic} onChange={(e) => setMonotonic(e.target.value as MonotonicTrend)}>{TRENDS.map((m) => <option key={m} value={m}>{m === 'auto' ? 'auto (CV)' : m}</option>)}</select>
        </label>
        <label className="field inline"><span>Max bins</span><input aria-label="Max bins" size={3} value={maxBins} onChange={(e) => setMaxBins(e.target.value)} /></label>
        <label className="field inline"><span>Min bin %</span><input aria-label="Min bin share" size={3} placeholder="CV" title="empty: 5% or 2%, chosen per variable by cross-validation" value={minShare} onChange={(e) => setMinShare(e.target.value)} /></label>
        <label className="field inline"><span>Special values</span><input aria-label="Special values" size={10} placeholder="-999, -1" value={special} onChange={(e) => setSpecial(e.target.value)} /></label>
        <button className="primary small" disabled={running} onClick={() => void binAll()}>{set ? 'Re-bin all' : 'Bin variables'}</button>
        {running && <button className="small" onClick={cancel}>Cancel</button>}
        {set && <>
          <label className="field inline"><span>WOE dataset</span><input aria-label="WOE dataset name" size={14} value={woeName} onChange={(e) => setWoeName(e.target.value)} /></label>
          <button className="small" disabled={running || !woeName.trim()} onClick={() => void writeWoe()} title="Write every variable's WOE (with the key, target, sample and time columns) as a new dataset">Write WOE</button>
        </>}
        {set && <span className="muted small">target {set.target} = {set.event} · sample {set.sample} · {set.variables.length} variables · {set.seconds.toFixed(2)} s</span>}
      </div>
      {running && progress && <ProgressBar progress={progress} />}
      <ErrorBanner error={error} onClose={() => setError(null)} />
      {notice && <div className="notice" role="status">{notice}<button className="ghost" onClick={() => setNotice(null)} aria-label="Dismiss">✕</button></div>}
      {set ? (
        <div className="split">
          <IvRanking variables={set.variables} selected={selected} onSelect={setSelected} />
          {variable ? <BinEditor variable={variable} busy={editing} lastMs={lastMs} onAction={(a) => void act(a)} /> : <div className="muted">Choose a variable.</div>}
        </div>
      ) : !running && <div className="empty-state muted">No binning of {dataset.name} against {target} yet. Choose the options and press “Bin variables”: bins are fit on the training sample when the dataset has one.</div>}
    </div>
  );
}

function topVariable(s: BinningSet): string | null {
  return [...s.variables].sort((a, b) => b.table.iv - a.table.iv)[0]?.name ?? null;
}
