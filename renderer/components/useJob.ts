import { useEffect, useRef, useState } from 'react';
import type { WireError } from '../../types/errors';
import type { Progress } from '../../types/progress';
import { useClient } from '../client/context';
import { toWire } from './ErrorBanner';

/**
 * A long service call followed in the UI: a fresh job id per run, its progress events, a cancel,
 * and its error as a value (shown by ErrorBanner; `setError` also takes other errors of the form).
 */
export function useJob(prefix: string) {
  const client = useClient();
  const jobId = useRef('');
  const [progress, setProgress] = useState<Progress | null>(null);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<WireError | null>(null);
  const last = useRef<WireError | null>(null);
  useEffect(() => client.on('job.progress', (p) => { if (p.id === jobId.current) setProgress(p); }), [client]);
  const run = async <T>(fn: (jobId: string) => Promise<T>): Promise<T | undefined> => {
    jobId.current = `${prefix}-${Date.now()}`;
    setRunning(true);
    setError(null);
    setProgress(null);
    last.current = null;
    try {
      return await fn(jobId.current);
    } catch (e) {
      last.current = toWire(e);
      setError(last.current);
      return undefined;
    } finally {
      setRunning(false);
    }
  };
  const cancel = () => { void client.call('jobs.cancel', { jobId: jobId.current }); };
  /** The error of the run that just ended (state updates land later; a caller deciding what to show reads this). */
  const lastError = () => last.current;
  return { progress, running, error, setError, run, cancel, lastError };
}
