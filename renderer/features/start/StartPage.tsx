import { useEffect, useState } from 'react';
import type { RecentWorkspace, WorkspaceInfo } from '../../../service/contract';
import type { WireError } from '../../../types/errors';
import { useClient } from '../../client/context';
import { ErrorBanner, toWire } from '../../components/ErrorBanner';
import { FilePicker } from '../files/FilePicker';

/** Create a workspace, open one, or reopen a recent one. */
export function StartPage({ onOpen }: { onOpen: (w: WorkspaceInfo) => void }) {
  const client = useClient();
  const [recent, setRecent] = useState<RecentWorkspace[]>([]);
  const [newPath, setNewPath] = useState('');
  const [openPath, setOpenPath] = useState('');
  const [error, setError] = useState<WireError | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => { void client.call('workspace.recent', {}).then(setRecent); }, [client]);
  const run = async (fn: () => Promise<WorkspaceInfo>) => {
    setBusy(true);
    setError(null);
    try { onOpen(await fn()); } catch (e) { setError(toWire(e)); } finally { setBusy(false); }
  };
  return (
    <main className="start">
      <section className="hero">
        <h1>Joint modeling workbench</h1>
        <p className="muted">Bring the lender's labels and the partner's features together on this machine — pseudonymized, offline — and turn them into scorecards and bid strategies for RTA.</p>
      </section>
      <ErrorBanner error={error} onClose={() => setError(null)} />
      <div className="cards">
        <section className="card">
          <h2>New workspace</h2>
          <p className="muted small">One .jsw file holds the datasets, bins, models and the audit log of a joint session.</p>
          <FilePicker label="Workspace file" value={newPath} onChange={setNewPath} extensions={['.jsw']} save placeholder="/path/to/session.jsw" />
          <button className="primary" disabled={busy || !newPath.trim()} onClick={() => void run(() => client.call('workspace.create', { path: newPath.trim() }))}>Create workspace</button>
        </section>
        <section className="card">
          <h2>Open workspace</h2>
          <FilePicker label="Existing workspace" value={openPath} onChange={setOpenPath} extensions={['.jsw']} placeholder="/path/to/session.jsw" />
          <button disabled={busy || !openPath.trim()} onClick={() => void run(() => client.call('workspace.open', { path: openPath.trim() }))}>Open</button>
          <h3>Recent</h3>
          {recent.length === 0 && <p className="muted small">No recent workspaces.</p>}
          <ul className="recent">
            {recent.map((r) => (
              <li key={r.path}>
                <button className="link" disabled={!r.exists || busy} onClick={() => void run(() => client.call('workspace.open', { path: r.path }))} title={r.path}>
                  {r.name}
                </button>
                <span className="muted small">{r.exists ? new Date(r.openedAt).toLocaleString() : 'missing'}</span>
              </li>
            ))}
          </ul>
        </section>
      </div>
    </main>
  );
}
