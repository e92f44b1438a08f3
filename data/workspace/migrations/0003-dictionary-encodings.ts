import type { Database } from 'better-sqlite3';

/**
 * Version 3: a dictionary chunk records its encoding — `json` (a JSON array of strings, as
 * before) or `hexN` (lower-case hex keys of N bytes each, packed as bytes: a million SHA-256 keys
 * take 32 MB instead of 67 MB and are matched without building a string).
 */
export function migrateTo3(db: Database): void {
  db.exec(`
    CREATE TABLE dictionary_chunks_v3 (
      column_id INTEGER NOT NULL REFERENCES columns(id) ON DELETE CASCADE,
      chunk_index INTEGER NOT NULL,
      encoding TEXT NOT NULL,
      data BLOB NOT NULL,
      PRIMARY KEY (column_id, chunk_index)
    ) STRICT;
    INSERT INTO dictionary_chunks_v3 (column_id, chunk_index, encoding, data)
      SELECT column_id, chunk_index, 'json', CAST(values_json AS BLOB) FROM dictionary_chunks;
    DROP TABLE dictionary_chunks;
    ALTER TABLE dictionary_chunks_v3 RENAME TO dictionary_chunks;
  `);
}
