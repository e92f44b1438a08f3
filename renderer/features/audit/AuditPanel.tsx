import { useEffect, useState } from 'react';
import type { AuditEntry, AuditExportResult, AuditVerification } from '../../../service/contract';
import type { WireError } from '../../../types/errors';
import { useClient } from '../../client/context';
import { ErrorBanner, toWire } from '../../components/ErrorBanner';
import { useI18n } from '../../i18n/I18nContext';
import { EncodingSelect } from '../../components/EncodingSelect';
import type { OutputEncoding } from '../../../service/contract';

/** The workspace's hash-chained audit log: what changed, when, and whether the chain is intact; exported for an auditor. */
export function AuditPanel({ workspace, version }: { workspace: string; version: number }) {
  const client = useClient();
  const { t, tr, locale } = useI18n();
  const [entries, setEntries] = useState<(AuditEntry & { summary: string })[]>([]);
  const [check, setCheck] = useState<AuditVerification | null>(null);
  const [out, setOut] = useState<string | null>(null);
  const [exported, setExported] = useState<AuditExportResult | null>(null);
  const [error, setError] = useState<WireError | null>(null);
  const [encoding, setEncoding] = useState<OutputEncoding>('utf8-bom');
  useEffect(() => {
    void client.call('audit.list', { workspace, lang: locale }).then(setEntries);
    void client.call('audit.verify', { workspace }).then(setCheck);
  }, [client, workspace, version, locale]);
  const save = async () => {
    if (!out?.trim()) return;
    try {
      setError(null);
      setExported(await client.call('audit.export', { workspace, out: out.trim(), encoding, lang: locale }));
      setOut(null);
    } catch (e) {
      setError(toWire(e));
    }
  };
  const stamp = new Date().toISOString().slice(0, 10);
  return (
    <aside className="audit" data-testid="audit-panel">
      <div className="row">
        <h2>{t('audit.title')}</h2>
        <div className="spacer" />
        <button className="small" onClick={() => { setOut(`${workspace.replace(/\.jsw$/, '')}-audit-${stamp}.csv`); setExported(null); }}>{t('audit.export')}</button>
      </div>
      {out !== null && (
        <div className="row wrap">
          <label className="field inline grow"><span>{t('audit.file')}</span><input aria-label={t('audit.fileLabel')} value={out} onChange={(e) => setOut(e.target.value)} onKeyDown={(e) => { if (e.key === 'Enter') void save(); if (e.key === 'Escape') setOut(null); }} /></label>
          <EncodingSelect value={encoding} onChange={setEncoding} />
          <button className="small primary" disabled={!out.trim()} onClick={() => void save()}>{t('audit.save')}</button>
          <button className="small ghost" onClick={() => setOut(null)}>{t('audit.cancel')}</button>
        </div>
      )}
      <ErrorBanner error={error} onClose={() => setError(null)} />
      {exported && <p className="ok small" role="status">{t('audit.exported', { entries: exported.entries, file: exported.out })}</p>}
      {check && (check.ok
        ? <p className="ok small">{t('audit.intact', { entries: check.entries })}</p>
        : <p className="broken small">{check.truncated ? t('audit.cut', { first: check.firstBroken ?? 0 }) : t('audit.broken', { first: check.firstBroken ?? 0, entries: check.entries })}</p>)}
      <table className="small-table">
        <thead><tr><th>#</th><th>{t('audit.when')}</th><th>{t('audit.what')}</th><th>{t('audit.hash')}</th></tr></thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.seq}>
              <td>{e.seq}</td>
              <td title={e.at}>{tr.dateTime(e.at)}</td>
              <td title={e.action}>{e.summary}</td>
              <td><code title={e.hash}>{e.hash.slice(0, 10)}…</code></td>
            </tr>
          ))}
        </tbody>
      </table>
    </aside>
  );
}
