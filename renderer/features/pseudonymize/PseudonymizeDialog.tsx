import { useState } from 'react';
import { useEscape } from '../../components/useEscape';
import type { HashAlgorithm, ImportPreview, KeyKind, PseudonymizeResult } from '../../../service/contract';
import { useClient } from '../../client/context';
import { ErrorBanner, toWire } from '../../components/ErrorBanner';
import { ProgressBar } from '../../components/ProgressBar';
import { useJob } from '../../components/useJob';
import { FilePicker } from '../files/FilePicker';
import { useI18n } from '../../i18n/I18nContext';

const KINDS: KeyKind[] = ['phone', 'idcard', 'device', 'imei', 'idfa', 'oaid', 'caid', 'email', 'text'];
const FROM_PII: Record<string, KeyKind> = { phone: 'phone', idcard: 'idcard', email: 'email', bankcard: 'text' };

/**
 * The pseudonymize wizard: pick the file, the id column and its kind, the hash and the session
 * secret, the columns to leave out; the raw ids never leave this machine.
 */
export function PseudonymizeDialog({ workspace, onClose, onDone }: { workspace?: string; onClose: () => void; onDone?: (r: PseudonymizeResult) => void }) {
  const { t } = useI18n();
  const client = useClient();
  const [input, setInput] = useState('');
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [key, setKey] = useState('');
  const [kind, setKind] = useState<KeyKind>('phone');
  const [hash, setHash] = useState<HashAlgorithm>('hmac-sha256');
  const [secretFile, setSecretFile] = useState('');
  const [drop, setDrop] = useState<string[]>([]);
  /** Copied columns declared not personal data, with the reason. */
  const [notPii, setNotPii] = useState<Record<string, string>>({});
  const [reason, setReason] = useState('');
  const [output, setOutput] = useState('');
  const [overwrite, setOverwrite] = useState(false);
  const [result, setResult] = useState<PseudonymizeResult | null>(null);
  const { progress, running, error, setError, run: runJob, cancel } = useJob('ui-pseudo');
  useEscape(onClose, !running);

  const load = async () => {
    setError(null);
    try {
      const p = await client.call('import.preview', { file: input.trim() });
      setPreview(p);
      const pii = p.pii[0];
      setKey(pii?.column ?? p.header[0] ?? '');
      setKind(pii ? FROM_PII[pii.kind] ?? 'text' : 'phone');
      setDrop(p.pii.slice(1).map((f) => f.column));
      setOutput(input.trim().replace(/(\.[^./\\]+)?$/, '.pseudonymized.csv'));
    } catch (e) {
      setError(toWire(e));
    }
  };
  const newSecret = async () => {
    setError(null);
    // In the app's secrets folder, never beside the file being hashed (that folder is what gets shared).
    try { setSecretFile((await client.call('secret.generate', {})).path); } catch (e) { setError(toWire(e)); }
  };
  const run = async () => {
    const r = await runJob((jobId) => client.call('pseudonymize.run', {
      input: input.trim(), output: output.trim(), key, keyKind: kind, hash, drop, jobId, overwrite,
      notPii: Object.entries(notPii).map(([column, why]) => ({ column, reason: why })),
      ...(secretFile.trim() ? { secretFile: secretFile.trim() } : {}), ...(workspace ? { workspace } : {}),
    }));
    if (r) { setResult(r); onDone?.(r); }
  };
  return (
    <div className="modal-backdrop">
      <div className="modal wide" role="dialog" aria-label={t('pseudo.title')}>
        <header><h2>{t('pseudo.title')}</h2><button className="ghost" onClick={onClose} disabled={running} aria-label={t('ws.close')}>✕</button></header>
        <div className="modal-body">
          <p className="muted small">{t('pseudo.lead')}</p>
          <FilePicker label={t('pseudo.input')} value={input} onChange={(v) => { setInput(v); setPreview(null); setResult(null); }} extensions={['.csv', '.tsv', '.txt']} placeholder="/path/to/lender_raw.csv" />
          <button onClick={() => void load()} disabled={!input.trim() || running}>{t('pseudo.read')}</button>
          <ErrorBanner error={error} onClose={() => setError(null)} />
          {error?.code === 'PII_REFUSED' && typeof error.details.column === 'string' && (() => {
            const col = error.details.column;
            return (
              <div className="row wrap pii-choice" role="group" aria-label={t('pseudo.piiGroup')}>
                <button className="small" onClick={() => { setDrop([...drop.filter((d) => d !== col), col]); setError(null); }}>{t('pseudo.leaveOutCol', { column: col })}</button>
                <span className="muted small">{t('pseudo.orNotPii')}</span>
                <input aria-label={t('pseudo.reasonLabel', { column: col })} size={28} value={reason} placeholder={t('pseudo.reasonPlaceholder')} onChange={(e) => setReason(e.target.value)} />
                <button className="small" disabled={reason.trim().length < 3} onClick={() => { setNotPii({ ...notPii, [col]: reason.trim() }); setReason(''); setError(null); }}>{t('pseudo.keep')}</button>
              </div>
            );
          })()}
          {preview && !result && (
            <>
              <div className="row options">
                <label className="field inline"><span>{t('pseudo.idColumn')}</span>
                  <select aria-label={t('pseudo.idColumn')} value={key} onChange={(e) => setKey(e.target.value)}>{preview.header.map((h) => <option key={h} value={h}>{h}</option>)}</select>
                </label>
                <label className="field inline"><span>{t('pseudo.kind')}</span>
                  <select aria-label={t('pseudo.kindLabel')} value={kind} onChange={(e) => setKind(e.target.value as KeyKind)}>{KINDS.map((k) => <option key={k} value={k}>{t(`pseudo.kind.${k}`)}</option>)}</select>
                </label>
                <label className="field inline"><span>{t('pseudo.hash')}</span>
                  <select aria-label={t('pseudo.hash')} value={hash} onChange={(e) => setHash(e.target.value as HashAlgorithm)}>
                    <option value="hmac-sha256">{t('pseudo.hmac')}</option><option value="sha256">SHA-256</option><option value="md5">{t('pseudo.md5')}</option>
                  </select>
                </label>
              </div>
              {hash === 'hmac-sha256' && (
                <div className="row">
                  <div style={{ flex: 1 }}><FilePicker label={t('pseudo.secret')} value={secretFile} onChange={setSecretFile} extensions={['.txt', '.key']} /></div>
                  <button onClick={() => void newSecret()} title={t('pseudo.newSecretTitle')}>{t('pseudo.newSecret')}</button>
                </div>
              )}
              <div className="field"><span className="muted small">{t('pseudo.leaveOut')}</span>
                <div className="row options">
                  {preview.header.filter((h) => h !== key).map((h) => (
                    <label key={h} className="small"><input type="checkbox" checked={drop.includes(h)} aria-label={t('pseudo.leaveOutLabel', { column: h })} onChange={(e) => setDrop(e.target.checked ? [...drop, h] : drop.filter((d) => d !== h))} /> {h}{preview.pii.some((f) => f.column === h) ? ' ⚠' : ''}</label>
                  ))}
                </div>
              </div>
              <label className="field"><span>{t('pseudo.output')}</span><input aria-label={t('pseudo.output')} value={output} onChange={(e) => { setOutput(e.target.value); setOverwrite(false); }} /></label>
              <label className="field inline"><input type="checkbox" checked={overwrite} onChange={(e) => setOverwrite(e.target.checked)} /><span>{t('pseudo.overwrite')}</span></label>
            </>
          )}
          {result && (
            <div className="notice" role="status">
              {t('pseudo.result', { written: result.written, rows: result.rows, output: result.output, key: result.keyColumn, rejected: result.rejected, rejects: result.rejects })}
            </div>
          )}
          {running && <ProgressBar progress={progress} onCancel={cancel} />}
        </div>
        <footer>
          {result ? <button className="primary" onClick={onClose}>{t('pseudo.done')}</button> : (
            <>
              <button onClick={onClose} disabled={running}>{t('pseudo.cancel')}</button>
              <button className="primary" disabled={!preview || running || !key || !output.trim() || (hash === 'hmac-sha256' && !secretFile.trim())} onClick={() => void run()}>{t('pseudo.run')}</button>
            </>
          )}
        </footer>
      </div>
    </div>
  );
}
