import type { Progress } from '../../types/progress';
import type { MessageKey, Translator } from '../../i18n/translate';

const PHASES = ['read', 'write', 'train', 'select', 'score', 'profile', 'woe', 'tune', 'stepwise', 'queued', 'partner', 'match', 'lender', 'hash', 'commit', 'bin'] as const;
const known = (phase: string): phase is (typeof PHASES)[number] => (PHASES as readonly string[]).includes(phase);

/**
 * A job's progress for the reader: in English the job's own sentence; in another language the
 * step's name, how far it is and its live figures (loss, validation AUC) — made here from the
 * event's codes and numbers, not from the English sentence.
 */
export function progressText(p: Progress, tr: Translator, withPhase = true): string {
  if (tr.locale === 'en') return withPhase ? `${p.phase}: ${p.message}` : p.message;
  const parts = [known(p.phase) ? tr.t(`phase.${p.phase}` as MessageKey) : p.phase];
  if (p.total > 0) parts.push(`${tr.num(p.done)}/${tr.num(p.total)}`);
  if (p.metrics?.loss !== undefined) parts.push(tr.t('phase.loss', { loss: p.metrics.loss.toFixed(4) }));
  if (p.metrics?.valAuc !== undefined) parts.push(tr.t('phase.valAuc', { auc: p.metrics.valAuc.toFixed(4) }));
  return parts.join(' · ');
}
