import { useEffect, useState } from 'react';
import type { PipelineStatus, StepId } from '../../../service/contract';
import { useClient } from '../../client/context';
import { useI18n } from '../../i18n/I18nContext';
import { phraseSaid } from '../../../i18n/phrase-said';

const ICONS = { todo: '○', done: '✔', stale: '⚠' } as const;

/** The pipeline of the dataset and target as steps, each not done, done or stale; a click opens the step's view. */
export function PipelineBar({ workspace, dataset, target, onOpen }: { workspace: string; dataset: string; target: string; onOpen: (step: StepId) => void }) {
  const client = useClient();
  const { t, tr } = useI18n();
  const label = (id: StepId) => t(`pipeline.${id}`);
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
    <ol className="pipeline-bar" aria-label={t('pipeline.label')}>
      {status.steps.map((s) => (
        <li key={s.id}>
          <button className={`step step-${s.state}`} onClick={() => onOpen(s.id)} aria-label={`${label(s.id)}: ${t(`pipeline.state.${s.state}`)}`}
            title={`${phraseSaid(s.said, tr)}${s.state === 'stale' && s.staleBecause ? ` — ${t('pipeline.staleBecause', { step: label(s.staleBecause) })}` : ''}${s.at ? ` (${tr.dateTime(s.at)})` : ''}`}>
            <span className="step-icon" aria-hidden>{ICONS[s.state]}</span>{label(s.id)}
          </button>
        </li>
      ))}
    </ol>
  );
}
