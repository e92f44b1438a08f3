import { useCallback, useEffect, useState } from 'react';
import type { BinningAction, BinningSet, BinningSummary } from '../../../service/contract';
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
export function BinningView({ workspace, dataset, target, datasets = [], onDatasetCreated, onDatasetChanged }: { workspace: string; dataset: DatasetDetail; target: string; datasets?: string[]; onDatasetCreated?: (name: string) => void; onDatasetChanged?: () => void }) {
  const client = useClient();
  const [set, setSet] = useState<BinningSet | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [method, setMethod] = useState<BinningMethod>('optimal');
  const [monotonic, setMonotonic] = useState<MonotonicTrend>('auto');
  const [maxBins, setMaxBins] = useState('8');
  const [minShare, setMinShare] = useState('');
  const [special, setSpecial] = useState('');
  const [event, setEvent] = useState('');
  const [applyTo, setApplyTo] = useState('');
  const [editing, setEditing] = useState(false);
  const [lastMs, setLastMs] = useState<number | null>(null);
  const [woeName, setWoeName] = useState(`${dataset.name}_woe`);
  const [notice, setNotice] = useState<string | null>(null);
  const { progress, running, error, setError, run, cancel } = useJob('ui-bin');
  const [binnings, setBinnings] = useState<BinningSummary[]>([]);
  const [askSplit, setAskSplit] = useState(false);
  const hasSamples = dataset.columns.some((c) => c.role === 'sample');

  const open = useCallback(async (pick?: { event: string; sample: string }) => {
    const list = (await client.call('binning.list', { workspace, dataset: dataset.name })).filter((b) => b.target === target);
    setBinnings(list);
    // The one a model would use: fitted on train when there is a sample design, else the newest.
    const mine = pick ? list.find((b) => b.event === pick.event && b.sample === pick.sample) : list.find((b) => !b.stale) ?? list[0];
    if (!mine) { setSet(null); setSelected(null); return; }
    const s = await client.call('binning.get', { workspace, dataset: dataset.name, target, event: mine.event, sample: mine.sample });
    setSet(s);
    setSelected((cur) => (cur && s.variables.some((v) => v.name === cur) ? cur : topVariable(s)));
  }, [client, workspace, dataset.name, target]);

  useEffect(() => {
    setSet(null);
    setSelected(null);
    open().catch((e: unknown) => setError(toWire(e)));
  }, [open, setError]);

  const removeBinning = async () => {
    if (!set || !window.confirm(`Delete the binning of ${set.target} = ${set.event} on sample ${set.sample}?`)) return;
    try {
      await client.call('binning.delete', { workspace, dataset: set.dataset, target: set.target, event: set.event, sample: set.sample });
      await open();
    } catch (e) {
      setError(toWire(e));
    }
  };

  /** Splits 70/30 (stratified by the target, seed 1) so the bins are fitted on train, then bins. */
  const splitThenBin = async () => {
    setAskSplit(false);
    const r = await run(() => client.call('split.run', { workspace, dataset: dataset.name, random: 0.7, seed: 1, target }));
    if (!r) return;
    onDatasetChanged?.();
    await binAll(true);
  };

  const binAll = async (confirmed = false) => {
    if (!hasSamples && !confirmed) { setAskSplit(true); return; }
    setAskSplit(false);
    const specials = special.split(/[,\s]+/).filter(Boolean).map(Number);
    if (specials.some((v) => !Number.isFinite(v))) { setError({ code: 'INVALID_ARGUMENT', message: `Special values must be numbers separated by commas; got '${special}'.`, details: {} }); return; }
    const s = await run((jobId) => client.call('binning.run', {
      workspace, dataset: dataset.name, target, jobId, ...(event.trim() ? { event: event.trim() } : {}),
      // An empty share and the 'auto' trend are chosen per variable by cross-validation on the fitting sample.
      options: { method, monotonic, maxBins: Number(maxBins), ...(minShare.trim() ? { minBinShare: Number(minShare) / 100 } : {}), special: specials },
    }));
    if (s) await open({ event: s.event, sample: s.sample });
  };

  const writeWoe = async () => {
    if (!set) return;
    const w = await run((jobId) => client.call('binning.woe', { workspace, dataset: set.dataset, target: set.target, event: set.event, sample: set.sample, name: woeName.trim(), jobId, ...(applyTo ? { applyTo } : {}) }));
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
        <label className="field inline" title="The target value that is the event (empty: 1 / bad / yes …, else the rarer value)"><span>Event</span><input aria-label="Event value" size={6} placeholder="auto" value={event} onChange={(e) => setEvent(e.target.value)} /></label>
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
        {binnings.length > 1 && (
          <label className="field inline"><span>Binning</span>
            <select aria-label="Binning" value={set ? `${set.event}|${set.sample}` : ''} onChange={(e) => { const [event, sample] = e.target.value.split('|'); void open({ event: event!, sample: sample! }).catch((err: unknown) => setError(toWire(err))); }}>
              {binnings.map((b) => <option key={`${b.event}|${b.sample}`} value={`${b.event}|${b.sample}`}>{`${b.target} = ${b.event} · sample ${b.sample}${b.stale ? ' (stale)' : ''} · ${b.updatedAt.slice(0, 16).replace('T', ' ')}`}</option>)}
            </select>
          </label>
        )}
        {set && <button className="small ghost danger" tabIndex={-1} onClick={() => void removeBinning()}>Delete binning</button>}
        {running && <button className="small" onClick={cancel}>Cancel</button>}
        {set && <>
          <label className="field inline"><span>WOE dataset</span><input aria-label="WOE dataset name" size={14} value={woeName} onChange={(e) => setWoeName(e.target.value)} /></label>
          <label className="field inline" title="Apply these bins to another dataset with the same columns (e.g. an out-of-time file)"><span>of</span>
            <select aria-label="Apply WOE to" value={applyTo} onChange={(e) => { setApplyTo(e.target.value); setWoeName(`${e.target.value || dataset.name}_woe`); }}>
              <option value="">{dataset.name}</option>
              {datasets.filter((d) => d !== dataset.name).map((d) => <option key={d} value={d}>{d}</option>)}
            </select>
          </label>
          <button className="small" disabled={running || !woeName.trim()} onClick={() => void writeWoe()} title="Write every variable's WOE (with the key, target, sample and time columns) as a new dataset">Write WOE</button>
        </>}
        {set && <span className="muted small">target {set.target} = {set.event} · sample {set.sample} · {set.variables.length} variables · {set.seconds.toFixed(2)} s</span>}
      </div>
      {running && progress && <ProgressBar progress={progress} />}
      <ErrorBanner error={error} onClose={() => setError(null)} />
      {askSplit && (
        <div className="notice warn" role="alertdialog" aria-label="Split first?">
          <div><strong>No sample design yet.</strong> Bins fitted on every row let the rows you will test on shape them. Split first (70% train / 30% test, stratified by {target}), then bin on train?</div>
          <div className="row">
            <button className="primary small" autoFocus onClick={() => void splitThenBin()}>Split 70/30, then bin on train</button>
            <button className="small" onClick={() => void binAll(true)}>Bin every row</button>
            <button className="small ghost" onClick={() => setAskSplit(false)}>Cancel</button>
          </div>
        </div>
      )}
      {set && set.sample === 'all' && hasSamples && (
        <div className="notice warn" role="alert" aria-label="Stale binning">
          <div><strong>These bins were fitted on every row, before the sample design</strong>: test and out-of-time rows shaped them. Models will not use them until you re-bin on train.</div>
          <button className="primary small" disabled={running} onClick={() => void binAll(true)}>Re-bin on train</button>
        </div>
      )}
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
