import type { Database } from 'better-sqlite3';

/**
 * Version 5: a column may read its dictionary from another column's (`dictionary_of`), so a
 * joined dataset shares the dictionaries of the columns it copies — a million hashed keys are
 * stored once, not once per join. Deleting the owner hands the dictionary to a borrower first.
 */
export function migrateTo5(db: Database): void {
  db.exec(`
    ALTER TABLE columns ADD COLUMN dictionary_of INTEGER;
    CREATE INDEX columns_dictionary_of ON columns (dictionary_of) WHERE dictionary_of IS NOT NULL;
  `);
}
