import { useEffect, useMemo, useState } from 'react';
import { useEscape } from '../../components/useEscape';
import type { DuplicatePolicy, JoinHow, JoinResult } from '../../../service/contract';
import type { DatasetDetail, DatasetInfo } from '../../../types/dataset';
import { useClient } from '../../client/context';
import { ErrorBanner } from '../../components/ErrorBanner';
import { ProgressBar } from '../../components/ProgressBar';
import { useJob } from '../../components/useJob';
import { MatchReport } from './MatchReport';
import { useI18n } from '../../i18n/I18nContext';

function keyOf(d: DatasetDetail | null): string {
  return d?.columns.find((c) => c.role === 'key')?.name ?? d?.columns[0]?.name ?? '';
}

/** Join two datasets on their hashed keys, then show the match report. */
export function JoinDialog({ workspace, datasets, onClose, onDone }: { workspace: string; datasets: DatasetInfo[]; onClose: () => void; onDone: (r: JoinResult) => void }) {
  const { t } = useI18n();
  const client = useClient();
  const lenderFirst = useMemo(() => [...datasets].sort((a, b) => (a.party === 'lender' ? -1 : b.party === 'lender' ? 1 : 0)), [datasets]);
  const [left, setLeft] = useState(lenderFirst[0]?.name ?? '');
  const [right, setRight] = useState(lenderFirst.find((d) => d.name !== lenderFirst[0]?.name)?.name ?? '');
  const [leftDetail, setLeftDetail] = useState<DatasetDetail | null>(null);
  const [rightDetail, setRightDetail] = useState<DatasetDetail | null>(null);
  const [on, setOn] = useState('');
  const [rightOn, setRightOn] = useState('');
  const [how, setHow] = useState<JoinHow>('inner');
  const [duplicates, setDuplicates] = useState<DuplicatePolicy>('refuse');
  const [name, setName] = useState('joint');
  const [report, setReport] = useState<JoinResult | null>(null);
  const { progress, running, error, setError, run: runJob, cancel } = useJob('ui-join');
  useEscape(onClose, !running);
  useEffect(() => { if (left) void client.call('datasets.get', { workspace, dataset: left }).then((d) => { setLeftDetail(d); setOn(keyOf(d)); }); }, [client, workspace, left]);
  useEffect(() => { if (right) void client.call('datasets.get', { workspace, dataset: right }).then((d) => { setRightDetail(d); setRightOn(keyOf(d)); }); }, [client, workspace, right]);

  const run = async () => {
    const r = await runJob((jobId) => client.call('join.run', { workspace, left, right, on, rightOn, how, duplicates, name: name.trim(), jobId }));
    if (r) { setReport(r); onDone(r); }
  };
  const select = (label: string, value: string, set: (v: string) => void, options: string[], labelOf?: (o: string) => string) => (
    <label className="field inline"><span>{label}</span>
      <select aria-label={label} value={value} onChange={(e) => set(e.target.value)}>{options.map((o) => <option key={o} value={o}>{labelOf ? labelOf(o) : o}</option>)}</select>
    </label>
  );
  return (
    <div className="modal-backdrop">
      <div className="modal wide" role="dialog" aria-label={t('join.dialog')}>
        <header><h2>{t('join.title')}</h2><button className="ghost" onClick={onClose} disabled={running} aria-label={t('ws.close')}>✕</button></header>
        <div className="modal-body">
          {report ? <MatchReport report={report} leftName={left} rightName={right} /> : (
            <>
              <div className="row options">
                {select(t('join.left'), left, setLeft, datasets.map((d) => d.name))}
                {select(t('join.leftKey'), on, setOn, leftDetail?.columns.map((c) => c.name) ?? [])}
              </div>
              <div className="row options">
                {select(t('join.right'), right, setRight, datasets.map((d) => d.name))}
                {select(t('join.rightKey'), rightOn, setRightOn, rightDetail?.columns.map((c) => c.name) ?? [])}
              </div>
              <div className="row options">
                {select(t('join.how'), how, (v) => setHow(v as JoinHow), ['inner', 'left'], (o) => t(`join.how.${o as JoinHow}`))}
                {select(t('join.duplicates'), duplicates, (v) => setDuplicates(v as DuplicatePolicy), ['refuse', 'first', 'last'], (o) => t(`join.dup.${o as DuplicatePolicy}`))}
                <label className="field inline"><span>{t('join.newDataset')}</span><input aria-label={t('join.newDatasetLabel')} value={name} onChange={(e) => setName(e.target.value)} /></label>
              </div>
            </>
          )}
          <ErrorBanner error={error} onClose={() => setError(null)} />
          {running && <ProgressBar progress={progress} onCancel={cancel} />}
        </div>
        <footer>
          {report ? <button className="primary" onClick={onClose}>{t('join.done')}</button> : (
            <>
              <button onClick={onClose} disabled={running}>{t('join.cancel')}</button>
              <button className="primary" disabled={running || !left || !right || left === right || !on || !rightOn || !name.trim()} onClick={() => void run()}>{t('join.join')}</button>
            </>
          )}
        </footer>
      </div>
    </div>
  );
}
