import type { Database } from 'better-sqlite3';

/**
 * Version 2: every column records the party that brought it, so a joined dataset (and the models
 * and exports built on it) can say whose feature a variable is. Existing columns take their
 * dataset's party.
 */
export function migrateTo2(db: Database): void {
  db.exec(`
    ALTER TABLE columns ADD COLUMN party TEXT;
    UPDATE columns SET party = (SELECT party FROM datasets WHERE datasets.id = columns.dataset_id);
  `);
}
