import { useEffect, useState } from 'react';
import type { AppInfo, WorkspaceInfo } from '../service/contract';
import { LOCALE_NAMES, LOCALES, isLocale } from '../i18n/locales';
import { useClient } from './client/context';
import { StartPage } from './features/start/StartPage';
import { WorkspacePage } from './features/datasets/WorkspacePage';
import { JobBar } from './components/JobBar';
import { useI18n } from './i18n/I18nContext';

export function App() {
  const client = useClient();
  const { t, locale, setLocale } = useI18n();
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
        {workspace && <button className="ghost" onClick={() => setWorkspace(null)}>{t('app.closeWorkspace')}</button>}
        <select className="lang-switch" aria-label={t('app.language')} value={locale} onChange={(e) => { if (isLocale(e.target.value)) setLocale(e.target.value); }}>
          {LOCALES.map((l) => <option key={l} value={l}>{LOCALE_NAMES[l]}</option>)}
        </select>
        {info && <div className="muted small" title={`Node ${info.node} · ${info.platform}`}>{t(`app.mode.${info.mode}`)} · v{info.version}</div>}
      </header>
      {workspace ? <WorkspacePage workspace={workspace} onChange={setWorkspace} /> : <StartPage onOpen={setWorkspace} />}
    </div>
  );
}
