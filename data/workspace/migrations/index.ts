import type { Database } from 'better-sqlite3';
import { migrateTo1 } from './0001-initial';
import { migrateTo2 } from './0002-column-party';
import { migrateTo3 } from './0003-dictionary-encodings';
import { migrateTo4 } from './0004-outcome-roles';
import { migrateTo5 } from './0005-shared-dictionaries';

/** Forward-only migrations; entry i brings a workspace from version i to i + 1. */
export const MIGRATIONS: readonly (((db: Database) => void) & { foreignKeysOff?: boolean })[] = [migrateTo1, migrateTo2, migrateTo3, migrateTo4, migrateTo5];

/** The schema version this build writes and understands. */
export const LATEST_VERSION = MIGRATIONS.length;

/** Runs every migration above the file's `user_version`, each in its own transaction. */
export function migrate(db: Database, target: number = LATEST_VERSION): void {
  let version = db.pragma('user_version', { simple: true }) as number;
  while (version < target) {
    const step = MIGRATIONS[version];
    if (!step) throw new Error(`no migration from version ${version}`);
    // Foreign-key enforcement can only be switched outside a transaction.
    const fk = db.pragma('foreign_keys', { simple: true }) as number;
    if (step.foreignKeysOff && fk) db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        step(db);
        db.pragma(`user_version = ${version + 1}`);
      })();
    } finally {
      if (step.foreignKeysOff && fk) db.pragma('foreign_keys = ON');
    }
    version += 1;
  }
}
