import fs from 'node:fs';
import path from 'node:path';
import { appendAudit } from '../../data/store/audit-log';
import { LATEST_VERSION } from '../../data/workspace/migrations';
import { openWorkspaceDb, WORKSPACE_EXTENSION } from '../../data/workspace/open-workspace';
import { AppError } from '../../types/errors';
import type { DirEntry } from '../contract';
import type { FileAccess } from '../files/file-access';
import type { Handlers, ServiceContext } from '../service-context';
import { str } from '../validate-args';

type WorkspaceMethods = 'workspace.create' | 'workspace.open' | 'workspace.recent' | 'files.list';

/** A folder, or a name that is only the extension, would make a hidden '.jsw' file: the workspace needs a name. */
function workspaceFile(given: string): string {
  const base = path.basename(given);
  const stem = base.endsWith(WORKSPACE_EXTENSION) ? base.slice(0, -WORKSPACE_EXTENSION.length) : base;
  const folder = /[\\/]$/.test(given) || (fs.existsSync(given) && fs.statSync(given).isDirectory());
  if (folder || stem === '') {
    const dir = folder ? given : path.dirname(given);
    throw new AppError('INVALID_ARGUMENT', `'${given}' ${folder ? 'is a folder' : 'has no file name'}: give the workspace a name (e.g. ${path.join(dir, 'session.jsw')}).`, { file: given, expected: 'a file name such as session.jsw', got: given });
  }
  return given.endsWith(WORKSPACE_EXTENSION) ? given : `${given}${WORKSPACE_EXTENSION}`;
}

/** Creating, opening and finding workspaces, and browsing for files (browser mode's picker). */
export function workspaceApi(ctx: ServiceContext): Pick<Handlers, WorkspaceMethods> {
  // A workspace the user opened or created is theirs: its folder holds what they export beside it.
  const opened = (file: string) => {
    ctx.recent.add(file);
    ctx.files.grant(path.dirname(path.resolve(file)), 'folder');
    return ctx.info(file);
  };
  return {
    'workspace.create': ({ path: p }) => {
      const file = workspaceFile(str(p, 'path'));
      const created = openWorkspaceDb(file, { create: true });
      created.transaction(() => appendAudit(created, 'workspace.create', { name: path.basename(file), version: LATEST_VERSION }))();
      ctx.adopt(file, created);
      return opened(file);
    },
    'workspace.open': ({ path: p }) => {
      ctx.db(p);
      return opened(p);
    },
    'workspace.recent': () => ctx.recent.list(),
    'files.list': ({ dir, extensions }) => listFiles(ctx.files, dir, extensions),
  };
}

function listFiles(files: FileAccess, dir: string | undefined, extensions: string[] | undefined): { dir: string; parent: string | null; entries: DirEntry[] } {
  const base = path.resolve(dir ?? files.roots()[0] ?? process.cwd());
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
  // The way up stops where the app's folders end.
  return { dir: base, parent: parent === base || !files.allows(parent) ? null : parent, entries };
}
