import { importDataset } from '../../data/import/import-dataset';
import { profileDataset } from '../../data/profile/profile-dataset';
import { openWorkspaceDb } from '../../data/workspace/open-workspace';
import type { JobControls } from '../../types/progress';
import type { JobRequest } from './job-protocol';

/** Runs one job on its own connection to the workspace (the one writer), closing it afterwards. */
export async function runJob(job: JobRequest, controls: JobControls): Promise<unknown> {
  const db = openWorkspaceDb(job.workspace);
  try {
    if (job.kind === 'import') return await importDataset(db, job.request, controls);
    return db.transaction(() => profileDataset(db, job.dataset, { target: job.target, ...(job.event !== undefined ? { event: job.event } : {}) }, controls))();
  } finally {
    db.close();
  }
}
