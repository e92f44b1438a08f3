import type { Database } from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { previewImport, type ImportResult } from '../data/import/import-dataset';
import { appendAudit, listAudit, verifyAudit } from '../data/store/audit-log';
import { deleteDataset, getDataset, listDatasets, setParty, updateColumnRole } from '../data/store/datasets';
import { loadProfile } from '../data/store/profiles';
import { LATEST_VERSION } from '../data/workspace/migrations';
import { openWorkspaceDb, WORKSPACE_EXTENSION } from '../data/workspace/open-workspace';
import { COLUMN_ROLES, isColumnRole } from '../types/columns';
import type { DatasetProfile } from '../types/dataset';
import { AppError, toWireError, type WireResult } from '../types/errors';
import type { WoeResult } from './contract';
import type { AppInfo, ArgsOf, DirEntry, Method, ResultOf, ServiceEvent, WorkspaceInfo } from './contract';
import { isMethod } from './contract';
import { JobRunner } from './jobs/job-runner';
import { RecentWorkspaces } from './recent-workspaces';
import { RowViews } from './rows-window';
import { VERSION } from './version';
import { pseudonymizeRequest } from './pseudonymize-args';
import type { PseudonymizeResult } from '../data/pseudonymize/pseudonymize-file';
import { JOIN_REPORT, type JoinResult } from '../data/join/join-datasets';
import { latestArtifact, listArtifacts } from '../data/store/artifacts';
import { BINNING, findBinning, parseBinningName } from '../data/store/binnings';
import type { BinningSet } from '../types/binning';
import { BinningStatsCache, editBinning, isStaleBinning, locateBinning, prepareBinningEdit } from './binning/edit-binning';
import type { DemoTruth } from '../data/demo/generate-session';
import { demoBundle } from './demo/demo-bundle';
import { latestSelection } from './modeling/select-features';
import { targetOf } from './binning/binning-inputs';
import { deleteArtifact, findArtifactById, listArtifactsOfKind } from '../data/store/artifacts';
import type { ModelSummary, StoredModel } from '../types/model';
import { splitDataset, SPLIT, type SplitResult } from './modeling/split-dataset';
import { MODEL, type TrainResult } from './modeling/train-model';
import type { Evaluation } from './modeling/evaluate-model';
import type { SelectResult } from './modeling/select-features';
import { loadTfBackend } from './tf/load-backend';
import { buildModelScorecard, loadScorecard, SCORECARD } from './modeling/build-scorecard';
import { analyzeCutoffs } from './modeling/cutoff-analysis';
import { funnelReport } from './modeling/funnel-report';
import type { Scorecard } from '../types/scorecard';
import { describeAudit } from './audit/describe-audit';
import { pipelineStatus } from './pipeline/pipeline-status';
import { readHolder } from './jobs/workspace-holder';
import { signingKey } from './signing/signing-key';
import { deleteScorecard, deleteStrategy, renameModel, renameStrategy } from './modeling/manage-artifacts';
import { exportAudit } from './audit/export-audit';
import { buildCutoffStrategy, buildStrategy, decideStrategy, intentTiersReport, listStrategies, loadStrategy } from './modeling/bid-strategy';
import type { ExportResult } from './export/export-bundle';
import type { ScoreFileResult } from './export/score-file';
import { sendTrialRequest, TrialServers } from './rta/trial-servers';

export interface ServiceOptions {
  mode: AppInfo['mode'];
  settingsDir: string;
  workerScript?: string;
}

type Handlers = { [M in Method]: (args: ArgsOf<M>) => ResultOf<M> | Promise<ResultOf<M>> };

export interface Service {
  call<M extends Method>(method: M, args: ArgsOf<M>): Promise<ResultOf<M>>;
  /** For process boundaries: validates the method name, never throws, returns the result as a value. */
  callWire(method: unknown, args: unknown): Promise<WireResult<unknown>>;
  on(listener: (e: ServiceEvent) => void): () => void;
  close(): void;
}

function str(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.length === 0) throw new AppError('INVALID_ARGUMENT', `'${name}' must be a non-empty string.`, { expected: 'a string', got: String(value) });
  return value;
}

/** Operations that write to the workspace on the service's own connection (the rest write in jobs, or only read). */
const SYNCHRONOUS_WRITES: ReadonlySet<Method> = new Set<Method>([
  'datasets.setRole', 'datasets.delete', 'datasets.setParty', 'binning.delete', 'binning.edit', 'split.run', 'model.delete', 'model.rename',
  'scorecard.build', 'scorecard.delete', 'strategy.matrix', 'strategy.cutoff', 'strategy.decide', 'strategy.rename', 'strategy.delete',
]);

/** A workspace locked by another process: say which job holds it, when that process said so. */
function busyWithHolder(e: unknown, workspace: unknown): unknown {
  if (e instanceof AppError || typeof workspace !== 'string') return e;
  const wire = toWireError(e);
  if (wire.code !== 'WORKSPACE_BUSY') return e;
  const h = readHolder(path.resolve(workspace));
  const who = h ? `${/^[aeiou]/.test(h.kind) ? 'an' : 'a'} ${h.kind} job (process ${h.pid}, since ${h.since.slice(11, 19)} UTC)` : 'another process';
  return new AppError('WORKSPACE_BUSY', `${path.basename(workspace)} is busy: ${who} is writing to it. Try again when it has finished.`, { file: path.resolve(workspace), ...(h ? { got: `${h.kind} in process ${h.pid}` } : {}) });
}

/** Builds the Workbench service: the one implementation behind the UI (IPC or HTTP) and the CLI. */
export function createService(options: ServiceOptions): Service {
  const listeners = new Set<(e: ServiceEvent) => void>();
  const emit = (e: ServiceEvent) => listeners.forEach((l) => l(e));
  const jobs = new JobRunner(options.workerScript);
  const recent = new RecentWorkspaces(options.settingsDir);
  const open = new Map<string, Database>();
  const binningStats = new BinningStatsCache();
  const rtaServers = new TrialServers(options.settingsDir);
  const rowViews = new RowViews();

  const db = (workspace: string): Database => {
    const key = path.resolve(str(workspace, 'workspace'));
    let d = open.get(key);
    if (!d) {
      d = openWorkspaceDb(key);
      open.set(key, d);
    }
    return d;
  };
  const info = (p: string): WorkspaceInfo => ({ path: path.resolve(p), name: path.basename(p, WORKSPACE_EXTENSION), version: LATEST_VERSION, datasets: listDatasets(db(p)) });
  const evaluations = new Map<string, Evaluation>();
  const changed = (workspace: string) => emit({ event: 'workspace.changed', payload: { workspace: path.resolve(workspace) } });
  const progress = (p: ServiceEvent<'job.progress'>['payload']) => emit({ event: 'job.progress', payload: p });
  let anonymous = 0;
  /** A job in a worker, announced to every client as it starts and ends (the header's job bar). */
  const runJob = <T>(job: Parameters<JobRunner['run']>[0], jobId: string | undefined): Promise<T> => {
    const id = jobId ?? `service-${job.kind}-${++anonymous}`;
    emit({ event: 'job.started', payload: { id, kind: job.kind } });
    const p = jobs.run<T>(job, id, progress);
    p.then(() => emit({ event: 'job.finished', payload: { id, ok: true, code: null } }), (e: unknown) => emit({ event: 'job.finished', payload: { id, ok: false, code: e instanceof AppError ? e.code : 'INTERNAL' } }));
    return p;
  };

  const handlers: Handlers = {
    'app.info': () => ({ version: VERSION, mode: options.mode, node: process.versions.node, platform: process.platform, workspaceVersion: LATEST_VERSION }),
    'workspace.create': ({ path: p }) => {
      const given = str(p, 'path');
      // A folder, or a name that is only the extension, would make a hidden '.jsw' file.
      const base = path.basename(given);
      const stem = base.endsWith(WORKSPACE_EXTENSION) ? base.slice(0, -WORKSPACE_EXTENSION.length) : base;
      const folder = /[\\/]$/.test(given) || (fs.existsSync(given) && fs.statSync(given).isDirectory());
      if (folder || stem === '') {
        const dir = folder ? given : path.dirname(given);
        throw new AppError('INVALID_ARGUMENT', `'${given}' ${folder ? 'is a folder' : 'has no file name'}: give the workspace a name (e.g. ${path.join(dir, 'session.jsw')}).`, { file: given, expected: 'a file name such as session.jsw', got: given });
      }
      const file = given.endsWith(WORKSPACE_EXTENSION) ? given : `${given}${WORKSPACE_EXTENSION}`;
      const created = openWorkspaceDb(file, { create: true });
      created.transaction(() => appendAudit(created, 'workspace.create', { name: path.basename(file), version: LATEST_VERSION }))();
      open.set(path.resolve(file), created);
      recent.add(file);
      return info(file);
    },
    'workspace.open': ({ path: p }) => {
      db(p);
      recent.add(p);
      return info(p);
    },
    'workspace.recent': () => recent.list(),
    'datasets.list': ({ workspace }) => listDatasets(db(workspace)),
    'datasets.get': ({ workspace, dataset }) => {
      const { chunkRows: _c, columnIds: _i, ...detail } = getDataset(db(workspace), str(dataset, 'dataset'));
      return detail;
    },
    'datasets.rows': ({ workspace, dataset, offset, limit, columns, view }) => rowViews.read(db(workspace), getDataset(db(workspace), str(dataset, 'dataset')), offset, limit, columns, view),
    'datasets.setRole': ({ workspace, dataset, column, role }) => {
      if (!isColumnRole(role)) throw new AppError('INVALID_ARGUMENT', `Unknown role '${role}'.`, { expected: COLUMN_ROLES.join(' | '), got: role });
      const d = db(workspace);
      d.transaction(() => {
        updateColumnRole(d, dataset, column, role);
        appendAudit(d, 'dataset.setRole', { dataset, column, role });
      })();
      changed(workspace);
      return handlers['datasets.get']({ workspace, dataset }) as ResultOf<'datasets.get'>;
    },
    'datasets.delete': ({ workspace, dataset }) => {
      const d = db(workspace);
      d.transaction(() => {
        deleteDataset(d, dataset);
        appendAudit(d, 'dataset.delete', { dataset });
      })();
      changed(workspace);
      return listDatasets(d);
    },
    'datasets.setParty': ({ workspace, dataset, party, column }) => {
      const name = str(party, 'party').trim();
      if (!name) throw new AppError('INVALID_ARGUMENT', 'The party name is empty.', { expected: 'a name such as lender or partner' });
      const d = db(workspace);
      d.transaction(() => {
        setParty(d, str(dataset, 'dataset'), name, column);
        appendAudit(d, 'dataset.setParty', { dataset, party: name, ...(column !== undefined ? { column } : {}) });
      })();
      changed(workspace);
      return handlers['datasets.get']({ workspace, dataset }) as ResultOf<'datasets.get'>;
    },
    'import.preview': (args) => previewImport({ ...args, file: str(args.file, 'file') }),
    'import.run': async ({ workspace, jobId, ...request }) => {
      db(workspace);
      const result = await runJob<ImportResult>({ kind: 'import', workspace: path.resolve(workspace), request: { ...request, file: str(request.file, 'file') } }, jobId);
      changed(workspace);
      return result;
    },
    'profile.get': async ({ workspace, dataset, target, event, jobId }) => {
      const d = db(workspace);
      const ds = getDataset(d, str(dataset, 'dataset'));
      const stored = loadProfile(d, ds.id, target ?? null);
      // Roles can change after profiling: a stored profile shows the current ones.
      const roles = new Map(ds.columns.map((c) => [c.name, c.role]));
      if (stored && (event === undefined || stored.event === event)) return { ...stored, columns: stored.columns.map((c) => ({ ...c, role: roles.get(c.name) ?? c.role })) };
      return runJob<DatasetProfile>({ kind: 'profile', workspace: path.resolve(workspace), dataset, target: target ?? null, ...(event !== undefined ? { event } : {}) }, jobId);
    },
    'audit.list': ({ workspace }) => listAudit(db(workspace)).map((e) => ({ ...e, summary: describeAudit(e) })),
    'audit.export': ({ workspace, ...request }) => exportAudit(db(workspace), { ...request, out: str(request.out, 'out') }),
    'audit.verify': ({ workspace, anchor }) => verifyAudit(db(workspace), anchor),
    'pseudonymize.run': async ({ jobId, workspace, ...args }) => {
      const audit = workspace ? db(workspace) : null;
      const request = pseudonymizeRequest(args);
      const r = await runJob<PseudonymizeResult>({ kind: 'pseudonymize', workspace: path.resolve(request.output), request }, jobId);
      if (audit && workspace) {
        audit.transaction(() => appendAudit(audit, 'pseudonymize', {
          input: path.basename(r.input), inputSha256: r.inputSha256, output: path.basename(r.output), outputSha256: r.outputSha256,
          key: request.key, keyKind: r.keyKind, hash: r.hash, keyColumn: r.keyColumn, rows: r.rows, written: r.written, rejected: r.rejected, dropped: r.dropped, notPii: request.notPii ?? [],
        }))();
        changed(workspace);
      }
      return r;
    },
    'join.run': async ({ workspace, jobId, ...request }) => {
      db(workspace);
      if (request.how !== undefined && request.how !== 'inner' && request.how !== 'left') throw new AppError('INVALID_ARGUMENT', `The join must be inner or left; got '${String(request.how)}'.`, { option: 'how', expected: 'inner | left' });
      if (request.duplicates !== undefined && !['refuse', 'first', 'last'].includes(request.duplicates)) throw new AppError('INVALID_ARGUMENT', `Duplicate keys are refused, or the first or last row kept; got '${String(request.duplicates)}'.`, { expected: 'refuse | first | last' });
      const result = await runJob<JoinResult>({ kind: 'join', workspace: path.resolve(workspace), request: { ...request, left: str(request.left, 'left'), right: str(request.right, 'right'), on: str(request.on, 'on'), name: str(request.name, 'name') } }, jobId);
      changed(workspace);
      return result;
    },
    'binning.run': async ({ workspace, jobId, ...request }) => {
      db(workspace);
      const result = await runJob<BinningSet>({ kind: 'bin', workspace: path.resolve(workspace), request: { ...request, dataset: str(request.dataset, 'dataset'), target: str(request.target, 'target') } }, jobId);
      changed(workspace);
      return result;
    },
    'binning.list': ({ workspace, dataset }) => {
      const d = db(workspace);
      const ds = getDataset(d, str(dataset, 'dataset'));
      return listArtifacts(d, BINNING, ds.id).map((a) => {
        const { target, event, sample } = parseBinningName(a.name);
        const { set } = findBinning(d, ds, target, event, sample)!;
        return { dataset: ds.name, target: set.target, event: set.event, sample: set.sample, variables: set.variables.length, createdAt: set.createdAt, updatedAt: set.updatedAt, stale: isStaleBinning(ds, set.sample) };
      });
    },
    'binning.delete': ({ workspace, dataset, target, event, sample }) => {
      const d = db(workspace);
      const ds = getDataset(d, str(dataset, 'dataset'));
      const found = findBinning(d, ds, str(target, 'target'), str(event, 'event'), str(sample, 'sample'));
      if (!found) throw new AppError('NOT_FOUND', `Dataset '${ds.name}' has no binning of '${target}' = ${event} on sample ${sample}.`, { column: target, expected: 'a stored binning', got: `${event} / ${sample}` });
      d.transaction(() => {
        deleteArtifact(d, found.id);
        appendAudit(d, 'binning.delete', { dataset: ds.name, target, event, sample });
      })();
      changed(workspace);
      return handlers['binning.list']({ workspace, dataset }) as ResultOf<'binning.list'>;
    },
    'binning.get': ({ workspace, ...ref }) => locateBinning(db(workspace), { ...ref, dataset: str(ref.dataset, 'dataset'), target: str(ref.target, 'target') }).set,
    'binning.edit': ({ workspace, ...req }) => {
      const result = editBinning(db(workspace), path.resolve(workspace), { ...req, dataset: str(req.dataset, 'dataset'), target: str(req.target, 'target'), variable: str(req.variable, 'variable') }, binningStats);
      changed(workspace);
      return result;
    },
    'binning.prepare': ({ workspace, ...req }) => prepareBinningEdit(db(workspace), path.resolve(workspace), { ...req, dataset: str(req.dataset, 'dataset'), target: str(req.target, 'target'), variable: str(req.variable, 'variable') }, binningStats),
    'binning.woe': async ({ workspace, jobId, ...request }) => {
      db(workspace);
      const result = await runJob<WoeResult>({ kind: 'woe', workspace: path.resolve(workspace), request: { ...request, dataset: str(request.dataset, 'dataset'), target: str(request.target, 'target'), name: str(request.name, 'name') } }, jobId);
      changed(workspace);
      return result;
    },
    'split.run': ({ workspace, ...request }) => {
      const result = splitDataset(db(workspace), { ...request, dataset: str(request.dataset, 'dataset') });
      changed(workspace);
      return result;
    },
    'split.list': ({ workspace, dataset }) => {
      const d = db(workspace);
      const ds = getDataset(d, str(dataset, 'dataset'));
      return listArtifacts(d, SPLIT, ds.id).map((a) => {
        const body = findArtifactById<Omit<SplitResult, 'dataset' | 'column' | 'splitId'>>(d, a.id)!.body;
        return { ...body, dataset: ds.name, column: a.name, splitId: a.id, createdAt: a.createdAt };
      });
    },
    'select.latest': ({ workspace, dataset, target, event, population }) => {
      const d = db(workspace);
      const ds = getDataset(d, str(dataset, 'dataset'));
      const e = targetOf(d, ds, str(target, 'target'), event).event;
      const found = latestSelection(d, ds.id, target, e, population);
      return found ? { selectionId: found.id, selected: found.selected, createdAt: found.createdAt, event: e } : null;
    },
    'select.run': async ({ workspace, jobId, ...request }) => {
      db(workspace);
      const result = await runJob<SelectResult>({ kind: 'select', workspace: path.resolve(workspace), request: { ...request, dataset: str(request.dataset, 'dataset'), target: str(request.target, 'target') } }, jobId);
      changed(workspace);
      return result;
    },
    'model.train': async ({ workspace, jobId, ...request }) => {
      db(workspace);
      if (!['scorecard-lr', 'logistic', 'mlp'].includes(request.model)) throw new AppError('INVALID_ARGUMENT', `The model kind must be scorecard-lr, logistic or mlp; got '${String(request.model)}'.`, { option: 'model', expected: 'scorecard-lr | logistic | mlp', got: String(request.model) });
      if (request.purpose !== undefined && request.purpose !== 'targeting' && request.purpose !== 'credit') throw new AppError('INVALID_ARGUMENT', `The purpose must be targeting or credit; got '${String(request.purpose)}'.`, { expected: 'targeting | credit' });
      const result = await runJob<TrainResult>({ kind: 'train', workspace: path.resolve(workspace), request: { ...request, dataset: str(request.dataset, 'dataset'), target: str(request.target, 'target') } }, jobId);
      changed(workspace);
      return result;
    },
    'model.evaluate': async ({ workspace, jobId, model, dataset }) => {
      const d = db(workspace);
      // A stored model scored on an unchanged dataset gives the same evaluation: comparing models reuses it.
      const stored = findArtifactById<StoredModel>(d, Number(model));
      const ds = stored ? getDataset(d, dataset ?? stored.body.dataset) : null;
      const key = stored && ds ? `${path.resolve(workspace)}|${model}|${stored.createdAt}|${ds.id}|${ds.columns.map((c) => `${c.name}:${c.role}`).join(',')}` : null;
      const hit = key ? evaluations.get(key) : undefined;
      if (hit) return hit;
      const result = await runJob<Evaluation>({ kind: 'evaluate', workspace: path.resolve(workspace), model: Number(model), ...(dataset ? { dataset } : {}) }, jobId);
      if (key) { evaluations.set(key, result); if (evaluations.size > 32) evaluations.delete(evaluations.keys().next().value!); }
      return result;
    },
    'model.get': ({ workspace, model }) => {
      const a = findArtifactById<StoredModel>(db(workspace), Number(model));
      if (!a || a.kind !== MODEL) throw new AppError('NOT_FOUND', `The workspace has no model ${String(model)}.`, { got: String(model), expected: 'a model id (jointscore models)' });
      return { ...a.body, id: a.id };
    },
    'model.list': ({ workspace, dataset }) => {
      const d = db(workspace);
      const onlyDataset = dataset ? getDataset(d, dataset).id : null;
      return listArtifactsOfKind(d, MODEL).filter((a) => onlyDataset === null || a.datasetId === onlyDataset).map((a): ModelSummary => {
        const m = findArtifactById<StoredModel>(d, a.id)!.body;
        return { id: a.id, name: m.name, dataset: m.dataset, purpose: m.purpose, kind: m.kind, target: m.target, population: m.population, backend: m.backend, features: m.features.length, createdAt: m.createdAt, metrics: m.metrics };
      });
    },
    'model.delete': ({ workspace, model }) => {
      const d = db(workspace);
      const a = findArtifactById<StoredModel>(d, Number(model));
      if (!a || a.kind !== MODEL) throw new AppError('NOT_FOUND', `The workspace has no model ${String(model)}.`, { got: String(model) });
      d.transaction(() => { deleteArtifact(d, a.id); appendAudit(d, 'model.delete', { model: a.id, name: a.name }); })();
      changed(workspace);
      return call('model.list', { workspace });
    },
    'model.rename': ({ workspace, model, name }) => { const r = renameModel(db(workspace), Number(model), name); changed(workspace); return r; },
    'scorecard.delete': ({ workspace, scorecard }) => { deleteScorecard(db(workspace), Number(scorecard)); changed(workspace); return { deleted: Number(scorecard) }; },
    'strategy.rename': ({ workspace, strategy, name }) => { const r = renameStrategy(db(workspace), Number(strategy), name); changed(workspace); return r; },
    'strategy.delete': ({ workspace, strategy }) => { deleteStrategy(db(workspace), Number(strategy)); changed(workspace); return { deleted: Number(strategy) }; },
    'model.backend': async () => ({ backend: await loadTfBackend() }),
    'scorecard.build': ({ workspace, ...request }) => {
      const result = buildModelScorecard(db(workspace), { ...request, model: Number(request.model) });
      changed(workspace);
      return result;
    },
    'strategy.cutoffs': ({ workspace, ...request }) => analyzeCutoffs(db(workspace), { ...request, scorecard: Number(request.scorecard) }),
    'strategy.funnel': ({ workspace, ...request }) => funnelReport(db(workspace), { ...request, dataset: str(request.dataset, 'dataset'), stages: Array.isArray(request.stages) ? request.stages : [] }),
    'scorecard.list': ({ workspace }) => {
      const d = db(workspace);
      return listArtifactsOfKind(d, SCORECARD).map((a) => {
        const c = findArtifactById<Scorecard>(d, a.id)!.body;
        return { id: a.id, modelId: c.modelId, modelName: c.modelName, purpose: c.purpose, dataset: c.dataset, createdAt: a.createdAt };
      });
    },
    'strategy.matrix': ({ workspace, ...request }) => {
      const result = buildStrategy(db(workspace), { ...request, targeting: Number(request.targeting), credit: Number(request.credit) });
      changed(workspace);
      return result;
    },
    'strategy.cutoff': ({ workspace, ...request }) => {
      const result = buildCutoffStrategy(db(workspace), { ...request, scorecard: Number(request.scorecard), cutoff: Number(request.cutoff) });
      changed(workspace);
      return result;
    },
    'strategy.decide': ({ workspace, ...request }) => {
      const strategy = decideStrategy(db(workspace), { ...request, strategy: Number(request.strategy) });
      changed(workspace);
      return { ...strategy, id: Number(request.strategy) };
    },
    'strategy.get': ({ workspace, strategy }) => ({ ...loadStrategy(db(workspace), Number(strategy)).strategy, id: Number(strategy) }),
    'strategy.list': ({ workspace }) => listStrategies(db(workspace)),
    'strategy.tiers': ({ workspace, ...request }) => intentTiersReport(db(workspace), { ...request, scorecard: Number(request.scorecard) }),
    'export.bundle': async ({ workspace, ...request }) => {
      db(workspace);
      const key = signingKey(options.settingsDir);
      const result = await runJob<ExportResult>({ kind: 'export', workspace: path.resolve(workspace), request: { ...request, model: Number(request.model), ...(request.strategy !== undefined ? { strategy: Number(request.strategy) } : {}), out: path.resolve(str(request.out, 'out')), signingKeyFile: key.file } }, undefined);
      changed(workspace);
      return result;
    },
    'export.score': ({ jobId, ...request }) => {
      const out = path.resolve(str(request.out, 'out'));
      return runJob<ScoreFileResult>({ kind: 'score', workspace: out, request: { ...request, bundle: path.resolve(str(request.bundle, 'bundle')), input: path.resolve(str(request.input, 'input')), out } }, jobId);
    },
    'scorecard.get': ({ workspace, scorecard }) => {
      const a = loadScorecard(db(workspace), Number(scorecard));
      return { ...a.body, id: a.id };
    },
    'join.report': ({ workspace, dataset }) => {
      const d = db(workspace);
      return latestArtifact<JoinResult>(d, JOIN_REPORT, getDataset(d, str(dataset, 'dataset')).id, 1)?.body ?? null;
    },
    'demo.generate': ({ jobId, ...request }) => runJob<DemoTruth>({ kind: 'demo', workspace: path.resolve(str(request.out, 'out')), request }, jobId),
    'demo.openSession': async ({ dir, rows, seed, jobId, keepRawFiles }) => {
      const out = path.resolve(dir ?? path.join(options.settingsDir, 'sample-sessions', new Date().toISOString().replace(/[:.]/g, '-')));
      fs.mkdirSync(out, { recursive: true });
      // The raw files (phone numbers, device ids) and the session secret live in a temporary folder,
      // removed once the session is built; the session folder keeps only pseudonymized data.
      const raw = keepRawFiles ? out : fs.mkdtempSync(path.join(os.tmpdir(), 'jointscore-sample-raw-'));
      try {
        const truth = await call('demo.generate', { rows: rows ?? 20_000, seed: seed ?? 1, out: raw, ...(jobId ? { jobId } : {}) });
        const secretFile = path.join(raw, 'session-secret.txt');
        fs.writeFileSync(secretFile, randomBytes(32).toString('hex'), { mode: 0o600 });
        const job = jobId ? { jobId } : {};
        const workspace = path.join(out, 'sample-session.jsw');
        await call('workspace.create', { path: workspace });
        const lender = await call('pseudonymize.run', { input: truth.lender, output: path.join(out, 'lender.pseudonymized.csv'), key: 'phone', keyKind: 'phone', secretFile, workspace, ...job });
        const partner = await call('pseudonymize.run', { input: truth.partner, output: path.join(out, 'partner.pseudonymized.csv'), key: 'phone', keyKind: 'phone', secretFile, drop: ['device_id'], workspace, ...job });
        // The generator knows which of its columns are recorded after exposure: they are outcomes (bad, the credit target, stays the target).
        const roles = Object.fromEntries(truth.outcomes.map((c) => [c, c === 'bad' ? 'target' : 'outcome'] as const));
        await call('import.run', { workspace, file: lender.output, name: 'lender', party: 'lender', roles, ...job });
        await call('import.run', { workspace, file: partner.output, name: 'partner', party: 'partner', ...job });
        await call('join.run', { workspace, left: 'lender', right: 'partner', on: 'phone_hmac_sha256', how: 'left', name: 'joint', ...job });
        return info(workspace);
      } finally {
        if (!keepRawFiles) fs.rmSync(raw, { recursive: true, force: true });
      }
    },
    'demo.bundle': (request) => demoBundle(call, request),
    'rta.start': ({ bundle, features, port }) => rtaServers.start(str(bundle, 'bundle'), str(features, 'features'), port === undefined ? 0 : Number(port)),
    'rta.request': (request) => {
      // The app (browser mode, Electron) may only talk to the servers it started; the CLI names any server on purpose.
      if (options.mode !== 'cli' && ((request.host !== undefined && request.host !== '127.0.0.1') || !rtaServers.serves(Number(request.port)))) {
        throw new AppError('INVALID_ARGUMENT', `The app sends bid requests only to the RTA servers it started (${rtaServers.list().map((s) => s.port).join(', ') || 'none yet'}).`, { option: 'port', expected: 'the port of a server started here', got: `${request.host ?? '127.0.0.1'}:${String(request.port)}` });
      }
      return sendTrialRequest({ ...request, port: Number(request.port) });
    },
    'rta.stop': ({ server }) => rtaServers.stop(str(server, 'server')),
    'rta.list': () => rtaServers.list(),
    'secret.generate': ({ path: p }) => {
      // By default in the app's own secrets folder: never beside the data it will hash, which gets shared.
      const file = path.resolve(p === undefined ? path.join(options.settingsDir, 'secrets', `session-secret-${new Date().toISOString().replace(/[:.]/g, '-')}.key`) : str(p, 'path'));
      if (fs.existsSync(file)) throw new AppError('ALREADY_EXISTS', `${file} already exists; a session secret is never overwritten.`, { file });
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
      return { path: file };
    },
    'signing.key': () => { const k = signingKey(options.settingsDir); return { keyId: k.keyId, publicKey: k.publicKey, file: k.file }; },
    'pipeline.status': ({ workspace, dataset, target }) => pipelineStatus(call, () => listAudit(db(workspace)), workspace, str(dataset, 'dataset'), str(target, 'target')),
    'jobs.cancel': ({ jobId }) => ({ cancelled: jobs.cancel(str(jobId, 'jobId')) }),
    'files.list': ({ dir, extensions }) => listFiles(dir, extensions),
  };

  let queued = 0;
  const call = async <M extends Method>(method: M, args: ArgsOf<M>): Promise<ResultOf<M>> => {
    const handler = handlers[method] as (a: ArgsOf<M>) => ResultOf<M> | Promise<ResultOf<M>>;
    const workspace = (args as { workspace?: unknown }).workspace;
    // One writer per workspace: an edit made while a job writes waits its turn (shown as a queued job) instead of failing on the lock.
    if (SYNCHRONOUS_WRITES.has(method) && typeof workspace === 'string' && jobs.busy(path.resolve(workspace))) {
      const id = `queued-${++queued}`;
      emit({ event: 'job.started', payload: { id, kind: 'queued' } });
      emit({ event: 'job.progress', payload: { id, phase: 'queued', done: 0, total: 0, message: `${method} waits for the job writing to this workspace` } });
      try {
        await jobs.idle(path.resolve(workspace));
        const result = await handler(args);
        emit({ event: 'job.finished', payload: { id, ok: true, code: null } });
        return result;
      } catch (e) {
        emit({ event: 'job.finished', payload: { id, ok: false, code: e instanceof AppError ? e.code : 'INTERNAL' } });
        throw e;
      }
    }
    try {
      return await handler(args);
    } catch (e) {
      throw busyWithHolder(e, workspace);
    }
  };

  return {
    call,
    async callWire(method, args) {
      try {
        if (!isMethod(method)) throw new AppError('INVALID_ARGUMENT', `Unknown method '${String(method)}'.`, { got: String(method) });
        if (typeof args !== 'object' || args === null || Array.isArray(args)) throw new AppError('INVALID_ARGUMENT', `Arguments of '${method}' must be an object.`);
        return { ok: true, value: await call(method, args as never) };
      } catch (err) {
        return { ok: false, error: toWireError(err) };
      }
    },
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      void rtaServers.stopAll();
      for (const d of open.values()) d.close();
      open.clear();
    },
  };
}

function listFiles(dir: string | undefined, extensions: string[] | undefined): { dir: string; parent: string | null; entries: DirEntry[] } {
  const base = path.resolve(dir ?? process.env.HOME ?? process.cwd());
  let names: fs.Dirent[];
  try {
    names = fs.readdirSync(base, { withFileTypes: true });
  } catch (err) {
    throw new AppError('FILE_NOT_FOUND', `Cannot list ${base}: ${err instanceof Error ? err.message : String(err)}`, { file: base });
  }
  const exts = (extensions ?? []).map((e) => e.toLowerCase());
  const entries: DirEntry[] = [];
  for (const d of names) {
    if (d.name.startsWith('.')) continue;
    const full = path.join(base, d.name);
    if (d.isDirectory()) entries.push({ name: d.name, path: full, kind: 'dir', size: 0 });
    else if (d.isFile() && (exts.length === 0 || exts.some((e) => d.name.toLowerCase().endsWith(e)))) {
      let size = 0;
      try { size = fs.statSync(full).size; } catch { /* unreadable: listed with size 0 */ }
      entries.push({ name: d.name, path: full, kind: 'file', size });
    }
  }
  entries.sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'dir' ? -1 : 1));
  const parent = path.dirname(base);
  return { dir: base, parent: parent === base ? null : parent, entries };
}
