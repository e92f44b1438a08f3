import { useEffect, useState } from 'react';
import type { SplitResult } from '../../../service/contract';
import type { DatasetDetail } from '../../../types/dataset';
import { useClient } from '../../client/context';
import { useI18n } from '../../i18n/I18nContext';
import { toWire } from '../../components/ErrorBanner';
import type { WireError } from '../../../types/errors';
import { percent } from '../../components/format';

type Method = 'random' | 'time' | 'column';
const pct = (x: number | null) => percent(x, 2);

/** The dataset's samples (train / test / oot) with counts and event rates, and the form that redesigns them. */
export function SampleDesign({ workspace, dataset, target, onChanged, onError }: { workspace: string; dataset: DatasetDetail; target: string; onChanged: () => void; onError: (e: WireError) => void }) {
  const { t } = useI18n();
  const client = useClient();
  const [split, setSplit] = useState<SplitResult | null>(null);
  const [method, setMethod] = useState<Method>('random');
  const [share, setShare] = useState('70');
  const [seed, setSeed] = useState('1');
  const timeCandidates = dataset.columns.filter((c) => c.role === 'time' || c.type === 'date' || /month|date|time/i.test(c.name));
  const [time, setTime] = useState(timeCandidates[0]?.name ?? '');
  const [ootFrom, setOotFrom] = useState('');
  const [byColumn, setByColumn] = useState(dataset.columns.find((c) => c.type === 'categorical')?.name ?? '');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    client.call('split.list', { workspace, dataset: dataset.name }).then((l) => setSplit(l[0] ?? null), (e: unknown) => onError(toWire(e)));
  }, [client, workspace, dataset.name, onError]);

  const apply = async () => {
    setBusy(true);
    try {
      const base = { workspace, dataset: dataset.name, ...(target ? { target } : {}) };
      const r = method === 'random' ? await client.call('split.run', { ...base, random: Number(share) / 100, seed: Number(seed) })
        : method === 'time' ? await client.call('split.run', { ...base, time, ootFrom: ootFrom.trim(), random: Number(share) / 100, seed: Number(seed) })
          : await client.call('split.run', { ...base, byColumn });
      setSplit(r);
      onChanged();
    } catch (e) {
      onError(toWire(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-label={t('split.label')}>
      <h3>{t('split.title')}</h3>
      {split ? (
        <table className="compact">
          <thead><tr><th>{t('split.sample')}</th><th>{t('split.rows')}</th><th>{t('split.events')}</th><th>{t('split.eventRate')}</th></tr></thead>
          <tbody>{split.counts.filter((c) => c.rows > 0).map((c) => <tr key={c.sample}><td>{t(`sample.${c.sample}`)}</td><td>{c.rows.toLocaleString()}</td><td>{c.events?.toLocaleString() ?? '—'}</td><td>{pct(c.eventRate)}</td></tr>)}</tbody>
        </table>
      ) : <p className="muted small">{t('split.none')}</p>}
      {split && <p className="muted small">{t(`split.method.${split.method}`)}{split.params.seed !== undefined ? t('split.seed', { seed: String(split.params.seed) }) : ''}{split.params.stratify ? t('split.stratified', { column: String(split.params.stratify) }) : ''}{split.params.ootFrom ? t('split.ootFrom', { from: String(split.params.ootFrom) }) : ''}</p>}
      <div className="row wrap">
        <select aria-label={t('split.method')} value={method} onChange={(e) => setMethod(e.target.value as Method)}>
          <option value="random">{t('split.method.random')}</option><option value="time">{t('split.method.time')}</option><option value="column">{t('split.method.column')}</option>
        </select>
        {method !== 'column' && <label className="field inline"><span>{t('split.trainPct')}</span><input aria-label={t('split.trainShare')} size={3} value={share} onChange={(e) => setShare(e.target.value)} /></label>}
        {method !== 'column' && <label className="field inline"><span>{t('split.seedLabel')}</span><input aria-label={t('split.seedAria')} size={3} value={seed} onChange={(e) => setSeed(e.target.value)} /></label>}
        {method === 'time' && <>
          <select aria-label={t('split.timeColumn')} value={time} onChange={(e) => setTime(e.target.value)}>{dataset.columns.map((c) => <option key={c.name}>{c.name}</option>)}</select>
          <input aria-label={t('split.ootFromLabel')} size={9} placeholder="2024-07" value={ootFrom} onChange={(e) => setOotFrom(e.target.value)} />
        </>}
        {method === 'column' && <select aria-label={t('split.byColumn')} value={byColumn} onChange={(e) => setByColumn(e.target.value)}>{dataset.columns.filter((c) => c.type === 'categorical').map((c) => <option key={c.name}>{c.name}</option>)}</select>}
        <button className="small" disabled={busy || (method === 'time' && !ootFrom.trim())} onClick={() => void apply()}>{t('split.split')}</button>
      </div>
    </section>
  );
}
