import { useEffect, useState } from 'react';
import { EncodingSelect } from '../../components/EncodingSelect';
import type { OutputEncoding } from '../../../service/contract';
import { useI18n } from '../../i18n/I18nContext';
import { codeWord } from '../../../i18n/code-word';
import { partyName } from '../../i18n/names';
import { useEscape } from '../../components/useEscape';
import type { ExportResult, ScoreFileResult } from '../../../service/contract';
import type { WireError } from '../../../types/errors';
import { useClient } from '../../client/context';
import { ErrorBanner, toWire } from '../../components/ErrorBanner';
import { RtaTryPanel } from './RtaTryPanel';

/** Writes the export bundle (folder + zip) of a model's scorecard and, optionally, a strategy; shows the files and their sha256 or what stopped it. */
export function ExportDialog({ workspace, model, strategy, onClose }: { workspace: string; model: { id: number; name: string }; strategy: { id: number; name: string } | null; onClose: () => void }) {
  const [encoding, setEncoding] = useState<OutputEncoding>('utf8-bom');
  const { t, tr, locale } = useI18n();
  const client = useClient();
  const [out, setOut] = useState(`${workspace.replace(/\.jsw$/, '')}-bundle-model${model.id}${strategy ? `-strategy${strategy.id}` : ''}`);
  const [minBinRows, setMinBinRows] = useState(20);
  const [withStrategy, setWithStrategy] = useState(strategy !== null);
  /** Split deployment: the party whose characteristics go to a bundle of their own (empty: one bundle). */
  const [splitParty, setSplitParty] = useState('');
  const [splitting, setSplitting] = useState(false);
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
      setScored(await client.call('export.score', { bundle, input: input.trim(), out: `${input.trim().replace(/\.csv$/i, '')}.scored.csv`, encoding, ...(idColumn.trim() ? { id: idColumn.trim() } : {}) }));
    } catch (e) {
      setError(toWire(e));
    } finally {
      setRunning(false);
    }
  };
  const run = async () => {
    setRunning(true); setError(null);
    try {
      setResult(await client.call('export.bundle', { workspace, model: model.id, out: out.trim(), minBinRows, lang: locale, ...(withStrategy && strategy ? { strategy: strategy.id } : {}), ...(splitting && splitParty.trim() ? { splitByParty: splitParty.trim() } : {}) }));
    } catch (e) {
      setError(toWire(e));
    } finally {
      setRunning(false);
    }
  };
  return (
    <div className="modal-backdrop">
      <div className="modal wide" role="dialog" aria-label={t('ex.dialog')}>
        <header><h2>{t('ex.title')}</h2><button className="ghost" onClick={onClose} disabled={running} aria-label={t('ws.close')}>✕</button></header>
        <div className="modal-body">
          <p className="muted small">{t('ex.lead', { id: model.id, name: model.name })}</p>
          <label className="field"><span>{t('ex.folder')}</span><input aria-label={t('ex.folderLabel')} value={out} onChange={(e) => { setOut(e.target.value); setResult(null); }} /></label>
          <div className="row options">
            <label className="field inline"><span>{t('ex.minRows')}</span><input aria-label={t('ex.minRows')} type="number" min={1} value={minBinRows} onChange={(e) => setMinBinRows(Number(e.target.value))} /></label>
            {strategy && <label className="field inline"><input type="checkbox" checked={withStrategy} onChange={(e) => setWithStrategy(e.target.checked)} /><span>{t('ex.withStrategy', { id: strategy.id, name: strategy.name })}</span></label>}
          </div>
          <div className="row options">
            <label className="field inline"><input type="checkbox" checked={splitting} onChange={(e) => { setSplitting(e.target.checked); if (e.target.checked && !splitParty) setSplitParty('partner'); setResult(null); }} /><span>{t('ex.split')}</span></label>
            {splitting && <label className="field inline"><span>{t('ex.splitParty')}</span><input aria-label={t('ex.splitParty')} size={14} value={splitParty} onChange={(e) => setSplitParty(e.target.value)} /></label>}
          </div>
          {splitting && <p className="muted small">{t('ex.splitLead')}</p>}
          <button className="primary" onClick={() => void run()} disabled={running || !out.trim()}>{running ? t('ex.exporting') : t('ex.export')}</button>
          <ErrorBanner error={error} onClose={() => setError(null)} />
          {result && (
            <div className="export-result">
              <p>{t('ex.written')} <code>{result.out}</code> {t('ex.and')} <code>{result.zip}</code>.</p>
              {result.partner && <p className="notice stack" data-testid="partner-bundle">{t('ex.partnerWritten', { party: result.partner.party, out: result.partner.out, zip: result.partner.zip, columns: result.partner.columns.join(', ') })}</p>}
              {result.signature && <p className="muted small" data-testid="bundle-signature">{t('ex.signed', { key: result.signature.keyId })} <code className="mono">--trust {result.signature.publicKey}</code></p>}
              <table className="compact" aria-label={t('ex.files')}>
                <thead><tr><th>{t('ex.file')}</th><th>{t('ex.bytes')}</th><th>sha256</th></tr></thead>
                <tbody>{result.manifest.files.map((f) => <tr key={f.path}><td>{f.path}</td><td>{f.bytes.toLocaleString()}</td><td className="mono small">{f.sha256.slice(0, 16)}…</td></tr>)}</tbody>
              </table>
              <p className="muted small">{t('ex.inputs', { inputs: result.manifest.inputs.map((i) => `${i.name} (${codeWord(tr, 'type', i.type)}, ${i.party ? partyName(i.party, t) : t('ex.any')})`).join(', ') })}</p>
              <div className="row options">
                <label className="field inline"><span>{t('ex.scoreCsv')}</span><input aria-label={t('ex.csvLabel')} size={48} value={input} onChange={(e) => setInput(e.target.value)} placeholder="/path/to/rows.csv" /></label>
                <label className="field inline"><span>{t('ex.idColumn')}</span>{header.length > 0
                  ? <select aria-label={t('ex.idColumn')} value={idColumn} onChange={(e) => setIdColumn(e.target.value)}><option value="">{t('ex.firstColumn', { column: header[0] })}</option>{header.slice(1).map((h) => <option key={h} value={h}>{h}</option>)}</select>
                  : <input aria-label={t('ex.idColumn')} size={14} placeholder={t('ex.firstColumnPlaceholder')} value={idColumn} onChange={(e) => setIdColumn(e.target.value)} />}</label>
                <EncodingSelect value={encoding} onChange={setEncoding} />
                <button onClick={() => void score(result.out)} disabled={running || !input.trim()}>{t('ex.scoreFile')}</button>
              </div>
              {scored && <p data-testid="scored">{t('ex.scored', { rows: scored.rows })} <code>{scored.out}</code>{scored.bids !== null ? t('ex.bids', { bids: scored.bids }) : ''}.</p>}
              {scored && scored.preview.length > 0 && (
                <table className="compact scored-rows" aria-label={t('ex.scoredRows')}>
                  <caption>{t('ex.caption')}{scored.bids !== null ? t('ex.captionDecision') : ''}</caption>
                  <thead><tr><th>{t('ex.id')}</th><th>{t('ex.score')}</th><th>{t('ex.reasons')}</th>{scored.bids !== null && <th>{t('ex.decision')}</th>}</tr></thead>
                  <tbody>{scored.preview.map((r, i) => <tr key={i}><td className="mono small">{r.id.length > 16 ? `${r.id.slice(0, 16)}…` : r.id}</td><td>{Number.isInteger(r.score) ? r.score : r.score.toFixed(2)}</td><td className="small">{r.reasons || '—'}</td>{r.bid !== null && <td>{r.bid ? t('ex.bid') : t('ex.noBid')}</td>}</tr>)}</tbody>
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
