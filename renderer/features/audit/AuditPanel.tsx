import { useEffect, useState } from 'react';
import type { AuditEntry, AuditExportResult, AuditVerification } from '../../../service/contract';
import type { WireError } from '../../../types/errors';
import { useClient } from '../../client/context';
import { ErrorBanner, toWire } from '../../components/ErrorBanner';

/** The workspace's hash-chained audit log: what changed, when, and whether the chain is intact; exported for an auditor. */
export function AuditPanel({ workspace, version }: { workspace: string; version: number }) {
  const client = useClient();
  const [entries, setEntries] = useState<(AuditEntry & { summary: string })[]>([]);
  const [check, setCheck] = useState<AuditVerification | null>(null);
  const [out, setOut] = useState<string | null>(null);
  const [exported, setExported] = useState<AuditExportResult | null>(null);
  const [error, setError] = useState<WireError | null>(null);
  useEffect(() => {
    void client.call('audit.list', { workspace }).then(setEntries);
    void client.call('audit.verify', { workspace }).then(setCheck);
  }, [client, workspace, version]);
  const save = async () => {
    if (!out?.trim()) return;
    try {
      setError(null);
      setExported(await client.call('audit.export', { workspace, out: out.trim() }));
      setOut(null);
    } catch (e) {
      setError(toWire(e));
    }
  };
  const stamp = new Date().toISOString().slice(0, 10);
  return (
    <aside className="audit" data-testid="audit-panel">
      <div className="row">
        <h2>Audit log</h2>
        <div className="spacer" />
        <button className="small" onClick={() => { setOut(`${workspace.replace(/\.jsw$/, '')}-audit-${stamp}.csv`); setExported(null); }}>Export…</button>
      </div>
      {out !== null && (
        <div className="row wrap">
          <label className="field inline grow"><span>File (.csv or .json)</span><input aria-label="Audit export file" value={out} onChange={(e) => setOut(e.target.value)} onKeyDown={(e) => { if (e.key === 'Enter') void save(); if (e.key === 'Escape') setOut(null); }} /></label>
          <button className="small primary" disabled={!out.trim()} onClick={() => void save()}>Save</button>
          <button className="small ghost" onClick={() => setOut(null)}>Cancel</button>
        </div>
      )}
      <ErrorBanner error={error} onClose={() => setError(null)} />
      {exported && <p className="ok small" role="status">Wrote {exported.entries} entries to {exported.out}.</p>}
      {check && (check.ok
        ? <p className="ok small">✔ Hash chain intact: {check.entries} entries.</p>
        : <p className="broken small">{check.truncated ? `✖ The log was cut short: entries from ${check.firstBroken} on were removed.` : `✖ Hash chain broken at entry ${check.firstBroken} of ${check.entries}.`}</p>)}
      <table className="small-table">
        <thead><tr><th>#</th><th>when</th><th>what changed</th><th>hash</th></tr></thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.seq}>
              <td>{e.seq}</td>
              <td title={e.at}>{new Date(e.at).toLocaleString()}</td>
              <td title={e.action}>{e.summary}</td>
              <td><code title={e.hash}>{e.hash.slice(0, 10)}…</code></td>
            </tr>
          ))}
        </tbody>
      </table>
    </aside>
  );
}
