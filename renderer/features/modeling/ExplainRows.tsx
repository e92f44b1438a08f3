import { useState } from 'react';
import type { Explanation, StoredModel } from '../../../service/contract';
import { useClient } from '../../client/context';
import { toWire } from '../../components/ErrorBanner';
import type { WireError } from '../../../types/errors';
import { useI18n } from '../../i18n/I18nContext';

/** Why a row scored as it did under the trees: each input's TreeSHAP contribution, the adverse reasons first. */
export function ExplainRows({ workspace, model, onError }: { workspace: string; model: StoredModel & { id: number }; onError: (e: WireError) => void }) {
  const client = useClient();
  const { t, tr } = useI18n();
  const [rows, setRows] = useState('1');
  const [result, setResult] = useState<Explanation | null>(null);
  const explain = async () => {
    try {
      setResult(await client.call('model.explain', { workspace, model: model.id, rows: rows.split(/[,\s]+/).filter(Boolean).map(Number), top: 3 }));
    } catch (e) { onError(toWire(e)); }
  };
  const r = result?.rows[0];
  return (
    <section className="card explain-rows" aria-label={t('explain.title')}>
      <h4>{t('explain.title')}</h4>
      <div className="row">
        <label className="field inline"><span>{t('explain.row')}</span><input aria-label={t('explain.row')} size={8} value={rows} onChange={(e) => setRows(e.target.value)} onKeyDown={(e) => { if (e.key === 'Enter') void explain(); }} /></label>
        <button className="small" onClick={() => void explain()}>{t('explain.run')}</button>
      </div>
      {r && (
        <>
          <p className="small" data-testid="explain-summary">{t('explain.summary', { row: r.row, probability: tr.pct(r.probability, 1), logOdds: r.logOdds.toFixed(3), expected: r.expected.toFixed(3) })}</p>
          <table className="compact" aria-label={t('explain.table')}>
            <thead><tr><th>{t('explain.input')}</th><th>{t('explain.value')}</th><th>{t('explain.contribution')}</th></tr></thead>
            <tbody>{[...r.contributions].sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution)).map((c) => (
              <tr key={c.input} className={r.reasons.some((x) => x.input === c.input) ? 'chosen' : ''}>
                <td>{c.input}</td><td>{c.value ?? t('binLabel.missing')}</td><td>{`${c.contribution >= 0 ? '+' : ''}${c.contribution.toFixed(4)}`}</td>
              </tr>))}
            </tbody>
          </table>
          <p className="muted small">{t(result?.method === 'integrated-gradients' ? 'explain.noteIg' : 'explain.note')}</p>
        </>
      )}
    </section>
  );
}
