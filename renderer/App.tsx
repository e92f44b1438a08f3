import { useEffect, useState } from 'react';
import type { AppInfo, WorkspaceInfo } from '../service/contract';
import { useClient } from './client/context';
import { StartPage } from './features/start/StartPage';
import { WorkspacePage } from './features/datasets/WorkspacePage';
import { JobBar } from './components/JobBar';

export function App() {
  const client = useClient();
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [workspace, setWorkspace] = useState<WorkspaceInfo | null>(null);
  useEffect(() => { void client.call('app.info', {}).then(setInfo); }, [client]);
  useEffect(() => { document.title = workspace ? `${workspace.name} — Jointscore` : 'Jointscore'; }, [workspace]);
  return (
    <div className="app">
      <header className="topbar">
        <div className="brand">Jointscore</div>
        {workspace && <div className="crumb" title={workspace.path}>{workspace.name}<span className="muted">.jsw</span></div>}
        <div className="spacer" />
        <JobBar />
        {workspace && <button className="ghost" onClick={() => setWorkspace(null)}>Close workspace</button>}
        {info && <div className="muted small" title={`Node ${info.node} · ${info.platform}`}>{info.mode === 'browser' ? 'browser mode' : info.mode} · v{info.version}</div>}
      </header>
      {workspace ? <WorkspacePage workspace={workspace} onChange={setWorkspace} /> : <StartPage onOpen={setWorkspace} />}
    </div>
  );
}
