import { useEffect, useState } from 'react';
import type { DirEntry } from '../../../service/contract';
import { useClient } from '../../client/context';
import { toWire } from '../../components/ErrorBanner';
import { useI18n } from '../../i18n/I18nContext';

interface Props {
  label: string;
  /** Enter in the path field: the form's main action (create, open, preview…). */
  onEnter?: () => void;
  value: string;
  onChange: (path: string) => void;
  extensions: string[];
  /** Picking a location for a new file (the native dialog becomes a save dialog). */
  save?: boolean;
  placeholder?: string;
  /** Offer uploading from the browser (browser mode only). */
  allowUpload?: boolean;
}

/**
 * A path field with a way to browse: the native dialog under Electron; in browser mode a folder
 * browser served by the local process (the files are on this machine) and an upload button.
 */
export function FilePicker({ label, value, onChange, extensions, save, placeholder, allowUpload, onEnter }: Props) {
  const client = useClient();
  const { t } = useI18n();
  const [browsing, setBrowsing] = useState(false);
  const [uploading, setUploading] = useState<number | null>(null);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const native = client.transport.pickFile;
  const browse = async () => {
    if (native) {
      const p = await native({ title: label, extensions, ...(save ? { save } : {}) });
      if (p) onChange(p);
    } else setBrowsing((b) => !b);
  };
  return (
    <div className="file-picker">
      <label className="field">
        <span>{label}</span>
        <div className="row">
          <input type="text" value={value} placeholder={placeholder} onChange={(e) => onChange(e.target.value)} onKeyDown={(e) => { if (e.key === 'Enter' && onEnter && value.trim()) { e.preventDefault(); onEnter(); } }} spellCheck={false} aria-label={label} />
          <button onClick={() => void browse()}>{t('files.browse')}</button>
          {allowUpload && client.transport.upload && (
            <label className="button">
              {t('files.upload')}
              <input type="file" hidden accept={extensions.join(',')} onChange={(e) => {
                const f = e.target.files?.[0];
                if (!f || !client.transport.upload) return;
                setUploading(0);
                setUploadError(null);
                client.transport.upload(f, setUploading).then((p) => { setUploading(null); onChange(p); }, (err: unknown) => { setUploading(null); setUploadError(toWire(err).message); });
              }} />
            </label>
          )}
        </div>
      </label>
      {uploading !== null && <div className="muted small">{t('files.uploading', { percent: uploading })}</div>}
      {uploadError && <div className="error-text small">{uploadError}</div>}
      {browsing && !native && <DirBrowser start={value} extensions={extensions} onPick={(p) => { onChange(p); setBrowsing(false); }} pickDirs={save === true} />}
    </div>
  );
}

function DirBrowser({ start, extensions, onPick, pickDirs }: { start: string; extensions: string[]; onPick: (p: string) => void; pickDirs: boolean }) {
  const client = useClient();
  const { t } = useI18n();
  const [dir, setDir] = useState<string | undefined>(start ? start.replace(/[\\/][^\\/]*$/, '') || undefined : undefined);
  const [listing, setListing] = useState<{ dir: string; parent: string | null; entries: DirEntry[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    client.call('files.list', { ...(dir ? { dir } : {}), extensions }).then((l) => { setListing(l); setError(null); }, (e: unknown) => setError(toWire(e).message));
  }, [client, dir, extensions]);
  return (
    <div className="dir-browser">
      <div className="dir-path">
        {listing?.parent && <button className="ghost" onClick={() => setDir(listing.parent ?? undefined)}>{t('files.up')}</button>}
        <code>{listing?.dir ?? '…'}</code>
        {pickDirs && listing && <button onClick={() => onPick(`${listing.dir}/`)}>{t('files.useFolder')}</button>}
      </div>
      {error && <div className="error-text small">{error}</div>}
      <ul>
        {listing?.entries.map((e) => (
          <li key={e.path}>
            <button className="link" onClick={() => (e.kind === 'dir' ? setDir(e.path) : onPick(e.path))}>
              {e.kind === 'dir' ? '📁' : '📄'} {e.name}
            </button>
            {e.kind === 'file' && <span className="muted small">{formatBytes(e.size)}</span>}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1048576) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1073741824) return `${(n / 1048576).toFixed(1)} MB`;
  return `${(n / 1073741824).toFixed(2)} GB`;
}
