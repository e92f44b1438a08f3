import { useEffect, useState } from 'react';
import type { PipelineStatus, StepId } from '../../../service/contract';
import { useClient } from '../../client/context';

const LABELS: Record<StepId, string> = {
  data: 'Data', samples: 'Samples', binning: 'Binning', selection: 'Selection', model: 'Model', scorecard: 'Scorecard', strategy: 'Strategy', export: 'Export',
};
const ICONS = { todo: '○', done: '✔', stale: '⚠' } as const;

/** The pipeline of the dataset and target as steps, each not done, done or stale; a click opens the step's view. */
export function PipelineBar({ workspace, dataset, target, onOpen }: { workspace: string; dataset: string; target: string; onOpen: (step: StepId) => void }) {
  const client = useClient();
  const [status, setStatus] = useState<PipelineStatus | null>(null);
  useEffect(() => {
    let live = true;
    const load = () => void client.call('pipeline.status', { workspace, dataset, target }).then((s) => { if (live) setStatus(s); }, () => { if (live) setStatus(null); });
    load();
    const off = client.on('workspace.changed', load);
    return () => { live = false; off(); };
  }, [client, workspace, dataset, target]);
  if (!status) return null;
  return (
    <ol className="pipeline-bar" aria-label="Pipeline">
      {status.steps.map((s) => (
        <li key={s.id}>
          <button className={`step step-${s.state}`} onClick={() => onOpen(s.id)} aria-label={`${LABELS[s.id]}: ${s.state === 'todo' ? 'not done' : s.state}`}
            title={`${s.detail}${s.state === 'stale' && s.staleBecause ? ` — stale: ${LABELS[s.staleBecause].toLowerCase()} changed after it` : ''}${s.at ? ` (${new Date(s.at).toLocaleString()})` : ''}`}>
            <span className="step-icon" aria-hidden>{ICONS[s.state]}</span>{LABELS[s.id]}
          </button>
        </li>
      ))}
    </ol>
  );
}
