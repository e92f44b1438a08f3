import { useEffect, useRef, useState } from 'react';
import type { RecentWorkspace, WorkspaceInfo } from '../../../service/contract';
import type { WireError } from '../../../types/errors';
import { useClient } from '../../client/context';
import { ErrorBanner, toWire } from '../../components/ErrorBanner';
import { ProgressBar } from '../../components/ProgressBar';
import type { Progress } from '../../../types/progress';
import { FilePicker } from '../files/FilePicker';
import { PseudonymizeDialog } from '../pseudonymize/PseudonymizeDialog';
import { PsiDialog } from '../psi/PsiDialog';
import { useI18n } from '../../i18n/I18nContext';

/** Create a workspace, open one, or reopen a recent one. */
export function StartPage({ onOpen }: { onOpen: (w: WorkspaceInfo) => void }) {
  const client = useClient();
  const { t, tr } = useI18n();
  const [recent, setRecent] = useState<RecentWorkspace[]>([]);
  const [newPath, setNewPath] = useState('');
  const [openPath, setOpenPath] = useState('');
  const [error, setError] = useState<WireError | null>(null);
  const [busy, setBusy] = useState(false);
  const [sampleRows, setSampleRows] = useState(20000);
  const [pseudonymizing, setPseudonymizing] = useState(false);
  const [matching, setMatching] = useState(false);
  const [progress, setProgress] = useState<Progress | null>(null);
  const jobId = useRef('');
  useEffect(() => { void client.call('workspace.recent', {}).then(setRecent); }, [client]);
  useEffect(() => client.on('job.progress', (p) => { if (p.id === jobId.current) setProgress(p); }), [client]);
  const openSample = () => {
    jobId.current = `ui-sample-${Date.now()}`;
    setProgress(null);
    void run(() => client.call('demo.openSession', { rows: sampleRows, jobId: jobId.current }));
  };
  const run = async (fn: () => Promise<WorkspaceInfo>) => {
    setBusy(true);
    setError(null);
    try { onOpen(await fn()); } catch (e) { setError(toWire(e)); } finally { setBusy(false); }
  };
  return (
    <main className="start">
      <section className="hero">
        <h1>{t('start.title')}</h1>
        <p className="muted">{t('start.lead')}</p>
      </section>
      <ErrorBanner error={error} onClose={() => setError(null)} />
      <section className="card sample">
        <div>
          <h2>{t('start.sample.title')}</h2>
          <p className="muted small">{t('start.sample.lead')}</p>
        </div>
        <div className="row">
          <button onClick={() => setPseudonymizing(true)}>{t('start.sample.pseudonymize')}</button>
          <button onClick={() => setMatching(true)}>{t('start.sample.psi')}</button>
          <div className="spacer" />
          <label className="field inline"><span>{t('start.sample.people')}</span>
            <input type="number" min={100} max={1000000} step={1000} value={sampleRows} onChange={(e) => setSampleRows(Number(e.target.value))} aria-label={t('start.sample.peopleLabel')} />
          </label>
          <button className="primary" disabled={busy} onClick={openSample}>{t('start.sample.open')}</button>
        </div>
        {busy && jobId.current && <ProgressBar progress={progress} onCancel={() => void client.call('jobs.cancel', { jobId: jobId.current })} />}
      </section>
      <div className="cards">
        <section className="card">
          <h2>{t('start.new.title')}</h2>
          <p className="muted small">{t('start.new.lead')}</p>
          <FilePicker label={t('start.new.file')} value={newPath} onChange={setNewPath} extensions={['.jsw']} save placeholder="/path/to/session.jsw" onEnter={() => { if (!busy) void run(() => client.call('workspace.create', { path: newPath.trim() })); }} />
          <button className="primary" disabled={busy || !newPath.trim()} onClick={() => void run(() => client.call('workspace.create', { path: newPath.trim() }))}>{t('start.new.create')}</button>
        </section>
        <section className="card">
          <h2>{t('start.open.title')}</h2>
          <FilePicker label={t('start.open.file')} value={openPath} onChange={setOpenPath} extensions={['.jsw']} placeholder="/path/to/session.jsw" onEnter={() => { if (!busy) void run(() => client.call('workspace.open', { path: openPath.trim() })); }} />
          <button disabled={busy || !openPath.trim()} onClick={() => void run(() => client.call('workspace.open', { path: openPath.trim() }))}>{t('start.open.open')}</button>
          <h3>{t('start.recent')}</h3>
          {recent.length === 0 && <p className="muted small">{t('start.recent.none')}</p>}
          <ul className="recent">
            {recent.map((r) => (
              <li key={r.path}>
                <button className="link" disabled={!r.exists || busy} onClick={() => void run(() => client.call('workspace.open', { path: r.path }))} title={r.path}>
                  {r.name}
                </button>
                <span className="muted small">{r.exists ? tr.dateTime(r.openedAt) : t('start.recent.missing')}</span>
              </li>
            ))}
          </ul>
        </section>
      </div>
      {pseudonymizing && <PseudonymizeDialog onClose={() => setPseudonymizing(false)} />}
      {matching && <PsiDialog onClose={() => setMatching(false)} />}
    </main>
  );
}
