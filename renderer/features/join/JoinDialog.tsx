import { useEffect, useMemo, useState } from 'react';
import { useEscape } from '../../components/useEscape';
import type { DuplicatePolicy, JoinHow, JoinResult } from '../../../service/contract';
import type { DatasetDetail, DatasetInfo } from '../../../types/dataset';
import { useClient } from '../../client/context';
import { ErrorBanner } from '../../components/ErrorBanner';
import { ProgressBar } from '../../components/ProgressBar';
import { useJob } from '../../components/useJob';
import { MatchReport } from './MatchReport';

function keyOf(d: DatasetDetail | null): string {
  return d?.columns.find((c) => c.role === 'key')?.name ?? d?.columns[0]?.name ?? '';
}

/** Join two datasets on their hashed keys, then show the match report. */
export function JoinDialog({ workspace, datasets, onClose, onDone }: { workspace: string; datasets: DatasetInfo[]; onClose: () => void; onDone: (r: JoinResult) => void }) {
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
  const select = (label: string, value: string, set: (v: string) => void, options: string[]) => (
    <label className="field inline"><span>{label}</span>
      <select aria-label={label} value={value} onChange={(e) => set(e.target.value)}>{options.map((o) => <option key={o} value={o}>{o}</option>)}</select>
    </label>
  );
  return (
    <div className="modal-backdrop">
      <div className="modal wide" role="dialog" aria-label="Join datasets">
        <header><h2>Join on the hashed key</h2><button className="ghost" onClick={onClose} disabled={running} aria-label="Close">✕</button></header>
        <div className="modal-body">
          {report ? <MatchReport report={report} leftName={left} rightName={right} /> : (
            <>
              <div className="row options">
                {select('Left (lender)', left, setLeft, datasets.map((d) => d.name))}
                {select('Left key', on, setOn, leftDetail?.columns.map((c) => c.name) ?? [])}
              </div>
              <div className="row options">
                {select('Right (partner)', right, setRight, datasets.map((d) => d.name))}
                {select('Right key', rightOn, setRightOn, rightDetail?.columns.map((c) => c.name) ?? [])}
              </div>
              <div className="row options">
                {select('How', how, (v) => setHow(v as JoinHow), ['inner', 'left'])}
                {select('Duplicate keys', duplicates, (v) => setDuplicates(v as DuplicatePolicy), ['refuse', 'first', 'last'])}
                <label className="field inline"><span>New dataset</span><input aria-label="Joined dataset name" value={name} onChange={(e) => setName(e.target.value)} /></label>
              </div>
            </>
          )}
          <ErrorBanner error={error} onClose={() => setError(null)} />
          {running && <ProgressBar progress={progress} onCancel={cancel} />}
        </div>
        <footer>
          {report ? <button className="primary" onClick={onClose}>Done</button> : (
            <>
              <button onClick={onClose} disabled={running}>Cancel</button>
              <button className="primary" disabled={running || !left || !right || left === right || !on || !rightOn || !name.trim()} onClick={() => void run()}>Join</button>
            </>
          )}
        </footer>
      </div>
    </div>
  );
}
