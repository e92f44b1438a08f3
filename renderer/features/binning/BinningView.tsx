import { useCallback, useEffect, useState } from 'react';
import type { BinningAction, BinningSet, BinningSummary } from '../../../service/contract';
import type { BinningMethod, MonotonicTrend } from '../../../types/binning';
import type { DatasetDetail } from '../../../types/dataset';
import { useClient } from '../../client/context';
import { ErrorBanner, toWire } from '../../components/ErrorBanner';
import { ProgressBar } from '../../components/ProgressBar';
import { useJob } from '../../components/useJob';
import { BinEditor } from './BinEditor';
import { useI18n } from '../../i18n/I18nContext';
import { sampleName } from '../../i18n/names';
import { IvRanking } from './IvRanking';

const METHODS: BinningMethod[] = ['optimal', 'chimerge', 'tree', 'quantile', 'uniform'];
const TRENDS: MonotonicTrend[] = ['auto', 'ascending', 'descending', 'peak', 'valley', 'none'];

/** Binning of a dataset against its target: run it, rank the variables by IV, edit one variable's bins. */
export function BinningView({ workspace, dataset, target, datasets = [], onDatasetCreated, onDatasetChanged }: { workspace: string; dataset: DatasetDetail; target: string; datasets?: string[]; onDatasetCreated?: (name: string) => void; onDatasetChanged?: () => void }) {
  const { t } = useI18n();
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
    if (!set || !window.confirm(t('bin.deleteConfirm', { target: set.target, event: set.event, sample: set.sample }))) return;
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
    if (specials.some((v) => !Number.isFinite(v))) { setError({ code: 'INVALID_ARGUMENT', message: t('bin.specialsError', { got: special }), details: { option: 'special', got: special } }); return; }
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
    if (w) { setNotice(t('bin.woeWritten', { dataset: w.dataset, rows: w.rows, variables: w.columns.filter((c) => c.endsWith('_woe')).length })); onDatasetCreated?.(w.dataset); }
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
        <label className="field inline" title={t('bin.eventTitle')}><span>{t('bin.event')}</span><input aria-label={t('bin.eventLabel')} size={6} placeholder={t('bin.auto')} value={event} onChange={(e) => setEvent(e.target.value)} /></label>
        <label className="field inline"><span>{t('bin.method')}</span>
          <select aria-label={t('bin.method')} value={method} onChange={(e) => setMethod(e.target.value as BinningMethod)}>{METHODS.map((m) => <option key={m} value={m}>{t(`bin.method.${m}`)}</option>)}</select>
        </label>
        <label className="field inline"><span>{t('bin.trend')}</span>
          <select aria-label={t('bin.trend')} title={t('bin.trendTitle')} value={monotonic} onChange={(e) => setMonotonic(e.target.value as MonotonicTrend)}>{TRENDS.map((m) => <option key={m} value={m}>{m === 'auto' ? t('bin.autoCv') : t(`edit.trend.${m}`)}</option>)}</select>
        </label>
        <label className="field inline"><span>{t('bin.maxBins')}</span><input aria-label={t('bin.maxBins')} size={3} value={maxBins} onChange={(e) => setMaxBins(e.target.value)} /></label>
        <label className="field inline"><span>{t('bin.minShare')}</span><input aria-label={t('bin.minShareLabel')} size={3} placeholder="CV" title={t('bin.minShareTitle')} value={minShare} onChange={(e) => setMinShare(e.target.value)} /></label>
        <label className="field inline"><span>{t('bin.special')}</span><input aria-label={t('bin.special')} size={10} placeholder="-999, -1" value={special} onChange={(e) => setSpecial(e.target.value)} /></label>
        <button className="primary small" disabled={running} onClick={() => void binAll()}>{set ? t('bin.rebinAll') : t('bin.binVariables')}</button>
        {binnings.length > 1 && (
          <label className="field inline"><span>{t('bin.binning')}</span>
            <select aria-label={t('bin.binning')} value={set ? `${set.event}|${set.sample}` : ''} onChange={(e) => { const [event, sample] = e.target.value.split('|'); void open({ event: event!, sample: sample! }).catch((err: unknown) => setError(toWire(err))); }}>
              {binnings.map((b) => <option key={`${b.event}|${b.sample}`} value={`${b.event}|${b.sample}`}>{t('bin.option', { target: b.target, event: b.event, sample: sampleName(b.sample, t), stale: b.stale ? t('bin.staleTag') : '', at: b.updatedAt.slice(0, 16).replace('T', ' ') })}</option>)}
            </select>
          </label>
        )}
        {set && <button className="small ghost danger" tabIndex={-1} onClick={() => void removeBinning()}>{t('bin.delete')}</button>}
        {running && <button className="small" onClick={cancel}>{t('bin.cancel')}</button>}
        {set && <>
          <label className="field inline"><span>{t('bin.woeDataset')}</span><input aria-label={t('bin.woeDatasetLabel')} size={14} value={woeName} onChange={(e) => setWoeName(e.target.value)} /></label>
          <label className="field inline" title={t('bin.applyTitle')}><span>{t('bin.of')}</span>
            <select aria-label={t('bin.applyLabel')} value={applyTo} onChange={(e) => { setApplyTo(e.target.value); setWoeName(`${e.target.value || dataset.name}_woe`); }}>
              <option value="">{dataset.name}</option>
              {datasets.filter((d) => d !== dataset.name).map((d) => <option key={d} value={d}>{d}</option>)}
            </select>
          </label>
          <button className="small" disabled={running || !woeName.trim()} onClick={() => void writeWoe()} title={t('bin.writeWoeTitle')}>{t('bin.writeWoe')}</button>
        </>}
        {set && <span className="muted small">{t('bin.summary', { target: set.target, event: set.event, sample: sampleName(set.sample, t), variables: set.variables.length, seconds: set.seconds })}{set.weight ? <span data-testid="binning-weight"> {t('bin.weighted', { column: set.weight })}</span> : null}</span>}
      </div>
      {running && progress && <ProgressBar progress={progress} />}
      <ErrorBanner error={error} onClose={() => setError(null)} />
      {askSplit && (
        <div className="notice warn" role="alertdialog" aria-label={t('bin.splitFirst')}>
          <div><strong>{t('bin.noSamples')}</strong> {t('bin.noSamplesLead', { target })}</div>
          <div className="row">
            <button className="primary small" autoFocus onClick={() => void splitThenBin()}>{t('bin.splitThenBin')}</button>
            <button className="small" onClick={() => void binAll(true)}>{t('bin.binEveryRow')}</button>
            <button className="small ghost" onClick={() => setAskSplit(false)}>{t('bin.cancel')}</button>
          </div>
        </div>
      )}
      {set && set.sample === 'all' && hasSamples && (
        <div className="notice warn" role="alert" aria-label={t('bin.staleLabel')}>
          <div><strong>{t('bin.staleStrong')}</strong>{t('bin.staleLead')}</div>
          <button className="primary small" disabled={running} onClick={() => void binAll(true)}>{t('bin.rebinTrain')}</button>
        </div>
      )}
      {notice && <div className="notice" role="status">{notice}<button className="ghost" onClick={() => setNotice(null)} aria-label={t('ws.dismiss')}>✕</button></div>}
      {set ? (
        <div className="split">
          <IvRanking variables={set.variables} selected={selected} onSelect={setSelected} />
          {variable ? <BinEditor variable={variable} busy={editing} lastMs={lastMs} onAction={(a) => void act(a)} /> : <div className="muted">{t('bin.chooseVariable')}</div>}
        </div>
      ) : !running && <div className="empty-state muted">{t('bin.empty', { dataset: dataset.name, target })}</div>}
    </div>
  );
}

function topVariable(s: BinningSet): string | null {
  return [...s.variables].sort((a, b) => b.table.iv - a.table.iv)[0]?.name ?? null;
}
