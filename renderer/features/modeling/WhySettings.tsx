import type { StoredModel } from '../../../service/contract';
import { useI18n } from '../../i18n/I18nContext';
import { phraseParam, phraseSaid } from '../../../i18n/phrase-said';
import type { Translator } from '../../../i18n/translate';

const sourceText = (s: NonNullable<StoredModel['featureSource']>, tr: Translator) => { const { t } = tr; return s.kind === 'selection' ? t('why.source.selection', { id: s.selectionId, at: s.createdAt.slice(0, 16).replace('T', ' ') }) : s.kind === 'request' ? t('why.source.request') : t('why.source.default', { rule: inputsName(s.rule, tr) }); };

/** A candidate input set's name in the reader's language ('IV >= 0.02' stays as written). */
const inputsName = (label: string, tr: Translator) => String(phraseParam('inputs', label, tr));

const TRENDS = ['ascending', 'descending', 'peak', 'valley', 'none'] as const;
const isTrend = (v: string): v is (typeof TRENDS)[number] => (TRENDS as readonly string[]).includes(v);

/**
 * "Why these settings": where the inputs came from, which outcomes were left out and which
 * suspects were kept on purpose, and what cross-validation on the train rows chose (penalty,
 * inputs, each variable's binning) against the alternatives it tried.
 */
export function WhySettings({ model }: { model: StoredModel & { id: number } }) {
  const { t, tr } = useI18n();
  const { featureSource, leakage, settings } = model;
  if (!featureSource && !settings) return null;
  const penalty = settings?.penalty;
  const best = penalty ? Math.min(...penalty.candidates.map((c) => c.logLoss)) : 0;
  return (
    <section className="card why-settings" aria-label={t('why.title')}>
      <h4>{t('why.title')}</h4>
      <ul className="small">
        {featureSource && <li data-testid="feature-source">{t('why.inputs', { count: model.features.length, source: sourceText(featureSource, tr), names: model.features.map((f) => f.name).join(', ') })}</li>}
        {leakage && leakage.outcomesLeftOut.length > 0 && <li>{t('why.outcomesLeftOut', { columns: leakage.outcomesLeftOut.join(', ') })}</li>}
        {leakage && leakage.allowed.length > 0 && <li className="warn">{t('why.keptDespite', { evidence: leakage.evidence.map((e) => `${e.column} (${e.said ? phraseSaid(e.said, tr) : e.detail})`).join('; ') })}</li>}
        {settings && settings.manual.length > 0 && <li>{t('why.manual', { settings: settings.manual.join(', ') })}</li>}
        {penalty && <li>{t('why.cv', { folds: penalty.folds, rows: penalty.rows })} <strong>L2 {penalty.chosen.l2}</strong> {t('why.on')} <strong>{inputsName(penalty.chosen.inputs, tr)}</strong>: {penalty.said ? phraseSaid(penalty.said, tr) : penalty.reason}.</li>}
      </ul>
      {penalty && (
        <table className="compact" aria-label={t('why.penalty')}>
          <thead><tr><th>{t('why.inputsHead')}</th><th>{t('why.variables')}</th><th>L2</th><th>{t('why.logLoss')}</th><th>{t('why.vsBest')}</th></tr></thead>
          <tbody>{penalty.candidates.map((c, k) => (
            <tr key={k} className={c.inputs === penalty.chosen.inputs && c.l2 === penalty.chosen.l2 ? 'active' : ''}>
              <td>{inputsName(c.inputs, tr)}</td><td>{c.features}</td><td>{c.l2}</td><td>{c.logLoss.toFixed(5)}</td><td>{(c.logLoss - best).toFixed(5)}</td>
            </tr>))}
          </tbody>
        </table>
      )}
      {settings && settings.binning.length > 0 && (
        <table className="compact" aria-label={t('why.binningCv')}>
          <thead><tr><th>{t('why.variable')}</th><th>{t('why.trend')}</th><th>{t('why.minShare')}</th><th>{t('why.why')}</th></tr></thead>
          <tbody>{settings.binning.map((b) => <tr key={b.variable}><td>{b.variable}</td><td>{b.trend === 'none' ? t('iv.free') : isTrend(b.trend) ? t(`edit.trend.${b.trend}`) : b.trend}</td><td>{b.minBinShare}</td><td className="reason">{b.said ? phraseSaid(b.said, tr) : b.reason}</td></tr>)}</tbody>
        </table>
      )}
    </section>
  );
}
