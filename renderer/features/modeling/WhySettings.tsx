import type { StoredModel } from '../../../service/contract';

const sourceText = (s: NonNullable<StoredModel['featureSource']>) =>
  s.kind === 'selection' ? `the stored selection #${s.selectionId} (${s.createdAt.slice(0, 16).replace('T', ' ')})` : s.kind === 'request' ? 'your list' : `the defaults: ${s.rule}`;

/**
 * "Why these settings": where the inputs came from, which outcomes were left out and which
 * suspects were kept on purpose, and what cross-validation on the train rows chose (penalty,
 * inputs, each variable's binning) against the alternatives it tried.
 */
export function WhySettings({ model }: { model: StoredModel & { id: number } }) {
  const { featureSource, leakage, settings } = model;
  if (!featureSource && !settings) return null;
  const penalty = settings?.penalty;
  const best = penalty ? Math.min(...penalty.candidates.map((c) => c.logLoss)) : 0;
  return (
    <section className="card why-settings" aria-label="Why these settings">
      <h4>Why these settings</h4>
      <ul className="small">
        {featureSource && <li data-testid="feature-source">Inputs ({model.features.length}) from {sourceText(featureSource)}: {model.features.map((f) => f.name).join(', ')}.</li>}
        {leakage && leakage.outcomesLeftOut.length > 0 && <li>Outcome columns left out: {leakage.outcomesLeftOut.join(', ')}.</li>}
        {leakage && leakage.allowed.length > 0 && <li className="warn">Kept despite the leakage check: {leakage.evidence.map((e) => `${e.column} (${e.detail})`).join('; ')}.</li>}
        {settings && settings.manual.length > 0 && <li>Set by hand (always wins): {settings.manual.join(', ')}.</li>}
        {penalty && <li>Cross-validation on the train rows ({penalty.folds} folds, {penalty.rows.toLocaleString()} rows) chose <strong>L2 {penalty.chosen.l2}</strong> on <strong>{penalty.chosen.inputs}</strong>: {penalty.reason}.</li>}
      </ul>
      {penalty && (
        <table className="compact" aria-label="Penalty candidates">
          <thead><tr><th>inputs</th><th>variables</th><th>L2</th><th>held-out log-loss</th><th>vs best</th></tr></thead>
          <tbody>{penalty.candidates.map((c, k) => (
            <tr key={k} className={c.inputs === penalty.chosen.inputs && c.l2 === penalty.chosen.l2 ? 'active' : ''}>
              <td>{c.inputs}</td><td>{c.features}</td><td>{c.l2}</td><td>{c.logLoss.toFixed(5)}</td><td>{(c.logLoss - best).toFixed(5)}</td>
            </tr>))}
          </tbody>
        </table>
      )}
      {settings && settings.binning.length > 0 && (
        <table className="compact" aria-label="Binning chosen by cross-validation">
          <thead><tr><th>variable</th><th>trend</th><th>min bin share</th><th>why</th></tr></thead>
          <tbody>{settings.binning.map((b) => <tr key={b.variable}><td>{b.variable}</td><td>{b.trend === 'none' ? 'free' : b.trend}</td><td>{b.minBinShare}</td><td className="reason">{b.reason}</td></tr>)}</tbody>
        </table>
      )}
    </section>
  );
}
