import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../../i18n/I18nContext';
import { DEVICE_ID_FIELDS, type DeviceIdField } from '../../../rta/protocol/rta-message';
import type { RtaTrialAnswer, RtaTrialServer } from '../../../service/contract';
import type { WireError } from '../../../types/errors';
import { useClient } from '../../client/context';
import { ErrorBanner, toWire } from '../../components/ErrorBanner';

interface Sent {
  n: number;
  field: DeviceIdField;
  deviceId: string;
  result: RtaTrialAnswer;
}

/** The answer's fields as the RTA server sends them (rta.proto, JSON names). */
interface Answer {
  outcome?: string;
  bid?: boolean;
  bid_coefficient?: number;
  strategy_ids?: string[];
  cache_seconds?: number;
  processing_time_us?: number;
  targeting_score?: number;
  credit_score?: number;
  cell?: number[];
  reason_codes?: string[];
  error?: string;
}

/**
 * Serves the exported bundle with the reference RTA server (as `jointscore rta serve` does) on a
 * feature snapshot, and sends it bid requests over real HTTP: the decision the RTA service will
 * make for a user, with its scores and reason codes. The server stops when the dialog closes.
 */
export function RtaTryPanel({ bundle }: { bundle: string }) {
  const { t } = useI18n();
  const client = useClient();
  const [features, setFeatures] = useState('');
  const [server, setServer] = useState<RtaTrialServer | null>(null);
  const [field, setField] = useState<DeviceIdField>('oaid_md5');
  const [deviceId, setDeviceId] = useState('');
  const [test, setTest] = useState(true);
  const [sent, setSent] = useState<Sent[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<WireError | null>(null);
  const running = useRef<string | null>(null);

  useEffect(() => () => { if (running.current) void client.call('rta.stop', { server: running.current }); }, [client]);

  const attempt = async (work: () => Promise<void>) => {
    setBusy(true); setError(null);
    try { await work(); } catch (e) { setError(toWire(e)); } finally { setBusy(false); }
  };
  const start = () => attempt(async () => {
    const s = await client.call('rta.start', { bundle, features: features.trim() });
    running.current = s.server;
    setServer(s);
    if (s.sampleIds[0]) setDeviceId(s.sampleIds[0]);
  });
  const stop = () => attempt(async () => {
    if (!server) return;
    await client.call('rta.stop', { server: server.server });
    running.current = null;
    setServer(null);
  });
  const send = () => attempt(async () => {
    if (!server) return;
    const result = await client.call('rta.request', { port: server.port, device: { [field]: deviceId.trim() }, test });
    setSent((prev) => [{ n: (prev[0]?.n ?? 0) + 1, field, deviceId: deviceId.trim(), result }, ...prev].slice(0, 8));
  });

  return (
    <section className="rta-try" aria-label={t('rta.label')}>
      <h3>{t('rta.title')}</h3>
      <p className="muted small">{t('rta.lead1')} <code>jointscore rta serve</code> {t('rta.lead2')} <code>workspace.jsw#dataset</code>{t('rta.lead3')}</p>
      {!server && (
        <div className="row options">
          <label className="field inline"><span>{t('rta.snapshot')}</span><input aria-label={t('rta.snapshot')} size={48} value={features} onChange={(e) => setFeatures(e.target.value)} placeholder={t('rta.snapshotPlaceholder')} /></label>
          <button onClick={() => void start()} disabled={busy || !features.trim()}>{busy ? t('rta.starting') : t('rta.start')}</button>
        </div>
      )}
      {server && (
        <>
          <p data-testid="rta-server">{t('rta.serving')} <code>{server.url}</code>{t('rta.servingInfo', { version: server.info.bundleVersion, ids: server.info.snapshotIds, strategy: server.info.strategy })} <button className="ghost" onClick={() => void stop()} disabled={busy}>{t('rta.stop')}</button></p>
          <div className="row options">
            <label className="field inline"><span>{t('rta.deviceId')}</span>
              <select aria-label={t('rta.deviceIdField')} value={field} onChange={(e) => setField(e.target.value as DeviceIdField)}>{DEVICE_ID_FIELDS.map((f) => <option key={f} value={f}>{f}</option>)}</select>
            </label>
            <input aria-label={t('rta.deviceId')} className="mono" size={36} value={deviceId} onChange={(e) => setDeviceId(e.target.value)} />
            <label className="field inline"><input type="checkbox" checked={test} onChange={(e) => setTest(e.target.checked)} /><span>{t('rta.test')}</span></label>
            <button className="primary" onClick={() => void send()} disabled={busy || !deviceId.trim()}>{t('rta.send')}</button>
          </div>
          {server.sampleIds.length > 0 && (
            <p className="muted small">{t('rta.idsInSnapshot')} {server.sampleIds.map((id, k) => <span key={id}>{k > 0 ? ' · ' : ''}<button className="link mono" title={id} onClick={() => setDeviceId(id)}>{id.slice(0, 12)}…</button></span>)}</p>
          )}
        </>
      )}
      <ErrorBanner error={error} onClose={() => setError(null)} />
      {sent.length > 0 && (
        <table className="compact" aria-label={t('rta.answers')}>
          <thead><tr><th>#</th><th>{t('rta.deviceIdHead')}</th><th>HTTP</th><th>{t('rta.outcome')}</th><th>{t('rta.bid')}</th><th>{t('rta.coefficient')}</th><th>{t('rta.targeting')}</th><th>{t('rta.credit')}</th><th>{t('rta.cell')}</th><th>{t('rta.reasons')}</th><th>{t('rta.serverUs')}</th><th>{t('rta.roundTrip')}</th></tr></thead>
          <tbody>{sent.map(({ n, field: f, deviceId: id, result }) => {
            const a = result.answer as Answer;
            return (
              <tr key={n}>
                <td>{n}</td><td className="mono small" title={`${f} ${id}`}>{f} {id.slice(0, 10)}…</td><td>{result.status}</td>
                <td>{a.error ?? a.outcome}</td><td>{a.bid ? t('rta.bid') : t('rta.noBid')}</td><td>{a.bid ? a.bid_coefficient : ''}</td>
                <td>{a.targeting_score ?? ''}</td><td>{a.credit_score ?? ''}</td><td>{a.cell?.join(' × ') ?? ''}</td><td className="small">{a.reason_codes?.join(', ') ?? ''}</td>
                <td>{a.processing_time_us ?? ''}</td><td>{result.ms.toFixed(1)}</td>
              </tr>
            );
          })}</tbody>
        </table>
      )}
    </section>
  );
}
