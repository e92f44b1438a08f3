import type { Progress } from '../../types/progress';
import { useI18n } from '../i18n/I18nContext';
import { progressText } from '../i18n/progress-text';

export function ProgressBar({ progress, onCancel }: { progress: Progress | null; onCancel?: () => void }) {
  const { t, tr } = useI18n();
  const frac = progress && progress.total > 0 ? Math.min(1, progress.done / progress.total) : null;
  return (
    <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={frac === null ? undefined : Math.round(frac * 100)}>
      <div className="progress-track">
        <div className={`progress-fill${frac === null ? ' indeterminate' : ''}`} style={{ width: frac === null ? '30%' : `${(frac * 100).toFixed(1)}%` }} />
      </div>
      <div className="progress-text">
        <span>{progress ? progressText(progress, tr) : t('job.starting')}</span>
        {onCancel && <button onClick={onCancel}>{t('job.cancel')}</button>}
      </div>
    </div>
  );
}
