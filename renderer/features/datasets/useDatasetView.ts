import { useEffect, useRef, useState } from 'react';
import type { DatasetDetail, DatasetProfile } from '../../../types/dataset';
import type { WireError } from '../../../types/errors';
import { useClient } from '../../client/context';
import { toWire } from '../../components/ErrorBanner';
import { useJob } from '../../components/useJob';

/**
 * The dataset on screen: its detail, the chosen column and target, and its profile (a job, loaded
 * when the dataset or the target changes — not when a role or party edit returns a new detail).
 */
export function useDatasetView(workspace: string, selected: string | null, onError: (e: WireError) => void) {
  const client = useClient();
  const [detail, setDetail] = useState<DatasetDetail | null>(null);
  const [column, setColumn] = useState<string | null>(null);
  const [target, setTarget] = useState('');
  const [profile, setProfile] = useState<DatasetProfile | null>(null);
  const profiling = useJob('ui-profile');
  const report = useRef(onError);
  report.current = onError;

  useEffect(() => {
    if (!selected) { setDetail(null); return; }
    client.call('datasets.get', { workspace, dataset: selected }).then((d) => {
      setDetail(d);
      setColumn(null);
      setTarget(d.columns.find((c) => c.role === 'target')?.name ?? '');
    }, (e: unknown) => report.current(toWire(e)));
  }, [client, workspace, selected]);

  const datasetId = detail?.id ?? null;
  const datasetName = detail?.name ?? null;
  useEffect(() => {
    setProfile(null);
    if (datasetName === null) return;
    let current = true;
    void profiling.run((jobId) => client.call('profile.get', { workspace, dataset: datasetName, target: target || null, jobId })).then((p) => {
      if (!current) return;
      if (p) { setProfile(p); return; }
      const e = profiling.lastError();
      if (e) report.current(e);
      if (target) setTarget('');
    });
    return () => { current = false; };
    // Not `profiling`: a new object each render. The job follows the dataset and the target.
  }, [client, workspace, datasetId, datasetName, target]);

  /** Reads the detail again (a split added a sample column, …), keeping the column and the profile. */
  const reload = () => {
    if (datasetName) client.call('datasets.get', { workspace, dataset: datasetName }).then(setDetail, (e: unknown) => report.current(toWire(e)));
  };
  return { detail, setDetail, column, setColumn, target, setTarget, profile, profiling: profiling.running ? profiling.progress ?? LOADING : null, reload };
}

const LOADING = { id: '', phase: 'profile', done: 0, total: 0, message: 'loading profile' };
