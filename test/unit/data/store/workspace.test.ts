import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { appendAudit, listAudit, verifyAudit } from '../../../../data/store/audit-log';
import { readDictionary } from '../../../../data/store/column-chunks';
import { LATEST_VERSION, migrate } from '../../../../data/workspace/migrations';
import { APPLICATION_ID, openWorkspaceDb } from '../../../../data/workspace/open-workspace';
import { AppError } from '../../../../types/errors';
import { tempDir } from '../../../helpers/temp';

/** A bare dataset row (id 1, party partner) as any schema version since 1 holds it. */
function insertPartnerDataset(db: Database.Database): void {
  db.prepare("INSERT INTO datasets (id, name, party, row_count, chunk_rows, source_file, source_sha256, format, options_json, created_at) VALUES (1, 'p', 'partner', 0, 1, 'f', '', 'csv', '{}', 'now')").run();
}

describe('workspace file', () => {
  const dir = tempDir();

  it('is created with WAL, foreign keys, the application id and the latest schema version', () => {
    const db = openWorkspaceDb(path.join(dir, 'a.jsw'), { create: true });
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
    assert.equal(db.pragma('application_id', { simple: true }), APPLICATION_ID);
    assert.equal(db.pragma('user_version', { simple: true }), LATEST_VERSION);
    db.close();
  });

  it('migrates a version-0 file forward and records the version (migration 0 → 1)', () => {
    const db = new Database(':memory:');
    migrate(db, 1);
    const tables = (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck().all() as string[]);
    assert.deepEqual(tables, ['artifacts', 'audit_log', 'column_chunks', 'columns', 'datasets', 'dictionary_chunks', 'meta', 'profiles']);
    assert.equal(db.pragma('user_version', { simple: true }), 1);
    db.close();
  });

  it('migration 1 → 2 gives every existing column its dataset\'s party', () => {
    const db = new Database(':memory:');
    migrate(db, 1);
    insertPartnerDataset(db);
    db.prepare("INSERT INTO columns (dataset_id, position, name, type, role, storage, missing, distinct_count) VALUES (1, 0, 'x', 'numeric', 'feature', 'f64', 0, 0)").run();
    migrate(db, 2);
    assert.equal(db.prepare('SELECT party FROM columns').pluck().get(), 'partner');
    assert.match(db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'columns'").pluck().get() as string, /party TEXT/);
    assert.equal(db.pragma('user_version', { simple: true }), 2);
    db.close();
  });

  it('migration 2 → 3 keeps every dictionary readable, now tagged with its encoding', () => {
    const db = new Database(':memory:');
    migrate(db, 2);
    insertPartnerDataset(db);
    db.prepare("INSERT INTO columns (id, dataset_id, position, name, type, role, storage, missing, distinct_count, party) VALUES (7, 1, 0, 'x', 'categorical', 'feature', 'i32', 0, 2, 'partner')").run();
    db.prepare('INSERT INTO dictionary_chunks (column_id, chunk_index, values_json) VALUES (7, 0, ?)').run(JSON.stringify(['银行', 'a"b']));
    migrate(db, 3);
    assert.equal(db.prepare('SELECT encoding FROM dictionary_chunks').pluck().get(), 'json');
    assert.equal(db.pragma('user_version', { simple: true }), 3);
    // Read as this version reads it, once the file is brought up to date (opening a workspace does that).
    migrate(db);
    assert.deepEqual(readDictionary(db, 7), ['银行', 'a"b']);
    db.close();
  });

  it('migration 3 → 4 keeps every column and its chunks, and accepts the outcome, weight and treatment roles', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, 3);
    insertPartnerDataset(db);
    db.prepare("INSERT INTO columns (id, dataset_id, position, name, type, role, storage, missing, distinct_count, party) VALUES (7, 1, 0, 'approved', 'numeric', 'feature', 'f64', 0, 2, 'partner')").run();
    db.prepare('INSERT INTO column_chunks (column_id, chunk_index, row_start, row_count, data) VALUES (7, 0, 0, 1, ?)').run(Buffer.alloc(8));
    assert.throws(() => db.prepare("UPDATE columns SET role = 'outcome' WHERE id = 7").run(), /CHECK constraint/);
    migrate(db, 4);
    assert.equal(db.prepare('SELECT COUNT(*) FROM column_chunks WHERE column_id = 7').pluck().get(), 1);
    for (const role of ['outcome', 'weight', 'treatment']) db.prepare('UPDATE columns SET role = ? WHERE id = 7').run(role);
    assert.deepEqual(db.prepare('SELECT name, party, role FROM columns').get(), { name: 'approved', party: 'partner', role: 'treatment' });
    assert.equal(db.pragma('foreign_keys', { simple: true }), 1, 'foreign keys are enforced again after the rebuild');
    assert.deepEqual(db.pragma('foreign_key_check'), []);
    assert.equal(db.pragma('user_version', { simple: true }), 4);
    db.close();
  });

  it('refuses a file that is not a workspace, and leaves it unchanged', () => {
    const text = path.join(dir, 'notes.jsw');
    fs.writeFileSync(text, 'hello, this is not SQLite');
    assert.throws(() => openWorkspaceDb(text), (e: unknown) => e instanceof AppError && e.code === 'NOT_A_WORKSPACE');
    assert.equal(fs.readFileSync(text, 'utf8'), 'hello, this is not SQLite');
    const other = path.join(dir, 'other.sqlite');
    const o = new Database(other); o.exec('CREATE TABLE t (x)'); o.close();
    assert.throws(() => openWorkspaceDb(other), (e: unknown) => e instanceof AppError && e.code === 'NOT_A_WORKSPACE');
  });

  it('refuses a workspace written by a newer version without touching it', () => {
    const file = path.join(dir, 'future.jsw');
    openWorkspaceDb(file, { create: true }).close();
    const raw = new Database(file); raw.pragma(`user_version = ${LATEST_VERSION + 1}`); raw.close();
    const before = fs.readFileSync(file);
    assert.throws(() => openWorkspaceDb(file), (e: unknown) => e instanceof AppError && e.code === 'WORKSPACE_TOO_NEW' && /newer Jointscore/.test(e.message));
    assert.deepEqual(fs.readFileSync(file), before);
  });

  it('refuses to create over an existing file', () => {
    const file = path.join(dir, 'a.jsw');
    assert.throws(() => openWorkspaceDb(file, { create: true }), (e: unknown) => e instanceof AppError && e.code === 'WORKSPACE_EXISTS');
  });
});

describe('audit log', () => {
  it('chains entries by hash, refuses edits, and reports the first tampered entry', () => {
    const db = new Database(':memory:');
    migrate(db);
    for (let i = 1; i <= 4; i++) appendAudit(db, 'import', { dataset: `d${i}` }, `2026-01-0${i}T00:00:00Z`);
    const head = { seq: 4, hash: listAudit(db)[3]!.hash };
    assert.deepEqual(verifyAudit(db), { ok: true, entries: 4, firstBroken: null, truncated: false, head });
    assert.equal(listAudit(db)[1]!.prevHash, listAudit(db)[0]!.hash);
    assert.throws(() => db.prepare("UPDATE audit_log SET action = 'x' WHERE seq = 2").run(), /append-only/);
    assert.throws(() => db.prepare('DELETE FROM audit_log WHERE seq = 2').run(), /append-only/);
    db.exec('DROP TRIGGER audit_log_no_update');
    db.prepare(`UPDATE audit_log SET params_json = '{"dataset":"forged"}' WHERE seq = 3`).run();
    assert.deepEqual(verifyAudit(db), { ok: false, entries: 4, firstBroken: 3, truncated: false, head });
  });
});
