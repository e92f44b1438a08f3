import { useState } from 'react';
import { useI18n } from '../../i18n/I18nContext';
import type { CompareResult } from '../../../service/contract';
import { useClient } from '../../client/context';
import { ErrorBanner } from '../../components/ErrorBanner';
import { ProgressBar } from '../../components/ProgressBar';
import { useJob } from '../../components/useJob';
import { FilePicker } from '../files/FilePicker';

type Rate = CompareResult['arms'][number]['bids'];
type Mean = CompareResult['arms'][number]['valuePerBid'];
const pct = (x: number | null | undefined, d = 2) => (x === null || x === undefined ? '–' : `${(x * 100).toFixed(d)}%`);
const rateText = (r: Rate) => (r.rate === null ? '–' : `${pct(r.rate)} (${pct(r.lower)}–${pct(r.upper)})`);
const meanText = (m: Mean, asPct = false) => (m.mean === null ? '–' : asPct ? `${(m.mean * 100).toFixed(2)} pp (${(m.lower! * 100).toFixed(2)} … ${(m.upper! * 100).toFixed(2)})` : `${m.mean.toFixed(2)} (${m.lower!.toFixed(2)} … ${m.upper!.toFixed(2)})`);

/** Champion against challenger: the RTA server's decision log joined with later outcomes per user. */
export function ComparePanel() {
  const { t } = useI18n();
  const client = useClient();
  const job = useJob('compare');
  const [decisions, setDecisions] = useState('');
  const [outcomes, setOutcomes] = useState('');
  const [id, setId] = useState('');
  const [response, setResponse] = useState('');
  const [bad, setBad] = useState('');
  const [value, setValue] = useState('');
  const [result, setResult] = useState<CompareResult | null>(null);
  const run = async () => {
    const r = await job.run((jobId) => client.call('monitor.compare', { decisions, outcomes, jobId, ...(id ? { id } : {}), ...(response ? { response } : {}), ...(bad ? { bad } : {}), ...(value ? { value } : {}) }));
    if (r) setResult(r);
  };
  const field = (label: string, v: string, set: (s: string) => void) => <label className="field inline"><span>{label}</span><input aria-label={label} size={12} value={v} onChange={(e) => set(e.target.value)} /></label>;
  return (
    <details className="monitor-compare">
      <summary>{t('compare.title')}</summary>
      <p className="muted small">{t('compare.lead')}</p>
      <div className="toolbar wrap">
        <div className="monitor-bundle-path"><FilePicker label={t('compare.decisions')} value={decisions} onChange={setDecisions} extensions={['.jsonl', '.log', '.json']} placeholder="/path/to/rta.jsonl" /></div>
        <div className="monitor-bundle-path"><FilePicker label={t('compare.outcomes')} value={outcomes} onChange={setOutcomes} extensions={['.csv']} placeholder="/path/to/outcomes.csv" /></div>
      </div>
      <div className="toolbar wrap">
        {field(t('compare.id'), id, setId)}
        {field(t('compare.response'), response, setResponse)}
        {field(t('compare.bad'), bad, setBad)}
        {field(t('compare.value'), value, setValue)}
        <button className="small primary" disabled={job.running || !decisions || !outcomes || !(response || bad || value)} title={!(response || bad || value) ? t('compare.needOutcome') : ''} onClick={() => void run()}>{t('compare.run')}</button>
      </div>
      {job.running && <ProgressBar progress={job.progress} onCancel={job.cancel} />}
      <ErrorBanner error={job.error} onClose={() => job.setError(null)} />
      {result && (
        <div data-testid="compare-result">
          <p className="small">{t('compare.head', { decisions: result.decisions, outcomes: result.outcomeRows })}</p>
          <table className="compact" aria-label={t('compare.title')}>
            <thead><tr><th>{t('compare.model')}</th><th>{t('compare.users')}</th><th>{t('compare.bidRate')}</th><th>{t('compare.matched')}</th><th>{t('compare.responseRate')}</th><th>{t('compare.badRate')}</th><th>{t('compare.valuePerBid')}</th></tr></thead>
            <tbody>{result.arms.map((a) => (
              <tr key={a.model}><td>{a.model === 'champion' ? t('compare.champion') : a.model === 'challenger' ? t('compare.challenger') : a.model}</td><td>{a.users.toLocaleString()}</td><td>{rateText(a.bids)}</td><td>{a.matched.toLocaleString()}</td><td>{rateText(a.response)}</td><td>{rateText(a.bad)}</td><td>{meanText(a.valuePerBid)}</td></tr>
            ))}</tbody>
          </table>
          {result.difference && <p className="small">{t('compare.difference', { response: meanText(result.difference.response, true), bad: meanText(result.difference.bad, true), value: meanText(result.difference.valuePerBid) })}</p>}
          {result.switchedUsers > 0 && <p className="muted small">{t('compare.switched', { users: result.switchedUsers })}</p>}
        </div>
      )}
    </details>
  );
}
