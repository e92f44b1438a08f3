import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { processAlive } from '../../data/compute/process-alive';
import { AppError, toWireError } from '../../types/errors';

/** Who is writing to a workspace: a job of some kind, in some process, since when. */
export interface WorkspaceHolder {
  pid: number;
  kind: string;
  since: string;
}

/** Kept in the temporary folder (never beside the workspace), one small file per workspace path. */
function holderFile(workspace: string): string {
  const key = createHash('sha256').update(path.resolve(workspace)).digest('hex').slice(0, 24);
  return path.join(os.tmpdir(), 'jointscore-holders', `${key}.json`);
}

export function markHolder(workspace: string, kind: string): void {
  try {
    const file = holderFile(workspace);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify({ pid: process.pid, kind, since: new Date().toISOString() } satisfies WorkspaceHolder));
  } catch { /* a hint only: never a reason to fail the job */ }
}

export function clearHolder(workspace: string): void {
  try {
    const file = holderFile(workspace);
    const h = JSON.parse(fs.readFileSync(file, 'utf8')) as WorkspaceHolder;
    if (h.pid === process.pid) fs.rmSync(file, { force: true });
  } catch { /* nothing to clear */ }
}

/** The job holding the workspace, if the process that said so is still running. */
export function readHolder(workspace: string): WorkspaceHolder | null {
  try {
    const h = JSON.parse(fs.readFileSync(holderFile(workspace), 'utf8')) as WorkspaceHolder;
    return typeof h.pid === 'number' && processAlive(h.pid) ? h : null;
  } catch {
    return null;
  }
}

/** A workspace locked by another process: say which job holds it, when that process said so. */
export function busyWithHolder(e: unknown, workspace: unknown): unknown {
  if (e instanceof AppError || typeof workspace !== 'string') return e;
  const wire = toWireError(e);
  if (wire.code !== 'WORKSPACE_BUSY') return e;
  return busyError(workspace, readHolder(path.resolve(workspace)));
}

/** Another process's job writing to the workspace (null when none says so), before anything waits on the lock. */
export function otherProcessHolder(workspace: string): WorkspaceHolder | null {
  const h = readHolder(path.resolve(workspace));
  return h && h.pid !== process.pid ? h : null;
}

/** WORKSPACE_BUSY naming the job and process that hold the workspace, when known. */
export function busyError(workspace: string, h: WorkspaceHolder | null): AppError {
  const who = h ? `${/^[aeiou]/.test(h.kind) ? 'an' : 'a'} ${h.kind} job (process ${h.pid}, since ${h.since.slice(11, 19)} UTC)` : 'another process';
  return new AppError('WORKSPACE_BUSY', `${path.basename(workspace)} is busy: ${who} is writing to it. Try again when it has finished.`, { file: path.resolve(workspace), ...(h ? { got: `${h.kind} in process ${h.pid}` } : {}) });
}
