import type { Database } from 'better-sqlite3';
import path from 'node:path';
import { listDatasets } from '../data/store/datasets';
import { LATEST_VERSION } from '../data/workspace/migrations';
import { openWorkspaceDb, WORKSPACE_EXTENSION } from '../data/workspace/open-workspace';
import { AppError, toWireError, type WireResult } from '../types/errors';
import { appApi } from './app/api';
import { auditApi } from './audit/api';
import { binningApi } from './binning/api';
import { isMethod, type ArgsOf, type Method, type ResultOf, type ServiceEvent } from './contract';
import { datasetsApi } from './datasets/api';
import { demoApi } from './demo/api';
import { upliftApi } from './uplift/api';
import { psiApi } from './psi/api';
import { monitorApi } from './monitor/api';
import { exportApi } from './export/api';
import { openFileAccess, restrictedFileAccess, type FileAccess } from './files/file-access';
import { pathsOf } from './files/path-args';
import { JobRunner } from './jobs/job-runner';
import { afterRunningJobs } from './jobs/queued-write';
import { busyError, busyWithHolder, otherProcessHolder } from './jobs/workspace-holder';
import { modelingApi } from './modeling/api';
import { RecentWorkspaces } from './recent-workspaces';
import { rtaApi } from './rta/api';
import { TrialServers } from './rta/trial-servers';
import { scorecardApi } from './scorecard/api';
import { isWriter, type Call, type Handlers, type ServiceContext, type ServiceOptions } from './service-context';
import { strategyApi } from './strategy/api';
import { str } from './validate-args';
import { workspaceApi } from './workspace/api';

export type { ServiceOptions };

export interface Service {
  /** An operation, its path arguments checked against the file policy first. */
  call: Call;
  /** For process boundaries: validates the method name, never throws, returns the result as a value. */
  callWire(method: unknown, args: unknown): Promise<WireResult<unknown>>;
  /** Lets the app use a file the user picked in the native dialog (Electron's main process, never the page). */
  grant(p: string, scope: 'file' | 'folder'): void;
  on(listener: (e: ServiceEvent) => void): () => void;
  close(): void;
}

function fileAccessFor(options: ServiceOptions, recent: RecentWorkspaces): FileAccess {
  if (options.mode === 'cli') return openFileAccess();
  const access = restrictedFileAccess([...(options.fileRoots ?? []), options.settingsDir]);
  // The workspaces the user opened before (the start page lists them) open again.
  for (const w of recent.list()) access.grant(w.path, 'file');
  return access;
}

/** Builds the Workbench service: the one implementation behind the UI (IPC or HTTP) and the CLI, composed of one API per domain. */
export function createService(options: ServiceOptions): Service {
  const listeners = new Set<(e: ServiceEvent) => void>();
  const emit = (e: ServiceEvent) => listeners.forEach((l) => l(e));
  // The app keeps a job worker warm (its code loaded) for the next job; a CLI process runs one command.
  const jobs = new JobRunner(options.workerScript, options.mode !== 'cli');
  const recent = new RecentWorkspaces(options.settingsDir);
  const files = fileAccessFor(options, recent);
  const open = new Map<string, Database>();
  const rtaServers = new TrialServers(options.settingsDir);
  let anonymous = 0;

  const db = (workspace: string): Database => {
    const key = path.resolve(str(workspace, 'workspace'));
    let d = open.get(key);
    if (!d) {
      d = openWorkspaceDb(key);
      open.set(key, d);
    }
    return d;
  };
  const ctx: ServiceContext = {
    options, files, jobs, recent, db, emit,
    adopt: (workspace, d) => { open.set(path.resolve(workspace), d); },
    info: (p) => ({ path: path.resolve(p), name: path.basename(p, WORKSPACE_EXTENSION), version: LATEST_VERSION, datasets: listDatasets(db(p)) }),
    changed: (workspace) => emit({ event: 'workspace.changed', payload: { workspace: path.resolve(workspace) } }),
    runJob: (kind, workspace, request, jobId) => {
      const id = jobId ?? `service-${kind}-${++anonymous}`;
      emit({ event: 'job.started', payload: { id, kind } });
      const p = jobs.run(kind, path.resolve(workspace), request, id, (progress) => emit({ event: 'job.progress', payload: progress }));
      p.then(() => emit({ event: 'job.finished', payload: { id, ok: true, code: null } }), (e: unknown) => emit({ event: 'job.finished', payload: { id, ok: false, code: e instanceof AppError ? e.code : 'INTERNAL' } }));
      return p;
    },
    workspaceJob: async (kind, workspace, request, jobId) => {
      db(workspace);
      const result = await ctx.runJob(kind, workspace, request, jobId);
      ctx.changed(workspace);
      return result;
    },
    call: (method, args) => dispatch(method, args),
  };

  const handlers: Handlers = {
    ...appApi(ctx), ...workspaceApi(ctx), ...datasetsApi(ctx), ...auditApi(ctx), ...binningApi(ctx),
    ...modelingApi(ctx), ...scorecardApi(ctx), ...strategyApi(ctx), ...exportApi(ctx), ...rtaApi(ctx, rtaServers), ...demoApi(ctx), ...upliftApi(ctx), ...psiApi(ctx), ...monitorApi(ctx),
  };

  const dispatch = async <M extends Method>(method: M, args: ArgsOf<M>): Promise<ResultOf<M>> => {
    const handler = handlers[method] as (a: ArgsOf<M>) => ResultOf<M> | Promise<ResultOf<M>>;
    const workspace = (args as { workspace?: unknown }).workspace;
    if (isWriter(handler) && typeof workspace === 'string') {
      // Another process writing: say so at once, never hold this process on the lock.
      const other = otherProcessHolder(workspace);
      if (other) throw busyError(workspace, other);
      if (jobs.busy(path.resolve(workspace))) return afterRunningJobs(jobs, emit, path.resolve(workspace), () => handler(args));
    }
    try {
      return await handler(args);
    } catch (e) {
      throw busyWithHolder(e, workspace);
    }
  };

  /** From outside (the UI, the CLI): every path argument must be one the app may use. */
  const call: Call = (method, args) => {
    try {
      for (const { option, value } of pathsOf(method, args as Record<string, unknown>)) files.check(value, option);
    } catch (e) {
      return Promise.reject(e);
    }
    return dispatch(method, args);
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
    grant: (p, scope) => files.grant(p, scope),
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      void rtaServers.stopAll();
      jobs.close();
      for (const d of open.values()) d.close();
      open.clear();
    },
  };
}
