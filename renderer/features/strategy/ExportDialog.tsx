import { useEffect, useState } from 'react';
import { useEscape } from '../../components/useEscape';
import type { ExportResult, ScoreFileResult } from '../../../service/contract';
import type { WireError } from '../../../types/errors';
import { useClient } from '../../client/context';
import { ErrorBanner, toWire } from '../../components/ErrorBanner';
import { RtaTryPanel } from './RtaTryPanel';

/** Writes the export bundle (folder + zip) of a model's scorecard and, optionally, a strategy; shows the files and their sha256 or what stopped it. */
export function ExportDialog({ workspace, model, strategy, onClose }: { workspace: string; model: { id: number; name: string }; strategy: { id: number; name: string } | null; onClose: () => void }) {
  const client = useClient();
  const [out, setOut] = useState(`${workspace.replace(/\.jsw$/, '')}-bundle-model${model.id}${strategy ? `-strategy${strategy.id}` : ''}`);
  const [minBinRows, setMinBinRows] = useState(20);
  const [withStrategy, setWithStrategy] = useState(strategy !== null);
  const [running, setRunning] = useState(false);
  useEscape(onClose, !running);
  const [result, setResult] = useState<ExportResult | null>(null);
  const [error, setError] = useState<WireError | null>(null);
  const [input, setInput] = useState('');
  const [idColumn, setIdColumn] = useState('');
  const [scored, setScored] = useState<ScoreFileResult | null>(null);
  const [header, setHeader] = useState<string[]>([]);
  // The file's columns, to pick the id column from (read when the path is complete).
  useEffect(() => {
    const file = input.trim();
    setHeader([]);
    if (!/\.(csv|tsv|txt)$/i.test(file)) return;
    let live = true;
    const t = setTimeout(() => void client.call('import.preview', { file }).then((p) => { if (live) setHeader(p.header); }, () => undefined), 250);
    return () => { live = false; clearTimeout(t); };
  }, [client, input]);
  const score = async (bundle: string) => {
    setRunning(true); setError(null);
    try {
      setScored(await client.call('export.score', { bundle, input: input.trim(), out: `${input.trim().replace(/\.csv$/i, '')}.scored.csv`, ...(idColumn.trim() ? { id: idColumn.trim() } : {}) }));
    } catch (e) {
      setError(toWire(e));
    } finally {
      setRunning(false);
    }
  };
  const run = async () => {
    setRunning(true); setError(null);
    try {
      setResult(await client.call('export.bundle', { workspace, model: model.id, out: out.trim(), minBinRows, ...(withStrategy && strategy ? { strategy: strategy.id } : {}) }));
    } catch (e) {
      setError(toWire(e));
    } finally {
      setRunning(false);
    }
  };
  return (
    <div className="modal-backdrop">
      <div className="modal wide" role="dialog" aria-label="Export bundle">
        <header><h2>Export bundle for the RTA service</h2><button className="ghost" onClick={onClose} disabled={running} aria-label="Close">✕</button></header>
        <div className="modal-body">
          <p className="muted small">Model {model.id} ({model.name}): manifest with sha256 of every file, scorecard.json (+ JSON Schema), PMML 4.4, SQL (ANSI and Hive/Spark), scorer.mjs, strategy.json and report.html, as a folder and a zip. Bins and points only, never rows: every bin must hold at least the threshold of training rows.</p>
          <label className="field"><span>Bundle folder (new)</span><input aria-label="Bundle folder" value={out} onChange={(e) => { setOut(e.target.value); setResult(null); }} /></label>
          <div className="row options">
            <label className="field inline"><span>Fewest training rows per bin</span><input aria-label="Fewest training rows per bin" type="number" min={1} value={minBinRows} onChange={(e) => setMinBinRows(Number(e.target.value))} /></label>
            {strategy && <label className="field inline"><input type="checkbox" checked={withStrategy} onChange={(e) => setWithStrategy(e.target.checked)} /><span>With strategy {strategy.id} ({strategy.name})</span></label>}
          </div>
          <button className="primary" onClick={() => void run()} disabled={running || !out.trim()}>{running ? 'Exporting…' : 'Export'}</button>
          <ErrorBanner error={error} onClose={() => setError(null)} />
          {result && (
            <div className="export-result">
              <p>Written to <code>{result.out}</code> and <code>{result.zip}</code>.</p>
              {result.signature && <p className="muted small" data-testid="bundle-signature">Signed with this workbench's key {result.signature.keyId}. An RTA server on another machine runs it once it trusts the key: <code className="mono">--trust {result.signature.publicKey}</code></p>}
              <table className="compact" aria-label="Bundle files">
                <thead><tr><th>file</th><th>bytes</th><th>sha256</th></tr></thead>
                <tbody>{result.manifest.files.map((f) => <tr key={f.path}><td>{f.path}</td><td>{f.bytes.toLocaleString()}</td><td className="mono small">{f.sha256.slice(0, 16)}…</td></tr>)}</tbody>
              </table>
              <p className="muted small">Inputs the service supplies: {result.manifest.inputs.map((i) => `${i.name} (${i.type}, ${i.party ?? 'any'})`).join(', ')}.</p>
              <div className="row options">
                <label className="field inline"><span>Score a CSV with this bundle</span><input aria-label="CSV to score" size={48} value={input} onChange={(e) => setInput(e.target.value)} placeholder="/path/to/rows.csv" /></label>
                <label className="field inline"><span>Id column</span>{header.length > 0
                  ? <select aria-label="Id column" value={idColumn} onChange={(e) => setIdColumn(e.target.value)}><option value="">{header[0]} (first column)</option>{header.slice(1).map((h) => <option key={h} value={h}>{h}</option>)}</select>
                  : <input aria-label="Id column" size={14} placeholder="first column" value={idColumn} onChange={(e) => setIdColumn(e.target.value)} />}</label>
                <button onClick={() => void score(result.out)} disabled={running || !input.trim()}>Score file</button>
              </div>
              {scored && <p data-testid="scored">Scored {scored.rows.toLocaleString()} rows into <code>{scored.out}</code>{scored.bids !== null ? `; ${scored.bids.toLocaleString()} bids` : ''}.</p>}
              {scored && scored.preview.length > 0 && (
                <table className="compact scored-rows" aria-label="Scored rows">
                  <caption>The first rows: score, reasons (the characteristics that cost the most points, with the row's bin){scored.bids !== null ? ' and the decision' : ''}</caption>
                  <thead><tr><th>id</th><th>score</th><th>reasons</th>{scored.bids !== null && <th>decision</th>}</tr></thead>
                  <tbody>{scored.preview.map((r, i) => <tr key={i}><td className="mono small">{r.id.length > 16 ? `${r.id.slice(0, 16)}…` : r.id}</td><td>{Number.isInteger(r.score) ? r.score : r.score.toFixed(2)}</td><td className="small">{r.reasons || '—'}</td>{r.bid !== null && <td>{r.bid ? 'bid' : 'no bid'}</td>}</tr>)}</tbody>
                </table>
              )}
              {result.manifest.files.some((f) => f.path === 'strategy.json') && <RtaTryPanel bundle={result.out} />}
            </div>
          )}
        </div>
      </div>
    </div>
  );
}
