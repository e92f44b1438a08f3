import type { ImportRequest, ImportResult } from '../../data/import/import-dataset';
import type { JoinRequest, JoinResult } from '../../data/join/join-datasets';
import type { DemoRequest, DemoTruth } from '../../data/demo/generate-session';
import type { CampaignRequest, CampaignTruth } from '../../data/demo/generate-campaign';
import type { PseudonymizeRequest, PseudonymizeResult } from '../../data/pseudonymize/pseudonymize-file';
import type { PsiJob } from '../../data/psi/run-psi';
import type { PsiStepResult } from '../../data/psi/psi-steps';
import type { BinRequest } from '../binning/bin-dataset';
import type { WoeRequest, WoeResult } from '../binning/woe-dataset';
import type { SelectRequest, SelectResult } from '../modeling/select-features';
import type { TrainRequest, TrainResult } from '../modeling/train-model';
import type { InferRequest, InferResult } from '../modeling/infer-rejects';
import type { UpliftRequest, UpliftResult } from '../uplift/fit-uplift';
import type { Evaluation } from '../modeling/evaluate-model';
import type { SplitRequest, SplitResult } from '../modeling/split-dataset';
import type { ScorecardRequest, ScorecardResult } from '../modeling/build-scorecard';
import type { ExportRequest, ExportResult } from '../export/export-bundle';
import type { ScoreFileRequest, ScoreFileResult } from '../export/score-file';
import type { MonitorRequest, MonitorResult } from '../monitor/run-monitor';
import type { CompareRequest, CompareResult } from '../monitor/compare-decisions';
import type { BinningSet } from '../../types/binning';
import type { DatasetProfile } from '../../types/dataset';
import type { WireResult } from '../../types/errors';
import type { Progress } from '../../types/progress';

/**
 * Every job a worker runs: its request and its result, declared together, so a job kind cannot be
 * started with the wrong request or its result read as the wrong type. Each job writes to one
 * workspace (or one output file) inside one transaction.
 */
export interface JobKinds {
  import: { request: ImportRequest; result: ImportResult };
  profile: { request: { dataset: string; target: string | null; event?: string }; result: DatasetProfile };
  join: { request: JoinRequest; result: JoinResult };
  split: { request: SplitRequest; result: SplitResult };
  bin: { request: BinRequest; result: BinningSet };
  woe: { request: WoeRequest; result: WoeResult };
  select: { request: SelectRequest; result: SelectResult };
  train: { request: TrainRequest; result: TrainResult };
  infer: { request: InferRequest; result: InferResult };
  uplift: { request: UpliftRequest; result: UpliftResult };
  evaluate: { request: { model: number; dataset?: string }; result: Evaluation };
  scorecard: { request: ScorecardRequest; result: ScorecardResult };
  export: { request: ExportRequest; result: ExportResult };
  demo: { request: DemoRequest; result: DemoTruth };
  /** `workspace` is the output folder here. */
  campaign: { request: CampaignRequest; result: CampaignTruth };
  /** `workspace` is the output file here. */
  score: { request: ScoreFileRequest; result: ScoreFileResult };
  /** `workspace` is the output file here: jobs writing the same file run one after another. */
  pseudonymize: { request: PseudonymizeRequest; result: PseudonymizeResult };
  /** `workspace` is the workspace read (a dataset input) or the report file. */
  monitor: { request: MonitorRequest; result: MonitorResult };
  /** `workspace` is the decisions log. */
  compare: { request: CompareRequest; result: CompareResult };
  /** `workspace` is the step's main output file. */
  psi: { request: PsiJob; result: PsiStepResult };
}

export type JobKind = keyof JobKinds;
export type JobResult<K extends JobKind> = JobKinds[K]['result'];

/** One job: its kind, the workspace (or output file) it writes, and its request. */
export type JobRequest<K extends JobKind = JobKind> = { [P in K]: { kind: P; workspace: string; request: JobKinds[P]['request'] } }[K];

/** Parent → worker. `cancel` is a shared Int32 flag the job polls between steps. */
export interface WorkerStart {
  job: JobRequest;
  cancel: SharedArrayBuffer;
  /** The worker's own script, to start its profile helper from. */
  workerScript: string;
}

/** Worker → parent. */
export type WorkerMessage =
  | { type: 'progress'; progress: Omit<Progress, 'id'> }
  | { type: 'done'; result: WireResult<unknown> };
