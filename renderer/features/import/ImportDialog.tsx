import { useState } from 'react';
import { useEscape } from '../../components/useEscape';
import type { ImportPreview, ImportResult } from '../../../service/contract';
import { COLUMN_ROLES, COLUMN_TYPES, type ColumnRole, type ColumnType } from '../../../types/columns';
import { useClient } from '../../client/context';
import { ErrorBanner, toWire } from '../../components/ErrorBanner';
import { ProgressBar } from '../../components/ProgressBar';
import { useJob } from '../../components/useJob';
import { FilePicker } from '../files/FilePicker';
import { useI18n } from '../../i18n/I18nContext';

const DATA_EXTENSIONS = ['.csv', '.tsv', '.txt', '.parquet', '.xlsx'];

/** Choose a file, check the preview and the inferred types/roles, then import with progress and cancel. */
export function ImportDialog({ workspace, onClose, onDone }: { workspace: string; onClose: () => void; onDone: (r: ImportResult) => void }) {
  const client = useClient();
  const { t } = useI18n();
  const [file, setFile] = useState('');
  const [encoding, setEncoding] = useState<'auto' | 'utf8' | 'gbk'>('auto');
  const [delimiter, setDelimiter] = useState<'auto' | ',' | ';' | '\t' | '|'>('auto');
  const [sheet, setSheet] = useState<string | undefined>(undefined);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [types, setTypes] = useState<Record<string, ColumnType>>({});
  const [roles, setRoles] = useState<Record<string, ColumnRole>>({});
  const [name, setName] = useState('');
  const [party, setParty] = useState('lender');
  const [drop, setDrop] = useState<string[]>([]);
  const [hashCols, setHashCols] = useState<string[]>([]);
  const [secretFile, setSecretFile] = useState('');
  /** Columns declared not personal data, with the reason. */
  const [notPii, setNotPii] = useState<Record<string, string>>({});
  const { progress, running, error, setError, run: runJob, cancel } = useJob('ui-import');
  useEscape(onClose, !running);

  const loadPreview = async () => {
    setError(null);
    try {
      const p = await client.call('import.preview', { file: file.trim(), encoding, delimiter, ...(sheet ? { sheet } : {}) });
      setPreview(p);
      setTypes(Object.fromEntries(p.columns.map((c) => [c.name, c.type])));
      setRoles(Object.fromEntries(p.columns.map((c) => [c.name, c.role])));
      setName((n) => n || p.suggestedName);
      setDrop([]);
      setHashCols([]);
      setNotPii({});
    } catch (e) {
      setPreview(null);
      setError(toWire(e));
    }
  };

  const run = async () => {
    if (!preview) return;
    const changedTypes = Object.fromEntries(Object.entries(types).filter(([c, t]) => preview.columns.find((x) => x.name === c)?.type !== t));
    const r = await runJob((jobId) => client.call('import.run', {
      workspace, file: preview.file, name: name.trim(), party: party.trim() || 'lender', encoding, delimiter,
      ...(preview.sheet ? { sheet: preview.sheet } : {}), types: changedTypes, roles, drop, hash: hashCols, ...(hashCols.length ? { secretFile: secretFile.trim() } : {}), notPii: Object.entries(notPii).map(([column, reason]) => ({ column, reason: reason.trim() })), jobId,
    }));
    if (r) onDone(r);
  };

  return (
    <div className="modal-backdrop">
      <div className="modal wide" role="dialog" aria-label={t('import.title')}>
        <header><h2>{t('import.title')}</h2><button className="ghost" onClick={onClose} disabled={running} aria-label={t('ws.close')}>✕</button></header>
        <div className="modal-body">
          <FilePicker label={t('import.file')} value={file} onChange={(f) => { setFile(f); setPreview(null); setName(''); setSheet(undefined); }} extensions={DATA_EXTENSIONS} allowUpload placeholder="/path/to/lender.csv" />
          <div className="row options">
            <label className="field inline"><span>{t('import.encoding')}</span>
              <select value={encoding} onChange={(e) => setEncoding(e.target.value as typeof encoding)}>
                <option value="auto">{t('import.auto')}</option><option value="utf8">UTF-8</option><option value="gbk">GBK / GB18030</option>
              </select>
            </label>
            <label className="field inline"><span>{t('import.delimiter')}</span>
              <select value={delimiter} onChange={(e) => setDelimiter(e.target.value as typeof delimiter)}>
                <option value="auto">{t('import.auto')}</option><option value=",">{t('import.comma')}</option><option value=";">{t('import.semicolon')}</option><option value={'\t'}>{t('import.tab')}</option><option value="|">{t('import.pipe')}</option>
              </select>
            </label>
            {preview?.sheets && (
              <label className="field inline"><span>{t('import.sheet')}</span>
                <select value={preview.sheet ?? ''} onChange={(e) => { setSheet(e.target.value); setPreview(null); }}>
                  {preview.sheets.map((s) => <option key={s} value={s}>{s}</option>)}
                </select>
              </label>
            )}
            <button onClick={() => void loadPreview()} disabled={!file.trim() || running}>{t('import.preview')}</button>
          </div>
          <ErrorBanner error={error} onClose={() => setError(null)} />
          {preview && (
            <>
              <div className="muted small preview-meta">
                {t('import.meta', { format: preview.format.toUpperCase(), encoding: `${preview.encoding ? ` · ${preview.encoding}` : ''}${preview.delimiter ? t('import.metaDelimiter', { delimiter: preview.delimiter }) : ''}`, columns: preview.header.length, rows: preview.sampledRows })}
              </div>
              {preview.formattedNumbers.length > 0 && (
                <div className="notice small" role="note" data-testid="formatted-numbers">
                  {t('import.formatted')} {preview.formattedNumbers.map((f) => <span key={f.column}><code>{f.column}</code> {t('import.formattedExample', { how: f.format ? t(`said.format.${f.format}`) : f.how, example: f.example })} </span>)}{t('import.formattedFix')}
                </div>
              )}
              {preview.pii.length > 0 && (
                <div className={`pii-banner${preview.pii.every((f) => drop.includes(f.column) || hashCols.includes(f.column) || (notPii[f.column] ?? '').trim().length >= 3) ? ' resolved' : ''}`} role="note">
                  <strong>{t('import.pii.title')}</strong> {t('import.pii.lead')}
                  <ul>
                    {preview.pii.map((f) => (
                      <li key={f.column}>
                        <code>{f.column}</code> {t('import.pii.found', { kind: t(`import.pii.${f.kind}`), share: Math.round(f.share * 100) / 100 })}{' '}
                        <label><input type="checkbox" checked={hashCols.includes(f.column)} onChange={(e) => { setHashCols(e.target.checked ? [...hashCols, f.column] : hashCols.filter((d) => d !== f.column)); if (e.target.checked) setDrop(drop.filter((d) => d !== f.column)); }} aria-label={t('import.pii.hashLabel', { column: f.column })} /> {t('import.pii.hash')}</label>{' '}
                        <label><input type="checkbox" checked={drop.includes(f.column)} onChange={(e) => { setDrop(e.target.checked ? [...drop, f.column] : drop.filter((d) => d !== f.column)); if (e.target.checked) setHashCols(hashCols.filter((d) => d !== f.column)); }} aria-label={t('import.pii.dropLabel', { column: f.column })} /> {t('import.pii.drop')}</label>{' '}
                        <label title={t('import.pii.notPiiTitle')}><input type="checkbox" checked={f.column in notPii} onChange={(e) => { const { [f.column]: _x, ...rest } = notPii; setNotPii(e.target.checked ? { ...notPii, [f.column]: '' } : rest); if (e.target.checked) { setDrop(drop.filter((d) => d !== f.column)); setHashCols(hashCols.filter((d) => d !== f.column)); } }} aria-label={t('import.pii.notPiiLabel', { column: f.column })} /> {t('import.pii.notPii')}</label>
                        {f.column in notPii && <input aria-label={t('import.pii.reasonLabel', { column: f.column })} size={30} placeholder={t('import.pii.reasonPlaceholder')} value={notPii[f.column]} onChange={(e) => setNotPii({ ...notPii, [f.column]: e.target.value })} />}
                      </li>
                    ))}
                  </ul>
                  {hashCols.length > 0 && <FilePicker label={t('import.secret')} value={secretFile} onChange={setSecretFile} extensions={['.txt', '.key']} />}
                </div>
              )}
              <div className="preview-grid">
                <table>
                  <thead>
                    <tr>{preview.header.map((h) => <th key={h} className={drop.includes(h) ? 'dropped' : ''}>{h}{drop.includes(h) ? t('import.dropped') : ''}</th>)}</tr>
                    <tr className="spec-row">{preview.header.map((h) => (
                      <th key={h}>
                        <select aria-label={t('import.typeOf', { column: h })} value={types[h]} onChange={(e) => setTypes({ ...types, [h]: e.target.value as ColumnType })}>
                          {COLUMN_TYPES.map((ty) => <option key={ty} value={ty}>{t(`type.${ty}`)}</option>)}
                        </select>
                        <select aria-label={t('import.roleOf', { column: h })} value={roles[h]} onChange={(e) => setRoles({ ...roles, [h]: e.target.value as ColumnRole })}>
                          {COLUMN_ROLES.map((r) => <option key={r} value={r}>{t(`role.${r}`)}</option>)}
                        </select>
                      </th>
                    ))}</tr>
                  </thead>
                  <tbody>
                    {preview.rows.slice(0, 20).map((r, i) => (
                      <tr key={i}>{preview.header.map((h, j) => <td key={h} className={r[j] === null ? 'missing' : ''}>{r[j] ?? '∅'}</td>)}</tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <div className="row options">
                <label className="field inline"><span>{t('import.name')}</span><input aria-label={t('import.name')} value={name} onChange={(e) => setName(e.target.value)} /></label>
                <label className="field inline"><span>{t('import.party')}</span>
                  <input aria-label={t('import.party')} list="parties" value={party} onChange={(e) => setParty(e.target.value)} />
                  <datalist id="parties"><option value="lender" /><option value="partner" /></datalist>
                </label>
              </div>
            </>
          )}
          {running && <ProgressBar progress={progress} onCancel={cancel} />}
        </div>
        <footer>
          <button onClick={onClose} disabled={running}>{t('import.cancel')}</button>
          <button className="primary" disabled={!preview || running || !name.trim() || (hashCols.length > 0 && !secretFile.trim())} onClick={() => void run()}>{t('import.import')}</button>
        </footer>
      </div>
    </div>
  );
}
