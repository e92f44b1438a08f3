import { importDataset } from '../../data/import/import-dataset';
import { joinDatasets } from '../../data/join/join-datasets';
import { generateDemoSession } from '../../data/demo/generate-session';
import { profileDataset } from '../../data/profile/profile-dataset';
import { pseudonymizeFile } from '../../data/pseudonymize/pseudonymize-file';
import { openWorkspaceDb } from '../../data/workspace/open-workspace';
import type { JobControls } from '../../types/progress';
import { binDataset } from '../binning/bin-dataset';
import { woeDataset } from '../binning/woe-dataset';
import type { JobRequest } from './job-protocol';
import { trainModel } from '../modeling/train-model';
import { evaluateModel } from '../modeling/evaluate-model';
import { selectFeatures } from '../modeling/select-features';
import { startComputeHelper } from './compute-helper';
import { exportBundle } from '../export/export-bundle';
import { scoreFile } from '../export/score-file';

/**
 * Runs one job on its own connection to the workspace (the one writer), with a helper thread
 * for profiling, closing both afterwards. Each job is one transaction.
 */
export async function runJob(job: JobRequest, controls: JobControls, workerScript: string): Promise<unknown> {
  if (job.kind === 'demo') return generateDemoSession(job.request, controls);
  if (job.kind === 'pseudonymize') {
    const helper = startComputeHelper(workerScript);
    try {
      return await pseudonymizeFile(job.request, controls, helper.pseudonymizer);
    } finally {
      await helper.stop();
    }
  }
  if (job.kind === 'score') return scoreFile(job.request, controls);
  if (job.kind === 'train' || job.kind === 'evaluate' || job.kind === 'select' || job.kind === 'export') {
    const db = openWorkspaceDb(job.workspace);
    try {
      if (job.kind === 'train') return await trainModel(db, job.request, controls);
      if (job.kind === 'select') return await selectFeatures(db, job.request, controls);
      if (job.kind === 'export') return await exportBundle(db, job.request);
      return await evaluateModel(db, job.model, job.dataset);
    } finally {
      db.close();
    }
  }
  const db = openWorkspaceDb(job.workspace);
  const helper = startComputeHelper(workerScript);
  try {
    if (job.kind === 'import') return await importDataset(db, job.request, controls, helper.profiler);
    if (job.kind === 'join') return await joinDatasets(db, job.request, controls, helper.profiler);
    if (job.kind === 'bin') return await binDataset(db, job.request, controls, helper.binner);
    if (job.kind === 'woe') return await woeDataset(db, job.request, controls, helper.profiler);
    db.exec('BEGIN IMMEDIATE');
    try {
      const profile = await profileDataset(db, job.dataset, { target: job.target, ...(job.event !== undefined ? { event: job.event } : {}) }, controls, helper.profiler);
      db.exec('COMMIT');
      return profile;
    } catch (err) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw err;
    }
  } finally {
    await helper.stop();
    db.close();
  }
}
