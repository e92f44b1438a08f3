import { AppError } from '../../types/errors';
import type { ServiceEvent } from '../contract';
import type { JobRunner } from './job-runner';

let queued = 0;

/**
 * One writer per workspace: a change made while a job writes there waits its turn — shown to
 * every client as a queued job ('after the import job', 'after the profile and import jobs') —
 * instead of failing on the lock.
 */
export async function afterRunningJobs<T>(jobs: JobRunner, emit: (e: ServiceEvent) => void, workspace: string, work: () => T | Promise<T>): Promise<T> {
  const id = `queued-${++queued}`;
  const kinds = [...new Set(jobs.kindsOn(workspace))];
  const what = kinds.length === 0 ? 'the running job' : `the ${kinds.slice(0, -1).join(', ')}${kinds.length > 1 ? ' and ' : ''}${kinds.at(-1)} job${kinds.length > 1 ? 's' : ''}`;
  emit({ event: 'job.started', payload: { id, kind: 'queued' } });
  emit({ event: 'job.progress', payload: { id, phase: 'queued', done: 0, total: 0, message: `after ${what}` } });
  try {
    await jobs.idle(workspace);
    const result = await work();
    emit({ event: 'job.finished', payload: { id, ok: true, code: null } });
    return result;
  } catch (e) {
    emit({ event: 'job.finished', payload: { id, ok: false, code: e instanceof AppError ? e.code : 'INTERNAL' } });
    throw e;
  }
}
