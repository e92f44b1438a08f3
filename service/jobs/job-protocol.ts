import type { ImportRequest } from '../../data/import/import-dataset';
import type { JoinRequest } from '../../data/join/join-datasets';
import type { DemoRequest } from '../../data/demo/generate-session';
import type { PseudonymizeRequest } from '../../data/pseudonymize/pseudonymize-file';
import type { BinRequest } from '../binning/bin-dataset';
import type { WoeRequest } from '../binning/woe-dataset';
import type { SelectRequest } from '../modeling/select-features';
import type { TrainRequest } from '../modeling/train-model';
import type { ExportRequest } from '../export/export-bundle';
import type { ScoreFileRequest } from '../export/score-file';
import type { WireResult } from '../../types/errors';
import type { Progress } from '../../types/progress';

/** The jobs a worker runs. Each writes to one workspace inside one transaction. */
export type JobRequest =
  | { kind: 'import'; workspace: string; request: ImportRequest }
  | { kind: 'profile'; workspace: string; dataset: string; target: string | null; event?: string }
  | { kind: 'join'; workspace: string; request: JoinRequest }
  | { kind: 'bin'; workspace: string; request: BinRequest }
  | { kind: 'woe'; workspace: string; request: WoeRequest }
  | { kind: 'demo'; workspace: string; request: DemoRequest }
  | { kind: 'train'; workspace: string; request: TrainRequest }
  | { kind: 'evaluate'; workspace: string; model: number; dataset?: string }
  | { kind: 'select'; workspace: string; request: SelectRequest }
  | { kind: 'export'; workspace: string; request: ExportRequest }
  /** `workspace` is the output file here. */
  | { kind: 'score'; workspace: string; request: ScoreFileRequest }
  /** `workspace` is the output file here: jobs writing the same file run one after another. */
  | { kind: 'pseudonymize'; workspace: string; request: PseudonymizeRequest };

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
