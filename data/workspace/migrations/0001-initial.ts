import type { Database } from 'better-sqlite3';

/** Version 1: datasets stored by column in chunks, dictionaries, profiles, artifacts and the audit log. */
export function migrateTo1(db: Database): void {
  db.exec(`
    CREATE TABLE meta (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) STRICT;

    CREATE TABLE datasets (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL UNIQUE,
      party TEXT NOT NULL,
      row_count INTEGER NOT NULL,
      chunk_rows INTEGER NOT NULL,
      source_file TEXT NOT NULL,
      source_sha256 TEXT NOT NULL,
      format TEXT NOT NULL,
      options_json TEXT NOT NULL,
      created_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE columns (
      id INTEGER PRIMARY KEY,
      dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
      position INTEGER NOT NULL,
      name TEXT NOT NULL,
      type TEXT NOT NULL CHECK (type IN ('numeric','categorical','date','key','text')),
      role TEXT NOT NULL CHECK (role IN ('key','target','time','sample','feature','exclude')),
      storage TEXT NOT NULL CHECK (storage IN ('f64','i32')),
      missing INTEGER NOT NULL,
      distinct_count INTEGER NOT NULL,
      UNIQUE (dataset_id, position),
      UNIQUE (dataset_id, name)
    ) STRICT;

    CREATE TABLE column_chunks (
      id INTEGER PRIMARY KEY,
      column_id INTEGER NOT NULL REFERENCES columns(id) ON DELETE CASCADE,
      chunk_index INTEGER NOT NULL,
      row_start INTEGER NOT NULL,
      row_count INTEGER NOT NULL,
      data BLOB NOT NULL,
      UNIQUE (column_id, chunk_index)
    ) STRICT;

    -- values of codes [chunk_index * 65536, (chunk_index + 1) * 65536) as a JSON array of strings
    CREATE TABLE dictionary_chunks (
      column_id INTEGER NOT NULL REFERENCES columns(id) ON DELETE CASCADE,
      chunk_index INTEGER NOT NULL,
      values_json TEXT NOT NULL,
      PRIMARY KEY (column_id, chunk_index)
    ) STRICT;

    CREATE TABLE profiles (
      dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
      target TEXT NOT NULL,
      body_json TEXT NOT NULL,
      created_at TEXT NOT NULL,
      PRIMARY KEY (dataset_id, target)
    ) STRICT;

    CREATE TABLE artifacts (
      id INTEGER PRIMARY KEY,
      kind TEXT NOT NULL,
      schema_version INTEGER NOT NULL,
      dataset_id INTEGER REFERENCES datasets(id) ON DELETE CASCADE,
      name TEXT NOT NULL,
      body_json TEXT NOT NULL,
      created_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE audit_log (
      seq INTEGER PRIMARY KEY,
      at TEXT NOT NULL,
      action TEXT NOT NULL,
      params_json TEXT NOT NULL,
      prev_hash TEXT NOT NULL,
      hash TEXT NOT NULL
    ) STRICT;

    CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
    CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
  `);
}
