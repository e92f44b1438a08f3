import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../types/errors';
import { LATEST_VERSION, migrate } from './migrations';

/** `PRAGMA application_id` of every Jointscore workspace: the bytes 'JSW1'. */
export const APPLICATION_ID = 0x4a535731;
export const WORKSPACE_EXTENSION = '.jsw';

export interface OpenOptions {
  /** Create the file when it does not exist (and refuse to if it does). */
  create?: boolean;
  readonly?: boolean;
}

function configure(db: Database.Database, readonly: boolean): void {
  if (!readonly) db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 10000');
  db.pragma('synchronous = NORMAL');
  db.pragma('cache_size = -65536');
}

/**
 * Opens (or creates) a `.jsw` workspace: WAL, foreign keys, migrations to the latest version.
 * Refuses a file that is not a Jointscore workspace and one written by a newer version,
 * without changing either.
 */
export function openWorkspaceDb(file: string, options: OpenOptions = {}): Database.Database {
  const exists = fs.existsSync(file);
  if (options.create && exists) {
    throw new AppError('WORKSPACE_EXISTS', `${file} already exists; open it instead of creating it.`, { file });
  }
  if (!options.create && !exists) {
    throw new AppError('FILE_NOT_FOUND', `Workspace ${file} does not exist.`, { file });
  }
  if (options.create) {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const db = new Database(file);
    try {
      db.pragma('page_size = 32768');
      configure(db, false);
      db.pragma(`application_id = ${APPLICATION_ID}`);
      migrate(db);
      return db;
    } catch (err) {
      db.close();
      fs.rmSync(file, { force: true });
      throw err;
    }
  }
  return openExisting(file, options.readonly ?? false);
}

function openExisting(file: string, readonly: boolean): Database.Database {
  let db: Database.Database;
  let appId: number;
  let version: number;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw notAWorkspace(file, err);
  }
  try {
    appId = db.pragma('application_id', { simple: true }) as number;
    version = db.pragma('user_version', { simple: true }) as number;
  } catch (err) {
    db.close();
    throw notAWorkspace(file, err);
  }
  db.close();
  if (appId !== APPLICATION_ID) throw notAWorkspace(file);
  if (version > LATEST_VERSION) {
    throw new AppError(
      'WORKSPACE_TOO_NEW',
      `${file} was written by a newer Jointscore (workspace version ${version}; this version reads up to ${LATEST_VERSION}). Update Jointscore to open it.`,
      { file, expected: `version ≤ ${LATEST_VERSION}`, got: String(version) },
    );
  }
  const live = new Database(file, { readonly, fileMustExist: true });
  configure(live, readonly);
  if (!readonly) migrate(live);
  return live;
}

function notAWorkspace(file: string, cause?: unknown): AppError {
  const why = cause instanceof Error ? ` (${cause.message})` : '';
  return new AppError('NOT_A_WORKSPACE', `${file} is not a Jointscore workspace${why}.`, {
    file,
    expected: 'a .jsw workspace created by Jointscore',
  });
}
