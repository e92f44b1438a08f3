import { useEffect, useState } from 'react';
import type { Progress } from '../../types/progress';
import { useClient } from '../client/context';
import { useI18n } from '../i18n/I18nContext';
import { progressText } from '../i18n/progress-text';

interface Job {
  id: string;
  kind: string;
  progress: Progress | null;
  startedAt: number;
}

const KINDS = ['import', 'profile', 'pseudonymize', 'join', 'bin', 'woe', 'select', 'train', 'evaluate', 'export', 'score', 'demo', 'split', 'scorecard', 'monitor', 'psi', 'queued'] as const;
const isKind = (k: string): k is (typeof KINDS)[number] => (KINDS as readonly string[]).includes(k);
/** Jobs shorter than this never flash the bar. */
const SHOW_AFTER_MS = 400;

/** The header's job bar: every long job that is running, where it is, and a Cancel — wherever the user is looking. */
export function JobBar() {
  const client = useClient();
  const { t, tr } = useI18n();
  const [jobs, setJobs] = useState<Job[]>([]);
  const [, tick] = useState(0);
  useEffect(() => {
    const off = [
      client.on('job.started', (j) => setJobs((js) => [...js.filter((x) => x.id !== j.id), { id: j.id, kind: j.kind, progress: null, startedAt: Date.now() }])),
      client.on('job.progress', (p) => setJobs((js) => js.map((x) => (x.id === p.id ? { ...x, progress: p } : x)))),
      client.on('job.finished', (j) => setJobs((js) => js.filter((x) => x.id !== j.id))),
    ];
    return () => off.forEach((f) => f());
  }, [client]);
  useEffect(() => {
    if (jobs.length === 0) return;
    const t = setInterval(() => tick((v) => v + 1), 250);
    return () => clearInterval(t);
  }, [jobs.length]);
  const shown = jobs.filter((j) => Date.now() - j.startedAt >= SHOW_AFTER_MS);
  if (shown.length === 0) return null;
  const j = shown[shown.length - 1]!;
  const p = j.progress;
  const fraction = p && p.total > 0 ? Math.min(1, p.done / p.total) : null;
  return (
    <div className="job-bar" role="status" aria-label={t('job.running')} data-testid="job-bar">
      <span className="job-name">{isKind(j.kind) ? t(`job.kind.${j.kind}`) : j.kind}{shown.length > 1 ? ` ${t('job.more', { count: shown.length - 1 })}` : ''}</span>
      <div className={`job-track${fraction === null ? ' indeterminate' : ''}`}><div className="job-fill" style={{ width: fraction === null ? '30%' : `${(fraction * 100).toFixed(1)}%` }} /></div>
      <span className="job-message small" title={p?.message}>{p ? progressText(p, tr, false) : t('job.starting')}</span>
      <span className="muted small job-elapsed">{((Date.now() - j.startedAt) / 1000).toFixed(0)} s</span>
      <button className="small" onClick={() => void client.call('jobs.cancel', { jobId: j.id })}>{t('job.cancel')}</button>
    </div>
  );
}
