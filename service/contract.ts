/**
 * The Workbench API: every operation the UI and the CLI can ask for, with its input and output
 * types, declared once. The Electron IPC bridge, the browser-mode HTTP routes and the CLI are all
 * typed from this map; the renderer imports it with `import type` only.
 */
import type { ImportPreview, ImportRequest, ImportResult } from '../data/import/import-dataset';
import type { AuditAnchor, AuditEntry, AuditVerification } from '../data/store/audit-log';
import type { EncodingOption } from '../data/import/encoding';
import type { DelimiterOption } from '../data/import/sniff';
import type { HashAlgorithm } from '../data/pseudonymize/hash-id';
import type { KeyKind } from '../data/pseudonymize/normalize';
import type { PseudonymizeResult } from '../data/pseudonymize/pseudonymize-file';
import type { PsiStepResult } from '../data/psi/psi-steps';
import type { DuplicatePolicy, JoinHow, JoinRequest, JoinResult } from '../data/join/join-datasets';
import type { DemoDrift, DemoRequest, DemoTruth } from '../data/demo/generate-session';
import type { DemoBundleRequest, DemoBundleResult } from './demo/demo-bundle';
import type { ColumnRole } from '../types/columns';
import type { NotPiiDeclaration } from '../data/import/pii-labels';
import type { FilterOp, RowFilter, RowSort, RowView } from '../data/view/row-order';
import type { BinRequest } from './binning/bin-dataset';
import type { WoeRequest, WoeResult } from './binning/woe-dataset';
import type { BinningAction, BinningRef } from './binning/edit-binning';
import type { BinningSet, VariableBinning } from '../types/binning';
import type { DatasetDetail, DatasetInfo, DatasetProfile, RowWindow } from '../types/dataset';
import type { Progress } from '../types/progress';
import type { WireResult } from '../types/errors';
import type { Locale } from '../i18n/locales';
import type { ModelSummary, StoredModel } from '../types/model';
import type { SplitRequest, SplitResult } from './modeling/split-dataset';
import type { TrainRequest, TrainResult } from './modeling/train-model';
import type { InferRequest, InferResult } from './modeling/infer-rejects';
import type { UpliftRequest, UpliftResult } from './uplift/fit-uplift';
import type { OffersExportResult } from './uplift/export-offers';
import type { UpliftSummary } from '../types/uplift';
import type { Evaluation } from './modeling/evaluate-model';
import type { Explanation } from './modeling/explain-model';
import type { Dependence } from './modeling/model-dependence';
import type { SelectRequest, SelectResult } from './modeling/select-features';
import type { ScorecardRequest, ScorecardResult } from './modeling/build-scorecard';
import type { Scorecard } from '../types/scorecard';
import type { CutoffRequest, CutoffResult } from './modeling/cutoff-analysis';
import type { FunnelRequest, FunnelResult } from './modeling/funnel-report';
import type { CutoffStrategyRequest, DecideRequest, StrategyRequest, TiersRequest } from './modeling/bid-strategy';
import type { IntentTier } from '../models/strategy/intent-tiers';
import type { Strategy } from '../types/strategy';
import type { ExportRequest, ExportResult } from './export/export-bundle';
import type { ScoreFileRequest, ScoreFileResult } from './export/score-file';
import type { MonitorRequest, MonitorResult } from './monitor/run-monitor';
import type { CampaignRequest, CampaignTruth } from '../data/demo/generate-campaign';
import type { CompareRequest, CompareResult } from './monitor/compare-decisions';
import type { MonitorThresholds } from '../models/monitor/thresholds';
import type { AuditExportRequest, AuditExportResult } from './audit/export-audit';
import type { PipelineStatus } from './pipeline/pipeline-status';
import type { SigningKeyInfo } from './signing/signing-key';
import type { PipelineStep, StepId, StepState } from './pipeline/pipeline-steps';
import type { RtaTrialAnswer, RtaTrialRequest, RtaTrialServer } from './rta/trial-servers';

export type { WoeResult };
export type { OutputEncoding } from '../data/export/output-encoding';
export type { PsiStepResult };
export type { PipelineStatus, PipelineStep, StepId, StepState };
export type { MonitorResult, CompareResult };
export type { AuditExportRequest, AuditExportResult, FilterOp, RowFilter, RowSort, RowView };
export type { ImportPreview, ImportRequest, ImportResult, AuditEntry, AuditVerification, PseudonymizeResult, HashAlgorithm, KeyKind, EncodingOption, DelimiterOption, JoinRequest, JoinResult, JoinHow, DuplicatePolicy, DemoDrift, DemoRequest, DemoTruth, BinRequest, BinningAction, BinningRef, BinningSet, VariableBinning, WoeRequest, SplitRequest, SplitResult, TrainRequest, TrainResult, InferRequest, InferResult, Evaluation, Explanation, Dependence, ModelSummary, StoredModel, SelectRequest, SelectResult, ScorecardRequest, ScorecardResult, Scorecard, CutoffRequest, CutoffResult, FunnelRequest, FunnelResult, CutoffStrategyRequest, DecideRequest, StrategyRequest, TiersRequest, IntentTier, Strategy, ExportRequest, ExportResult, ScoreFileRequest, ScoreFileResult, RtaTrialServer, RtaTrialRequest, RtaTrialAnswer };
export type { InferenceReport, InferenceMethod } from '../types/inference';
export type { UpliftRequest, UpliftResult, OffersExportResult };
export type { StoredUplift, UpliftSummary, UpliftArm, UpliftTier } from '../types/uplift';

/** Pseudonymizing a file on this party's machine: the secret is read from a file, never passed around. */
export interface PseudonymizeArgs {
  input: string;
  output: string;
  key: string;
  keyKind: KeyKind;
  hash?: HashAlgorithm;
  secretFile?: string;
  upper?: boolean;
  drop?: string[];
  encoding?: EncodingOption;
  delimiter?: DelimiterOption;
  /** A workspace whose audit log records the run (files' sha256 and parameters; never the secret). */
  workspace?: string;
  /** Replace an existing output file (else an existing output is refused). */
  overwrite?: boolean;
  /** Copied columns that look like personal data but are not, each with the reason (audited). */
  notPii?: NotPiiDeclaration[];
}

export interface BinningSummary {
  dataset: string;
  target: string;
  event: string;
  sample: string;
  variables: number;
  createdAt: string;
  updatedAt: string;
  /** Fitted on every row although the dataset now has a sample design: models will not use it unless it is named. */
  stale: boolean;
}

export interface WorkspaceInfo {
  path: string;
  name: string;
  version: number;
  datasets: DatasetInfo[];
}

export interface RecentWorkspace {
  path: string;
  name: string;
  openedAt: string;
  exists: boolean;
}

export interface AppInfo {
  version: string;
  /** Where the service runs: the Electron app, browser mode, or the CLI. */
  mode: 'electron' | 'browser' | 'cli';
  node: string;
  platform: string;
  workspaceVersion: number;
}

/** A long operation's arguments carry a client-chosen job id, so the caller can follow and cancel it. */
export interface JobArgs {
  jobId?: string;
}

export interface DirEntry {
  name: string;
  path: string;
  kind: 'dir' | 'file';
  size: number;
}

export interface WorkbenchApi {
  'app.info': (args: Record<string, never>) => AppInfo;
  'workspace.create': (args: { path: string }) => WorkspaceInfo;
  'workspace.open': (args: { path: string }) => WorkspaceInfo;
  'workspace.recent': (args: Record<string, never>) => RecentWorkspace[];
  'datasets.list': (args: { workspace: string }) => DatasetInfo[];
  'datasets.get': (args: { workspace: string; dataset: string }) => DatasetDetail;
  /** A window of rows, optionally through a view (filter, sort, a join's matched rows first). */
  'datasets.rows': (args: { workspace: string; dataset: string; offset: number; limit: number; columns?: string[]; view?: RowView }) => RowWindow;
  'datasets.setRole': (args: { workspace: string; dataset: string; column: string; role: ColumnRole }) => DatasetDetail;
  'datasets.delete': (args: { workspace: string; dataset: string }) => DatasetInfo[];
  /** Renames the party of a dataset (and of the columns it brought), or of one column. */
  'datasets.setParty': (args: { workspace: string; dataset: string; party: string; column?: string }) => DatasetDetail;
  'import.preview': (args: ImportRequest) => ImportPreview;
  'import.run': (args: ImportRequest & JobArgs & { workspace: string }) => ImportResult;
  'profile.get': (args: JobArgs & { workspace: string; dataset: string; target?: string | null; event?: string }) => DatasetProfile;
  /** Every entry with a sentence saying what it changed (`summary`). */
  'audit.list': (args: { workspace: string; /** The summaries' language (default English). */ lang?: Locale }) => (AuditEntry & { summary: string })[];
  /** Writes the audit log (CSV or JSON: entries, summaries, parameters and hash links) to a new file. */
  'audit.export': (args: AuditExportRequest & { workspace: string }) => AuditExportResult;
  /** Re-hashes the chain; checks it ends at the recorded head and holds `anchor` (from a bundle's manifest or an audit export) when given. */
  'audit.verify': (args: { workspace: string; anchor?: AuditAnchor }) => AuditVerification;
  'pseudonymize.run': (args: PseudonymizeArgs & JobArgs) => PseudonymizeResult;
  /** Private set intersection by exchanged files, party A's first step: its blinded ids into a request to send, its secret into a state file (mode 600). */
  'psi.start': (args: { input: string; key: string; keyKind: KeyKind; out: string; secretOut?: string } & JobArgs) => PsiStepResult;
  /** Party B's step: A's request re-blinded and B's own blinded ids into a response to send back. */
  'psi.respond': (args: { request: string; input: string; key: string; keyKind: KeyKind; out: string; secretOut?: string } & JobArgs) => PsiStepResult;
  /** Party A's last step: the intersection, a fresh join token per match (A's rows), and optionally a reveal file for B. */
  'psi.finish': (args: { state: string; response: string; out: string; revealOut?: string } & JobArgs) => PsiStepResult;
  /** Either party: its matched rows with the id replaced by the join token, ready to import and join. */
  'psi.apply': (args: { state: string; matches?: string; reveal?: string; input: string; out: string; tokenColumn?: string; allRows?: boolean } & JobArgs) => PsiStepResult;
  'join.run': (args: JoinRequest & JobArgs & { workspace: string }) => JoinResult;
  /** The match report stored with a joined dataset (null for a dataset that is not a join). */
  'join.report': (args: { workspace: string; dataset: string }) => JoinResult | null;
  /** Bins the variables of a dataset against a target on one sample (a job) and stores the binning. */
  'binning.run': (args: BinRequest & JobArgs & { workspace: string }) => BinningSet;
  /** The stored binnings of a dataset, newest first. */
  'binning.list': (args: { workspace: string; dataset: string }) => BinningSummary[];
  'binning.get': (args: BinningRef & { workspace: string }) => BinningSet;
  /** Deletes one stored binning (event and sample named) and prints the binnings left. */
  'binning.delete': (args: { workspace: string; dataset: string; target: string; event: string; sample: string }) => BinningSummary[];
  /** A manual edit, undo, redo or reset of one variable; recomputed from its counts and stored. */
  'binning.edit': (args: BinningRef & { workspace: string; variable: string; action: BinningAction }) => { variable: VariableBinning; milliseconds: number };
  /** Loads one variable's counts ahead of its first edit, so edits answer at once. */
  'binning.prepare': (args: BinningRef & { workspace: string; variable: string }) => { milliseconds: number };
  /** Writes the WOE of every binned variable (and the key, target, sample, time columns) as a new dataset (a job). */
  'binning.woe': (args: WoeRequest & JobArgs & { workspace: string }) => WoeResult;
  /** Designs the samples (random stratified, out of time, or from a column) as the dataset's sample column (a job). */
  'split.run': (args: SplitRequest & JobArgs & { workspace: string }) => SplitResult;
  /** The stored sample designs of a dataset, newest first. */
  'split.list': (args: { workspace: string; dataset: string }) => (SplitResult & { createdAt: string })[];
  /** Feature selection on the train sample: IV, PSI, correlation, VIF, stepwise; each step says what it dropped and why. */
  'select.run': (args: SelectRequest & JobArgs & { workspace: string }) => SelectResult;
  /** The newest stored selection for a dataset, target (and event) and population — what training uses by default — or null. */
  'select.latest': (args: { workspace: string; dataset: string; target: string; event?: string; population?: string }) => { selectionId: number; selected: string[]; createdAt: string; event: string } | null;
  /** Trains a scorecard LR, logistic or MLP model (a job with per-iteration progress) and stores it. */
  'model.train': (args: TrainRequest & JobArgs & { workspace: string }) => TrainResult;
  /** Uplift models of a randomized campaign (per arm), Qini, tiers and the offer worth most per customer. */
  'uplift.run': (args: UpliftRequest & JobArgs & { workspace: string }) => UpliftResult;
  'uplift.list': (args: { workspace: string; dataset?: string }) => UpliftSummary[];
  'uplift.get': (args: { workspace: string; uplift: number }) => UpliftResult;
  /** The uplift model as offers.json, offers.mjs and manifest.json (bins and leaves, never rows). */
  'uplift.export': (args: { workspace: string; uplift: number; out: string; minBinRows?: number }) => OffersExportResult;
  /** Reject inference from a known-good-bad model: a new model refitted on known and inferred rows, with its report. */
  'model.infer': (args: InferRequest & JobArgs & { workspace: string }) => InferResult;
  /** Scores a dataset with a stored model: metrics, deciles, curves and PSI per sample (a job). */
  'model.evaluate': (args: JobArgs & { workspace: string; model: number; dataset?: string }) => Evaluation;
  'model.get': (args: { workspace: string; model: number }) => StoredModel & { id: number };
  'model.list': (args: { workspace: string; dataset?: string }) => ModelSummary[];
  'model.delete': (args: { workspace: string; model: number }) => ModelSummary[];
  /** The TensorFlow.js backend models train on here: tensorflow, wasm or cpu. */
  /** Renames a model (names pick models on the command line, so they stay unique); audited. */
  'model.rename': (args: { workspace: string; model: number; name: string }) => StoredModel & { id: number };
  'model.backend': (args: Record<string, never>) => { backend: StoredModel['backend'] };
  'model.explain': (args: { workspace: string; model: number; dataset?: string; rows: number[]; top?: number }) => Explanation;
  /** Partial dependence of a model's log-odds on one input, over its training rows. */
  'model.dependence': (args: { workspace: string; model: number; feature: string; points?: number; rows?: number }) => Dependence;
  /** Turns a scorecard-LR model into points (PDO scaling, rounding, reason codes) and stores the card (a job). */
  'scorecard.build': (args: ScorecardRequest & JobArgs & { workspace: string }) => ScorecardResult;
  'scorecard.get': (args: { workspace: string; scorecard: number }) => Scorecard & { id: number };
  /** Stored scorecards, newest first. */
  'scorecard.list': (args: { workspace: string }) => { id: number; modelId: number; modelName: string; purpose: Scorecard['purpose']; dataset: string; createdAt: string }[];
  /** Deletes a scorecard that no strategy uses; audited. */
  'scorecard.delete': (args: { workspace: string; scorecard: number }) => { deleted: number };
  /** Cut-off analysis of a scorecard: pass volume and rate, event rate of those who pass, at each cut-off. */
  'strategy.cutoffs': (args: CutoffRequest & { workspace: string }) => CutoffResult;
  /** The funnel (exposed → applied → … → drew down) from stage flag columns: counts, conversion, drop-off, per segment. */
  'strategy.funnel': (args: FunnelRequest & { workspace: string }) => FunnelResult;
  /** The targeting-band × credit-band matrix of two scorecards (counts, response and bad rates, expected value, suggested decisions), stored. */
  'strategy.matrix': (args: StrategyRequest & { workspace: string }) => { strategyId: number; strategy: Strategy };
  /** A one-card strategy: bid (or approve) on the passing side of a scorecard's cut-off, no bid elsewhere; stored like a matrix. */
  'strategy.cutoff': (args: CutoffStrategyRequest & { workspace: string }) => { strategyId: number; strategy: Strategy };
  /** Sets cells' decisions (no bid / bid with a coefficient) and the default for unscored users. */
  'strategy.decide': (args: DecideRequest & { workspace: string }) => Strategy & { id: number };
  'strategy.get': (args: { workspace: string; strategy: number }) => Strategy & { id: number };
  'strategy.rename': (args: { workspace: string; strategy: number; name: string }) => Strategy & { id: number };
  'strategy.delete': (args: { workspace: string; strategy: number }) => { deleted: number };
  /** Stored strategies, newest first. */
  'strategy.list': (args: { workspace: string }) => { id: number; name: string; dataset: string; kind: 'matrix' | 'cutoff'; createdAt: string }[];
  /** Stock-customer tiers (high / mid / low intent) by a targeting scorecard. */
  'strategy.tiers': (args: TiersRequest & { workspace: string }) => { scorecard: number; sample: string; rows: number; tiers: IntentTier[] };
  /** Writes the export bundle (folder + zip) of a model's scorecard and, optionally, a strategy; checks the privacy threshold first. */
  'export.bundle': (args: ExportRequest & { workspace: string }) => ExportResult;
  /** Scores a CSV file with a bundle's scorer.mjs (a job), writing score, reason codes and decision per row. */
  'export.score': (args: ScoreFileRequest & JobArgs) => ScoreFileResult;
  /** Monitors a bundle on new rows by period (a job): PSI, CSI, outcomes, reason codes, input quality, lights; writes the HTML report. With a workspace, its thresholds apply and the run is kept. */
  'monitor.run': (args: Omit<MonitorRequest, 'thresholds' | 'save'> & JobArgs & { workspace?: string; thresholds?: Partial<MonitorThresholds> }) => MonitorResult;
  /** Champion against challenger: the RTA server's logged decisions joined with later outcomes per user (a job). */
  'monitor.compare': (args: CompareRequest & JobArgs) => CompareResult;
  /** The workspace's monitoring thresholds (defaults until set). */
  'monitor.thresholds': (args: { workspace: string }) => MonitorThresholds & { saved: boolean };
  /** Sets (some of) the workspace's monitoring thresholds; audited. */
  'monitor.setThresholds': (args: { workspace: string; thresholds: Partial<MonitorThresholds> }) => MonitorThresholds & { saved: boolean };
  /** The workspace's latest monitoring run, or null. */
  'monitor.last': (args: { workspace: string }) => (MonitorResult & { id: number; createdAt: string }) | null;
  /** Bundles exported from the workspace still on disk, newest first. */
  'monitor.bundles': (args: { workspace: string }) => { out: string; model: number; at: string }[];
  'demo.generate': (args: DemoRequest & JobArgs) => DemoTruth;
  /** A stock-customer campaign with a randomized offer and a known uplift per customer (customers.csv, truth.csv, campaign-truth.json), for uplift modeling. */
  'demo.campaign': (args: CampaignRequest & JobArgs) => CampaignTruth;
  /** Generates, pseudonymizes, imports and joins a sample session in a new workspace, and opens it. */
  'demo.openSession': (args: JobArgs & { dir?: string; rows?: number; seed?: number; /** Keep the raw demo files and the secret in `dir` (the demo bundle needs the raw partner file for its snapshot); default: a temporary folder, removed. */ keepRawFiles?: boolean }) => WorkspaceInfo;
  /** The whole sample session end to end (generate … export) and the matching feature snapshot, ready for `jointscore rta serve`. */
  'demo.bundle': (args: DemoBundleRequest) => DemoBundleResult;
  /** Starts the reference RTA server (as `jointscore rta serve`, one process, 127.0.0.1) on an exported bundle and a feature snapshot, to try it. */
  'rta.start': (args: { bundle: string; features: string; port?: number }) => RtaTrialServer;
  /** Sends one bid request (JSON, over HTTP) to an RTA server on this machine and returns its answer. */
  'rta.request': (args: RtaTrialRequest) => RtaTrialAnswer;
  'rta.stop': (args: { server: string }) => { stopped: boolean };
  /** The RTA servers started here and still serving. */
  'rta.list': (args: Record<string, never>) => RtaTrialServer[];
  /** Writes a new random session secret (256 bits, hex) to `path` (default: a new file in the app's secrets folder), readable by this user only; refuses to overwrite. */
  'secret.generate': (args: { path?: string }) => { path: string };
  /** This workbench's bundle-signing key (created on first use): its id and the public key `rta serve --trust` takes. */
  'signing.key': (args: Record<string, never>) => SigningKeyInfo;
  /** The pipeline of a dataset and target as steps (data → samples → binning → selection → model → scorecard → strategy → export), each not done, done or stale. */
  'pipeline.status': (args: { workspace: string; dataset: string; target: string }) => PipelineStatus;
  'jobs.cancel': (args: { jobId: string }) => { cancelled: boolean };
  'files.list': (args: { dir?: string; extensions?: string[] }) => { dir: string; parent: string | null; entries: DirEntry[] };
}

export type Method = keyof WorkbenchApi;
export type ArgsOf<M extends Method> = Parameters<WorkbenchApi[M]>[0];
export type ResultOf<M extends Method> = Awaited<ReturnType<WorkbenchApi[M]>>;

/** The method names, for validating calls at process boundaries (checked complete by the type below). */
export const METHODS = [
  'app.info', 'workspace.create', 'workspace.open', 'workspace.recent',
  'datasets.list', 'datasets.get', 'datasets.rows', 'datasets.setRole', 'datasets.delete', 'datasets.setParty',
  'import.preview', 'import.run', 'profile.get', 'audit.list', 'audit.export', 'audit.verify', 'pseudonymize.run', 'psi.start', 'psi.respond', 'psi.finish', 'psi.apply', 'join.run', 'join.report', 'binning.run', 'binning.list', 'binning.get', 'binning.delete', 'binning.edit', 'binning.prepare', 'binning.woe', 'split.run', 'split.list', 'select.run', 'select.latest', 'model.train', 'model.infer', 'uplift.run', 'uplift.list', 'uplift.get', 'uplift.export', 'model.evaluate', 'model.get', 'model.list', 'model.delete', 'model.rename', 'model.backend', 'model.explain', 'model.dependence', 'scorecard.build', 'scorecard.get', 'scorecard.list', 'scorecard.delete', 'strategy.cutoffs', 'strategy.funnel', 'strategy.matrix', 'strategy.cutoff', 'strategy.decide', 'strategy.get', 'strategy.rename', 'strategy.delete', 'strategy.list', 'strategy.tiers', 'export.bundle', 'export.score', 'monitor.run', 'monitor.compare', 'monitor.thresholds', 'monitor.setThresholds', 'monitor.last', 'monitor.bundles', 'demo.generate', 'demo.campaign', 'demo.openSession', 'demo.bundle', 'rta.start', 'rta.request', 'rta.stop', 'rta.list', 'secret.generate', 'signing.key', 'pipeline.status', 'jobs.cancel', 'files.list',
] as const satisfies readonly Method[];

type Missing = Exclude<Method, (typeof METHODS)[number]>;
const _complete: Missing extends never ? true : Missing = true;
void _complete;

export function isMethod(name: unknown): name is Method {
  return typeof name === 'string' && (METHODS as readonly string[]).includes(name);
}

/** Events the service pushes to its clients. */
export interface ServiceEvents {
  /** A long job started in a worker (`kind`: import, profile, bin, train, evaluate, …). */
  'job.started': { id: string; kind: string };
  'job.progress': Progress;
  /** It ended: done, failed (`code`) or cancelled (`code` CANCELLED). */
  'job.finished': { id: string; ok: boolean; code: string | null };
  'workspace.changed': { workspace: string };
}
export type ServiceEventName = keyof ServiceEvents;
export interface ServiceEvent<E extends ServiceEventName = ServiceEventName> {
  event: E;
  payload: ServiceEvents[E];
}

/** What the Electron preload exposes to the page as `window.jointscore`: nothing but these three. */
export interface JointscoreBridge {
  call(method: string, args: unknown): Promise<WireResult<unknown>>;
  on(listener: (e: ServiceEvent) => void): () => void;
  pickFile(options: { title: string; extensions: string[]; save?: boolean }): Promise<string | null>;
}
