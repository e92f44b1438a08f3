import type { WireError } from '../../types/errors';
import { phraseError, phraseErrorDetails } from '../../i18n/phrase-error';
import { useI18n } from '../i18n/I18nContext';

/** Shows an error in the user's language, with its code and where it happened, and a way to dismiss it (never an empty banner). */
export function ErrorBanner({ error, onClose }: { error: WireError | null; onClose?: () => void }) {
  const { t, tr, locale } = useI18n();
  if (!error) return null;
  const details = phraseErrorDetails(error, tr);
  // In another language the core's English sentence still says the most: it follows, smaller.
  const original = locale !== 'en' && error.message.trim() ? error.message.trim() : null;
  return (
    <div className="error-banner" role="alert">
      <div>
        <strong>{phraseError(error, tr)}</strong>
        {original && <div className="small original-message" lang="en">{original}</div>}
        {details.length > 0 && <div className="muted small">{details.join(' · ')}</div>}
        <div className="muted small">{t('error.code', { code: error.code })}</div>
      </div>
      {onClose && <button className="ghost" onClick={onClose} aria-label={t('error.dismiss')}>✕</button>}
    </div>
  );
}

export function toWire(err: unknown): WireError {
  if (err && typeof err === 'object' && 'code' in err && 'message' in err) {
    const e = err as { code: WireError['code']; message: string; details?: WireError['details'] };
    return { code: e.code, message: e.message, details: e.details ?? {} };
  }
  return { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err), details: {} };
}
