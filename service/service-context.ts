import type { Database } from 'better-sqlite3';
import type { AppInfo, ArgsOf, Method, ResultOf, ServiceEvent, WorkspaceInfo } from './contract';
import type { FileAccess } from './files/file-access';
import type { JobKind, JobKinds, JobResult } from './jobs/job-protocol';
import type { JobRunner } from './jobs/job-runner';
import type { RecentWorkspaces } from './recent-workspaces';

export interface ServiceOptions {
  mode: AppInfo['mode'];
  settingsDir: string;
  workerScript?: string;
  /** The app's folders (browser mode: the folders it was started on). The CLI may use any path; the app only these, what the user picks, and its workspaces' folders. */
  fileRoots?: string[];
}

export type Handler<M extends Method> = (args: ArgsOf<M>) => ResultOf<M> | Promise<ResultOf<M>>;
export type Handlers = { [M in Method]: Handler<M> };
export type Call = <M extends Method>(method: M, args: ArgsOf<M>) => Promise<ResultOf<M>>;

/** What every domain's handlers share: the open workspaces, the job runner, events, and the file policy. */
export interface ServiceContext {
  readonly options: ServiceOptions;
  readonly files: FileAccess;
  readonly jobs: JobRunner;
  readonly recent: RecentWorkspaces;
  /** The workspace's connection, opened on first use. */
  db(workspace: string): Database;
  /** Keeps a connection just created (workspace.create) as the workspace's. */
  adopt(workspace: string, db: Database): void;
  info(workspace: string): WorkspaceInfo;
  emit(e: ServiceEvent): void;
  /** Tells every client the workspace changed. */
  changed(workspace: string): void;
  /** A job in a worker, announced as it starts and ends; `workspace` is what it writes (a workspace, or an output file). */
  runJob<K extends JobKind>(kind: K, workspace: string, request: JobKinds[K]['request'], jobId?: string): Promise<JobResult<K>>;
  /** A job that writes the workspace: opens it first (a clear error if it is not one), then tells every client it changed. */
  workspaceJob<K extends JobKind>(kind: K, workspace: string, request: JobKinds[K]['request'], jobId?: string): Promise<JobResult<K>>;
  /** Another operation of the service, from trusted code (paths it derived itself are not re-checked). */
  call: Call;
}

const WRITERS = new WeakSet<object>();

/**
 * Marks a handler that writes to its workspace on the service's own connection: while a job is
 * writing there, the call waits its turn (shown as a queued job) instead of meeting the lock.
 * The mark sits where the handler is written, so a new writer cannot be forgotten in a list.
 */
export function writer<M extends Method>(handler: Handler<M>): Handler<M> {
  WRITERS.add(handler);
  return handler;
}

export function isWriter(handler: object): boolean {
  return WRITERS.has(handler);
}
