import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { toWireError } from '../../../types/errors';
import { tempDir } from '../../helpers/temp';

describe('errors crossing a boundary', () => {
  it('a raw Node error keeps its message and file, and gets a code a person can act on (never an empty error)', () => {
    let raw: unknown;
    try { fs.readFileSync('/no/such/file.csv'); } catch (e) { raw = e; }
    const w = JSON.parse(JSON.stringify(toWireError(raw))) as ReturnType<typeof toWireError>;
    assert.equal(w.code, 'FILE_NOT_FOUND');
    assert.equal(w.details.file, '/no/such/file.csv');
    assert.match(w.message, /no such file/);
  });

  it('a locked workspace is WORKSPACE_BUSY, not a raw SQLITE_BUSY', () => {
    const file = `${tempDir()}/busy.db`;
    const a = new Database(file), b = new Database(file, { timeout: 10 });
    try {
      a.exec('CREATE TABLE t (x)');
      a.exec('BEGIN IMMEDIATE');
      let raw: unknown;
      try { b.exec('BEGIN IMMEDIATE'); } catch (e) { raw = e; }
      const w = toWireError(raw);
      assert.deepEqual([w.code, w.details.got], ['WORKSPACE_BUSY', 'SQLITE_BUSY']);
      assert.match(w.message, /busy/);
    } finally {
      a.close(); b.close();
    }
  });
});
