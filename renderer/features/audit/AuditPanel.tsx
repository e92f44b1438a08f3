import { useEffect, useState } from 'react';
import type { AuditEntry, AuditVerification } from '../../../service/contract';
import { useClient } from '../../client/context';

/** The workspace's hash-chained audit log: what was done, when, on which files, and whether the chain is intact. */
export function AuditPanel({ workspace, version }: { workspace: string; version: number }) {
  const client = useClient();
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [check, setCheck] = useState<AuditVerification | null>(null);
  useEffect(() => {
    void client.call('audit.list', { workspace }).then(setEntries);
    void client.call('audit.verify', { workspace }).then(setCheck);
  }, [client, workspace, version]);
  const summary = (e: AuditEntry) => {
    const p = e.params as Record<string, unknown>;
    return [p.dataset ?? p.name, p.file, p.rows !== undefined ? `${String(p.rows)} rows` : null, p.matched !== undefined ? `${String(p.matched)} matched` : null].filter(Boolean).join(' · ');
  };
  return (
    <aside className="audit" data-testid="audit-panel">
      <h2>Audit log</h2>
      {check && (check.ok
        ? <p className="ok small">✔ Hash chain intact: {check.entries} entries.</p>
        : <p className="broken small">✖ Hash chain broken at entry {check.firstBroken} of {check.entries}.</p>)}
      <table className="small-table">
        <thead><tr><th>#</th><th>when</th><th>action</th><th>what</th><th>hash</th></tr></thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.seq}>
              <td>{e.seq}</td>
              <td>{new Date(e.at).toLocaleString()}</td>
              <td>{e.action}</td>
              <td>{summary(e)}</td>
              <td><code title={e.hash}>{e.hash.slice(0, 10)}…</code></td>
            </tr>
          ))}
        </tbody>
      </table>
    </aside>
  );
}
