import type { Database } from 'better-sqlite3';
import { boostHelperScript, startHistogramHelper } from './histogram-helper';
import type { HistogramInputs } from '../../models/gbdt/histogram';
import { importDataset } from '../../data/import/import-dataset';
import { joinDatasets } from '../../data/join/join-datasets';
import { generateDemoSession } from '../../data/demo/generate-session';
import { generateCampaign } from '../../data/demo/generate-campaign';
import { profileDataset } from '../../data/profile/profile-dataset';
import { pseudonymizeFile } from '../../data/pseudonymize/pseudonymize-file';
import { runPsi } from '../../data/psi/run-psi';
import { blindInChunks } from '../../data/psi/blind-many';
import { openWorkspaceDb } from '../../data/workspace/open-workspace';
import type { JobControls } from '../../types/progress';
import { binDataset } from '../binning/bin-dataset';
import { woeDataset } from '../binning/woe-dataset';
import type { JobKind, JobKinds, JobRequest, JobResult } from './job-protocol';
import { inferRejects } from '../modeling/infer-rejects';
import { fitUplift } from '../uplift/fit-uplift';
import { trainModel } from '../modeling/train-model';
import { evaluateModel } from '../modeling/evaluate-model';
import { selectFeatures } from '../modeling/select-features';
import { splitDataset } from '../modeling/split-dataset';
import { buildModelScorecard } from '../modeling/build-scorecard';
import { startComputeHelper } from './compute-helper';
import { exportBundle } from '../export/export-bundle';
import { scoreFile } from '../export/score-file';
import { runMonitor } from '../monitor/run-monitor';
import { csvPartHelper, csvPartHelperScript } from '../monitor/csv-part-helper';
import type { CsvPartReader } from '../monitor/read-monitor-columns';
import { compareDecisions } from '../monitor/compare-decisions';
import { saveRun } from '../monitor/monitor-store';

/** What a job may use, opened only when it asks: its workspace's connection (the one writer) and a helper thread. */
interface JobEnv {
  controls: JobControls;
  db(): Database;
  helper(): ReturnType<typeof startComputeHelper>;
  /** A second thread for tree histograms (its own lifetime: the training closes it). */
  histograms(inputs: HistogramInputs): ReturnType<typeof startHistogramHelper>;
  /** A second thread reading half of a large CSV (closed with the job). */
  csvParts(): CsvPartReader;
}

type Runner<K extends JobKind> = (request: JobKinds[K]['request'], env: JobEnv) => Promise<JobResult<K>> | JobResult<K>;

/** The one place a job kind meets its implementation; the table's type makes it complete and each result the declared one. */
const RUNNERS: { [K in JobKind]: Runner<K> } = {
  import: (r, e) => importDataset(e.db(), r, e.controls, e.helper().profiler, e.helper().csvSegments),
  profile: (r, e) => inTransaction(e.db(), () => profileDataset(e.db(), r.dataset, { target: r.target, ...(r.event !== undefined ? { event: r.event } : {}) }, e.controls, e.helper().profiler)),
  join: (r, e) => joinDatasets(e.db(), r, e.controls, e.helper().profiler, e.helper().keyMatcher, e.helper().gatherer),
  split: (r, e) => splitDataset(e.db(), r, e.controls),
  bin: (r, e) => binDataset(e.db(), r, e.controls, e.helper().binner),
  woe: (r, e) => woeDataset(e.db(), r, e.controls, e.helper().profiler),
  select: (r, e) => selectFeatures(e.db(), r, e.controls),
  train: (r, e) => trainModel(e.db(), r, e.controls, e.histograms),
  infer: (r, e) => inferRejects(e.db(), r, e.controls),
  uplift: (r, e) => fitUplift(e.db(), r, e.controls),
  evaluate: (r, e) => evaluateModel(e.db(), r.model, r.dataset),
  scorecard: (r, e) => buildModelScorecard(e.db(), r, e.controls),
  export: (r, e) => exportBundle(e.db(), r),
  // The helper starts only when the sample is large enough to be made on two threads.
  demo: (r, e) => generateDemoSession(r, e.controls, (task) => e.helper().demoParts(task)),
  campaign: (r, e) => generateCampaign(r, e.controls),
  score: (r, e) => scoreFile(r, e.controls, e.helper().scorer),
  compare: (r, e) => compareDecisions(r, e.controls),
  monitor: async (r, e) => {
    // A large CSV is read on both threads: the helper starts only when the file is cut in two.
    const result = await runMonitor(r, r.dataset !== undefined || r.save ? e.db : null, e.controls, e.csvParts());
    if (r.save) saveRun(e.db(), result);
    return result;
  },
  pseudonymize: (r, e) => pseudonymizeFile(r, e.controls, e.helper().pseudonymizer),
  psi: (r, e) => runPsi(r, e.controls, blindInChunks(r.step === 'apply' ? null : e.helper().blinder)),
};

async function inTransaction<T>(db: Database, work: () => Promise<T>): Promise<T> {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = await work();
    db.exec('COMMIT');
    return result;
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw err;
  }
}

/** Runs one job in this worker, closing the workspace connection and the helper thread it opened afterwards. */
export async function runJob<K extends JobKind>(job: JobRequest<K>, controls: JobControls, workerScript: string): Promise<JobResult<K>> {
  let db: Database | null = null;
  let helper: ReturnType<typeof startComputeHelper> | null = null;
  let csv: ReturnType<typeof csvPartHelper> | null = null;
  const env: JobEnv = {
    controls,
    db: () => (db ??= openWorkspaceDb(job.workspace)),
    helper: () => (helper ??= startComputeHelper(workerScript)),
    histograms: (inputs) => startHistogramHelper(boostHelperScript(workerScript), inputs),
    csvParts: () => (csv ??= csvPartHelper(csvPartHelperScript(workerScript))),
  };
  try {
    return await (RUNNERS[job.kind] as Runner<K>)(job.request as JobKinds[K]['request'], env);
  } finally {
    await (helper as ReturnType<typeof startComputeHelper> | null)?.stop();
    await (csv as ReturnType<typeof csvPartHelper> | null)?.stop();
    (db as Database | null)?.close();
  }
}
