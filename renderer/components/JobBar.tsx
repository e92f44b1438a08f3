import { useEffect, useState } from 'react';
import type { Progress } from '../../types/progress';
import { useClient } from '../client/context';

interface Job {
  id: string;
  kind: string;
  progress: Progress | null;
  startedAt: number;
}

const KIND_NAMES: Record<string, string> = {
  import: 'Importing', profile: 'Profiling', pseudonymize: 'Pseudonymizing', join: 'Joining', bin: 'Binning', woe: 'Writing WOE',
  select: 'Selecting', train: 'Training', evaluate: 'Evaluating', export: 'Exporting', score: 'Scoring', demo: 'Generating', split: 'Splitting', scorecard: 'Building scorecard', queued: 'Waiting',
};
/** Jobs shorter than this never flash the bar. */
const SHOW_AFTER_MS = 400;

/** The header's job bar: every long job that is running, where it is, and a Cancel — wherever the user is looking. */
export function JobBar() {
  const client = useClient();
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
    <div className="job-bar" role="status" aria-label="Running job" data-testid="job-bar">
      <span className="job-name">{KIND_NAMES[j.kind] ?? j.kind}{shown.length > 1 ? ` (+${shown.length - 1} more)` : ''}</span>
      <div className={`job-track${fraction === null ? ' indeterminate' : ''}`}><div className="job-fill" style={{ width: fraction === null ? '30%' : `${(fraction * 100).toFixed(1)}%` }} /></div>
      <span className="job-message small" title={p?.message}>{p?.message ?? 'starting…'}</span>
      <span className="muted small job-elapsed">{((Date.now() - j.startedAt) / 1000).toFixed(0)} s</span>
      <button className="small" onClick={() => void client.call('jobs.cancel', { jobId: j.id })}>Cancel</button>
    </div>
  );
}
