import type { Database } from 'better-sqlite3';

/**
 * Version 4: a column may have the roles `outcome` (recorded after the decision being modeled —
 * funnel stages, other targets — so no model takes it as an input unless the user insists),
 * `weight` and `treatment`. SQLite cannot change a CHECK constraint in place, so the `columns`
 * table is rebuilt (SQLite's documented twelve-step procedure: run with foreign keys off, so
 * dropping the old table does not cascade to the column chunks, and checked before commit).
 */
export function migrateTo4(db: Database): void {
  db.exec(`
    CREATE TABLE columns_v4 (
      id INTEGER PRIMARY KEY,
      dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
      position INTEGER NOT NULL,
      name TEXT NOT NULL,
      type TEXT NOT NULL CHECK (type IN ('numeric','categorical','date','key','text')),
      role TEXT NOT NULL CHECK (role IN ('key','target','outcome','time','sample','weight','treatment','feature','exclude')),
      storage TEXT NOT NULL CHECK (storage IN ('f64','i32')),
      missing INTEGER NOT NULL,
      distinct_count INTEGER NOT NULL,
      party TEXT,
      UNIQUE (dataset_id, position),
      UNIQUE (dataset_id, name)
    ) STRICT;
    INSERT INTO columns_v4 (id, dataset_id, position, name, type, role, storage, missing, distinct_count, party)
      SELECT id, dataset_id, position, name, type, role, storage, missing, distinct_count, party FROM columns;
    DROP TABLE columns;
    ALTER TABLE columns_v4 RENAME TO columns;
  `);
  const broken = db.pragma('foreign_key_check') as unknown[];
  if (broken.length > 0) throw new Error(`migration 4 left ${broken.length} broken foreign keys`);
}
/** This migration rebuilds a table that others reference: it runs with foreign-key enforcement off. */
migrateTo4.foreignKeysOff = true;
