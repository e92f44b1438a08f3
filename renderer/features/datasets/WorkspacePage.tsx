import { useEffect, useRef, useState } from 'react';
import { useEscape } from '../../components/useEscape';
import type { ImportResult, JoinResult, StepId, WorkspaceInfo } from '../../../service/contract';
import type { DatasetDetail } from '../../../types/dataset';
import type { WireError } from '../../../types/errors';
import { useClient } from '../../client/context';
import { DataGrid } from '../../components/DataGrid';
import { ErrorBanner, toWire } from '../../components/ErrorBanner';
import { moveBetweenTabs } from '../../components/tab-keys';
import { ProgressBar } from '../../components/ProgressBar';
import { ImportDialog } from '../import/ImportDialog';
import { ProfilePanel } from '../profile/ProfilePanel';
import { AuditPanel } from '../audit/AuditPanel';
import { JoinDialog } from '../join/JoinDialog';
import { PseudonymizeDialog } from '../pseudonymize/PseudonymizeDialog';
import { MatchReport } from '../join/MatchReport';
import { PipelineBar } from './PipelineBar';
import { useDatasetView } from './useDatasetView';
import { useI18n } from '../../i18n/I18nContext';
import { phraseSaid } from '../../../i18n/phrase-said';
import { BinningView } from '../binning/BinningView';
import { ModelsView } from '../modeling/ModelsView';
import { FunnelView } from '../funnel/FunnelView';
import { MonitoringView } from '../monitoring/MonitoringView';
import { OffersView } from '../offers/OffersView';
import { StrategyView } from '../strategy/StrategyView';

/** The workspace: dataset list, the data grid of the chosen dataset, and the column profile. */
export function WorkspacePage({ workspace, onChange }: { workspace: WorkspaceInfo; onChange: (w: WorkspaceInfo) => void }) {
  const client = useClient();
  const { t, tr } = useI18n();
  // A joint session opens on its joined dataset: that is where the modeling happens.
  const [selected, setSelected] = useState<string | null>((workspace.datasets.find((d) => d.format === 'join') ?? workspace.datasets[0])?.name ?? null);
  const [dialog, setDialog] = useState<'import' | 'join' | 'pseudonymize' | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<WireError | null>(null);
  const [showAudit, setShowAudit] = useState(false);
  const [matchReport, setMatchReport] = useState<JoinResult | null>(null);
  const [view, setView] = useState<View>('data');
  const { detail, setDetail, column, setColumn, target, setTarget, profile, profiling, reload } = useDatasetView(workspace.path, selected, setError);
  useEffect(() => setView('data'), [selected]);
  useDatasetList(workspace, onChange);

  const refresh = async (select?: string) => {
    onChange({ ...workspace, datasets: await client.call('datasets.list', { workspace: workspace.path }) });
    if (select) setSelected(select);
  };
  const done = (r: ImportResult) => {
    setDialog(null);
    setNotice(`${t('ws.imported', { rows: r.rows, columns: r.columns.length, dataset: r.dataset, seconds: r.seconds })}${r.warnings.length ? ` ${t('ws.importWarnings', { count: r.warnings.length, text: (r.notes?.map((n) => phraseSaid(n, tr)) ?? r.warnings).join(' ') })}` : ''}`);
    void refresh(r.dataset);
  };
  const colProfile = profile && column ? profile.columns.find((c) => c.name === column) : null;
  const colInfo = detail && column ? detail.columns.find((c) => c.name === column) : undefined;
  const remove = async () => {
    if (!detail || !window.confirm(t('ws.deleteConfirm', { name: detail.name }))) return;
    try {
      await client.call('datasets.delete', { workspace: workspace.path, dataset: detail.name });
      setSelected(null);
      await refresh();
    } catch (e) { setError(toWire(e)); }
  };
  const binaryCandidates = detail?.columns.filter((c) => c.distinct === 2 || c.role === 'target') ?? [];

  return (
    <div className="workspace">
      <nav className="sidebar">
        <div className="sidebar-head">
          <h2>{t('ws.datasets')}</h2>
          <div className="row">
            <button className="small" onClick={() => setDialog('pseudonymize')} title={t('ws.pseudonymize.title')}>{t('ws.pseudonymize')}</button>
            <button className="small" disabled={workspace.datasets.length < 2} onClick={() => setDialog('join')}>{t('ws.join')}</button>
            <button className="primary small" onClick={() => setDialog('import')}>{t('ws.import')}</button>
          </div>
        </div>
        {workspace.datasets.length === 0 && <p className="muted small">{t('ws.empty')}</p>}
        <button className={`ghost small audit-toggle${showAudit ? ' active' : ''}`} onClick={() => setShowAudit((v) => !v)}>{t('ws.auditLog')}</button>
        <ul className="dataset-list">
          {workspace.datasets.map((d) => (
            <li key={d.id}>
              <button className={`dataset${d.name === selected ? ' active' : ''}`} onClick={() => setSelected(d.name)}>
                <span className="name">{d.name}</span>
                <span className="muted small">{t('ws.rowsColumns', { rows: d.rows, columns: d.columnCount })} · <span className={`party p-${d.party}`}>{partyName(d.party, t)}</span></span>
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <section className="main">
        {notice && <div className="notice" role="status">{notice}<button className="ghost" onClick={() => setNotice(null)} aria-label={t('ws.dismiss')}>✕</button></div>}
        <ErrorBanner error={error} onClose={() => setError(null)} />
        {detail ? (
          <>
            <div className="toolbar">
              <strong>{detail.name}</strong>
              <PartyField key={`${detail.name}:${detail.party}`} party={detail.party} onChange={(party) => void client.call('datasets.setParty', { workspace: workspace.path, dataset: detail.name, party }).then((d) => { setDetail(d); void refresh(); }, (e: unknown) => setError(toWire(e)))} />
              <span className="muted small ds-info" title={`sha256 ${detail.sourceSha256}`}>{t('ws.info', { rows: detail.rows, columns: detail.columns.length, format: detail.format, sha: detail.sourceSha256.slice(0, 12) })}</span>
              <div className="spacer" />
              <button className="small ghost danger" tabIndex={-1} onClick={() => void remove()}>{t('ws.deleteDataset')}</button>
              {detail.format === 'join' && <button className="small" onClick={() => void client.call('join.report', { workspace: workspace.path, dataset: detail.name }).then(setMatchReport)}>{t('ws.matchReport')}</button>}
            </div>
            <div className="toolbar view-bar">
              <div className="tabs" role="tablist" aria-label={t('ws.views')} onKeyDown={moveBetweenTabs}>
                {TABS.map((tab) => {
                  const needsTarget = tab === 'binning' || tab === 'models';
                  return <button key={tab} role="tab" aria-selected={view === tab} tabIndex={view === tab ? 0 : -1} className={`small${view === tab ? ' active' : ''}`} disabled={needsTarget && !target} title={needsTarget && !target ? t('ws.needsTarget') : t(`ws.tab.${tab}.title`)} onClick={() => setView(tab)}>{t(`ws.tab.${tab}`)}</button>;
                })}
              </div>
              <label className="field inline"><span>{t('ws.target')}</span>
                <select aria-label={t('ws.target')} value={target} onChange={(e) => setTarget(e.target.value)}>
                  <option value="">{t('ws.targetNone')}</option>
                  {binaryCandidates.map((c) => <option key={c.name} value={c.name}>{c.name}</option>)}
                </select>
              </label>
            </div>
            {target && <PipelineBar workspace={workspace.path} dataset={detail.name} target={target} onOpen={(step) => setView(STEP_VIEWS[step])} />}
            {view === 'binning' && target ? <BinningView workspace={workspace.path} dataset={detail} target={target} datasets={workspace.datasets.map((d) => d.name)} onDatasetCreated={() => void refresh()} onDatasetChanged={reload} /> : view === 'funnel' ? <FunnelView key={detail.name} workspace={workspace.path} dataset={detail} /> : view === 'strategy' ? <StrategyView key={detail.name} workspace={workspace.path} dataset={detail.name} /> : view === 'monitoring' ? <MonitoringView key={detail.name} workspace={workspace.path} dataset={detail} /> : view === 'offers' ? <OffersView key={detail.name} workspace={workspace.path} dataset={detail} /> : view === 'models' && target ? <ModelsView workspace={workspace.path} dataset={detail} target={target} onDatasetChanged={reload} /> : <>
            {profiling && <ProgressBar progress={profiling} />}
            <div className="split">
              <DataGrid workspace={workspace.path} dataset={detail} selectedColumn={column} onSelectColumn={setColumn} />
              {showAudit ? <AuditPanel workspace={workspace.path} version={workspace.datasets.length} /> : colProfile && profile && colInfo ? <ProfilePanel profile={profile} column={colProfile} role={colInfo.role} party={colInfo.party} onRoleChange={(role) => void client.call('datasets.setRole', { workspace: workspace.path, dataset: detail.name, column: colInfo.name, role }).then(setDetail, (e: unknown) => setError(toWire(e)))} /> : <aside className="profile empty muted">{t('ws.pickColumn')}</aside>}
            </div>
            </>}
          </>
        ) : (
          <div className="empty-state muted">{t('ws.noDataset')}</div>
        )}
      </section>
      {dialog === 'import' && <ImportDialog workspace={workspace.path} onClose={() => setDialog(null)} onDone={done} />}
      {dialog === 'pseudonymize' && <PseudonymizeDialog workspace={workspace.path} onClose={() => setDialog(null)} />}
      {dialog === 'join' && <JoinDialog workspace={workspace.path} datasets={workspace.datasets} onClose={() => setDialog(null)} onDone={(r) => void refresh(r.dataset)} />}
      {matchReport && detail && <MatchReportDialog report={matchReport} detail={detail} onClose={() => setMatchReport(null)} />}
    </div>
  );
}

/** The dataset list follows changes made anywhere (another window, a job, the CLI through the same service). */
function useDatasetList(workspace: WorkspaceInfo, onChange: (w: WorkspaceInfo) => void) {
  const client = useClient();
  const latest = useRef({ workspace, onChange });
  latest.current = { workspace, onChange };
  useEffect(() => client.on('workspace.changed', (e) => {
    const { workspace: w } = latest.current;
    if (e.workspace !== w.path) return;
    client.call('datasets.list', { workspace: w.path }).then((datasets) => latest.current.onChange({ ...latest.current.workspace, datasets }), () => { /* the next change tries again */ });
  }), [client]);
}

function MatchReportDialog({ report, detail, onClose }: { report: JoinResult; detail: DatasetDetail; onClose: () => void }) {
  const { t } = useI18n();
  useEscape(onClose, true);
  const [left, right] = (detail.sourceFile.split(':')[1] ?? '').split('+');
  return (
    <div className="modal-backdrop">
      <div className="modal wide" role="dialog" aria-label={t('ws.matchReport')}>
        <header><h2>{t('ws.matchReportTitle', { name: detail.name })}</h2><button className="ghost" onClick={onClose} aria-label={t('ws.close')}>✕</button></header>
        <div className="modal-body"><MatchReport report={report} leftName={String(left)} rightName={String(right)} /></div>
      </div>
    </div>
  );
}

type View = 'data' | 'binning' | 'models' | 'funnel' | 'strategy' | 'monitoring' | 'offers';
/** Where each pipeline step is done. */
const STEP_VIEWS: Record<StepId, View> = { data: 'data', samples: 'models', binning: 'binning', selection: 'models', model: 'models', scorecard: 'models', strategy: 'strategy', export: 'strategy' };
const TABS: View[] = ['data', 'binning', 'models', 'funnel', 'strategy', 'monitoring', 'offers'];

/** A party's name in the user's language when it is one of the usual two (else as the user named it). */
function partyName(party: string, t: ReturnType<typeof useI18n>['t']): string {
  return party === 'lender' || party === 'partner' || party === 'joint' ? t(`party.${party}`) : party;
}

/** The dataset's party, editable in place (Enter or leaving the field saves). */
function PartyField({ party, onChange }: { party: string; onChange: (party: string) => void }) {
  const { t } = useI18n();
  const [value, setValue] = useState(party);
  const save = () => { const v = value.trim(); if (v && v !== party) onChange(v); else setValue(party); };
  return (
    <label className="field inline party-field"><span>{t('ws.party')}</span>
      <input aria-label={t('ws.partyLabel')} list="party-names" value={value} onChange={(e) => setValue(e.target.value)} onBlur={save} onKeyDown={(e) => { if (e.key === 'Enter') (e.target as HTMLInputElement).blur(); }} />
      <datalist id="party-names"><option value="lender" /><option value="partner" /></datalist>
    </label>
  );
}
